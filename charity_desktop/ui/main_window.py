"""The main window. For now it shows the office and the latest donations; entry comes next."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.persian.money import Unit, format_amount
from charity_desktop.services import donations, office
from charity_desktop.services.database import Database
from charity_desktop.translation import KIND_LABELS, Translator

RECENT_ROWS = 200


class MainWindow(QMainWindow):
    """Office heading and a read-only table of the most recent donations."""

    def __init__(self, database: Database, tr: Translator) -> None:
        super().__init__()
        self.tr_ = tr
        self.setWindowTitle(tr("Charity Desktop"))
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [tr("Receipt"), tr("Date"), tr("Kind"), tr("Amount"), tr("Donor")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        layout = QVBoxLayout()
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.refresh(database)

    def refresh(self, database: Database) -> None:
        """Show the office and the latest donations as stored now."""
        tr = self.tr_
        info = office.office_info(database)
        if info is None:
            self.heading.setText(
                tr(
                    "No office is set up in this database yet. Run: charity-desktop init --office-name ..."
                )
            )
            self.table.setRowCount(0)
            return
        self.heading.setText(
            tr(
                "{office} — province {province}, county {county}",
                office=info.name,
                province=info.province,
                county=info.county,
            )
        )
        unit: Unit = info.display_unit
        criteria = DonationFilter()
        total = sum(t.count for t in donations.totals(database, criteria))
        rows = donations.list_donations(database, criteria, offset=max(0, total - RECENT_ROWS))
        self.table.setRowCount(len(rows))
        for index, row in enumerate(reversed(rows)):
            values = (
                row.receipt_number or row.institution or "",
                format_jalali(row.donated_on),
                tr(KIND_LABELS[row.kind]),
                format_amount(row.amount_rials, unit, with_unit=True),
                row.donor_name or tr("Anonymous donor"),
            )
            for column, value in enumerate(values):
                self.table.setItem(index, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
