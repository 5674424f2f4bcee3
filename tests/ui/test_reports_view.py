import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from charity_desktop.persian.text import to_persian_digits
from charity_desktop.translation import Translator
from charity_desktop.ui.reports_view import ReportsView
from tests.actors import clerk
from tests.reports.test_summary_reports import plain
from tests.ui.conftest import desk


@pytest.fixture
def view(qtbot, office_with_history):
    view = ReportsView(
        office_with_history, Translator("fa"), desk(office_with_history, clerk("t"))[1]
    )
    qtbot.addWidget(view)
    view.resize(1024, 700)
    view.show()
    return view


def cell(table, row, column):
    return plain(table.item(row, column).text())


def test_nine_months_on_screen(view, qtbot):
    view.year.setValue(1404)
    view.span.setCurrentIndex(view.span.findData(9))
    qtbot.mouseClick(view.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.summary is not None, timeout=10_000)
    assert (
        plain(view.headline.text())
        == "نه ماه نخست سال ۱۴۰۴: ۵۷ هزار ریال (+۲٬۷۵۰٫۰٪ نسبت به سال گذشته)"
    )
    kinds = view.tables["kind"]
    assert [cell(kinds, r, 0) for r in range(kinds.rowCount())] == [
        "نقدی",
        "غیرنقدی",
        "خدمات داوطلبانه",
        "جمع بخش دولتی",
        "موسسات خیریه",
        "جمع",
    ]
    assert (cell(kinds, 0, 2), cell(kinds, 0, 3), cell(kinds, 0, 4)) == ("۱٬۰۰۰", "۲٬۰۰۰", "−۵۰٫۰٪")
    assert cell(kinds, 1, 4) == "جدید"
    assert kinds.horizontalHeaderItem(2).text() == "مبلغ ۱۴۰۴"
    assert view.charts["county"].categories == [("زنجان", 55_000, 500), ("ابهر", 2_000, 1_500)]
    assert view.press.toPlainText().startswith("به گزارش روابط عمومی")
    assert view.export_pdf.isEnabled()


def test_exports(view, qtbot, tmp_path, monkeypatch):
    view.year.setValue(1404)
    view.span.setCurrentIndex(view.span.findData(12))
    view.calculate()
    qtbot.waitUntil(lambda: view.summary is not None, timeout=10_000)
    target = tmp_path / "year.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.export_xlsx.click()
    qtbot.waitUntil(lambda: view.ops.job is None, timeout=10_000)
    totals = [
        row
        for row in openpyxl.load_workbook(target)["نوع"].iter_rows(values_only=True)
        if row and row[0] == "جمع"
    ]
    assert totals[0][2] == 57_000 + 90_000
    pdf = tmp_path / "year.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    view.export_pdf.click()
    qtbot.waitUntil(lambda: view.ops.job is None, timeout=10_000)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_period_past_the_year_is_explained(view, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    view.span.setCurrentIndex(view.span.findData(6))
    view.first_month.setCurrentIndex(9)  # Dey + 6 months runs past Esfand
    view.calculate()
    assert shown == ["بازه گزارش باید درون یک سال خورشیدی باشد."]


def test_a_cancelled_summary_is_dropped(view, qtbot):
    from PySide6.QtCore import QThreadPool

    view.year.setValue(1404)
    view.calculate()
    assert view.cancel_button.isVisible() and not view.show_button.isEnabled()
    view.cancel()
    assert view.show_button.isEnabled() and not view.progress.isVisible()
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)
    assert view.summary is None


def test_the_tables_are_headed_in_persian_before_a_summary_is_shown(view):
    """Not Qt's «1 2 3 4 5»: the columns of the year the picker shows, and the year before."""
    year = to_persian_digits(str(view.year.value()))
    last_year = to_persian_digits(str(view.year.value() - 1))
    assert view.summary is None
    for table in view.tables.values():
        headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        assert headers == ["", "تعداد", f"مبلغ {year}", f"مبلغ {last_year}", "رشد"]
