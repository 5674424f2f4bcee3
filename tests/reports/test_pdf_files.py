"""What every kind of PDF owes a reader and an archive: embedded fonts, and a text layer."""

import datetime as dt
import re

import pytest
from PIL import Image, ImageChops
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from charity_desktop.domain.enums import DonorType
from charity_desktop.reports.day_closing import write_day_closing
from charity_desktop.reports.receipt import write_receipt
from charity_desktop.reports.summary_pdf import write_summary_pdf
from charity_desktop.reports.text import (
    REGULAR,
    PersianCanvas,
    draw_right,
    register_fonts,
    rtl_table,
    visual,
    width,
    wrap,
)
from charity_desktop.services.closing import day_closing
from charity_desktop.services.donations import record_donation
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.services.receipts import print_receipt
from charity_desktop.services.summary import Period, summarize
from charity_desktop.translation import Translator
from tests.actors import CLERK, clerk
from tests.reports.pdf import pdf_fonts, render_png, typed_text

FA = Translator("fa")


@pytest.fixture
def pdfs(office_with_history, tmp_path):
    """One PDF of each kind, from the same office: A5 and roll receipts, summary, closing."""
    number = record_donation(
        office_with_history,
        DonationDraft(
            kind="cash",
            amount="12600000",
            date="1404/09/30",
            intent="ایتام",
            channel="desk",
            donor=DonorDraft(DonorType.PERSON, "محمدرضا خدابنده‌لو"),
        ),
        actor=clerk("مریم کرمی"),
    ).receipt_number
    copy = print_receipt(office_with_history, number, actor=CLERK)
    paths = {name: tmp_path / f"{name}.pdf" for name in ("a5", "80mm", "summary", "closing")}
    write_receipt(copy, paths["a5"], tr=FA)
    write_receipt(copy, paths["80mm"], paper="80mm", tr=FA)
    write_summary_pdf(
        summarize(office_with_history, Period.of_months(1404, 9)), paths["summary"], tr=FA
    )
    write_day_closing(
        day_closing(office_with_history, dt.date(2025, 12, 21)), paths["closing"], tr=FA
    )
    return paths


def test_every_font_is_embedded_and_none_is_helvetica(pdfs):
    for name, path in pdfs.items():
        fonts = pdf_fonts(path)
        assert fonts, name
        assert all(fonts.values()), (name, fonts)
        assert not [font for font in fonts if "Helvetica" in font], (name, fonts)


# Arabic presentation forms: what pdftotext gives for shaped letters without a text layer.
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
NO_ZWNJ = str.maketrans("", "", "\u200c")


def test_text_layer_gives_the_letters_as_typed(pdfs):
    """Phrases, not "label: value" pairs: pdftotext counts a colon as part of a number and
    moves the space beside it ("نیکوکار :علی"), text layer or not."""
    expected = {
        "a5": (
            "اداره بهزیستی زنجان",
            "رسید دریافت کمک‌های مردمی",
            "محمدرضا خدابنده‌لو",
            "ایتام",
            "دوازده میلیون و ششصد هزار ریال",
            "ZN-1404-000006",
        ),
        "summary": (
            "اداره بهزیستی زنجان",
            "به تفکیک شهرستان",
            "جشن نیکوکاری ۱۴۰۴",
            "رسیدهای باطل‌شده (بیرون از همه ارقام)",
            "سهم هر نوع کمک",
        ),
        "closing": ("اداره بهزیستی زنجان", "محمدرضا خدابنده‌لو", "رسیدهای باطل‌شده"),
    }
    expected["80mm"] = expected["a5"]
    for name, phrases in expected.items():
        text = typed_text(pdfs[name])
        assert not PRESENTATION_FORMS.search(text), name
        for phrase in phrases:
            assert phrase.translate(NO_ZWNJ) in text, (name, phrase)


def test_the_text_layer_leaves_the_page_as_it_was(tmp_path):
    """The same lines drawn with and without their text layer render to the same pixels."""
    lines = ["اداره بهزیستی زنجان", "کمک‌های مردمی (نقدی) ۱۲٬۶۰۰٬۰۰۰ تومان", "ZN-1404-000001"]
    register_fonts()
    pictures = []
    for name, maker in (("layer", PersianCanvas), ("plain", Canvas)):
        path = tmp_path / f"{name}.pdf"
        canvas = maker(str(path), pagesize=(300, 120), initialFontName=REGULAR, pageCompression=0)
        for index, line in enumerate(lines):
            draw_right(canvas, 290, 90 - 30 * index, line, REGULAR, 12)
        canvas.save()
        pictures.append(Image.open(render_png(path)).convert("RGB"))
    assert b"ActualText" in (tmp_path / "layer.pdf").read_bytes()
    assert ImageChops.difference(*pictures).getbbox() is None


def test_a_cell_wider_than_its_column_is_wrapped_not_clipped():
    register_fonts()
    name = "موسسه خیریه حضرت ابوالفضل (ع) شهرستان خدابنده"
    table = rtl_table([["نیکوکار", "مبلغ"], [name, "۱٬۰۰۰"]], [30 * mm, 20 * mm])
    _amount, cell = table._cellvalues[1]  # columns are drawn right to left
    room = 30 * mm - 12  # the column less its padding
    assert width(name, REGULAR, 9) > room
    lines = cell.split("\n")
    assert lines == [visual(line) for line in wrap(name, REGULAR, 9, room)] and len(lines) > 1
    assert all(stringWidth(line, REGULAR, 9) <= room for line in lines)
