"""Every field, list, table and button of every room has a Persian name a screen reader can
read: its own accessible name, its text, or its form label."""

import re

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import MainWindow
from tests.actors import ADMIN
from tests.ui.conftest import settle

PERSIAN = re.compile("[\u0600-\u06ff]")
CONTROLS = (
    QLineEdit,
    QComboBox,
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QPlainTextEdit,
)


def spoken_name(widget):
    """What a screen reader says the widget is (Qt on Linux names a list box by its choice
    and tells its label through a relation: a list box's own name, or its label's)."""
    if isinstance(widget, QComboBox):
        labels = [
            label.text()
            for label in widget.window().findChildren(QLabel)
            if label.buddy() is widget
        ]
        return widget.accessibleName() or " ".join(labels)
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def test_every_control_of_every_room_has_a_persian_name(qtbot, persian_app, database):
    window = MainWindow(database, Translator("fa"), ADMIN)
    qtbot.addWidget(window)
    window.show()
    settle(window)
    nameless = []
    for index in range(window.pages.count()):
        window.pages.setCurrentIndex(index)
        settle(window)
        room = window.pages.widget(index)
        for widget in room.findChildren(QWidget):
            if not isinstance(widget, CONTROLS) or isinstance(widget, QHeaderView):
                continue
            if not widget.isVisible() or isinstance(widget.parent(), (QComboBox, QAbstractSpinBox)):
                continue  # hidden now, or the editor inside a list box or a spin box
            if not PERSIAN.search(spoken_name(widget) or ""):
                nameless.append((window.pages.tabText(index), type(widget).__name__))
    assert nameless == [], "\n".join(f"{room}: {kind}" for room, kind in nameless)
