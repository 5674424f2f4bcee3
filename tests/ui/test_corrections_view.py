"""The corrections room: a supervisor decides a clerk's void requests from the queue, and
the clerk enters an approved one again, corrected."""

import pytest
from PySide6.QtWidgets import QInputDialog

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services import corrections
from charity_desktop.services.donations import list_donations, record_donation
from charity_desktop.services.dto import DonationDraft
from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import MainWindow
from tests.actors import CLERK, SUPERVISOR
from tests.ui.conftest import settle

REASON = "مبلغ اشتباه وارد شد"


@pytest.fixture
def asked(database):
    """Two receipts of the clerk, each with a void request waiting."""
    numbers = []
    for amount in ("1000000", "2000000"):
        numbers.append(
            record_donation(
                database,
                DonationDraft(kind="cash", amount=amount, date="1404/09/30", intent="زکات"),
                actor=CLERK,
            ).receipt_number
        )
        corrections.request_void(database, numbers[-1], reason=REASON, actor=CLERK)
    return numbers


def open_window(qtbot, database, actor, fake_print):
    window = MainWindow(database, Translator("fa"), actor, print_dialog=fake_print)
    qtbot.addWidget(window)
    window.show()
    window.pages.setCurrentWidget(window.corrections)
    settle(window)
    return window


def shown_numbers(view):
    return [
        view.table.item(row, 0).text().strip("\u202a\u202c") for row in range(view.table.rowCount())
    ]


def test_a_supervisor_approves_one_and_refuses_the_other(
    qtbot, persian_app, database, asked, fake_print, monkeypatch
):
    window = open_window(qtbot, database, SUPERVISOR, fake_print)
    view = window.corrections
    assert view.approve_button.isVisible() and view.refuse_button.isVisible()
    assert sorted(shown_numbers(view)) == sorted(asked)
    assert view.count.text() == "۲ درخواست در انتظار تصمیم."
    assert view.table.item(0, 7).text() == "در انتظار"
    first = shown_numbers(view).index(asked[0])
    view.table.setCurrentCell(first, 0)
    view.approve_button.click()
    settle(window)
    live = [row.receipt_number for row in list_donations(database, DonationFilter())]
    assert live == [asked[1]]  # voided in the same step
    assert shown_numbers(view) == [asked[1]]  # the queue holds what still waits
    # refusing needs a note; a short one is refused in Persian and decides nothing
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("نه", True))
    view.table.setCurrentCell(0, 0)
    view.refuse_button.click()
    assert view.message.text() and shown_numbers(view) == [asked[1]]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("رسید درست است", True))
    view.table.setCurrentCell(0, 0)
    view.refuse_button.click()
    settle(window)
    assert shown_numbers(view) == [] and view.count.text() == "۰ درخواست در انتظار تصمیم."
    assert len(list_donations(database, DonationFilter())) == 1  # the refused one still counts
    view.decided.setChecked(True)
    settle(window)
    statuses = {
        view.table.item(row, 0).text().strip("\u202a\u202c"): view.table.item(row, 7).text()
        for row in range(view.table.rowCount())
    }
    assert statuses == {asked[0]: "تأیید شد", asked[1]: "رد شد"}
    refused_row = shown_numbers(view).index(asked[1])
    assert view.table.item(refused_row, 8).text() == "سرپرست: رسید درست است"


def test_a_clerk_sees_their_own_and_enters_an_approved_one_again(
    qtbot, persian_app, database, asked, fake_print
):
    corrections.approve_void_request(database, asked[0], actor=SUPERVISOR)
    window = open_window(qtbot, database, CLERK, fake_print)
    view = window.corrections
    assert not view.approve_button.isVisible() and not view.refuse_button.isVisible()
    assert shown_numbers(view) == [asked[1]]
    view.table.setCurrentCell(0, 0)
    view.again_button.click()  # not yet approved: explained, nothing opened
    assert view.message.text() == "فقط کمکی که ابطالش تأیید شده دوباره ثبت می‌شود."
    view.decided.setChecked(True)
    settle(window)
    view.table.setCurrentCell(shown_numbers(view).index(asked[0]), 0)
    view.again_button.click()
    settle(window)
    assert window.pages.currentWidget() is window.entry
    assert window.entry.replaces == asked[0]
    assert asked[0] in window.entry.replaces_label.text()
