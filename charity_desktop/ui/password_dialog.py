"""Changing one's own password: the current one, then the new one twice."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from charity_desktop.domain.users import Actor
from charity_desktop.services import users
from charity_desktop.services.database import Database
from charity_desktop.translation import Translator
from charity_desktop.ui.operations import Operations
from charity_desktop.ui.widgets import DIALOG_WIDTH, error_label, ok_cancel


class PasswordDialog(QDialog):
    """Closes only once the password was changed; every problem is named in it at once."""

    def __init__(
        self,
        database: Database,
        tr: Translator,
        actor: Actor,
        ops: Operations,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.actor, self.ops = database, actor, ops
        self.setWindowTitle(tr("Change my password"))
        self.current, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        form = QFormLayout()
        for field, label in (
            (self.current, tr("Current password")),
            (self.new, tr("New password")),
            (self.again, tr("New password again")),
        ):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(label)
            form.addRow(label, field)
        self.message = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self))
        self.setMinimumWidth(DIALOG_WIDTH)
        self.current.setFocus()

    def accept(self) -> None:
        current, new, again = self.current.text(), self.new.text(), self.again.text()
        actor = self.actor
        if self.ops.run(
            lambda: users.change_own_password(self.database, current, new, again, actor=actor),
            label=self.message,
        ):
            super().accept()
            return
        self.adjustSize()
