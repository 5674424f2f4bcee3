"""Donors: search, and one donor's history with totals per Solar Hijri year."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.enums import DonorType
from charity_desktop.persian.identifiers import mask_identifier
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.persian.money import format_amount, format_number
from charity_desktop.persian.text import left_to_right, to_persian_digits
from charity_desktop.services import donors, office
from charity_desktop.services.database import Database
from charity_desktop.services.dto import DonorDetail, DonorSummary, OfficeInfo
from charity_desktop.translation import CHANNEL_LABELS, KIND_LABELS, Translator
from charity_desktop.ui.operations import Change, Operations, refresh_when_shown

LIST_LIMIT = 200


class DonorsView(QWidget):
    """Search on the right, the chosen donor's detail on the left (in a right-to-left layout)."""

    def __init__(self, database: Database, tr: Translator, ops: Operations) -> None:
        super().__init__()
        self.database = database
        self.tr_ = tr
        self.ops = ops
        ops.changed.connect(self._changed)
        self.detail: DonorDetail | None = None
        self.search = QLineEdit()
        self.search.setPlaceholderText(tr("Name, mobile or national ID"))
        self.search.setAccessibleName(tr("Search donors"))
        self.search.textEdited.connect(self.find)
        self.results = QListWidget()
        self.results.setAccessibleName(tr("Donors found"))
        self.results.currentItemChanged.connect(
            lambda item, _old: item and self.show_donor(item.data(Qt.ItemDataRole.UserRole))
        )
        finder = QVBoxLayout()
        finder.addWidget(self.search)
        finder.addWidget(self.results)

        self.heading = QLabel(tr("Search for a donor to see their history."))
        self.heading.setObjectName("donor_heading")
        self.heading.setWordWrap(True)
        self.years = QTableWidget(0, 3)
        self.years.setAccessibleName(tr("Totals per year"))
        self.years.setHorizontalHeaderLabels([tr("Year"), tr("Donations"), tr("Amount")])
        self.years.verticalHeader().hide()
        self.years.setMaximumHeight(160)
        self.history = QTableWidget(0, 6)
        self.history.setAccessibleName(tr("The donor's donations"))
        self.history.setHorizontalHeaderLabels(
            [tr("Receipt"), tr("Date"), tr("Kind"), tr("Amount"), tr("Intent"), tr("Channel")]
        )
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setStretchLastSection(True)
        for table in (self.years, self.history):
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        details = QVBoxLayout()
        details.addWidget(self.heading)
        details.addWidget(self.years)
        details.addWidget(self.history)

        layout = QHBoxLayout(self)
        layout.addLayout(finder, 1)
        layout.addLayout(details, 2)

    def _changed(self, changes: Change) -> None:
        if changes & (Change.DONORS | Change.DONATIONS | Change.OFFICE):
            refresh_when_shown(self, self.search_again)

    def search_again(self) -> None:
        self.find(self.search.text())

    def find(self, text: str) -> None:
        """List donors matching what was typed (name, mobile or national ID)."""
        self.ops.run(
            lambda: donors.search_donors(self.database, text, limit=LIST_LIMIT),
            then=self._list,
        )

    def _list(self, found: list[DonorSummary]) -> None:
        shown = self.results.currentItem()
        chosen = shown.data(Qt.ItemDataRole.UserRole).id if shown else None
        self.results.clear()
        for donor in found:
            item = QListWidgetItem(self._describe(donor))
            item.setData(Qt.ItemDataRole.UserRole, donor)
            self.results.addItem(item)
            if donor.id == chosen:
                self.results.setCurrentItem(item)

    def _describe(self, donor: DonorSummary) -> str:
        parts = [donor.name]
        if donor.national_id:
            parts.append(left_to_right(self.tr_.digits(mask_identifier(donor.national_id) or "")))
        if donor.mobile:
            parts.append(left_to_right(self.tr_.digits(donor.mobile)))
        return " — ".join(parts)

    def show_donor(self, donor: DonorSummary) -> None:
        """The donor's heading, totals per year and every donation, newest first."""
        self.ops.run(
            lambda: (
                office.office_info(self.database),
                donors.donor_detail(self.database, donor.id),
            ),
            then=self._show,
        )

    def _show(self, loaded: tuple[OfficeInfo | None, DonorDetail]) -> None:
        tr = self.tr_
        info, detail = loaded
        unit = info.display_unit if info else None
        self.detail = detail
        kind = tr("Legal entity") if detail.donor.donor_type is DonorType.LEGAL else tr("Person")
        total = sum(year.rials for year in detail.per_year)
        self.heading.setText(
            tr(
                "{name} ({kind}) — {count} donations, {amount} in all",
                name=detail.donor.name,
                kind=kind,
                count=len(detail.donations),
                amount=format_amount(total, unit, with_unit=True) if unit else format_number(total),
            )
        )
        self.years.setRowCount(len(detail.per_year))
        for index, year in enumerate(detail.per_year):
            for column, value in enumerate(
                (
                    to_persian_digits(str(year.year)),
                    format_number(year.count),
                    format_amount(year.rials, unit) if unit else "",
                )
            ):
                self.years.setItem(index, column, QTableWidgetItem(value))
        self.history.setRowCount(len(detail.donations))
        for index, row in enumerate(detail.donations):
            values = (
                row.receipt_number or row.institution or "",
                format_jalali(row.donated_on),
                tr(KIND_LABELS[row.kind]),
                format_amount(row.amount_rials, unit) if unit else "",
                row.intent,
                tr(CHANNEL_LABELS[row.channel]),
            )
            for column, value in enumerate(values):
                self.history.setItem(index, column, QTableWidgetItem(value))
        self.years.resizeColumnsToContents()
        self.history.resizeColumnsToContents()
