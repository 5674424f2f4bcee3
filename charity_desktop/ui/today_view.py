"""The home room «امروز»: the day's figures, the signed-in person's own receipts, the last
entries, and what the office is late with (a backup, a package for the centre), each with
the button that deals with it. It is the first room a person who enters donations sees."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from charity_desktop.domain.enums import DonationKind
from charity_desktop.domain.users import Permission
from charity_desktop.persian.jalali import today
from charity_desktop.persian.money import Unit
from charity_desktop.persian.text import left_to_right
from charity_desktop.services.closing import ClosingReceipt, Tally
from charity_desktop.services.database import Database
from charity_desktop.services.today import TodayPage, today_page
from charity_desktop.translation import CHANNEL_LABELS, KIND_LABELS, Translator
from charity_desktop.ui.desk import Desk
from charity_desktop.ui.operations import Change, Operations
from charity_desktop.ui.widgets import error_label, fill_table, read_only_table

REMINDER_STYLE = "#reminder { background: #fff4e5; border: 1px solid #f5b971; }"
HEADING_STYLE = "font-size: 13pt; font-weight: bold;"


class TodayView(QWidget):
    """Read again whenever it is shown and after every change of donations, backups and
    packages; the buttons hand over to the rooms and controllers that do the work."""

    def __init__(
        self,
        database: Database,
        tr: Translator,
        desk: Desk,
        ops: Operations,
        *,
        new_donation: Callable[[], None],
        print_closing: Callable[[], None],
        back_up: Callable[[], None],
        export_package: Callable[[], None],
    ) -> None:
        super().__init__()
        self.database, self.tr_, self.desk, self.ops = database, tr, desk, ops
        self.page: TodayPage | None = None
        self.heading = QLabel()
        self.heading.setObjectName("today_heading")
        self.heading.setStyleSheet(HEADING_STYLE)
        self.message = error_label()
        self.backup_reminder, self.backup_button = self._reminder(tr("Back up now"), back_up)
        self.package_reminder, self.package_button = self._reminder(
            tr("Export a package for the centre…"), export_package
        )
        self.figures = QLabel()
        self.figures.setObjectName("today_figures")
        self.figures.setWordWrap(True)
        self.mine = QLabel()
        self.mine.setObjectName("today_mine")
        self.new_button = QPushButton(tr("New donation"))
        self.new_button.clicked.connect(new_donation)
        self.setFocusProxy(self.new_button)
        self.closing_button = QPushButton(tr("Print today's closing"))
        self.closing_button.clicked.connect(print_closing)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.closing_button)
        buttons.addStretch()
        self.last = read_only_table(
            [
                tr("Receipt"),
                tr("Entered at"),
                tr("Kind"),
                tr("Amount"),
                tr("Donor"),
                tr("Clerk"),
                tr("Status"),
            ],
            name=tr("Last entries of the day"),
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)
        for reminder in (self.backup_reminder, self.package_reminder):
            layout.addWidget(reminder)
        layout.addWidget(self.figures)
        layout.addWidget(self.mine)
        layout.addLayout(buttons)
        layout.addWidget(QLabel(tr("Last entries of the day")))
        layout.addWidget(self.last)
        ops.changed.connect(self._changed)
        desk.signed_in.connect(lambda _actor: self.apply())

    def _reminder(self, button_text: str, act: Callable[[], None]) -> tuple[QWidget, QPushButton]:
        box = QWidget()
        box.setObjectName("reminder")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        box.setStyleSheet(REMINDER_STYLE)
        text = QLabel()
        text.setWordWrap(True)
        text.setObjectName("reminder_text")
        button = QPushButton(button_text)
        button.clicked.connect(act)
        row = QHBoxLayout(box)
        row.addWidget(text, 1)
        row.addWidget(button)
        box.hide()
        return box, button

    def showEvent(self, event: QShowEvent) -> None:
        """Read the page again each time it comes into view (the day may have turned)."""
        super().showEvent(event)
        self.apply()

    def _changed(self, changes: Change) -> None:
        if changes & (Change.DONATIONS | Change.OFFICE | Change.SAFEKEEPING) and self.isVisible():
            self.apply()

    def apply(self) -> None:
        """Read today's page off the GUI thread and show it."""
        actor, day = self.desk.actor, today()
        self.ops.query(
            lambda: today_page(self.database, actor=actor, day=day),
            then=self._show,
            label=self.message,
        )

    def _show(self, page: TodayPage) -> None:
        tr = self.tr_
        self.page = page
        closing = page.closing
        self.heading.setText(
            tr("Today, {date}: {office}", date=closing.day, office=closing.office_name)
        )
        self.figures.setText(
            "\n".join(
                [
                    tr("Receipts of the day: {count}.", count=len(closing.receipts)),
                    *(
                        tr(
                            "{kind}: {count} receipts, {amount}.",
                            kind=tr(KIND_LABELS[kind]),
                            count=tally.count,
                            amount=tr.amount(tally.rials, closing.unit),
                        )
                        for kind, tally in closing.by_kind.items()
                    ),
                    *(
                        tr(
                            "{channel}: {count} receipts, {amount} of them in cash.",
                            channel=tr(CHANNEL_LABELS[channel]),
                            count=sum(tally.count for tally in by_kind.values()),
                            amount=tr.amount(
                                by_kind.get(DonationKind.CASH, Tally()).rials, closing.unit
                            ),
                        )
                        for channel, by_kind in closing.by_channel.items()
                    ),
                    tr("Voided today: {count}.", count=len(closing.voided)),
                ]
            )
        )
        mine = page.mine_total
        self.mine.setText(
            tr(
                "Your receipts today: {count}; your cash: {amount}.",
                count=len(page.mine),
                amount=tr.amount(mine.rials, closing.unit),
            )
        )
        self._remind(
            self.backup_reminder,
            page.backup_is_old,
            tr("No backup yet: back up the office's data now.")
            if page.last_backup_at is None
            else tr(
                "The last backup was made on {moment}: back up the office's data now.",
                moment=tr.moment(page.last_backup_at.astimezone()),  # local: as it was named
            ),
        )
        sends = self.desk.actor.may(Permission.EXPORT_PERSONAL)
        moment = tr.moment(page.last_package_at) if page.last_package_at else ""
        self._remind(
            self.package_reminder,
            page.package_is_due,
            tr(
                "The last package for the centre was written on {moment}, and donations were"
                " entered since: send the centre a new one.",
                moment=moment,
            )
            if sends
            else tr(
                "The last package for the centre was written on {moment}, and donations were"
                " entered since: ask a supervisor to send the centre a new one.",
                moment=moment,
            ),
        )
        self.package_button.setVisible(sends)
        fill_table(self.last, (self._cells(receipt, closing.unit) for receipt in page.last_entries))

    @staticmethod
    def _remind(box: QWidget, due: bool, text: str) -> None:
        box.setVisible(due)
        label = box.findChild(QLabel, "reminder_text")
        if label is not None:
            label.setText(text)

    def _cells(self, receipt: ClosingReceipt, unit: Unit) -> list[str]:
        tr = self.tr_
        return [
            left_to_right(receipt.receipt_number),
            tr.digits(receipt.entered_at.strftime("%H:%M")),
            tr(KIND_LABELS[receipt.kind]),
            tr.amount(receipt.amount_rials, unit),
            receipt.donor_name or tr("Anonymous donor"),
            receipt.clerk,
            tr("Voided: {reason}", reason=receipt.void_reason) if receipt.void_reason else "",
        ]
