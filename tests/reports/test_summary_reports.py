import re

import openpyxl

from charity_desktop.persian.money import Unit, format_number
from charity_desktop.reports.summary_pdf import write_summary_pdf
from charity_desktop.reports.summary_xlsx import write_summary_xlsx
from charity_desktop.reports.wording import (
    growth_text,
    period_label,
    press_amounts,
    press_paragraph,
)
from charity_desktop.services.dto import OfficeInfo
from charity_desktop.services.summary import Figure, Line, Period, Summary, summarize
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
    assert "به ۵۷ هزار ریال رسید" in text
    assert (
        "کمک‌های نقدی ۱ هزار ریال، کمک‌های غیرنقدی ۲ هزار ریال و خدمات داوطلبانه ۴ هزار ریال"
        " بوده و موسسات خیریه نیز ۵۰ هزار ریال جمع‌آوری کرده‌اند" in text
    )
    assert "۲٬۷۵۰ درصد رشد" in text
    assert "«جشن نیکوکاری ۱۴۰۴»" in text and "۵۰۰ ریال" in text


def summary_of(cash, in_kind, service, institutions, previous, *, unit=Unit.TOMAN):
    """A nine-month summary holding only these figures (in `unit`), as the press paragraph reads it."""
    kinds = [
        Line(kind, kind, Figure(1, amount * unit.rials))
        for kind, amount in (("cash", cash), ("in_kind", in_kind), ("service", service))
    ]
    office = Figure(1, (cash + in_kind + service) * unit.rials)
    sector = Figure(1, institutions * unit.rials)
    period = Period.of_months(1404, 9)
    return Summary(
        office=OfficeInfo("u", "ZN", "اداره کل بهزیستی استان زنجان", "زنجان", "زنجان", unit),
        period=period,
        previous=period.previous_year(),
        by_kind=kinds,
        office_total=office,
        institutions=sector,
        grand_total=office + sector + Figure(0, 0, 1, previous * unit.rials),
        by_county=[],
        by_intent=[],
        by_channel=[],
        by_campaign=[],
        by_month=[],
        donors=Figure(),
        new_donors=Figure(),
        voided=Figure(),
    )


BILLION = 10**9


def test_press_paragraph_of_the_zanjan_nine_months():
    """The seed report: 5.3, 33.6, 1.15 and 16 billion tomans, 56.05 billion in all."""
    summary = summary_of(
        5_300_000_000, 33_600_000_000, 1_150_000_000, 16 * BILLION, previous=35 * BILLION
    )
    text = press_paragraph(summary, FA)
    assert "در نه ماه نخست سال ۱۴۰۴ به بیش از ۵۶ میلیارد تومان رسید." in text
    assert (
        "از این میزان، کمک‌های نقدی ۵ میلیارد و ۳۰۰ میلیون تومان،"
        " کمک‌های غیرنقدی ۳۳ میلیارد و ۶۰۰ میلیون تومان"
        " و خدمات داوطلبانه ۱ میلیارد و ۱۵۰ میلیون تومان بوده"
        " و موسسات خیریه نیز ۱۶ میلیارد تومان جمع‌آوری کرده‌اند." in text
    )
    assert "(۳۵ میلیارد تومان) ۶۰ درصد رشد داشته است." in text  # 60.1 percent
    assert press_amounts(summary).total == "بیش از ۵۶ میلیارد تومان"


def test_press_paragraph_states_an_exact_total_without_more_than():
    text = press_paragraph(summary_of(5 * BILLION, 35 * BILLION, 0, 16 * BILLION, 0), FA)
    assert "به ۵۶ میلیارد تومان رسید." in text and "بیش از" not in text
    assert "خدمات داوطلبانه" not in text.split("رسید.")[1]  # a part of zero is left out
    assert "برای مدت مشابه سال گذشته کمکی ثبت نشده است" in text


