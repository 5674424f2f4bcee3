"""A small bar chart widget: this period beside the same period last year, right to left."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

THIS_YEAR = QColor("#1f6f8b")
LAST_YEAR = QColor("#a9c6d3")


class BarChart(QWidget):
    """Pairs of bars (this year, last year) per category; the first category is drawn rightmost
    when the layout is right to left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.categories: list[tuple[str, int, int]] = []
        self.legend = ("", "")
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_data(self, categories: list[tuple[str, int, int]], legend: tuple[str, str]) -> None:
        """(name, this year's value, last year's value) per category."""
        self.categories = categories
        self.legend = legend
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(8, 28, -8, -44)
        if not self.categories or area.width() <= 0:
            painter.end()
            return
        top = max(max(now, before) for _, now, before in self.categories) or 1
        slot = area.width() / len(self.categories)
        bar = max(2.0, slot * 0.35)
        right_to_left = self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        for index, (name, now, before) in enumerate(self.categories):
            position = len(self.categories) - 1 - index if right_to_left else index
            left = area.left() + position * slot + (slot - 2 * bar) / 2
            for offset, value, colour in ((0, now, THIS_YEAR), (bar, before, LAST_YEAR)):
                height = area.height() * value / top
                x = left + (bar - offset if right_to_left else offset)
                painter.fillRect(QRectF(x, area.bottom() - height, bar, height), colour)
            label = QRectF(area.left() + position * slot, area.bottom() + 4, slot, 36)
            painter.setPen(self.palette().text().color())
            painter.drawText(
                label,
                Qt.AlignmentFlag.AlignHCenter
                | Qt.AlignmentFlag.AlignTop
                | Qt.TextFlag.TextWordWrap,
                name,
            )
        metrics = painter.fontMetrics()
        edge = area.right() if right_to_left else area.left()
        for text, colour in zip(self.legend, (THIS_YEAR, LAST_YEAR), strict=True):
            width = metrics.horizontalAdvance(text)
            if right_to_left:
                painter.fillRect(QRectF(edge - 14, 6, 14, 14), colour)
                painter.drawText(
                    QRectF(edge - 20 - width, 2, width, 22), Qt.AlignmentFlag.AlignVCenter, text
                )
                edge -= 40 + width
            else:
                painter.fillRect(QRectF(edge, 6, 14, 14), colour)
                painter.drawText(
                    QRectF(edge + 20, 2, width, 22), Qt.AlignmentFlag.AlignVCenter, text
                )
                edge += 40 + width
        painter.end()
