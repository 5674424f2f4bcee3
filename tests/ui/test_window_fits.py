"""The window on the screens offices have: it fits the screen's free area, every room is usable
at 1366×768 and 1024×700, the daily closing prints from it, and a failure nobody caught is
logged and explained in Persian."""

import datetime as dt
import sys

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QMessageBox, QWidget

from charity_desktop.logs import log_file
from charity_desktop.services.demo import build_demo
from charity_desktop.services.summary import summarize
from charity_desktop.translation import Translator
from charity_desktop.ui.errors import install_error_hook
from charity_desktop.ui.main_window import PREFERRED_SIZE, MainWindow
from tests.actors import ADMIN
from tests.reports.pdf import pdf_text
from tests.ui.conftest import settle


class FakeScreen:
    def __init__(self, free: QRect) -> None:
        self.free = free

    def availableGeometry(self) -> QRect:
        return self.free


@pytest.fixture
def window(qtbot, persian_app, database, fake_print):
    build_demo(database, donations=300, seed=2, actor=ADMIN, today=dt.date.today())
    window = MainWindow(database, Translator("fa"), ADMIN, print_dialog=fake_print)
    window.fake_print = fake_print
    qtbot.addWidget(window)
    return window


def test_a_laptop_screen_gets_the_window_filling_its_free_area(window, monkeypatch):
    free = QRect(0, 0, 1366, 728)  # 1366×768 less a task bar
    monkeypatch.setattr(window, "screen", lambda: FakeScreen(free))
    window.show_on_screen()
    assert window.frameGeometry() == free


def test_a_large_screen_gets_the_preferred_size_centred(window, monkeypatch):
    free = QRect(0, 0, 1920, 1040)
    monkeypatch.setattr(window, "screen", lambda: FakeScreen(free))
    window.show_on_screen()
    assert window.size() == PREFERRED_SIZE and not window.isMaximized()
    assert abs(window.frameGeometry().center().x() - free.center().x()) <= 2


def inside(widget: QWidget, window: QWidget) -> bool:
    """Whether `widget` shows whole inside the window's area."""
    top_left = widget.mapTo(window, widget.rect().topLeft())
    return widget.isVisible() and window.rect().contains(QRect(top_left, widget.size()))


@pytest.mark.parametrize("size", [(1366, 768), (1024, 700)], ids=["1366x768", "1024x700"])
def test_every_room_is_usable_on_a_small_screen(window, database, qtbot, size):
    window.show()
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().width() == size[0])
    assert (window.width(), window.height()) == size  # nothing forces it wider or taller
    window.reports.show_summary(summarize(database, window.reports.period()))
    rooms = {
        window.entry: [window.entry.save_print_button, window.entry.save_button],
        window.donations: [window.donations.totals, window.donations.table],
        window.reports: [
            window.reports.export_pdf,
            window.reports.export_xlsx,
            window.reports.copy_press,
            window.reports.show_button,
        ],
        window.donors: [window.donors.search],
    }
    for room, widgets in rooms.items():
        window.pages.setCurrentWidget(room)
        qtbot.wait(20)
        for widget in widgets:
            assert inside(widget, window), (type(room).__name__, widget.objectName(), size)
    window.pages.setCurrentWidget(window.settings)
    qtbot.wait(20)
    assert inside(window.settings.viewport(), window)  # the settings scroll within it


def test_the_daily_closing_prints_from_the_window(window, database):
    day = dt.date.today()
    window.receipts.print_day_closing(day)
    settle(window)
    pdf, title = window.fake_print.printed[-1]
    assert title == Translator("fa")("Daily closing of {date}", date=day)
    text = pdf_text_of(pdf)
    assert "اداره بهزیستی زنجان" in text


def pdf_text_of(pdf: bytes) -> str:
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "closing.pdf"
        path.write_bytes(pdf)
        return pdf_text(path)


def test_an_uncaught_failure_is_logged_and_explained_with_the_log_file(persian_app, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_hook(Translator("fa"))
    try:
        raise ValueError("a slot went wrong")
    except ValueError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    [message] = shown
    assert message.startswith("خطایی پیش‌بینی‌نشده") and str(log_file()) in message
    logged = log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged and "a slot went wrong" in logged