def test_press_paragraph_parts_add_up_and_zero_parts_are_left_out():
    """Issue 13: the total said ۲ million, cash of 1,260,000 said ۱ million, in-kind was
    written ۵۰۰,۰۰۰ and the institutions' ۰ was printed."""
    text = press_paragraph(summary_of(1_260_000, 500_000, 0, 0, previous=1_000_000), FA)
    assert "به ۱ میلیون و ۷۶۰ هزار تومان رسید." in text
    assert (
        "از این میزان، کمک‌های نقدی ۱ میلیون و ۲۶۰ هزار تومان"
        " و کمک‌های غیرنقدی ۵۰۰ هزار تومان بوده است." in text
    )
    assert "موسسات خیریه نیز" not in text and "۰ تومان" not in text
    assert "(۱ میلیون تومان) ۷۶ درصد رشد داشته است." in text
    assert not re.search("[0-9,]", text)


def test_press_paragraph_of_institutions_only_and_of_nothing():
    text = press_paragraph(summary_of(0, 0, 0, 2 * BILLION, previous=2 * BILLION), FA)
    assert "به ۲ میلیارد تومان رسید. همه این مبلغ را موسسات خیریه جمع‌آوری کرده‌اند." in text
    assert "با مدت مشابه سال گذشته (۲ میلیارد تومان) برابر است." in text
    empty = press_paragraph(summary_of(0, 0, 0, 0, previous=3_000), FA)
    assert "در نه ماه نخست سال ۱۴۰۴ کمکی ثبت نشده است." in empty and "رسید." not in empty
    assert "۱۰۰ درصد کاهش یافته است." in empty


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

    assert headline_amount(560_000_000_000, Unit.TOMAN) == "۵۶ میلیارد تومان"
    assert headline_amount(560_500_000_000, Unit.TOMAN) == "بیش از ۵۶ میلیارد تومان"
    assert headline_amount(150_000_000_000, Unit.TOMAN) == "۱۵ میلیارد تومان"
    assert headline_amount(53_000_000_000, Unit.TOMAN) == "۵ میلیارد و ۳۰۰ میلیون تومان"
    assert headline_amount(9_000_000, Unit.TOMAN) == "۹۰۰ هزار تومان"
    assert headline_amount(9_990, Unit.TOMAN) == "۹۹۹ تومان"


def test_a_whole_year_is_named_as_the_year(fa):
    from charity_desktop.reports.wording import period_label
    from charity_desktop.services.summary import Period

    assert period_label(Period.of_months(1404, 12), fa) == "سال ۱۴۰۴"
    assert period_label(Period.of_months(1404, 9), fa) == "نه ماه نخست سال ۱۴۰۴"
    day = Period.of_months(1404, 9).last
    assert period_label(Period.between(day, day), fa) == "۱۴۰۴/۰۹/۳۰"  # one day: not "X to X"


def test_a_county_summary_says_which_county_it_covers(office_with_history, fa, tmp_path):
    from charity_desktop.reports.wording import press_paragraph

    summary = summarize(office_with_history, Period.of_months(1404, 9), county="ابهر")
    assert summary.county_scope == "ابهر"
    assert "نه ماه نخست سال ۱۴۰۴، شهرستان ابهر" in press_paragraph(summary, fa)
    write_summary_pdf(summary, tmp_path / "abhar.pdf", tr=fa)
    heading = pdf_text(tmp_path / "abhar.pdf")[:300]  # the title, above the first table
    assert "شهرستان ابهر" in heading


def test_reports_of_totals_past_64_bits(tmp_path):
    """Sums past 2**63 rials (thousands of the largest gifts) print in digits and words."""
    cash, institutions = 9_300 * 999_999_999_999_999, 2 * 2**62
    summary = summary_of(cash, 0, 0, institutions, 0, unit=Unit.RIAL)
    path = tmp_path / "huge.pdf"
    write_summary_pdf(summary, path, tr=FA)
    text = squeeze(pdf_text(path))
    assert format_number(cash) in text and format_number(cash + institutions) in text
    assert "میلیارد" in press_paragraph(summary, FA)
    workbook_path = tmp_path / "huge.xlsx"
    write_summary_xlsx(summary, workbook_path, tr=FA)
    kinds = {
        row[0]: row[1:]
        for row in openpyxl.load_workbook(workbook_path)["نوع"].iter_rows(
            min_row=2, values_only=True
        )
        if row and row[0]
    }
    # Past what a spreadsheet's numbers hold exactly, the digits are written as text.
    assert kinds["جمع"][1] == str(cash + institutions)
    assert kinds["نقدی"][1] == str(cash)
