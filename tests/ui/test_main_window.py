import re

import pytest
from PySide6.QtCore import QLocale, Qt

from charity_desktop.app import configure_application
from charity_desktop.services.demo import build_demo
from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import RECENT_ROWS, MainWindow

PERSIAN = re.compile("[\u0600-\u06ff]")


@pytest.fixture
def persian_app(qapp):
    configure_application(qapp, Translator("fa"))
    yield qapp
    configure_application(qapp, Translator("en"))


def test_window_is_right_to_left_and_persian(qtbot, persian_app, database):
    build_demo(database, donations=300, seed=2)
    window = MainWindow(database, Translator("fa"))
    qtbot.addWidget(window)
    window.show()
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QLocale().language() == QLocale.Language.Persian
    assert window.windowTitle() == "میز نیکوکاری"
    headers = [
        window.table.horizontalHeaderItem(i).text() for i in range(window.table.columnCount())
    ]
    assert headers == ["رسید", "تاریخ", "نوع", "مبلغ", "نیکوکار"]
    assert window.heading.text() == "اداره بهزیستی زنجان — استان زنجان، شهرستان زنجان"
    assert window.table.rowCount() == RECENT_ROWS
    date, amount = window.table.item(0, 1).text(), window.table.item(0, 3).text()
    assert re.fullmatch("[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2}", date)
    assert amount.endswith("ریال") and not re.search("[0-9]", amount)
    assert all(PERSIAN.search(window.table.item(0, c).text()) for c in (2, 3, 4))


def test_window_says_how_to_set_up_an_empty_database(qtbot, persian_app, empty_database):
    window = MainWindow(empty_database, Translator("fa"))
    qtbot.addWidget(window)
    assert window.heading.text().startswith("هنوز هیچ اداره‌ای")
    assert window.table.rowCount() == 0


def test_english_interface_for_support(qtbot, qapp, database):
    configure_application(qapp, Translator("en"))
    window = MainWindow(database, Translator("en"))
    qtbot.addWidget(window)
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.windowTitle() == "Charity Desktop"
