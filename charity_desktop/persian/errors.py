"""The error the Persian core raises for text a person typed that cannot be accepted."""

from __future__ import annotations

from typing import Any


class InvalidInput(ValueError):
    """Text that cannot be accepted.

    `message` is an English message id from the catalog in ``i18n/`` (shown translated);
    `params` fill its ``{placeholders}``.
    """

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params
