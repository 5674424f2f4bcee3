"""The desk's test page: on the paper receipts use, it shows that Persian letters join, digits
are Persian, amounts read in words, and that 50 mm on paper measure 50 mm (the printer does
not scale)."""

from __future__ import annotations

import datetime as dt
from typing import BinaryIO

from reportlab.lib.units import mm

from charity_desktop.persian.jalali import format_jalali
from charity_desktop.persian.money import Unit, amount_in_words, format_number
from charity_desktop.persian.text import left_to_right, to_persian_digits
from charity_desktop.reports.receipt import paper_size
from charity_desktop.reports.text import BOLD, REGULAR, PersianCanvas, draw_centred, register_fonts
from charity_desktop.translation import Translator

SAMPLE_RIALS = 12_600_000
RULER = 50 * mm


def write_test_page(
    target: BinaryIO, *, paper: str, printer: str, now: dt.datetime, tr: Translator
) -> None:
    """Write the one-page test PDF for `paper` ("a5" or "80mm") naming `printer`."""
    register_fonts()
    width, height = paper_size(paper, tallest=120 * mm)
    canvas = PersianCanvas(target, pagesize=(width, height))
    canvas.setTitle(tr("Test page"))
    canvas.setAuthor("Charity Desktop")
    size = 11 if paper == "a5" else 8.5
    centre = width / 2
    lines = [
        (tr("Test page of the printer"), BOLD, size * 1.4),
        (tr("Charity Desktop"), REGULAR, size),
        (tr("Printer: {name}", name=left_to_right(printer)), REGULAR, size),
        (
            tr(
                "Printed on {date} at {time}",
                date=format_jalali(now.date()),
                time=to_persian_digits(now.strftime("%H:%M")),
            ),
            REGULAR,
            size,
        ),
        ("۰۱۲۳۴۵۶۷۸۹ — " + format_number(SAMPLE_RIALS), REGULAR, size),
        (amount_in_words(SAMPLE_RIALS, Unit.RIAL), REGULAR, size),
        (tr("The line below is 50 mm long on paper."), REGULAR, size),
    ]
    y = height - 12 * mm
    for text, font, text_size in lines:
        y -= text_size * 1.8
        draw_centred(canvas, centre, y, text, font, text_size)
    y -= 10 * mm
    canvas.setLineWidth(1)
    canvas.line(centre - RULER / 2, y, centre + RULER / 2, y)
    for tick in (centre - RULER / 2, centre + RULER / 2):
        canvas.line(tick, y - 2 * mm, tick, y + 2 * mm)
    canvas.showPage()
    canvas.save()
