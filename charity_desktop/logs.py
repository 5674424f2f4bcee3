"""The program's log: a rotating file in the user's log folder, where every unexpected error
is written with its traceback, so a person can send it to support."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import Any

from charity_desktop.domain.errors import DomainError
from charity_desktop.paths import log_folder, private_file, private_folder
from charity_desktop.persian.errors import InvalidInput
from charity_desktop.translation import N_, Translator

LOGGER = "charity_desktop"
LOG_NAME = "charity-desktop.log"
LOG_BYTES = 1_000_000
LOG_FILES_KEPT = 5
_FORMAT = "%(asctime)s %(levelname)s [%(process)d] %(name)s: %(message)s"

log = logging.getLogger(LOGGER)


def log_file() -> Path:
    """Where the log is written (it may not exist yet)."""
    return log_folder() / LOG_NAME


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file it opens (the first and each after a rotation) is its owner's only."""

    def _open(self) -> Any:
        private_file(Path(self.baseFilename))
        return super()._open()


def start_logging() -> Path:
    """Send the program's log to the rotating file (once per process); return its path.

    When the folder cannot be written, the log goes to standard error instead and the
    program goes on.
    """
    path = log_file()
    if log.handlers:
        return path
    log.setLevel(logging.INFO)
    log.propagate = False
    handler: logging.Handler
    try:
        private_folder(path.parent, ours=True)
        handler = _PrivateRotatingFileHandler(
            path,
            maxBytes=LOG_BYTES,
            backupCount=LOG_FILES_KEPT,
            encoding="utf-8",
            errors="backslashreplace",  # a file name in another encoding still gets logged
            delay=True,
        )
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    log.addHandler(handler)
    log.info("started: %s (pid %d)", " ".join(sys.argv), os.getpid())
    return path


def failure_message(tr: Translator, error: BaseException, context: str) -> str:
    """One line about `error` for a person: a refusal of the core in its own words; anything
    else is written to the log (under `context`) and the line names the log. The system's
    refusals (a file it would not give, the end of the input) are logged in one line; every
    other error with its traceback."""
    if isinstance(error, DomainError | InvalidInput):
        return tr.error(error)
    if isinstance(error, OSError | EOFError):
        path = start_logging()
        log.warning("%s: %r", context, error)
    else:
        path = log_unexpected(error, context)
    return tr(
        N_("{problem} The details are in the log: {log}"), problem=tr.error(error), log=str(path)
    )


def log_unexpected(error: BaseException, context: str) -> Path:
    """Write `error` with its traceback under `context`; return the log's path."""
    path = start_logging()
    log.error("%s: %s", context, error, exc_info=(type(error), error, error.__traceback__))
    return path
