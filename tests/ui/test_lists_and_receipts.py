import datetime as dt
import re
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QInputDialog, QMessageBox

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services import corrections
from charity_desktop.services.demo import build_demo
from charity_desktop.services.donations import list_donations, record_donation
from charity_desktop.services.dto import DonationDraft
from charity_desktop.services.receipts import preview_receipt
from charity_desktop.translation import Translator
from charity_desktop.ui.donations_view import PAGE
from charity_desktop.ui.main_window import MainWindow
from charity_desktop.ui.printing import pdf_page_images, print_to_file
from tests.actors import ADMIN, CLERK, clerk
from tests.reports.pdf import pdf_pages, pdf_text
from tests.ui.conftest import known_donor_gives, settle


@pytest.fixture
def window(qtbot, persian_app, database, fake_print):
    for amount in ("1000000", "2000000"):
        record_donation(
            database,
            DonationDraft(kind="cash", amount=amount, date="1404/09/30", intent="زکات"),
            actor=clerk("c"),
        )
    window = MainWindow(database, Translator("fa"), ADMIN, print_dialog=fake_print)
    window.fake_print = fake_print
    qtbot.addWidget(window)
    window.pages.setCurrentWidget(window.donations)
    return window


def test_keyset_pages_give_every_row_once_in_order(database):
    build_demo(database, donations=700, seed=3, actor=ADMIN, today=dt.date.today())
    for sort in ("date", "amount"):
        for descending in (False, True):
            everything = list_donations(
                database, DonationFilter(), sort=sort, descending=descending
            )
            paged, last = [], None
            while True:
                page = list_donations(
                    database,
                    DonationFilter(),
                    limit=64,
                    sort=sort,
                    descending=descending,
                    after=last,
                )
                if not page:
                    break
                paged += page
                last = page[-1]
            assert [r.id for r in paged] == [r.id for r in everything]
            key = (
                (lambda r: (r.donated_on, r.id))
                if sort == "date"
                else (lambda r: (r.amount_rials, r.id))
            )
            assert [key(r) for r in paged] == sorted(map(key, paged), reverse=descending)


def test_list_fetches_by_page_filters_sorts_and_counts(qtbot, persian_app, database):
    build_demo(database, donations=1000, seed=5, actor=ADMIN, today=dt.date.today())
    window = MainWindow(database, Translator("fa"), ADMIN)
    qtbot.addWidget(window)
    window.show()
    window.pages.setCurrentWidget(window.donations)  # the list is read when it first shows
    view = window.donations
    model = view.model
    assert model.rowCount() == PAGE
    assert model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 2 * PAGE
    qtbot.waitUntil(lambda: "کمک، جمع" in view.totals.text(), timeout=10_000)
    assert view.totals.text().startswith("۱٬۰۰۰ کمک، جمع")
    view.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    amounts = [row.amount_rials for row in model.rows]
    assert amounts == sorted(amounts, reverse=True)
    view.kind.setCurrentIndex(view.kind.findData("service"))
    view.apply()
    assert {row.kind.value for row in model.rows} == {"service"}
    qtbot.waitUntil(
        lambda: "خدمات داوطلبانه" in view.totals.text() and "نقدی:" not in view.totals.text(),
        timeout=10_000,
    )
    view.kind.setCurrentIndex(0)
    number = model.rows[5].receipt_number or model.rows[6].receipt_number
    view.text.setText(number.lower())
    view.apply()
    assert [row.receipt_number for row in model.rows] == [number]
    assert model.data(model.index(0, 1)).count("/") == 2  # a Jalali date in Persian digits
    assert not any(ch.isascii() and ch.isdigit() for ch in model.data(model.index(0, 3)))


