"""The tracking number of a card-reader, transfer, USSD or online gift: stored as the bank
prints it, frozen on the receipt, found by the list's search, and never entered twice on a
channel while its gift stands (a void frees it for the corrected entry)."""

from __future__ import annotations

import pytest

from charity_desktop.domain.errors import ValidationFailed
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services.donations import import_donations, list_donations, record_donation
from charity_desktop.services.receipts import preview_receipt, void_receipt
from tests.actors import CLERK, SUPERVISOR
from tests.services.test_record_donation import draft


def card(number, channel="pos", **changes):
    return draft(channel=channel, tracking_number=number, **changes)


def refusal(database, donation):
    with pytest.raises(ValidationFailed) as caught:
        record_donation(database, donation, actor=CLERK)
    return [(p.field, p.message, p.params) for p in caught.value.problems]


def test_stored_as_the_bank_prints_it_frozen_on_the_receipt_and_found(database):
    saved = record_donation(database, card("۶۲۸۱ ۰۴۵۵ ۹۰۱۲"), actor=CLERK)
    assert preview_receipt(database, saved.receipt_number, actor=CLERK).tracking_number == (
        "628104559012"
    )
    [found] = list_donations(database, DonationFilter(text="628104559012"))
    assert (found.receipt_number, found.tracking_number) == (saved.receipt_number, "628104559012")


def test_a_desk_gift_has_none_and_an_odd_one_is_refused(database):
    [(field, message, _)] = refusal(database, card("628104559012", channel="desk"))
    assert field == "tracking_number" and "card-reader" in message
    [(field, message, _)] = refusal(database, card("12"))
    assert field == "tracking_number" and "4 to 40" in message
    [(field, _, _)] = refusal(database, card("ıııı1"))  # no Latin letter made of another
    assert field == "tracking_number"
    assert [(f, m) for f, m, _ in refusal(database, card("شماره"))] == [
        (
            "tracking_number",
            "A tracking number has 4 to 40 Latin letters and digits (spaces and dashes are left out).",
        )
    ]
    assert list_donations(database, DonationFilter(include_voided=True)) == []


def test_a_repeat_is_refused_naming_the_receipt_until_that_gift_is_voided(database):
    first = record_donation(database, card("RRN-000123"), actor=CLERK)
    [(field, _message, params)] = refusal(database, card("rrn000123"))  # one number, grouped or not
    assert field == "tracking_number" and params["receipt"] == first.receipt_number
    record_donation(database, card("RRN-000123", channel="bank_transfer"), actor=CLERK)
    void_receipt(database, first.receipt_number, reason="مبلغ اشتباه ثبت شد", actor=SUPERVISOR)
    again = record_donation(
        database, card("RRN-000123", replaces=first.receipt_number), actor=CLERK
    )
    assert preview_receipt(database, again.receipt_number, actor=CLERK).tracking_number == (
        "RRN000123"
    )


def test_an_import_names_every_repeat_row_and_stores_nothing(database):
    record_donation(database, card("777000111"), actor=CLERK)
    rows = [
        (2, card("555000222")),
        (3, card("777000111")),  # already entered
        (4, card("555000222")),  # row 2 has it
        (5, card("555000222", channel="ussd")),  # another channel: fine
    ]
    with pytest.raises(ValidationFailed) as caught:
        import_donations(database, rows, actor=CLERK)
    assert sorted((p.row, p.field) for p in caught.value.problems) == [
        (3, "tracking_number"),
        (4, "tracking_number"),
    ]
    assert [p.params.get("other") for p in caught.value.problems if p.row == 4] == [2]
    assert len(list_donations(database, DonationFilter())) == 1
    report = import_donations(database, [rows[0], rows[3]], actor=CLERK)
    assert report.rows == 2
