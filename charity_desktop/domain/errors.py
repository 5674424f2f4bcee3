"""Errors the core reports to people. Messages are English ids translated by the catalog."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


class DomainError(Exception):
    """A refusal to be shown to a person: `message` is a catalog id, `params` fill it."""

    def __init__(self, message: str, **params: Any) -> None:
        super().__init__(message.format(**params) if params else message)
        self.message = message
        self.params = params


class NotFound(DomainError):
    """A named thing (office, receipt, intent...) does not exist."""


class Cancelled(DomainError):
    """The person stopped long work before it finished; whatever it had not committed is undone."""


class StorageError(DomainError):
    """The database cannot be used as it is (newer schema, not ours, damaged, locked)."""


@dataclass(frozen=True)
class FieldProblem:
    """One bad value: the field it is in, the row (1-based, for files) and the message id.

    A `warning` is a value that is unusual rather than wrong: the person may confirm it.
    """

    field: str
    message: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)
    row: int | None = None
    warning: bool = False


@dataclass(frozen=True)
class Finding:
    """Something a check found wrong, for a person to read: a catalog id and what fills it."""

    message: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        return self.message.format(**self.params) if self.params else self.message


class ValidationFailed(DomainError):
    """Input that changes nothing: every problem found, each naming its field (and row)."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__("The input has {count} problem(s).", count=len(problems))
        self.problems = problems

    @property
    def only_warnings(self) -> bool:
        """Whether confirming the unusual values would let the input through."""
        return all(problem.warning for problem in self.problems)
