"""Persian text in ReportLab: shaping, right-to-left order, wrapping, right-aligned drawing.

ReportLab's own right-to-left support needs `rlbidi`, which is not on PyPI, and silently does
nothing without it. So text is shaped with arabic-reshaper and put in visual order with
python-bidi here, and ReportLab only draws the result. Lines are wrapped on the logical text
first and each line is then reordered on its own; reordering a whole paragraph and wrapping
afterwards puts the lines in reverse order.

Every PDF is drawn on a `PersianCanvas`. It starts in Vazirmatn (a plain ReportLab canvas
starts every page in Helvetica, which is not embedded), and it gives each line shaped here a
text layer of plain letters: without one, a PDF's text is the shaped presentation forms in
visual order, which nobody can search for or copy as typed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import arabic_reshaper
from bidi import algorithm as bidi
from bidi.algorithm import get_display
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

from charity_desktop.paths import private_file, resource_dir
from charity_desktop.persian.money import format_number

REGULAR = "Vazirmatn"
BOLD = "Vazirmatn-Bold"


@cache
def register_fonts() -> None:
    """Embed Vazirmatn (regular and bold) once per process."""
    folder = resource_dir("resources") / "fonts"
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "Vazirmatn-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "Vazirmatn-Bold.ttf")))


# Each line `visual` has shaped -> its text layer (see `PersianCanvas`).
_TEXT_LAYER: dict[str, str] = {}


@cache
def visual(text: str) -> str:
    """One line of logical text as ReportLab must draw it: joined letters, visual order.

    python-bidi's pure-Python algorithm is used on purpose: its newer `bidi.get_display`
    neither mirrors brackets ("(ع)" comes out as ")ع(") nor drops the embedding marks of
    `persian.text.left_to_right`, which this one obeys and removes. The line's text layer is
    remembered for `PersianCanvas`.
    """
    shaped = str(get_display(arabic_reshaper.reshape(text)))
    _TEXT_LAYER[shaped] = _visual_letters(text)
    return shaped


def _visual_letters(text: str) -> str:
    """`text` in visual order with its letters unshaped and its brackets as typed.

    This is what a text layer must hold: readers (poppler) put it in logical order
    themselves, so given the logical text they reorder it once more and reverse it; and they
    do not mirror brackets back, so "(" must stay "(". It is `get_display` without its last
    step (rule L4, mirroring).
    """
    storage = bidi.get_empty_storage()
    storage["base_level"] = bidi.get_base_level(text)
    storage["base_dir"] = ("L", "R")[storage["base_level"]]
    bidi.get_embedding_levels(text, storage)
    bidi.explicit_embed_and_overrides(storage)
    bidi.resolve_weak_types(storage)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    bidi.reorder_resolved_levels(storage, False)
    return "".join(char["ch"] for char in storage["chars"])


class PersianCanvas(Canvas):  # type: ignore[misc]
    """A ReportLab canvas whose pages start in Vazirmatn and whose Persian lines can be read.

    Every font a PDF names is then embedded. Each line shaped by `visual` and drawn here, by
    `draw_right`, `draw_centred`, a table's cells or a chart's labels, is wrapped in a marked
    content span ``/Span <</ActualText <FEFF...>>> BDC ... EMC`` holding its plain letters:
    pdftotext, search and copy give the text as typed (less any ZWNJ), and the page still
    shows the joined letters.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # platypus passes initialFontName=None: None must not mean Helvetica either.
        kwargs["initialFontName"] = kwargs.get("initialFontName") or REGULAR
        super().__init__(*args, **kwargs)

    @contextmanager
    def _text_layer(self, shaped: str) -> Iterator[None]:
        letters = _TEXT_LAYER.get(shaped, shaped)
        if letters == shaped:  # Latin, digits or codes: the glyphs are their own text
            yield
            return
        self.addLiteral(
            f"/Span <</ActualText <FEFF{letters.encode('utf-16-be').hex().upper()}>>> BDC"
        )
        yield
        self.addLiteral("EMC")

    def drawString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        with self._text_layer(text):
            super().drawString(x, y, text, *args, **kwargs)

    def drawRightString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        with self._text_layer(text):
            super().drawRightString(x, y, text, *args, **kwargs)

    def drawCentredString(self, x: float, y: float, text: str, *args: Any, **kwargs: Any) -> None:
        with self._text_layer(text):
            super().drawCentredString(x, y, text, *args, **kwargs)


def new_drawing(width: float, height: float, **attributes: Any) -> Drawing:
    """A chart or picture (reportlab.graphics) whose text starts in Vazirmatn, not Helvetica.

    Its strings, axis labels and legends still name their own font; this covers the state
    every drawing starts from, which would otherwise refer to a Helvetica not embedded.
    """
    return Drawing(width, height, initialFontName=REGULAR, **attributes)


