"""The receipts controller: the toolbar (the office's name, print, void or ask for a void, the
day's closing) and this desk's printing, with its test page."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QInputDialog, QLabel, QMessageBox, QToolBar, QWidget

from charity_desktop.domain.users import Permission
from charity_desktop.services import closing, corrections, office, receipts
from charity_desktop.services.closing import DayClosing
from charity_desktop.services.database import Database
from charity_desktop.services.dto import OfficeInfo
from charity_desktop.services.receipts import ReceiptCopy
from charity_desktop.translation import DOCUMENT_LANGUAGE, Translator
from charity_desktop.ui.desk import Desk
from charity_desktop.ui.desk_printing import load_desk_printing, save_desk_printing
from charity_desktop.ui.operations import Change, Operations, Progress
from charity_desktop.ui.shortcuts import bind
from charity_desktop.ui.widgets import ask_day

# Shows a PDF for printing; returns True when it was printed.
PrintDialog = Callable[[QWidget | None, bytes, str], bool]


def print_on_this_desk(parent: QWidget | None, pdf: bytes, title: str) -> bool:
    """Print `pdf` on this desk's printer, through the preview unless the desk prints
    directly; True if it was printed (pdfium loads on first use)."""
    from charity_desktop.ui import printing  # on use: see ui/__init__.py

    desk = load_desk_printing()
    return printing.print_pdf(parent, pdf, title, printer_name=desk.printer, direct=desk.direct)


def _receipt_pdf(copy: ReceiptCopy, paper: str, documents: Translator) -> bytes:
    from charity_desktop.reports.receipt import write_receipt  # on use: see ui/__init__.py

    pdf = io.BytesIO()
    write_receipt(copy, pdf, paper=paper, tr=documents)
    return pdf.getvalue()


def _test_page_pdf(paper: str, printer: str, documents: Translator) -> bytes:
    from charity_desktop.reports.test_page import write_test_page  # on use

    pdf = io.BytesIO()
    write_test_page(pdf, paper=paper, printer=printer, now=dt.datetime.now(), tr=documents)
    return pdf.getvalue()


def _closing_pdf(day_closing: DayClosing, documents: Translator) -> bytes:
    from charity_desktop.reports.day_closing import write_day_closing  # on use

    pdf = io.BytesIO()
    write_day_closing(day_closing, pdf, tr=documents)
    return pdf.getvalue()


class ReceiptActions(QObject):
    """The receipt toolbar and what it does; the PDFs are drawn off the GUI thread."""

    def __init__(
        self,
        parent: QWidget,
        database: Database,
        tr: Translator,
        desk: Desk,
        ops: Operations,
        *,
        selected_receipt: Callable[[], str | None],
        print_dialog: PrintDialog | None = None,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.database, self.tr, self.desk, self.ops = database, tr, desk, ops
        self.documents = Translator(DOCUMENT_LANGUAGE)  # receipts and closings are Persian
        self.selected_receipt = selected_receipt
        self.print_dialog = print_dialog or print_on_this_desk
        self.toolbar = QToolBar(tr("Receipts"))
        self.toolbar.setObjectName("receipts")
        self.print_action = bind(QAction(tr("Print receipt"), parent), "receipts.print")
        self.print_action.triggered.connect(self.print_selected)
        self.void_action = bind(QAction(tr("Void receipt…"), parent), "receipts.void")
        self.void_action.triggered.connect(self.void_selected)
        self.request_action = bind(QAction(tr("Ask for a void…"), parent), "receipts.request")
        self.request_action.triggered.connect(self.request_selected)
        self.paper = QComboBox()
        self.paper.setAccessibleName(tr("Paper"))
        self.paper.addItem(tr("A5 sheet"), "a5")
        self.paper.addItem(tr("80 mm roll"), "80mm")
        self.paper.setCurrentIndex(max(0, self.paper.findData(load_desk_printing().paper)))
        self.paper.activated.connect(lambda _index: self._keep_paper())
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.unit = office.DEFAULT_DISPLAY_UNIT  # the office's, for the donation dialog
        ops.changed.connect(self._changed)
        self._changed(Change.OFFICE)
        self.closing_action = bind(QAction(tr("Daily closing…"), parent), "receipts.closing")
        self.closing_action.triggered.connect(lambda: self.print_day_closing())

    def fill(self) -> QToolBar:
        """The toolbar, with the office's name and place at its start."""
        self.toolbar.addWidget(self.heading)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.print_action)
        self.paper_action = self.toolbar.addWidget(self.paper)
        self.toolbar.addAction(self.void_action)
        self.toolbar.addAction(self.request_action)
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.closing_action)
        return self.toolbar

    def _changed(self, changes: Change) -> None:
        if changes & Change.OFFICE:
            self.ops.run(lambda: office.office_info(self.database), then=self._show_office)

    def _show_office(self, info: OfficeInfo | None) -> None:
        if info is not None:
            self.unit = info.display_unit
            self.heading.setText(
                self.tr(
                    "{office} — province {province}, county {county}",
                    office=info.name,
                    province=info.province,
                    county=info.county,
                )
            )

    def offer(self) -> None:
        """Show only what the signed-in person may do."""
        may = self.desk.actor.may
        self.print_action.setVisible(may(Permission.RECORD))
        self.paper_action.setVisible(may(Permission.RECORD))
        self.void_action.setVisible(may(Permission.VOID))
        self.request_action.setVisible(may(Permission.RECORD) and not may(Permission.VOID))

    def print_receipt(self, number: str) -> None:
        """Preview receipt `number`; a print is counted only when it is really printed."""
        actor, paper, documents = self.desk.actor, self.paper.currentData(), self.documents

        def draw(_progress: Progress) -> bytes:
            return _receipt_pdf(
                receipts.preview_receipt(self.database, number, actor=actor), paper, documents
            )

        def show(pdf: bytes) -> None:
            title = self.tr("Receipt {number}", number=number)
            if self.print_dialog(self.parent_widget, pdf, title):
                self.ops.run(
                    lambda: receipts.print_receipt(self.database, number, actor=actor),
                    changes=Change.DONATIONS,
                )

        self.ops.start(
            draw,
            title=self.tr("Receipt {number}", number=number),
            then=show,
            cancellable=False,
        )

    def _keep_paper(self) -> None:
        """The paper chosen on the toolbar is this desk's paper from now on."""
        save_desk_printing(replace(load_desk_printing(), paper=self.paper.currentData()))

    def print_test_page(self) -> None:
        """Print the test page on this desk's printer and paper."""
        desk, documents = load_desk_printing(), self.documents
        printer = desk.printer or documents("The system's default printer")
        title = self.tr("Test page")
        self.ops.start(
            lambda _progress: _test_page_pdf(desk.paper, printer, documents),
            title=title,
            then=lambda pdf: self.print_dialog(self.parent_widget, pdf, title),
            cancellable=False,
        )

    def print_day_closing(self, day: dt.date | None = None) -> None:
        """Preview and print the closing of `day` (asked, today by default)."""
        tr = self.tr
        if day is None:
            day = ask_day(self.parent_widget, tr("Daily closing"), tr("The closing of which day?"))
            if day is None:
                return
        chosen, documents = day, self.documents
        self.ops.start(
            lambda _progress: _closing_pdf(closing.day_closing(self.database, chosen), documents),
            title=tr("Daily closing of {date}", date=chosen),
            then=lambda pdf: self.print_dialog(
                self.parent_widget, pdf, tr("Daily closing of {date}", date=chosen)
            ),
            cancellable=False,
        )

    def void_receipt(self, number: str) -> bool:
        """Ask for a reason and void receipt `number`; True when it was voided."""
        tr = self.tr
        reason, accepted = QInputDialog.getText(
            self.parent_widget,
            tr("Void receipt {number}", number=number),
            tr("Why is this receipt voided?"),
        )
        if not accepted:
            return False
        actor = self.desk.actor
        return self.ops.run(
            lambda: receipts.void_receipt(self.database, number, reason=reason, actor=actor),
            changes=Change.DONATIONS | Change.CORRECTIONS,
        )

    def request_void(self, number: str) -> bool:
        """Ask for a reason and send a supervisor the request to void receipt `number` (the
        donation stays counted until they decide); True when it was sent."""
        tr = self.tr
        reason, accepted = QInputDialog.getText(
            self.parent_widget,
            tr("Ask for a void of receipt {number}", number=number),
            tr("Why should this receipt be voided? A supervisor decides."),
        )
        if not accepted:
            return False
        actor = self.desk.actor
        return self.ops.run(
            lambda: corrections.request_void(self.database, number, reason=reason, actor=actor),
            changes=Change.CORRECTIONS,
            then=lambda _request: QMessageBox.information(
                self.parent_widget,
                tr("Charity Desktop"),
                tr(
                    "Void of receipt {number} requested; it stays counted until a supervisor decides.",
                    number=number,
                ),
            ),
        )

    def _chosen(self) -> str | None:
        number = self.selected_receipt()
        if number is None:
            QMessageBox.warning(
                self.parent_widget,
                self.tr("Charity Desktop"),
                self.tr("Select a donation that has a receipt."),
            )
        return number

    def print_selected(self) -> None:
        number = self._chosen()
        if number:
            self.print_receipt(number)

    def void_selected(self) -> None:
        number = self._chosen()
        if number:
            self.void_receipt(number)

    def request_selected(self) -> None:
        number = self._chosen()
        if number:
            self.request_void(number)
