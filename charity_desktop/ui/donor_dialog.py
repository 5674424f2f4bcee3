"""Correcting a donor's details from the entry form: name, ID, mobile and address, each
problem shown beside its field; receipts already issued keep what they were issued with."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.users import Actor
from charity_desktop.services import donors
from charity_desktop.services.database import Database
from charity_desktop.services.dto import DonorDetail, DonorSummary
from charity_desktop.translation import Translator
from charity_desktop.ui.operations import Change, Operations
from charity_desktop.ui.widgets import (
    DIALOG_WIDTH,
    FieldErrors,
    error_label,
    ok_cancel,
    questions_the_id,
)


class DonorDialog(QDialog):
    """Closes only once the details were saved (`saved` then holds the donor as stored)."""

    def __init__(
        self,
        database: Database,
        tr: Translator,
        actor: Actor,
        ops: Operations,
        detail: DonorDetail,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database, self.tr_, self.actor, self.ops = database, tr, actor, ops
        self.uuid = detail.donor.uuid
        self.saved: DonorSummary | None = None
        self.setWindowTitle(tr("Correct the donor's details"))
        donor = detail.donor
        self.name = QLineEdit(donor.name)
        self.national_id = QLineEdit(tr.digits(donor.national_id or ""))
        self.mobile = QLineEdit(tr.digits(donor.mobile or ""))
        self.address = QPlainTextEdit(detail.address or "")
        self.address.setTabChangesFocus(True)
        self.address.setMaximumHeight(80)
        self.confirm_id = QCheckBox(tr("This ID is right: I checked it on the card"))
        self.confirm_id.hide()
        self.errors = FieldErrors()
        form = QFormLayout()
        for field, label, name in (
            (self.name, tr("Name"), "donor_name"),
            (self.national_id, tr("National ID"), "donor_national_id"),
            (self.mobile, tr("Mobile"), "donor_mobile"),
            (self.address, tr("Address"), "donor_address"),
        ):
            field.setAccessibleName(label)
            form.addRow(label, self.errors.holder(name, field))
        form.addRow("", self.confirm_id)
        note = QLabel(tr("Receipts already issued keep the details they were issued with."))
        note.setWordWrap(True)
        self.message = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addWidget(ok_cancel(self))
        self.setMinimumWidth(DIALOG_WIDTH)
        self.name.setFocus()

    def accept(self) -> None:
        self.errors.clear()
        self.message.clear()
        uuid, actor = self.uuid, self.actor
        values = {
            "name": self.name.text(),
            "national_id": self.national_id.text(),
            "mobile": self.mobile.text(),
            "address": self.address.toPlainText(),
            "confirmed": self.confirm_id.isChecked(),
        }
        if self.ops.run(
            lambda: donors.edit_donor(self.database, uuid, **values, actor=actor),
            changes=Change.DONORS,
            then=lambda donor: setattr(self, "saved", donor),
            failed=self._refused,
        ):
            super().accept()

    def _refused(self, error: BaseException) -> bool:
        if questions_the_id(error):
            self.confirm_id.show()
        return self.errors.refusal(error, self.tr_, self.message)