def test_print_from_the_list_counts_only_when_printed(window, database, tmp_path):
    window.donations.table.selectRow(0)  # newest first: ZN-1404-000002
    window.fake_print.accept = False
    window.receipts.print_action.trigger()
    settle(window)
    assert preview_receipt(database, "ZN-1404-000002", actor=CLERK).print_number == 1
    window.fake_print.accept = True
    window.receipts.paper.setCurrentIndex(1)
    window.receipts.print_action.trigger()
    settle(window)
    assert preview_receipt(database, "ZN-1404-000002", actor=CLERK).print_number == 2
    pdf, title = window.fake_print.printed[-1]
    assert title == "رسید ZN-1404-000002"
    path = tmp_path / "printed.pdf"
    path.write_bytes(pdf)
    assert "ZN-1404-000002" in pdf_text(path) and "المثنی" not in pdf_text(path)


def test_open_a_row_and_void_it(window, database, monkeypatch):
    row = window.donations.model.rows[1]
    dialog = window.open_donation(row)
    assert dialog.windowTitle() == "کمک ZN-1404-000001"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("درخواست نیکوکار", True))
    dialog.void_button.click()
    live = list_donations(database, DonationFilter())
    assert [r.receipt_number for r in live] == ["ZN-1404-000002"]
    voided = window.donations.model.rows[1]
    assert voided.voided_at is not None
    model = window.donations.model
    assert model.data(model.index(1, 0)) == "ZN-1404-000001 (باطل)"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.ForegroundRole) == QColor("#b42318")


def test_short_void_reason_is_explained_in_persian(window, monkeypatch):
    window.donations.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("بد", True))
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.receipts.void_action.trigger()
    assert shown == ["علت ابطال: علت ابطال رسید را بنویسید (دست‌کم ۵ حرف)."]


