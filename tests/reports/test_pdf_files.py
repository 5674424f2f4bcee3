"""What every kind of PDF owes a reader and an archive: embedded fonts, and a text layer."""

import datetime as dt

import pytest

from charity_desktop.reports.day_closing import write_day_closing
from charity_desktop.reports.receipt import write_receipt
from charity_desktop.reports.summary_pdf import write_summary_pdf
from charity_desktop.services.closing import day_closing
from charity_desktop.services.receipts import print_receipt
from charity_desktop.services.summary import Period, summarize
from charity_desktop.translation import Translator
from tests.actors import CLERK
from tests.reports.pdf import pdf_fonts

FA = Translator("fa")


@pytest.fixture
def pdfs(office_with_history, tmp_path):
    """One PDF of each kind, from the same office: A5 and roll receipts, summary, closing."""
    copy = print_receipt(office_with_history, "ZN-1404-000001", actor=CLERK)
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
