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

from charity_desktop.domain.errors import DomainError, ValidationFailed
from charity_desktop.domain.users import Actor
from charity_desktop.persian.money import Unit
from charity_desktop.services import users
from charity_desktop.services.database import Database
from charity_desktop.services.dto import OfficeDraft, OfficeInfo
from charity_desktop.services.office import DEFAULT_DISPLAY_UNIT, office_info
from charity_desktop.translation import Translator
from charity_desktop.ui.operations import Operations
from charity_desktop.ui.widgets import DIALOG_WIDTH, FieldErrors, error_label, ok_cancel


class FirstRunDialog(QDialog):
    """Office name, code, province, county and display unit, and the first admin's account;
    OK sets up what is missing (the office, the admin, or both) and signs the admin in
    (`actor`). Every problem shows at once, under its field."""

    def __init__(self, database: Database, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.tr_ = tr
        self.ops = Operations(self, tr)
        self.needs_office = True
        self.ops.run(lambda: office_info(database), then=self._found_office)
        self.actor: Actor | None = None
        self.errors = FieldErrors()
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
        for unit in Unit:
            self.unit.addItem(tr.unit_name(unit), unit.value)
        self.unit.setCurrentIndex(self.unit.findData(DEFAULT_DISPLAY_UNIT.value))
        self.message = error_label()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        rows: list[tuple[str, QWidget, str | None]] = []
        if self.needs_office:
            rows += [
                (tr("Office name"), self.name, "office_name"),
                (tr("Office code (on every receipt number)"), self.code, "office_code"),
                (tr("Province"), self.province, "province"),
                (tr("County"), self.county, "county"),
                (tr("Show amounts in"), self.unit, None),
            ]
        rows += [
            (tr("Admin's user name"), self.admin_name, "name"),
            (tr("Admin's password"), self.admin_password, "password"),
            (tr("The password again"), self.admin_again, "password_again"),
        ]
        for label, field, name in rows:
            form.addRow(label, self.errors.holder(name, field) if name else field)
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr("This database is new. Tell us about the office that will use it.")
            if self.needs_office
            else tr("This office has no user accounts yet. Choose the admin's name and password.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(DIALOG_WIDTH)

    def office_draft(self) -> OfficeDraft | None:
        """The office as typed, when this database still needs one."""
        if not self.needs_office:
            return None
        return OfficeDraft(
            name=self.name.text(),
            code=self.code.text(),
            province=self.province.text(),
            county=self.county.text(),
            display_unit=Unit(self.unit.currentData()),
        )

    def _found_office(self, info: OfficeInfo | None) -> None:
        self.needs_office = info is None

    def accept(self) -> None:
        """Set up the office and the first admin; on problems show each under its field."""
        self.message.clear()
        self.errors.clear()
        name, password, again = (
            self.admin_name.text(),
            self.admin_password.text(),
            self.admin_again.text(),
        )
        draft = self.office_draft()
        if self.ops.run(
            lambda: users.set_up_first_admin(self.database, name, password, again, office=draft),
            then=self._set_up,
            failed=self._refused,
        ):
            super().accept()

    def _set_up(self, actor: Actor) -> None:
        self.actor = actor

    def _refused(self, error: BaseException) -> bool:
        tr = self.tr_
        if isinstance(error, ValidationFailed):
            elsewhere = self.errors.show(error.problems, tr)
            self.message.setText("\n".join(tr.problem(problem) for problem in elsewhere))
        elif isinstance(error, DomainError):
            self.message.setText(tr.error(error))
        else:
            return False
        self.adjustSize()
        return True
