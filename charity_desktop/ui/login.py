"""Signing in: at start-up, and again to unlock a window left idle."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.users import Actor
from charity_desktop.translation import Translator
from charity_desktop.ui.operations import Operations
from charity_desktop.ui.widgets import DIALOG_WIDTH, error_label, ok_cancel

if TYPE_CHECKING:
    from charity_desktop.services.database import Database


class LoginDialog(QDialog):
    """Name and password; on success `actor` holds who signed in (every attempt is audited).

    At start-up it shows before the database is open (`database` None, set once it is):
    the person can type while the program loads.
    """

    def __init__(
        self,
        database: Database | None,
        tr: Translator,
        *,
        name: str = "",
        locked: bool = False,
        notice: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.tr_ = tr
        self.actor: Actor | None = None
        self.waiting = False  # OK pressed before the database was attached
        self.ops = Operations(self, tr)
        self.setWindowTitle(tr("Locked — sign in again") if locked else tr("Sign in"))
        self.name = QLineEdit(name)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = error_label()
        form = QFormLayout()
        form.addRow(tr("User name"), self.name)
        form.addRow(tr("Password"), self.password)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        if locked:
            said = QLabel(notice or tr("The window was locked after a while without use."))
            said.setWordWrap(True)
            layout.addWidget(said)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(DIALOG_WIDTH)
        (self.password if name else self.name).setFocus()

    def attach(self, database: Database) -> None:
        """The database is open: sign in now if OK was pressed while it was loading."""
        self.database = database
        if self.waiting:
            self.waiting = False
            self.accept()

    def accept(self) -> None:
        if self.database is None:
            self.waiting = True
            return
        from charity_desktop.services import users  # loads storage: see app.run_gui

        database, name, password = self.database, self.name.text(), self.password.text()
        if self.ops.run(
            lambda: users.sign_in(database, name, password),
            then=self._signed_in,
            label=self.message,
        ):
            super().accept()
            return
        self.password.clear()
        self.adjustSize()  # taller for the message, never narrower

    def _signed_in(self, actor: Actor) -> None:
        self.actor = actor
