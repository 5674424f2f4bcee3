"""Who is signed in at this desk, and the idle lock that hides the window until someone
signs in again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QToolBar

from charity_desktop.domain.users import Actor
from charity_desktop.services import office
from charity_desktop.services.database import Database
from charity_desktop.translation import Translator
from charity_desktop.ui.login import LoginDialog
from charity_desktop.ui.operations import Change, Operations

ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


class Desk(QObject):
    """The signed-in person (`actor`) of `window`; `signed_in` tells the rooms when another
    person signs in at the lock."""

    signed_in = Signal(object)  # the new Actor

    def __init__(
        self, window: QMainWindow, database: Database, tr: Translator, actor: Actor, ops: Operations
    ) -> None:
        super().__init__(window)
        self.window, self.database, self.tr, self.actor, self.ops = (
            window,
            database,
            tr,
            actor,
            ops,
        )
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.lock_dialog: LoginDialog | None = None
        self.hidden_dialogs: list[QDialog] = []
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        ops.changed.connect(self._changed)
        self.restart_idle_timer()

    def _changed(self, changes: Change) -> None:
        if changes & Change.OFFICE:  # the idle lock's minutes may have changed
            self.restart_idle_timer()

    def restart_idle_timer(self) -> None:
        """Count the idle time again from now (the office's setting, 0: never lock)."""

        def start(minutes: int) -> None:
            if minutes:
                self.idle_timer.start(minutes * 60_000)
            else:
                self.idle_timer.stop()

        self.ops.run(lambda: office.idle_lock_minutes(self.database), then=start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.lock_dialog is None and self.idle_timer.isActive():
            self.idle_timer.start()
        return False

    def lock(self) -> None:
        """Hide everything until someone signs in again (the same person or another)."""
        if self.lock_dialog is not None:
            return
        self._hide(True)
        self.ops.hold()
        self.lock_dialog = LoginDialog(
            self.database, self.tr, name=self.actor.name, locked=True, parent=self.window
        )
        self.lock_dialog.accepted.connect(self._unlock)
        self.lock_dialog.rejected.connect(self.window.close)
        self.lock_dialog.open()

    def _unlock(self) -> None:
        assert self.lock_dialog is not None and self.lock_dialog.actor is not None
        self.actor = self.lock_dialog.actor
        self.lock_dialog = None
        self._hide(False)
        self.signed_in.emit(self.actor)
        self.ops.release()
        self.restart_idle_timer()

    def _hide(self, hidden: bool) -> None:
        """Hide (or show again) the window's contents and every dialog open over it: a
        donation's dialog shows a donor's name and ID."""
        if hidden:
            self.hidden_dialogs = [
                dialog for dialog in self.window.findChildren(QDialog) if dialog.isVisible()
            ]
        for dialog in self.hidden_dialogs:
            dialog.setVisible(not hidden)
        if not hidden:
            self.hidden_dialogs = []
        central = self.window.centralWidget()
        if central is not None:
            central.setVisible(not hidden)
        self.window.menuBar().setEnabled(not hidden)
        for toolbar in self.window.findChildren(QToolBar):
            toolbar.setEnabled(not hidden)

    def stop(self) -> None:
        """Stop watching (the window is closing)."""
        self.idle_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
