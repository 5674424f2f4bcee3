import subprocess

import pytest
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QInputDialog, QMessageBox

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services.donations import list_donations, record_donation
from charity_desktop.services.dto import DonationDraft
from charity_desktop.services.receipts import preview_receipt
from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import MainWindow
from charity_desktop.ui.printing import paint_pages, pdf_page_images
from tests.reports.pdf import pdf_pages, pdf_text


@pytest.fixture
def window(qtbot, database):
    for amount in ("1000000", "2000000"):
        record_donation(
            database,
            DonationDraft(kind="cash", amount=amount, date="1404/09/30", intent="زکات"),
            clerk="c",
        )
    printed = []

    def fake_dialog(parent, pdf, title):
        printed.append((pdf, title))
        return fake_dialog.accept

    fake_dialog.accept = True
    window = MainWindow(database, Translator("fa"), print_dialog=fake_dialog)
    window.printed = printed
    window.fake_dialog = fake_dialog
    qtbot.addWidget(window)
    return window


def test_print_counts_only_when_printed(window, database, tmp_path):
    window.table.selectRow(0)  # newest first
    window.fake_dialog.accept = False
    window.print_action.trigger()
    assert preview_receipt(database, "ZN-1404-000002").print_number == 1
    window.fake_dialog.accept = True
    window.paper.setCurrentIndex(1)
    window.print_action.trigger()
    assert preview_receipt(database, "ZN-1404-000002").print_number == 2
    pdf, title = window.printed[-1]
    assert title == "رسید ZN-1404-000002"
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    assert "ZN-1404-000002" in pdf_text(path) and "المثنی" not in pdf_text(path)


def test_void_from_the_window(window, database, monkeypatch):
    window.table.selectRow(1)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("درخواست نیکوکار", True))
    window.void_action.trigger()
    live = list_donations(database, DonationFilter())
    assert [r.receipt_number for r in live] == ["ZN-1404-000002"]
    assert window.table.rowCount() == 1


def test_short_void_reason_is_explained_in_persian(window, monkeypatch):
    window.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("بد", True))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.void_action.trigger()
    assert shown == ["علت ابطال: علت ابطال رسید را بنویسید (دست‌کم ۵ حرف)."]


def test_nothing_selected_is_explained(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.table.clearSelection()
    window.print_action.trigger()
    assert shown == ["کمکی را برگزینید که رسید دارد."]


def test_pages_painted_on_a_printer(window, tmp_path, qapp):
    window.table.selectRow(0)
    window.print_action.trigger()
    pdf, _ = window.printed[-1]
    images = pdf_page_images(pdf, dpi=100)
    assert len(images) == 1
    dark = sum(
        1
        for x in range(0, images[0].width(), 4)
        for y in range(0, images[0].height(), 4)
        if QColor(images[0].pixel(x, y)).lightness() < 128
    )
    assert dark > 200  # text and QR code, not a blank page
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printer.pdf"))
    paint_pages(printer, images)
    assert pdf_pages(tmp_path / "printer.pdf") == 1
    info = subprocess.run(
        ["pdfimages", "-list", str(tmp_path / "printer.pdf")], capture_output=True, text=True
    ).stdout
    assert "image" in info
