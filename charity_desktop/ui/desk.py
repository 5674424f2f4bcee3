"""Who is signed in at this desk, and the idle lock that hides the window until someone
signs in again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QMainWindow, QMenuBar, QToolBar

from charity_desktop.domain.users import Actor
from charity_desktop.services import office, users
from charity_desktop.services.database import Database
from charity_desktop.translation import Translator
from charity_desktop.ui.login import LoginDialog
from charity_desktop.ui.operations import Change, Operations
from charity_desktop.ui.password_dialog import PasswordDialog
from charity_desktop.ui.shortcuts import bind

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
        self.stopped = False
        # Watched from the first turn of the event loop: the thousands of events of building
        # the window are no one's activity, and each would pass through Python.
        QTimer.singleShot(0, self._watch)
        ops.changed.connect(self._changed)
        self.who = QLabel()  # the signed-in person, on the status bar
        self.who.setObjectName("signed_in")
        self.lock_action = bind(QAction(tr("Lock now"), window), "session.lock")
        self.lock_action.triggered.connect(
            lambda: self.lock(notice=tr("The window is locked; sign in to go on."))
        )
        self.sign_out_action = bind(QAction(tr("Sign out"), window), "session.sign_out")
        self.sign_out_action.triggered.connect(self.sign_out)
        self.password_action = bind(QAction(tr("Change my password…"), window), "session.password")
        self.password_action.triggered.connect(self.change_password)
        self._show_who()
        self.restart_idle_timer()

    def fill(self, menus: QMenuBar) -> None:
        """The session menu: lock now, sign out, change my password."""
        menu = menus.addMenu(self.tr("Session"))
        for action in (self.lock_action, self.sign_out_action, self.password_action):
            menu.addAction(action)

    def _show_who(self) -> None:
        self.who.setText(
            self.tr("Signed in: {name} ({role})", name=self.actor.name, role=self.actor.role)
        )

    def sign_out(self) -> None:
        """Leave the desk (audited): the window locks and asks whoever comes next."""
        actor = self.actor
        self.ops.run(lambda: users.sign_out(self.database, actor=actor))
        self.lock(notice=self.tr("Signed out; the next person signs in."), keep_name=False)

    def change_password(self) -> PasswordDialog:
        """Open the dialog that changes the signed-in person's own password."""
        dialog = PasswordDialog(self.database, self.tr, self.actor, self.ops, self.window)
        dialog.open()
        return dialog

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

    def _watch(self) -> None:
        app = QApplication.instance()
        if app is not None and not self.stopped:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.lock_dialog is None and self.idle_timer.isActive():
            self.idle_timer.start()
        return False

    def lock(self, *, notice: str = "", keep_name: bool = True) -> None:
        """Hide everything until someone signs in again (the same person or another);
        `notice` says why (by default: the idle time ran out)."""
        if self.lock_dialog is not None:
            return
        self._hide(True)
        self.ops.hold()
        self.lock_dialog = LoginDialog(
            self.database,
            self.tr,
            name=self.actor.name if keep_name else "",
            locked=True,
            notice=notice,
            parent=self.window,
        )
        self.lock_dialog.accepted.connect(self._unlock)
        self.lock_dialog.rejected.connect(self.window.close)
        self.lock_dialog.open()

    def _unlock(self) -> None:
        assert self.lock_dialog is not None and self.lock_dialog.actor is not None
        self.actor = self.lock_dialog.actor
        self.lock_dialog = None
        self._hide(False)
        self._show_who()
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
        self.stopped = True
        self.idle_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
