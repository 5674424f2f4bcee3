"""This desk's printing: its printer and paper are kept on the computer, receipts can go
straight to the printer, and a test page prints from Settings."""

from charity_desktop.translation import Translator
from charity_desktop.ui import printing
from charity_desktop.ui.desk_printing import DeskPrinting, load_desk_printing, save_desk_printing
from charity_desktop.ui.main_window import MainWindow
from charity_desktop.ui.receipt_actions import print_on_this_desk
from tests.actors import ADMIN
from tests.reports.pdf import pdf_text, squeeze
from tests.ui.conftest import settle


def open_window(qtbot, database, fake_print=None):
    window = MainWindow(database, Translator("fa"), ADMIN, print_dialog=fake_print)
    qtbot.addWidget(window)
    window.show()
    settle(window)
    return window


def test_settings_keep_this_desks_printer_choice_and_print_a_test_page(
    qtbot, persian_app, database, fake_print, tmp_path
):
    window = open_window(qtbot, database, fake_print)
    settings = window.settings
    window.pages.setCurrentWidget(settings)  # its printers are read when it first shows
    assert settings.printer.itemText(0) == "چاپگر پیش‌فرض سیستم"
    assert settings.printer.currentIndex() == 0 and not settings.direct.isChecked()
    settings.direct.setChecked(True)
    assert load_desk_printing() == DeskPrinting(direct=True)
    settings.test_page_button.click()
    settle(window)
    ((pdf, title),) = fake_print.printed
    assert title == "صفحهٔ آزمایشی"
    path = tmp_path / "test-page.pdf"
    path.write_bytes(pdf)
    text = squeeze(pdf_text(path))  # pdf_text drops the ZWNJ; spaces near digits move
    assert "چاپگرپیشفرضسیستم" in text and "۵۰میلیمتر" in text


def test_the_paper_chosen_on_the_toolbar_is_the_desks_next_time(qtbot, persian_app, database):
    window = open_window(qtbot, database)
    paper = window.receipts.paper
    assert paper.currentData() == "a5"
    paper.setCurrentIndex(paper.findData("80mm"))
    paper.activated.emit(paper.currentIndex())  # as when chosen by hand
    assert load_desk_printing().paper == "80mm"
    again = open_window(qtbot, database)
    assert again.receipts.paper.currentData() == "80mm"


def test_a_desk_that_prints_directly_skips_the_preview_on_its_printer(monkeypatch):
    calls = []
    monkeypatch.setattr(
        printing, "print_pdf", lambda parent, pdf, title, **how: calls.append(how) or True
    )
    assert print_on_this_desk(None, b"%PDF", "رسید")
    save_desk_printing(DeskPrinting(printer="Kiosk-80", paper="80mm", direct=True))
    assert print_on_this_desk(None, b"%PDF", "رسید")
    assert calls == [
        {"printer_name": "", "direct": False},
        {"printer_name": "Kiosk-80", "direct": True},
    ]


def test_an_odd_stored_paper_falls_back_to_a5():
    save_desk_printing(DeskPrinting(paper="legal"))
    assert load_desk_printing().paper == "a5"


def test_a_direct_print_the_printer_refuses_opens_the_preview_and_counts_nothing(
    qtbot, persian_app, monkeypatch
):
    import datetime as dt
    import io

    from PySide6.QtPrintSupport import QPrintPreviewDialog

    from charity_desktop.reports.test_page import write_test_page

    shown = []
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    pdf = io.BytesIO()
    write_test_page(pdf, paper="80mm", printer="-", now=dt.datetime.now(), tr=Translator("fa"))
    printed = printing.print_pdf(
        None, pdf.getvalue(), "رسید", printer_name="No Such Printer", direct=True
    )
    assert printed is False and len(shown) == 1  # the preview, closed: nothing printed
