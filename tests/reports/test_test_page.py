"""The desk's test page, on both papers: joined Persian letters, Persian digits, an amount in
words and a 50 mm line, read back from the PDF."""

import datetime as dt
import io

import pypdfium2
import pytest

from charity_desktop.reports.test_page import RULER, write_test_page
from charity_desktop.translation import Translator
from tests.reports.pdf import pdf_text, squeeze

MOMENT = dt.datetime(2026, 12, 2, 9, 5)


@pytest.mark.parametrize(("paper", "width_mm"), [("a5", 148), ("80mm", 80)])
def test_the_test_page_names_its_printer_and_reads_back_in_persian(tmp_path, paper, width_mm):
    pdf = io.BytesIO()
    write_test_page(pdf, paper=paper, printer="HP LaserJet 1020", now=MOMENT, tr=Translator("fa"))
    path = tmp_path / "test-page.pdf"
    path.write_bytes(pdf.getvalue())
    text = pdf_text(path)
    assert "صفحهٔ آزمایشی چاپگر" in text.replace("ه ٔ", "هٔ")
    assert "HP LaserJet 1020" in text
    assert "دوازده میلیون و ششصد هزار ریال" in text
    assert "۰۱۲۳۴۵۶۷۸۹" in squeeze(text) and "۱۴۰۵/۰۹/۱۱" in squeeze(text)
    document = pypdfium2.PdfDocument(pdf.getvalue())
    width, _height = document[0].get_size()
    document.close()
    assert round(width / 72 * 25.4) == width_mm
    assert round(RULER / 72 * 25.4) == 50
