"""One donation as stored, with its receipt's print and void buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.persian.identifiers import mask_identifier
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.persian.money import Unit, amount_in_words, format_amount
from charity_desktop.persian.text import left_to_right, to_persian_digits
from charity_desktop.services.dto import DonationRow
from charity_desktop.translation import CHANNEL_LABELS, KIND_LABELS, Translator


class DonationDialog(QDialog):
    """Read-only details; Print, Void and Ask for a void act on the receipt through the
    window's handlers (a button without one, for a person whose role may not, is not shown)."""

    def __init__(
        self,
        row: DonationRow,
        unit: Unit,
        tr: Translator,
        *,
        on_print: Callable[[str], None] | None,
        on_void: Callable[[str], bool] | None,
        on_correct: Callable[[DonationRow], None] | None = None,
        on_request: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            tr("Donation {number}", number=row.receipt_number or row.institution or "")
        )
        form = QFormLayout()
        fields = [
            (tr("Receipt"), left_to_right(row.receipt_number or tr("none (charity institution)"))),
            (tr("Date"), format_jalali(row.donated_on)),
            (tr("Kind"), tr(KIND_LABELS[row.kind])),
            (tr("Amount"), format_amount(row.amount_rials, unit, with_unit=True)),
            (tr("In words"), amount_in_words(row.amount_rials, unit)),
            (tr("Intent"), row.intent),
            (tr("Channel"), tr(CHANNEL_LABELS[row.channel])),
            (tr("Donor"), row.donor_name or tr("Anonymous donor")),
            (
                tr("National ID"),
                left_to_right(tr.digits(mask_identifier(row.donor_national_id) or "—")),
            ),
            (tr("County"), row.county or "—"),
            (tr("Collection point"), row.collection_point or "—"),
            (tr("Campaign"), to_persian_digits(row.campaign or "—")),
            (tr("Collector"), row.institution or tr("This office")),
            (tr("Description"), row.description or "—"),
            (tr("Clerk"), row.clerk),
        ]
        if row.quantity:
            fields.append(
                (tr("Quantity"), to_persian_digits(f"{row.quantity} {row.quantity_unit or ''}"))
            )
        if row.service_minutes:
            fields.append((tr("Hours"), to_persian_digits(f"{row.service_minutes / 60:g}")))
        if row.voided_at:
            fields.append(
                (
                    tr("Void"),
                    tr(
                        "{date}: {reason}",
                        date=format_jalali(row.voided_at.date()),
                        reason=row.void_reason or "",
                    ),
                )
            )
        for label, value in fields:
            text = QLabel(value)
            text.setWordWrap(True)
            form.addRow(label, text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        if row.receipt_number:
            number = row.receipt_number
            if on_print is not None:
                self.print_button = QPushButton(tr("Print receipt"))
                self.print_button.clicked.connect(lambda: on_print(number))
                buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
            if on_void is not None and row.voided_at is None:
                self.void_button = QPushButton(tr("Void receipt…"))
                self.void_button.clicked.connect(lambda: on_void(number) and self.accept())
                buttons.addButton(self.void_button, QDialogButtonBox.ButtonRole.ActionRole)
                if on_correct is not None:
                    self.correct_button = QPushButton(tr("Void and enter again…"))
                    self.correct_button.clicked.connect(
                        lambda: on_void(number) and (on_correct(row), self.accept())
                    )
                    buttons.addButton(self.correct_button, QDialogButtonBox.ButtonRole.ActionRole)
            if on_request is not None and row.voided_at is None:
                self.request_button = QPushButton(tr("Ask for a void…"))
                self.request_button.clicked.connect(lambda: on_request(number) and self.accept())
                buttons.addButton(self.request_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
