"""Every window-wide keyboard shortcut, in one table: no key is given twice
(`tests/ui/test_keyboard.py` checks it, and that every action of the window has one) and
the README lists them from here."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

SHORTCUTS: dict[str, tuple[str, ...]] = {
    # The rooms, in the order of their tabs (hidden ones are skipped, keys stay put).
    "room.today": ("Ctrl+1",),
    "room.entry": ("Ctrl+2", "Ctrl+N"),
    "room.donations": ("Ctrl+3",),
    "room.corrections": ("Ctrl+4",),
    "room.donors": ("Ctrl+5",),
    "room.reports": ("Ctrl+6",),
    "room.settings": ("Ctrl+7",),
    "room.audit": ("Ctrl+8",),
    # Receipts.
    "receipts.print": ("Ctrl+P",),
    "receipts.void": ("Ctrl+Shift+V",),
    "receipts.request": ("Ctrl+Shift+R",),
    "receipts.closing": ("Ctrl+Shift+D",),
    # File and Data.
    "file.import": ("Ctrl+O",),
    "file.demo": ("Ctrl+Alt+D",),
    "file.quit": ("Ctrl+Q",),
    "data.export": ("Ctrl+E",),
    "data.merge": ("Ctrl+M",),
    "data.card": ("Ctrl+Shift+C",),
    "data.register": ("Ctrl+Shift+G",),
    "data.backup": ("Ctrl+B",),
    "data.restore": ("Ctrl+Shift+B",),
    "data.verify": ("Ctrl+Shift+K",),
    # The session.
    "session.lock": ("Ctrl+L",),
    "session.sign_out": ("Ctrl+Shift+L",),
    "session.password": ("Ctrl+Shift+P",),
}


def bind(action: QAction, name: str) -> QAction:
    """Give `action` its shortcuts from the table (and `name`, for tests and the README)."""
    action.setObjectName(name)
    action.setShortcuts([QKeySequence(keys) for keys in SHORTCUTS[name]])
    return action