def test_nothing_selected_is_explained(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.donations.table.clearSelection()
    window.receipts.print_action.trigger()
    settle(window)
    assert shown == ["کمکی را برگزینید که رسید دارد."]


def page_size(path):
    """(width, height) in points of the first page, as pdfinfo reads it."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    return float(size.group(1)), float(size.group(2))


@pytest.mark.parametrize(("paper", "width_mm"), [("a5", 148), ("80mm", 80)])
def test_a_receipt_printed_from_the_window_keeps_its_paper(window, tmp_path, paper, width_mm):
    """Printed through Qt's printer (to a PDF file here), the A5 receipt stays A5 and the
    80 mm one an 80 mm roll as long as the receipt: never a US Letter page, never scaled up."""
    printed = tmp_path / f"printed-{paper}.pdf"
    receipts = []

    def printer(parent, pdf, title):
        receipts.append(pdf)
        print_to_file(pdf, printed, title)
        return True

    window.receipts.print_dialog = printer
    window.receipts.paper.setCurrentIndex(window.receipts.paper.findData(paper))
    window.donations.table.selectRow(0)
    window.receipts.print_action.trigger()
    settle(window)
    source = tmp_path / "receipt.pdf"
    source.write_bytes(receipts[0])
    width, height = page_size(printed)
    assert width == pytest.approx(width_mm / 25.4 * 72, abs=1)
    assert (width, height) == pytest.approx(page_size(source), abs=1)
    assert pdf_pages(printed) == 1
    image = pdf_page_images(printed.read_bytes(), dpi=50)[0]
    dark = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if QColor(image.pixel(x, y)).lightness() < 128
    )
    assert dark > 200  # text and QR code, not a blank page


def test_void_and_enter_again_from_the_window(window, database, monkeypatch):
    row = window.donations.model.rows[0]
    dialog = window.open_donation(row)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("مبلغ اشتباه ثبت شد", True))
    dialog.correct_button.click()
    form = window.entry
    assert window.pages.currentWidget() is form
    assert form.replaces_label.text() == f"اصلاح رسید باطل‌شده {row.receipt_number}"
    assert form.amount.text() == "۲٬۰۰۰٬۰۰۰"
    form.amount.setText("2100000")
    saved = form.save(print_after=False)
    live = list_donations(database, DonationFilter())
    assert {r.amount_rials for r in live} == {1_000_000, 2_100_000}
    assert saved.receipt_number == "ZN-1404-000003"
    assert not form.replaces_label.isVisible() and form.replaces == ""


def test_void_and_enter_again_keeps_the_donors_mobile_in_persian_digits(
    qtbot, persian_app, database, fake_print, monkeypatch
):
    known_donor_gives(database, 1_000_000)
    window = MainWindow(database, Translator("fa"), ADMIN, print_dialog=fake_print)
    qtbot.addWidget(window)
    [row] = window.donations.model.rows
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("مبلغ اشتباه ثبت شد", True))
    window.open_donation(row).correct_button.click()
    form = window.entry
    assert form.donor_name.text() == "علی رضایی"
    assert form.donor_id.text() == "۰۰۸۴۵۷۵۹۴۸"
    assert form.donor_mobile.text() == "۰۹۱۲۱۲۳۴۵۶۷"
    form.amount.setText("1100000")
    assert form.save(print_after=False) is not None
    [again] = list_donations(database, DonationFilter())
    assert (again.donor_name, again.donor_mobile, again.amount_rials) == (
        "علی رضایی",
        "09121234567",
        1_100_000,
    )


def test_a_clerk_asks_for_a_void_and_a_supervisor_decides_later(
    qtbot, persian_app, database, fake_print, monkeypatch
):
    for amount in ("1000000", "2000000"):
        record_donation(
            database,
            DonationDraft(kind="cash", amount=amount, date="1404/09/30", intent="زکات"),
            actor=CLERK,
        )
    window = MainWindow(database, Translator("fa"), CLERK, print_dialog=fake_print)
    qtbot.addWidget(window)
    window.pages.setCurrentWidget(window.donations)
    assert not window.receipts.void_action.isVisible()
    assert window.receipts.request_action.isVisible()
    dialog = window.open_donation(window.donations.model.rows[1])
    assert not hasattr(dialog, "void_button") and not hasattr(dialog, "correct_button")
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("مبلغ اشتباه وارد شد", True))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    dialog.request_button.click()
    assert told == ["ابطال رسید ZN-1404-000001 درخواست شد؛ تا تصمیم سرپرست شمرده می‌شود."]
    # still counted: nothing is voided until a supervisor approves
    assert len(list_donations(database, DonationFilter())) == 2
    [request] = corrections.void_requests(database, actor=CLERK)
    assert (request.number, request.reason, request.status) == (
        "ZN-1404-000001",
        "مبلغ اشتباه وارد شد",
        "pending",
    )
    # asking again for the same receipt is refused in Persian, and changes nothing
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    settle(window)
    window.donations.table.selectRow(1)
    assert window.donations.selected().receipt_number == "ZN-1404-000001"
    window.receipts.request_action.trigger()
    assert len(shown) == 1 and "ZN-1404-000001" in shown[0]
    assert len(corrections.void_requests(database, actor=CLERK)) == 1


def test_the_list_follows_the_search_as_it_is_typed_and_a_list_as_it_is_chosen(
    qtbot, window, database
):
    view = window.donations
    window.show()
    settle(window)
    assert len(view.model.rows) == 2
    qtbot.keyClicks(view.text, "ZN-1404-000001")
    assert len(view.model.rows) == 2  # it waits for a pause in the typing
    qtbot.waitUntil(lambda: len(view.model.rows) == 1, timeout=5_000)
    assert view.model.rows[0].receipt_number == "ZN-1404-000001"
    settle(window)
    assert view.totals.text().startswith("۱ کمک، جمع")
    view.text.clear()
    qtbot.keyClick(view.text, Qt.Key.Key_Return)
    assert len(view.model.rows) == 2
    view.kind.setCurrentIndex(view.kind.findData("in_kind"))
    view.kind.activated.emit(view.kind.currentIndex())  # as when chosen by hand
    assert view.model.rows == []
