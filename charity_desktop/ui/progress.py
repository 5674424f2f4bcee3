"""Long work (imports, demo data) on a worker thread behind a progress dialog with Cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from charity_desktop.translation import Translator
from charity_desktop.ui.background import run_in_background

# The work receives a progress callback: progress(done, total) -> False once cancelled.
Work = Callable[[Callable[[int, int], bool]], Any]


class ProgressJob(QObject):
    """Runs `work` off the GUI thread; the dialog follows its progress and can cancel it.

    A QObject living in the GUI thread, so the progress signal is delivered there.
    """

    moved = Signal(int, int)

    def __init__(
        self,
        parent: QWidget,
        title: str,
        work: Work,
        tr: Translator,
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        super().__init__(parent)
        self.cancelled = threading.Event()
        self.dialog = QProgressDialog(title, tr("Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.dialog.canceled.connect(self.cancelled.set)
        self.moved.connect(self._moved)
        self.on_done = on_done
        self.on_error = on_error
        self.dialog.show()
        self.job = run_in_background(lambda: work(self._progress), self._done, self._failed)

    def _progress(self, done: int, total: int) -> bool:
        self.moved.emit(done, total)
        return not self.cancelled.is_set()

    @Slot(int, int)
    def _moved(self, done: int, total: int) -> None:
        self.dialog.setMaximum(total)
        self.dialog.setValue(done)

    def _done(self, result: Any) -> None:
        self.dialog.reset()
        self.on_done(result)

    def _failed(self, error: BaseException) -> None:
        self.dialog.reset()
        self.on_error(error)
