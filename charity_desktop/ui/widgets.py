"""Widgets for Persian entry (amounts that group as you type, Jalali dates, a toast), the
read-only tables of the rooms, and placing a window on its screen."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from PySide6.QtCore import QCalendar, QDate, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.errors import DomainError, FieldProblem, ValidationFailed
from charity_desktop.persian.money import format_number
from charity_desktop.persian.text import to_ascii_digits
from charity_desktop.translation import Translator

ERROR_STYLE = "color: #b42318;"
# Dialogs with a form are at least this wide, so a message under a field wraps into lines
# that can be read rather than a squeezed column.
DIALOG_WIDTH = 440
JALALI_DISPLAY = "dd/MM/yyyy"  # shown as yyyy/MM/dd: Qt reverses the sections in the fa locale


class AmountEdit(QLineEdit):
    """Digits of either set; shown grouped with `٬` and Persian digits as the clerk types.

    Nothing typed is cut off: an amount too large is refused, beside the field, when saved.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.textEdited.connect(self._regroup)

    def _regroup(self, text: str) -> None:
        digits_right_of_cursor = sum(ch.isdigit() for ch in text[self.cursorPosition() :])
        digits = "".join(ch for ch in to_ascii_digits(text) if ch.isascii() and ch.isdigit())
        digits = digits.lstrip("0")
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

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab leaves the date as it leaves every other field (←/→ move between its parts;
        Qt's own Tab would walk the day, month and year first)."""
        return QWidget.focusNextPrevChild(self, next)

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


class FieldErrors:
    """Problem messages under the fields they name. A field's message goes as soon as the
    field is edited again, so a fixed field never keeps its old complaint."""

    def __init__(self) -> None:
        self.labels: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def holder(self, name: str, field: QWidget) -> QWidget:
        """`field` with its (hidden) error line under it, to place in a form."""
        label = error_label()
        label.hide()
        self.labels[name] = label
        self.fields[name] = field
        for editor in [field, *field.findChildren(QWidget)]:
            for signal in _edit_signals(editor):
                signal.connect(lambda *_args, name=name: self.clear(name))
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(field)
        box.addWidget(label)
        return holder

    def show(self, problems: Sequence[FieldProblem], tr: Translator) -> list[FieldProblem]:
        """Put each problem under its field and focus the first such field; return the
        problems that name no field here (for a message of the whole form)."""
        self.clear()
        elsewhere = []
        first: QWidget | None = None
        for problem in problems:
            label = self.labels.get(problem.field)
            if label is None:
                elsewhere.append(problem)
                continue
            text = tr(problem.message, **problem.params)
            label.setText(f"{label.text()}\n{text}" if label.isVisible() else text)
            label.show()
            first = first or self.fields[problem.field]
        if first is not None:
            first.setFocus()
        return elsewhere

    def refusal(self, error: BaseException, tr: Translator, message: QLabel) -> bool:
        """Show a refusal: each problem beside its field, the others (and a refusal that
        names no field) in `message`; False for a failure that is no refusal."""
        if isinstance(error, ValidationFailed):
            elsewhere = self.show(error.problems, tr)
            message.setText("\n".join(tr.problem(problem) for problem in elsewhere))
            return True
        if isinstance(error, DomainError):
            message.setText(tr.error(error))
            return True
        return False

    def clear(self, name: str | None = None) -> None:
        """Take away the message of field `name`, or of every field."""
        for key, label in self.labels.items():
            if name is None or key == name:
                label.clear()
                label.hide()


def _edit_signals(widget: QWidget) -> list[Any]:
    """The signals that say a person changed `widget`'s value."""
    if isinstance(widget, QLineEdit):
        return [widget.textEdited]
    if isinstance(widget, QComboBox):
        return [widget.activated]
    if isinstance(widget, QDateEdit):
        return [widget.dateChanged]
    if isinstance(widget, QAbstractButton):
        return [widget.toggled]
    return []


def questions_the_id(error: BaseException) -> bool:
    """Whether `error` asks the clerk to confirm an unusual national ID (ten equal digits)."""
    return isinstance(error, ValidationFailed) and any(
        problem.warning and problem.field == "donor_national_id" for problem in error.problems
    )


def ask_day(parent: QWidget, title: str, question: str) -> dt.date | None:
    """A Solar Hijri day chosen in a small dialog (today at first); None if cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    day = JalaliDateEdit(dialog)
    layout = QVBoxLayout(dialog)
    layout.addWidget(QLabel(question))
    layout.addWidget(day)
    layout.addWidget(ok_cancel(dialog))
    dialog.setMinimumWidth(DIALOG_WIDTH // 2)
    return day.value() if dialog.exec() == QDialog.DialogCode.Accepted else None


def error_label() -> QLabel:
    """A label for a Persian problem message, red and wrapping."""
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def read_only_table(headers: Sequence[str], *, name: str) -> QTableWidget:
    """A table to read and pick one whole row from: `headers` over its columns, each sized
    to its contents but the last, which takes the rest; no row numbers; `name` read aloud."""
    table = QTableWidget(0, len(headers))
    table.setAccessibleName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    header = table.horizontalHeader()
    for column in range(len(headers) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def fill_table(table: QTableWidget, rows: Iterable[Sequence[str]]) -> None:
    """Put `rows` of cell texts in `table` in place of what it held, with nothing chosen."""
    texts = list(rows)
    table.setCurrentCell(-1, -1)
    table.setRowCount(len(texts))
    for index, cells in enumerate(texts):
        for column, text in enumerate(cells):
            table.setItem(index, column, QTableWidgetItem(text))


def show_at_size(window: QWidget, size: QSize) -> None:
    """Show `window` at `size`, centred in the screen's free area (without task bars), or
    filling that area, maximised, when the area is smaller than that."""
    available = window.screen().availableGeometry()
    if available.width() < size.width() or available.height() < size.height():
        window.showMaximized()
        frame, inner = window.frameGeometry(), window.geometry()
        if frame != available:  # no window manager (yet) maximised it: fill the area
            window.setGeometry(
                available.adjusted(
                    inner.left() - frame.left(),
                    inner.top() - frame.top(),
                    inner.right() - frame.right(),
                    inner.bottom() - frame.bottom(),
                )
            )
        return
    window.resize(size)
    frame = window.frameGeometry()
    frame.moveCenter(available.center())
    window.move(frame.topLeft())
    window.show()


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel buttons wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
