"""Failures the window shows: refusals in their own words, anything unexpected logged with
its traceback and shown in Persian with the log file's name."""

from __future__ import annotations

import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from charity_desktop.domain.errors import ValidationFailed
from charity_desktop.logs import failure_message, log_unexpected
from charity_desktop.translation import Translator

if TYPE_CHECKING:
    from charity_desktop.services.database import Database

# A message box lists this many problems of a file at most; the rest are counted.
SHOWN_PROBLEMS = 12


def brief(tr: Translator, error: BaseException, context: str) -> str:
    """`error` as a message box shows it: a file's first problems, then how many more."""
    if isinstance(error, ValidationFailed) and len(error.problems) > SHOWN_PROBLEMS:
        lines = [tr.problem(problem) for problem in error.problems[:SHOWN_PROBLEMS]]
        lines.append(tr("… and {count} more problems.", count=len(error.problems) - SHOWN_PROBLEMS))
        return "\n".join(lines)
    return failure_message(tr, error, context)


def show_failure(
    parent: QWidget | None, tr: Translator, error: BaseException, context: str
) -> None:
    """`error` in a message box over `parent`."""
    QMessageBox.warning(parent, tr("Charity Desktop"), brief(tr, error, context))


def refuse_own_file(parent: QWidget, database: Database, path: Path, tr: Translator) -> bool:
    """True, having said so, when `path` is one of the database's own files (a save dialog's
    overwrite would destroy the office's data)."""
    if not database.holds(path):
        return False
    QMessageBox.warning(
        parent,
        tr("Charity Desktop"),
        tr(
            "{file} is the database itself: choose another file; nothing was written.",
            file=str(path),
        ),
    )
    return True


def install_error_hook(tr: Translator) -> None:
    """Every exception nothing caught (in a slot, a timer, a dialog) is logged and shown in a
    Persian dialog naming the log; one in a worker thread is logged."""

    def on_uncaught(
        kind: type[BaseException], error: BaseException, traceback: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback)
            return
        error.__traceback__ = traceback
        parent = QApplication.activeWindow() if QApplication.instance() else None
        QMessageBox.critical(parent, tr("Charity Desktop"), failure_message(tr, error, "window"))

    def on_thread(arguments: threading.ExceptHookArgs) -> None:
        if arguments.exc_value is not None:
            log_unexpected(arguments.exc_value, f"thread {arguments.thread}")

    sys.excepthook = on_uncaught
    threading.excepthook = on_thread
