"""Failures the window shows: refusals in their own words, anything unexpected logged with
its traceback and shown in Persian with the log file's name."""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from charity_desktop.logs import failure_message, log_unexpected
from charity_desktop.translation import Translator


def show_failure(
    parent: QWidget | None, tr: Translator, error: BaseException, context: str
) -> None:
    """`error` in a message box over `parent`."""
    QMessageBox.warning(parent, tr("Charity Desktop"), failure_message(tr, error, context))


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
