"""The corrections room: requests to void a receipt. A supervisor approves or refuses them;
a clerk follows their own and, once one is approved, enters the donation again corrected."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.users import Permission
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.persian.money import Unit, format_amount
from charity_desktop.persian.text import left_to_right
from charity_desktop.services import corrections, office
from charity_desktop.services.database import Database
from charity_desktop.services.donations import list_donations
from charity_desktop.services.dto import DonationRow, OfficeInfo
from charity_desktop.translation import VOID_REQUEST_STATUS_LABELS, Translator
from charity_desktop.ui.desk import Desk
from charity_desktop.ui.operations import Change, Operations, refresh_when_shown
from charity_desktop.ui.widgets import error_label, fill_table, read_only_table


class CorrectionsView(QWidget):
    """The queue, newest first (waiting ones only unless «decided too» is ticked), and the
    decisions the signed-in person may make on the selected request."""

    def __init__(
        self,
        database: Database,
        tr: Translator,
        desk: Desk,
        ops: Operations,
        *,
        enter_again: Callable[[DonationRow], None],
    ) -> None:
        super().__init__()
        self.database, self.tr_, self.desk, self.ops = database, tr, desk, ops
        self.enter_again = enter_again
        self.unit = office.DEFAULT_DISPLAY_UNIT
        self.rows: list[corrections.VoidRequestRow] = []
        self.decided = QCheckBox(tr("Decided requests too"))
        self.decided.toggled.connect(lambda _checked: self.apply())
        self.approve_button = QPushButton(tr("Approve and void"))
        self.approve_button.clicked.connect(self.approve_selected)
        self.refuse_button = QPushButton(tr("Refuse…"))
        self.refuse_button.clicked.connect(self.refuse_selected)
        self.again_button = QPushButton(tr("Enter again corrected"))
        self.again_button.clicked.connect(self.enter_selected_again)
        for button, name in (
            (self.approve_button, tr("Approve the selected request and void its receipt")),
            (self.refuse_button, tr("Refuse the selected request")),
            (self.again_button, tr("Enter the voided donation again, corrected")),
        ):
            button.setAccessibleName(name)
        actions = QHBoxLayout()
        for widget in (self.decided, self.approve_button, self.refuse_button, self.again_button):
            actions.addWidget(widget)
        actions.addStretch()
        self.count = QLabel()
        self.message = error_label()
        self.table = read_only_table(
            [
                tr("Receipt"),
                tr("Date"),
                tr("Amount"),
                tr("Donor"),
                tr("Reason"),
                tr("Asked by"),
                tr("Asked at"),
                tr("Status"),
                tr("Decision"),
            ],
            name=tr("Void requests"),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.message)
        layout.addWidget(self.count)
        layout.addWidget(self.table)
        ops.changed.connect(self._changed)
        desk.signed_in.connect(lambda _actor: self.offer())
        self.offer()

    def offer(self) -> None:
        """Show the decisions only to those who may void, and read the queue again (a
        clerk's queue is their own)."""
        may = self.desk.actor.may
        self.approve_button.setVisible(may(Permission.VOID))
        self.refuse_button.setVisible(may(Permission.VOID))
        self.again_button.setVisible(may(Permission.RECORD))
        self.ops.run(lambda: office.office_info(self.database), then=self._set_unit)
        self.apply()

    def _set_unit(self, info: OfficeInfo | None) -> None:
        if info is not None:
            self.unit = info.display_unit

    def _changed(self, changes: Change) -> None:
        if changes & (Change.CORRECTIONS | Change.DONATIONS):
            refresh_when_shown(self, self.apply)

    def apply(self) -> None:
        """Read the queue (the person's own, for a clerk)."""
        statuses = corrections.STATUSES if self.decided.isChecked() else (corrections.PENDING,)
        actor = self.desk.actor
        self.ops.run(
            lambda: corrections.void_requests(self.database, actor=actor, statuses=statuses),
            then=self._show,
            label=self.message,
        )

    def _show(self, rows: list[corrections.VoidRequestRow]) -> None:
        self.rows = rows
        fill_table(self.table, (self._cells(row, self.unit) for row in rows))
        waiting = sum(row.status == corrections.PENDING for row in rows)
        self.count.setText(self.tr_("{count} requests waiting for a decision.", count=waiting))

    def _cells(self, row: corrections.VoidRequestRow, unit: Unit) -> list[str]:
        tr = self.tr_
        decision = ""
        if row.decided_by:
            decision = row.decided_by + (f": {row.decision_note}" if row.decision_note else "")
        return [
            left_to_right(row.number),
            format_jalali(row.donated_on),
            format_amount(row.amount_rials, unit),
            row.donor_name or tr("Anonymous donor"),
            row.reason,
            row.requested_by,
            tr.moment(row.requested_at),
            tr(VOID_REQUEST_STATUS_LABELS[row.status]),
            decision,
        ]

    def selected(self) -> corrections.VoidRequestRow | None:
        """The request selected in the queue, having said so when there is none."""
        chosen = self.table.currentRow()  # set by a click and by the arrow keys alike
        if not 0 <= chosen < len(self.rows):
            self.message.setText(self.tr_("Select a request in the list."))
            return None
        return self.rows[chosen]

    def approve_selected(self) -> None:
        request = self.selected()
        if request is None:
            return
        actor, number = self.desk.actor, request.number
        self.ops.run(
            lambda: corrections.approve_void_request(self.database, number, actor=actor),
            changes=Change.CORRECTIONS | Change.DONATIONS,
            label=self.message,
        )

    def refuse_selected(self) -> None:
        request = self.selected()
        if request is None:
            return
        tr = self.tr_
        note, accepted = QInputDialog.getText(
            self,
            tr("Refuse the void of receipt {number}", number=request.number),
            tr("Why is the request refused? The clerk reads this."),
        )
        if not accepted:
            return
        actor, number = self.desk.actor, request.number
        self.ops.run(
            lambda: corrections.refuse_void_request(self.database, number, note=note, actor=actor),
            changes=Change.CORRECTIONS,
            label=self.message,
        )

    def enter_selected_again(self) -> None:
        """Open the entry form on the voided donation of an approved request."""
        request = self.selected()
        if request is None:
            return
        if not request.donation_voided:
            self.message.setText(
                self.tr_("Only a donation whose void was approved can be entered again.")
            )
            return
        number = request.number
        self.ops.run(
            lambda: list_donations(self.database, DonationFilter(text=number, include_voided=True)),
            then=lambda rows: self._enter_again(number, rows),
        )

    def _enter_again(self, number: str, rows: list[DonationRow]) -> None:
        for row in rows:
            if row.receipt_number == number:
                self.enter_again(row)
