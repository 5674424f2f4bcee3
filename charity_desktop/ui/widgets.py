"""Input widgets for Persian entry: amounts that group as you type, Jalali dates, a toast."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCalendar, QDate, Qt, QTimer
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QLabel, QLineEdit, QWidget

from charity_desktop.persian.money import format_number
from charity_desktop.persian.text import to_ascii_digits

ERROR_STYLE = "color: #b42318;"
JALALI_DISPLAY = "dd/MM/yyyy"  # shown as yyyy/MM/dd: Qt reverses the sections in the fa locale


class AmountEdit(QLineEdit):
    """Digits of either set; shown grouped with `٬` and Persian digits as the clerk types."""

    MAX_DIGITS = 15

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.textEdited.connect(self._regroup)

    def _regroup(self, text: str) -> None:
        digits_right_of_cursor = sum(ch.isdigit() for ch in text[self.cursorPosition() :])
        digits = "".join(ch for ch in to_ascii_digits(text) if ch.isascii() and ch.isdigit())
        digits = digits.lstrip("0")[: self.MAX_DIGITS]
        grouped = format_number(int(digits)) if digits else ""
        if grouped == text:
            return
        self.setText(grouped)
        position = len(grouped)
        seen = 0
        while position > 0 and seen < digits_right_of_cursor:
            position -= 1
            if grouped[position].isdigit():
                seen += 1
        self.setCursorPosition(position)

    def digits(self) -> str:
        """What was typed as ASCII digits, for the service to parse."""
        return to_ascii_digits(self.text())


class JalaliDateEdit(QDateEdit):
    """A date field and calendar in the Solar Hijri calendar, Friday marked as the weekend."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        calendar = QCalendar(QCalendar.System.Jalali)
        self.setCalendar(calendar)
        self.setDisplayFormat(JALALI_DISPLAY)
        self.setCalendarPopup(True)
        popup = self.calendarWidget()
        popup.setCalendar(calendar)
        popup.setFirstDayOfWeek(Qt.DayOfWeek.Saturday)
        normal, weekend = QTextCharFormat(), QTextCharFormat()
        weekend.setForeground(QColor("#b42318"))
        for day in Qt.DayOfWeek:
            popup.setWeekdayTextFormat(day, weekend if day == Qt.DayOfWeek.Friday else normal)
        self.set_date(dt.date.today())

    def set_date(self, day: dt.date) -> None:
        self.setDate(QDate(day.year, day.month, day.day))

    def value(self) -> dt.date:
        """The chosen day as a Gregorian date."""
        chosen = self.date()
        return dt.date(chosen.year(), chosen.month(), chosen.day())


class Toast(QLabel):
    """A message that shows over its parent for a few seconds."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setStyleSheet(
            "#toast { background: #1f6f8b; color: white; padding: 10px 18px; border-radius: 6px; }"
        )
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)

    def show_message(self, text: str, milliseconds: int = 5000) -> None:
        self.setText(text)
        self.adjustSize()
        parent = self.parentWidget()
        self.move((parent.width() - self.width()) // 2, parent.height() - self.height() - 24)
        self.raise_()
        self.show()
        self._timer.start(milliseconds)


def error_label() -> QLabel:
    """A label for a Persian problem message, red and wrapping."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel buttons wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
