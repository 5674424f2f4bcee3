"""The one way the window calls the services, after Anki's `CollectionOp` and `QueryOp`.

Every call from `ui/` to `services/`, `exchange/` or `reports/` is the work of an operation
(`tests/ui/test_operations.py` walks `ui/` and fails on any other):

- quick work (well under 50 ms: a lookup, one saved record) runs on the GUI thread;
  anything longer runs on Qt's thread pool behind a busy dialog, or a progress dialog with
  Cancel when the work takes a `progress` callback;
- a refusal is shown in its own Persian words, anything unexpected is logged and shown
  naming the log, in one place (`Operations.show`);
- a change says what it changed (`Change`), and `Operations.changed` tells every view, so
  each refreshes only what concerns it.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QMessageBox, QProgressDialog, QWidget

from charity_desktop.domain.errors import DomainError
from charity_desktop.translation import Translator
from charity_desktop.ui.background import Job, run_in_background
from charity_desktop.ui.errors import brief, show_failure

Result = TypeVar("Result")
# progress(done, total) -> False once the person pressed Cancel.
Progress = Callable[[int, int], bool]
# A background job's dialog appears only when the work takes longer than this.
BUSY_AFTER_MS = 300


class Change(enum.Flag):
    """What an operation changed; views refresh on the changes that concern them."""

    NONE = 0
    DONATIONS = enum.auto()  # donations, receipts and voids (and so every total)
    DONORS = enum.auto()
    CATALOGUES = enum.auto()  # intents, counties, collection points, campaigns, institutions
    OFFICE = enum.auto()  # the office's card and settings
    USERS = enum.auto()
    OFFICES = enum.auto()  # other offices registered here
    CORRECTIONS = enum.auto()  # requests to void a receipt, and their decisions
    SAFEKEEPING = enum.auto()  # a backup made, a package for the centre written
    EVERYTHING = (
        DONATIONS | DONORS | CATALOGUES | OFFICE | USERS | OFFICES | CORRECTIONS | SAFEKEEPING
    )


class Operations(QObject):
    """The operations of one window (`parent` carries their dialogs)."""

    changed = Signal(object)  # a Change, after each operation that changed something
    progressed = Signal(int, int)

    def __init__(self, parent: QWidget, tr: Translator) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.tr = tr
        self.job: Job | None = None  # the background operation under way, if any
        self.queries: set[Job] = set()  # the queries under way (kept until they report)
        self.held: list[Callable[[], None]] | None = None  # results kept while locked
        self.dialog: QProgressDialog | None = None
        self.cancelled = threading.Event()
        self.progressed.connect(self._progressed)

    def show(
        self, error: BaseException, context: str = "window", label: QLabel | None = None
    ) -> None:
        """Show a failure: a refusal in its own words (in `label`, when the view has one
        for it), anything else logged and named by its log file in a message box."""
        if isinstance(error, DomainError) and label is not None:
            label.setText(brief(self.tr, error, context))
        elif isinstance(error, DomainError):
            QMessageBox.warning(
                self.parent_widget, self.tr("Charity Desktop"), brief(self.tr, error, context)
            )
        else:
            show_failure(self.parent_widget, self.tr, error, context)

    def run(
        self,
        work: Callable[[], Result],
        *,
        changes: Change = Change.NONE,
        then: Callable[[Result], Any] | None = None,
        failed: Callable[[BaseException], bool] | None = None,
        label: QLabel | None = None,
    ) -> bool:
        """Run quick `work` now, on the GUI thread; `then(result)` on success. A failure is
        offered to `failed` first (True: it was dealt with) and otherwise shown (a refusal
        in `label` when given; the label is cleared when the work succeeds). True when the
        work succeeded."""
        try:
            result = work()
        except Exception as error:  # every failure is shown, never lost
            self._failed(error, failed, label, "window")
            return False
        self._succeeded(result, then, changes, label)
        return True

    def hold(self) -> None:
        """Keep what background work reports until `release` (the window is locked: no
        report may show over the lock)."""
        if self.held is None:
            self.held = []

    def release(self) -> None:
        """Deliver, in order, what background work reported while held."""
        held, self.held = self.held or [], None
        for deliver in held:
            deliver()

    def _deliver(self, report: Callable[[], None]) -> None:
        if self.held is None:
            report()
        else:
            self.held.append(report)

    def _succeeded(
        self,
        result: Any,
        then: Callable[[Any], Any] | None,
        changes: Change,
        label: QLabel | None,
    ) -> None:
        if label is not None:
            label.clear()
        if then is not None:
            then(result)
        if changes:
            self.changed.emit(changes)

    def _failed(
        self,
        error: BaseException,
        failed: Callable[[BaseException], bool] | None,
        label: QLabel | None,
        context: str,
    ) -> None:
        if failed is None or not failed(error):
            self.show(error, context, label)

    def start(
        self,
        work: Callable[[Progress], Result],
        *,
        title: str,
        changes: Change = Change.NONE,
        then: Callable[[Result], Any] | None = None,
        failed: Callable[[BaseException], bool] | None = None,
        label: QLabel | None = None,
        cancellable: bool = True,
    ) -> bool:
        """Run `work(progress)` on the thread pool behind a dialog titled `title` (with
        Cancel when `cancellable`: the work stops at its next `progress` call); `then` and
        `failed` run on the GUI thread as for `run`. False (having said so) when another
        operation is still under way."""
        if self.job is not None:
            QMessageBox.information(
                self.parent_widget,
                self.tr("Charity Desktop"),
                self.tr("Another task is still running; wait for it to finish."),
            )
            return False
        self.cancelled.clear()
        dialog = QProgressDialog(title, self.tr("Cancel") if cancellable else "", 0, 0)
        dialog.setParent(self.parent_widget, dialog.windowFlags())
        dialog.setWindowTitle(title)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(BUSY_AFTER_MS)
        if not cancellable:
            dialog.setCancelButton(None)
        dialog.canceled.connect(self.cancelled.set)
        self.dialog = dialog

        def progress(done: int, total: int) -> bool:
            self.progressed.emit(done, total)
            return not self.cancelled.is_set()

        def succeeded(result: Any) -> None:
            self._finish()
            self._deliver(lambda: self._succeeded(result, then, changes, label))

        def broke(error: BaseException) -> None:
            self._finish()

            def report() -> None:
                self._failed(error, failed, label, "background work")
                if changes:  # a cancelled job keeps what it committed (whole batches)
                    self.changed.emit(changes)

            self._deliver(report)

        self.job = run_in_background(lambda: work(progress), succeeded, broke)
        return True

    def query(
        self,
        work: Callable[[], Result],
        *,
        then: Callable[[Result], Any],
        failed: Callable[[BaseException], bool] | None = None,
        label: QLabel | None = None,
    ) -> None:
        """Read with `work()` on the thread pool, without a dialog (totals, summaries), and
        hand the result to `then` on the GUI thread; failures as for `run`. Queries run
        beside each other and beside a `start`ed job."""

        def succeeded(result: Any) -> None:
            self.queries.discard(job)
            self._deliver(lambda: self._succeeded(result, then, Change.NONE, label))

        def broke(error: BaseException) -> None:
            self.queries.discard(job)
            self._deliver(lambda: self._failed(error, failed, label, "background work"))

        job = run_in_background(work, succeeded, broke)
        self.queries.add(job)

    def _finish(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
        self.dialog = None
        self.job = None

    @Slot(int, int)
    def _progressed(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(total)
            self.dialog.setValue(done)


class _WhenShown(QObject):
    """The refreshes a room owes since it was last on screen, run when it shows again."""

    def __init__(self, room: QWidget) -> None:
        super().__init__(room)
        self.owed: dict[Callable[[], Any], None] = {}
        room.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.owed:
            owed, self.owed = list(self.owed), {}
            for refresh in owed:
                refresh()
        return False


def load_when_shown(room: QWidget, load: Callable[[], Any]) -> None:
    """Run `load` now if `room` is on screen, else the first time it shows: a room on a
    tab not in view costs nothing while the window opens."""
    if room.isVisible():
        load()
        return
    pending = room.findChild(_WhenShown) or _WhenShown(room)
    pending.owed[load] = None


def refresh_when_shown(room: QWidget, refresh: Callable[[], Any]) -> None:
    """Run `refresh` now, or, for a room on a tab not shown in a window on screen, once
    when it is next shown (however many changes came meanwhile): a merge or a restore
    refreshes the room in view, not all six."""
    if room.isVisible() or not room.window().isVisible():
        refresh()
        return
    pending = room.findChild(_WhenShown) or _WhenShown(room)
    pending.owed[refresh] = None
