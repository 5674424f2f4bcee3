"""The first-run dialog: sets up the office of an empty database."""

from __future__ import annotations

import getpass

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.errors import DomainError
from charity_desktop.persian.money import Unit
from charity_desktop.services.database import Database
from charity_desktop.services.office import set_up_office
from charity_desktop.translation import Translator


class FirstRunDialog(QDialog):
    """Office name, code, province, county and display unit; OK sets the office up."""

    def __init__(self, database: Database, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.tr_ = tr
        self.setWindowTitle(tr("Set up this office"))
        self.name = QLineEdit()
        self.code = QLineEdit()
        self.code.setPlaceholderText(tr("Latin letters, e.g. ZN"))
        self.province = QLineEdit()
        self.county = QLineEdit()
        self.unit = QComboBox()
        self.unit.addItem(tr("Toman"), Unit.TOMAN.value)
        self.unit.addItem(tr("Rial"), Unit.RIAL.value)
        self.message = QLabel()
        self.message.setStyleSheet("color: #b42318;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow(tr("Office name"), self.name)
        form.addRow(tr("Office code (on every receipt number)"), self.code)
        form.addRow(tr("Province"), self.province)
        form.addRow(tr("County"), self.county)
        form.addRow(tr("Show amounts in"), self.unit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(tr("This database is new. Tell us about the office that will use it."))
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Set the office up; on a problem say which field, in Persian, and stay open."""
        try:
            set_up_office(
                self.database,
                name=self.name.text(),
                code=self.code.text(),
                province=self.province.text(),
                county=self.county.text(),
                display_unit=Unit(self.unit.currentData()),
                actor=getpass.getuser(),
            )
        except DomainError as error:
            self.message.setText(self.tr_.error(error))
            return
        super().accept()