def width(text: str, font: str, size: float) -> float:
    """Width in points of one logical line once shaped."""
    return float(pdfmetrics.stringWidth(visual(text), font, size))


def wrap(text: str, font: str, size: float, max_width: float) -> list[str]:
    """Logical lines of `text`, each no wider than `max_width` (a longer single word stays whole)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and width(candidate, font, size) > max_width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def draw_right(canvas: Canvas, right: float, y: float, text: str, font: str, size: float) -> None:
    """Draw one logical line ending at `right` (right-aligned)."""
    canvas.setFont(font, size)
    canvas.drawRightString(right, y, visual(text))


def draw_centred(
    canvas: Canvas, centre: float, y: float, text: str, font: str, size: float
) -> None:
    """Draw one logical line centred on `centre`."""
    canvas.setFont(font, size)
    canvas.drawCentredString(centre, y, visual(text))


class RtlParagraph(Flowable):  # type: ignore[misc]
    """A right-aligned (or centred) Persian paragraph for platypus documents."""

    def __init__(
        self,
        text: str,
        *,
        font: str = REGULAR,
        size: float = 10,
        leading: float | None = None,
        align: str = "right",
        color: Any = colors.black,
    ) -> None:
        super().__init__()
        self.text = text
        self.font = font
        self.size = size
        self.leading = leading or size * 1.6
        self.align = align
        self.color = color
        self.lines: list[str] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.lines = wrap(self.text, self.font, self.size, available_width)
        return available_width, self.leading * len(self.lines)

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(self.color)
        y = self.leading * (len(self.lines) - 1) + (self.leading - self.size) / 2 + self.size * 0.2
        for line in self.lines:
            if self.align == "center":
                draw_centred(canvas, self.width / 2, y, line, self.font, self.size)
            else:
                draw_right(canvas, self.width, y, line, self.font, self.size)
            y -= self.leading


_CELL_PADDING = 6  # points left and right of a table cell's text (ReportLab's default)


def rtl_table(
    rows: Sequence[Sequence[Any]],
    col_widths: Sequence[float],
    *,
    header_rows: int = 1,
    size: float = 9,
    number_columns: Sequence[int] = (),
    bold_rows: Sequence[int] = (),
) -> Table:
    """A table whose first logical column is drawn rightmost; strings are shaped here.

    `number_columns` (logical indexes) are aligned left, as figures are in Persian tables.
    A string wider than its column is wrapped onto more lines (see `wrap`), never clipped.
    """
    columns = len(col_widths)
    bold = set(range(header_rows)) | {row % len(rows) for row in bold_rows}

    def shaped(cell: Any, row: int, column: int) -> Any:
        if not isinstance(cell, str):
            return cell
        room = col_widths[column] - 2 * _CELL_PADDING
        lines = wrap(cell, BOLD if row in bold else REGULAR, size, room)
        return "\n".join(visual(line) for line in lines)

    shaped_rows = [
        [shaped(cell, r, c) for c, cell in reversed(list(enumerate(row)))]
        for r, row in enumerate(rows)
    ]
    table = Table(
        shaped_rows, colWidths=list(reversed(col_widths)), repeatRows=header_rows, hAlign="RIGHT"
    )
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, size),
        ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), _CELL_PADDING),
    ]
    if header_rows:
        style += [
            ("FONT", (0, 0), (-1, header_rows - 1), BOLD, size),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#e8eef3")),
            ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
        ]
    for logical in number_columns:
        visual_column = columns - 1 - logical
        style.append(("ALIGN", (visual_column, header_rows), (visual_column, -1), "LEFT"))
    for row in bold_rows:
        style.append(("FONT", (0, row), (-1, row), BOLD, size))
    table.setStyle(TableStyle(style))
    return table


A4_MARGIN = 15 * mm


def build_a4(target: Path | BinaryIO, story: list[Any], *, title: str) -> None:
    """Lay `story` out on A4 pages with our margins and a page number at the foot."""

    def page_number(canvas: Canvas, document: Any) -> None:
        canvas.setFont(REGULAR, 8)
        canvas.drawCentredString(A4[0] / 2, 8 * mm, format_number(document.page))

    document = SimpleDocTemplate(
        str(private_file(target)) if isinstance(target, Path) else target,
        pagesize=A4,
        leftMargin=A4_MARGIN,
        rightMargin=A4_MARGIN,
        topMargin=A4_MARGIN,
        bottomMargin=A4_MARGIN,
        title=title,
        author="Charity Desktop",
    )
    document.build(
        story, onFirstPage=page_number, onLaterPages=page_number, canvasmaker=PersianCanvas
    )
