"""Keyboard first: every action of the window has its own shortcut, and a clerk makes whole
entries, a known donor and a new one, without touching the mouse."""

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidgetAction

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services.donations import list_donations
from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import MainWindow
from charity_desktop.ui.shortcuts import SHORTCUTS
from tests.actors import ADMIN, CLERK
from tests.ui.conftest import known_donor_gives, settle

CTRL = Qt.KeyboardModifier.ControlModifier


def open_window(qtbot, database, actor, fake_print=None):
    window = MainWindow(database, Translator("fa"), actor, print_dialog=fake_print)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    settle(window)
    return window


def window_actions(window):
    """The actions of the menus and the toolbar (not the widgets placed on the toolbar)."""
    found = []
    for menu_action in window.menuBar().actions():
        found += [a for a in menu_action.menu().actions() if not a.isSeparator()]
    found += [
        action
        for action in window.receipts.toolbar.actions()
        if not action.isSeparator() and not isinstance(action, QWidgetAction)
    ]
    return found


def test_every_action_has_a_shortcut_of_its_own(qtbot, persian_app, database):
    window = open_window(qtbot, database, ADMIN)
    actions = window_actions(window)
    assert len(actions) >= 25
    keys = [key.toString() for action in actions for key in action.shortcuts()]
    missing = [action.text() for action in actions if not action.shortcuts()]
    assert missing == []
    assert len(keys) == len(set(keys)), sorted(keys)
    table = {key for keys in SHORTCUTS.values() for key in keys}
    assert set(keys) == {QKeySequence(key).toString() for key in table}


def test_the_room_keys_bring_each_room_with_the_keyboard_in_it(qtbot, persian_app, database):
    window = open_window(qtbot, database, CLERK)
    assert window.pages.currentWidget() is window.today
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.pages.currentWidget() is window.donations
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_N, CTRL)
    assert window.pages.currentWidget() is window.entry
    assert QApplication.focusWidget() is window.entry.donor_search


def test_a_known_donor_and_a_new_one_entered_from_the_keyboard_alone(
    qtbot, persian_app, database, fake_print
):
    known_donor_gives(database, 1_000_000)
    window = open_window(qtbot, database, CLERK, fake_print)
    form = window.entry
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)

    def typed(text):
        """Type `text` as a Persian keyboard layout sends it (QTest knows only ASCII keys)."""
        for character in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
                QApplication.sendEvent(QApplication.focusWidget(), event)

    def key(code, modifier=Qt.KeyboardModifier.NoModifier):
        qtbot.keyClick(QApplication.focusWidget(), code, modifier)

    # A known donor: search, Enter picks the first found, the keyboard goes to the amount.
    assert QApplication.focusWidget() is form.donor_search
    typed("رضایی")
    assert form.donor_results.isVisible()
    key(Qt.Key.Key_Return)
    assert form.chosen_donor is not None and QApplication.focusWidget() is form.amount
    typed("5000000")
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.date
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.intent and form.intent.currentIndex() == -1
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Return, CTRL)
    settle(window)

    # A new donor: the search finds no one and carries the name into the new-donor fields.
    assert QApplication.focusWidget() is form.donor_search
    typed("زهرا کریمی")
    assert form.no_one.isVisible() and "زهرا کریمی" in form.no_one.text()
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.donor_name
    assert form.donor_name.text() == "زهرا کریمی"
    key(Qt.Key.Key_Tab)
    typed("0499370899")
    key(Qt.Key.Key_Tab)
    typed("09351234567")
    key(Qt.Key.Key_Tab)  # the kind: cash stays chosen
    key(Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is form.amount
    typed("۲۵۰۰۰۰۰")
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Tab)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Down)
    key(Qt.Key.Key_Return, CTRL)
    settle(window)

    rows = sorted(list_donations(database, DonationFilter()), key=lambda row: row.receipt_number)
    assert [(row.donor_name, row.amount_rials) for row in rows] == [
        ("علی رضایی", 1_000_000),
        ("علی رضایی", 5_000_000),
        ("زهرا کریمی", 2_500_000),
    ]
    assert rows[1].intent == form.intent.itemText(0)
    assert rows[2].intent == form.intent.itemText(1)
    assert rows[2].donor_national_id == "0499370899"
    assert [title for _pdf, title in fake_print.printed] == [
        "رسید " + rows[1].receipt_number,
        "رسید " + rows[2].receipt_number,
    ]


def test_the_readme_lists_every_shortcut():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    rooms = {f"Ctrl+{number}" for number in range(1, 9)}
    listed = {key for keys in SHORTCUTS.values() for key in keys} - rooms
    assert "Ctrl+1 … Ctrl+8" in readme
    assert [key for key in sorted(listed) if f"| {key} |" not in readme] == []
