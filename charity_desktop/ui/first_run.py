"""The first-run dialog: sets up the office of an empty database."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.errors import DomainError
from charity_desktop.domain.users import Actor, Role
from charity_desktop.persian.money import Unit
from charity_desktop.services import users
from charity_desktop.services.database import Database
from charity_desktop.services.office import office_info, set_up_office
from charity_desktop.translation import Translator
from charity_desktop.ui.widgets import error_label, ok_cancel


class FirstRunDialog(QDialog):
    """Office name, code, province, county and display unit, and the first admin's account;
    OK sets up what is missing (the office, the admin, or both) and signs the admin in
    (`actor`)."""

    def __init__(self, database: Database, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.tr_ = tr
        self.needs_office = office_info(database) is None
        self.actor: Actor | None = None
        self.admin_name = QLineEdit()
        self.admin_password = QLineEdit()
        self.admin_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.admin_again = QLineEdit()
        self.admin_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.setWindowTitle(tr("Set up this office"))
        self.name = QLineEdit()
        self.code = QLineEdit()
        self.code.setPlaceholderText(tr("Latin letters, e.g. ZN"))
        self.province = QLineEdit()
        self.county = QLineEdit()
        self.unit = QComboBox()
        self.unit.addItem(tr("Toman"), Unit.TOMAN.value)
        self.unit.addItem(tr("Rial"), Unit.RIAL.value)
        self.message = error_label()
        form = QFormLayout()
        if self.needs_office:
            form.addRow(tr("Office name"), self.name)
            form.addRow(tr("Office code (on every receipt number)"), self.code)
            form.addRow(tr("Province"), self.province)
            form.addRow(tr("County"), self.county)
            form.addRow(tr("Show amounts in"), self.unit)
        form.addRow(tr("Admin's user name"), self.admin_name)
        form.addRow(tr("Admin's password"), self.admin_password)
        form.addRow(tr("The password again"), self.admin_again)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                tr("This database is new. Tell us about the office that will use it.")
                if self.needs_office
                else tr(
                    "This office has no user accounts yet. Choose the admin's name and password."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Set up the office and the first admin; on a problem say which field and stay open."""
        if self.admin_password.text() != self.admin_again.text():
            self.message.setText(self.tr_("The two passwords differ."))
            return
        try:
            if self.needs_office:
                self._set_up_office()
                self.needs_office = False
            users.add_user(
                self.database,
                self.admin_name.text(),
                Role.ADMIN,
                self.admin_password.text(),
                actor=None,
            )
            self.actor = users.sign_in(
                self.database, self.admin_name.text(), self.admin_password.text()
            )
        except DomainError as error:
            self.message.setText(self.tr_.error(error))
            return
        super().accept()

    def _set_up_office(self) -> None:
        set_up_office(
            self.database,
            name=self.name.text(),
            code=self.code.text(),
            province=self.province.text(),
            county=self.county.text(),
            display_unit=Unit(self.unit.currentData()),
            actor=self.admin_name.text(),
        )
