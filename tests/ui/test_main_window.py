import re

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import MainWindow
from tests.actors import ADMIN

LATIN = re.compile("[A-Za-z]")
# Latin that belongs in a Persian screen: paper and file names, keys, codes, examples.
ALLOWED_LATIN = re.compile(r"A5|PDF|Ctrl\+Enter|ZN|09x+|xlsx|csv")


def visible_texts(widget):
    texts = [widget.windowTitle()]
    for child in widget.findChildren(QLabel) + widget.findChildren(QAbstractButton):
        texts.append(child.text())
    for child in widget.findChildren(QLineEdit):
        texts.append(child.placeholderText())
    tabs = widget.pages
    texts += [tabs.tabText(i) for i in range(tabs.count())]
    return [t for t in texts if t.strip()]


def test_window_is_right_to_left_and_every_text_is_persian(qtbot, persian_app, database):
    window = MainWindow(database, Translator("fa"), ADMIN)
    qtbot.addWidget(window)
    window.show()
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert QLocale().language() == QLocale.Language.Persian
    assert window.windowTitle() == "میز نیکوکاری"
    assert [window.pages.tabText(i) for i in range(window.pages.count())] == [
        "امروز",
        "ثبت کمک",
        "کمک‌ها",
        "درخواست‌های ابطال",
        "نیکوکاران",
        "گزارش‌ها",
        "تنظیمات",
        "ردپای تغییرات",
    ]
    assert window.receipts.heading.text() == "اداره بهزیستی زنجان — استان زنجان، شهرستان زنجان"
    english = [t for t in visible_texts(window) if LATIN.search(ALLOWED_LATIN.sub("", t))]
    assert english == []
    assert window.pages.currentWidget() is window.today


def test_english_interface_for_support(qtbot, qapp, database):
    window = MainWindow(database, Translator("en"), ADMIN)
    qtbot.addWidget(window)
    assert window.layoutDirection() == Qt.LayoutDirection.LeftToRight
    assert window.windowTitle() == "Charity Desktop"
    assert window.pages.tabText(0) == "Today"
