"""The main window. For now it shows the office and the latest donations; entry comes next."""

from __future__ import annotations

import getpass
import io
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.errors import DomainError
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.persian.money import Unit, format_amount
from charity_desktop.reports.receipt import write_receipt
from charity_desktop.services import donations, office, receipts
from charity_desktop.services.database import Database
from charity_desktop.translation import KIND_LABELS, Translator
from charity_desktop.ui.printing import print_with_preview
from charity_desktop.ui.reports_view import ReportsView

RECENT_ROWS = 200
# Shows a PDF for printing; returns True when it was printed.
PrintDialog = Callable[[QWidget | None, bytes, str], bool]


class MainWindow(QMainWindow):
    """Office heading, the most recent donations, and receipt printing and voiding."""

    def __init__(
        self, database: Database, tr: Translator, *, print_dialog: PrintDialog = print_with_preview
    ) -> None:
        super().__init__()
        self.database = database
        self.tr_ = tr
        self.print_dialog = print_dialog
        self.setWindowTitle(tr("Charity Desktop"))
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.heading.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [tr("Receipt"), tr("Date"), tr("Kind"), tr("Amount"), tr("Donor")]
        )
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(self.print_selected)

        toolbar = QToolBar(tr("Receipts"))
        self.print_action = QAction(tr("Print receipt"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.print_selected)
        self.void_action = QAction(tr("Void receipt…"), self)
        self.void_action.triggered.connect(self.void_selected)
        self.paper = QComboBox()
        self.paper.addItem(tr("A5 sheet"), "a5")
        self.paper.addItem(tr("80 mm roll"), "80mm")
        toolbar.addAction(self.print_action)
        toolbar.addWidget(self.paper)
        toolbar.addAction(self.void_action)
        self.addToolBar(toolbar)

        layout = QVBoxLayout()
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        donations_page = QWidget()
        donations_page.setLayout(layout)
        self.reports = ReportsView(database, tr)
        self.pages = QTabWidget()
        self.pages.addTab(donations_page, tr("Donations"))
        self.pages.addTab(self.reports, tr("Reports"))
        self.setCentralWidget(self.pages)
        self.refresh()

    def refresh(self) -> None:
        """Show the office and the latest donations as stored now."""
        tr = self.tr_
        info = office.office_info(self.database)
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
        rows = donations.list_donations(
            self.database, DonationFilter(), limit=RECENT_ROWS, newest_first=True
        )
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            values = (
                row.receipt_number or row.institution or "",
                format_jalali(row.donated_on),
                tr(KIND_LABELS[row.kind]),
                format_amount(row.amount_rials, unit, with_unit=True),
                row.donor_name or tr("Anonymous donor"),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.receipt_number)
                self.table.setItem(index, column, item)
        self.table.resizeColumnsToContents()

    def selected_receipt(self) -> str | None:
        """Receipt number of the selected row (None for no selection or an institution row)."""
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _explain(self, message: str) -> None:
        QMessageBox.warning(self, self.tr_("Charity Desktop"), message)

    def print_selected(self) -> None:
        """Preview the selected receipt; a print is counted only when it is really printed."""
        tr = self.tr_
        number = self.selected_receipt()
        if number is None:
            self._explain(tr("Select a donation that has a receipt."))
            return
        try:
            copy = receipts.preview_receipt(self.database, number)
            pdf = io.BytesIO()
            write_receipt(copy, pdf, paper=self.paper.currentData(), tr=tr)
            if self.print_dialog(self, pdf.getvalue(), tr("Receipt {number}", number=number)):
                receipts.print_receipt(self.database, number)
        except DomainError as error:
            self._explain(tr.error(error))

    def void_selected(self) -> None:
        """Ask for a reason and void the selected receipt."""
        tr = self.tr_
        number = self.selected_receipt()
        if number is None:
            self._explain(tr("Select a donation that has a receipt."))
            return
        reason, accepted = QInputDialog.getText(
            self, tr("Void receipt {number}", number=number), tr("Why is this receipt voided?")
        )
        if not accepted:
            return
        try:
            receipts.void_receipt(self.database, number, reason=reason, user=getpass.getuser())
        except DomainError as error:
            self._explain(tr.error(error))
            return
        self.refresh()
