import re

import openpyxl

from charity_desktop.persian.money import Unit
from charity_desktop.reports.summary_pdf import write_summary_pdf
from charity_desktop.reports.summary_xlsx import write_summary_xlsx
from charity_desktop.reports.wording import growth_text, period_label, press_paragraph
from charity_desktop.services.summary import Figure, Period, summarize
from charity_desktop.translation import Translator
from tests.reports.pdf import pdf_text, squeeze, typed_text

FA = Translator("fa")


def test_pdf_holds_the_totals_and_the_press_paragraph(office_with_history, tmp_path):
    summary = summarize(office_with_history, Period.of_months(1404, 9))
    path = tmp_path / "summary.pdf"
    write_summary_pdf(summary, path, tr=FA)
    text = squeeze(pdf_text(path))
    for expected in (
        "نهماهنخستسال۱۴۰۴",
        "۵۷٬۰۰۰",  # grand total, rials
        "۵۰٬۰۰۰",  # institutions
        "۲٬۰۰۰",  # last year's total
        "+۲٬۷۵۰٫۰٪",
        "جدید",  # in-kind: nothing last year
        "بهتفکیکشهرستان",
        "ابهر",
        "آذر",
        "جشننیکوکاری۱۴۰۴",
        "متنخبر",
    ):
        assert expected in text, expected
    assert "۹۰٬۰۰۰" not in text  # 1 Dey is outside the nine months


def test_every_number_in_the_summary_pdf_is_persian_and_grouped(office_with_history, tmp_path):
    summary = summarize(office_with_history, Period.of_months(1404, 9))
    path = tmp_path / "summary.pdf"
    write_summary_pdf(summary, path, tr=FA)
    text = typed_text(path)
    assert not re.search("[0-9]", text), "a Latin digit"
    assert not re.search("[۰-۹][,.][۰-۹]", text), "a Latin separator"
    assert "+۲٬۷۵۰٫۰٪" in text  # growth, grouped like any number
    # The bars of at most 55,000 rials are counted in thousands: the axis reads ۱۰ to ۵۰.
    assert "هزار ریال" in text
    assert {"۱۰", "۲۰", "۳۰", "۴۰", "۵۰"} <= set(text.split())


def test_xlsx_holds_the_same_numbers_in_rials(office_with_history, tmp_path):
    summary = summarize(office_with_history, Period.of_months(1404, 9))
    path = tmp_path / "summary.xlsx"
    write_summary_xlsx(summary, path, tr=FA)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "نوع",
        "به تفکیک شهرستان",
        "به تفکیک نیت",
        "به تفکیک روش دریافت",
        "به تفکیک پویش",
        "به تفکیک ماه",
    ]
    kinds = {
        row[0]: row[1:]
        for row in workbook["نوع"].iter_rows(min_row=2, values_only=True)
        if row and row[0]
    }
    assert kinds["نقدی"] == (1, 1_000, 2, 2_000, -50.0)
    assert kinds["غیرنقدی"][1:4] == (2_000, 0, 0) and kinds["غیرنقدی"][4] == "جدید"
    assert kinds["جمع"][:4] == (4, 57_000, 2, 2_000)
    assert kinds["موسسات خیریه"][1] == 50_000
    for sheet in workbook.worksheets:
        assert sheet.sheet_view.rightToLeft
        if sheet.title == "نوع":
            continue
        rows = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
        *lines, total = rows
        assert total[0] == "جمع" and total[2] == 57_000
        assert sum(row[2] for row in lines) == 57_000, sheet.title
        assert sum(row[4] for row in lines) == 2_000, sheet.title


def test_press_paragraph_in_the_offices_unit(office_with_history):
    summary = summarize(office_with_history, Period.of_months(1404, 9))
    text = press_paragraph(summary, FA)
    assert "نه ماه نخست سال ۱۴۰۴" in text
    assert "۵۷٬۰۰۰ ریال" in text
    assert "۲٬۷۵۰٫۰ درصد رشد" in text
    assert "«جشن نیکوکاری ۱۴۰۴»" in text and "۵۰۰ ریال" in text


def plain(text):
    """Text without the direction marks that keep a signed figure in order."""
    return text.replace("\u202a", "").replace("\u202c", "")


def test_wording():
    assert period_label(Period.of_months(1404, 9), FA) == "نه ماه نخست سال ۱۴۰۴"
    assert period_label(Period.of_months(1404, 1, 7), FA) == "مهر ۱۴۰۴"
    assert period_label(Period.of_months(1404, 3, 4), FA) == "تیر تا شهریور ۱۴۰۴"
    assert plain(growth_text(Figure(1, 140, 1, 100), FA)) == "+۴۰٫۰٪"
    assert plain(growth_text(Figure(1, 50, 1, 100), FA)) == "−۵۰٫۰٪"
    assert plain(growth_text(Figure(1, 50, 0, 0), FA)) == "جدید"
    assert plain(growth_text(Figure(), FA)) == "—"


def test_headline_style_matches_the_news():
    from charity_desktop.persian.money import headline_amount

    assert headline_amount(560_500_000_000, Unit.TOMAN) == "۵۶ میلیارد و ۵۰ میلیون تومان"
    assert headline_amount(126_000_000_000, Unit.TOMAN) == "۱۲ میلیارد و ۶۰۰ میلیون تومان"
    assert headline_amount(150_000_000_000, Unit.TOMAN) == "۱۵ میلیارد تومان"
    assert headline_amount(9_000_000, Unit.TOMAN) == "۹۰۰٬۰۰۰ تومان"
