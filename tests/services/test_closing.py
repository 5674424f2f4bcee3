"""The daily closing: per kind, per channel with each kind apart, cash per clerk, both times."""

import datetime as dt
import time

import pytest

from charity_desktop.domain.enums import Channel, DonationKind
from charity_desktop.reports.day_closing import write_day_closing
from charity_desktop.services.closing import ClerkCash, Tally, day_closing
from charity_desktop.services.donations import record_donation
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.services.receipts import void_receipt
from charity_desktop.translation import Translator
from tests.actors import clerk, supervisor
from tests.reports.pdf import squeeze, typed_text

DAY = dt.date(2025, 12, 21)  # 1404/09/30
MARYAM, HOSSEIN = "مریم کرمی", "حسین احمدی"


def give(database, who, kind, amount, channel, *, date="1404/09/30", **changes):
    values = {"kind": kind, "amount": str(amount), "date": date, "intent": "ایتام"}
    values["channel"] = channel
    if kind == "in_kind":
        values.update(description="برنج", quantity="10")
    if kind == "service":
        values.update(description="ویزیت", hours="2")
    values.update(changes)
    return record_donation(database, DonationDraft(**values), actor=clerk(who)).receipt_number


@pytest.fixture
def tehran_clock(monkeypatch):
    """This computer's clock in Tehran (+03:30), so entry times cross midnight as they would."""
    monkeypatch.setenv("TZ", "Asia/Tehran")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def day_of_giving(database):
    """Two clerks' receipts of 1404/09/30 over three channels and every kind, a void, and a
    receipt of the day before."""
    give(database, MARYAM, "cash", 1_000_000, "desk", donor=DonorDraft(name="علی رضایی"))
    give(database, MARYAM, "cash", 2_000_000, "pos")
    give(database, MARYAM, "in_kind", 5_000_000, "desk")
    give(database, HOSSEIN, "cash", 3_000_000, "desk")
    give(database, HOSSEIN, "cash", 4_000_000, "bank_transfer")
    give(database, HOSSEIN, "service", 600_000, "desk")
    voided = give(database, MARYAM, "cash", 7_000_000, "desk")
    give(database, MARYAM, "cash", 9_000_000, "desk", date="1404/09/29")
    void_receipt(database, voided, reason="ثبت تکراری", actor=supervisor("سرپرست"))
    return database


def test_totals_per_kind_and_per_channel_are_kept_apart(day_of_giving):
    closing = day_closing(day_of_giving, DAY)
    assert [row.receipt_number for row in closing.receipts] == [
        f"ZN-1404-00000{n}" for n in range(1, 7)
    ]
    assert [row.receipt_number for row in closing.voided] == ["ZN-1404-000007"]
    assert closing.by_kind == {
        DonationKind.CASH: Tally(4, 10_000_000),
        DonationKind.IN_KIND: Tally(1, 5_000_000),
        DonationKind.SERVICE: Tally(1, 600_000),
    }
    assert closing.cash == Tally(4, 10_000_000)
    assert not hasattr(closing, "total_rials")  # no sum of money and goods
    none = Tally()
    assert closing.by_channel == {
        Channel.DESK: {
            DonationKind.CASH: Tally(2, 4_000_000),
            DonationKind.IN_KIND: Tally(1, 5_000_000),
            DonationKind.SERVICE: Tally(1, 600_000),
        },
        Channel.POS: {
            DonationKind.CASH: Tally(1, 2_000_000),
            DonationKind.IN_KIND: none,
            DonationKind.SERVICE: none,
        },
        Channel.BANK_TRANSFER: {
            DonationKind.CASH: Tally(1, 4_000_000),
            DonationKind.IN_KIND: none,
            DonationKind.SERVICE: none,
        },
    }


def test_each_clerk_hands_over_the_desk_cash_only(day_of_giving):
    closing = day_closing(day_of_giving, DAY)
    assert closing.cash_by_clerk == [
        ClerkCash(
            HOSSEIN, {Channel.DESK: Tally(1, 3_000_000), Channel.BANK_TRANSFER: Tally(1, 4_000_000)}
        ),
        ClerkCash(MARYAM, {Channel.DESK: Tally(1, 1_000_000), Channel.POS: Tally(1, 2_000_000)}),
    ]
    assert [c.to_hand_over for c in closing.cash_by_clerk] == [
        Tally(1, 3_000_000),
        Tally(1, 1_000_000),
    ]


def enter_at(database, number, moment):
    """Pretend receipt `number` was entered at `moment` (UTC)."""
    with database.unit_of_work() as uow:
        donation, _ = uow.receipts.by_number(number)
        donation.created_at = moment
        uow.audit.append("test", "test_setup", "test", None, {})
        uow.commit()


def test_each_receipt_has_its_date_and_its_local_entry_time(day_of_giving, tehran_clock):
    enter_at(day_of_giving, "ZN-1404-000001", dt.datetime(2025, 12, 21, 8, 0))  # 11:30 there
    enter_at(day_of_giving, "ZN-1404-000002", dt.datetime(2025, 12, 21, 21, 0))  # 00:30 next day
    first, second, *_ = day_closing(day_of_giving, DAY).receipts
    assert (first.donated_on, first.entered_at) == (DAY, dt.datetime(2025, 12, 21, 11, 30))
    assert (second.donated_on, second.entered_at) == (DAY, dt.datetime(2025, 12, 22, 0, 30))


def test_closing_pdf_reads_back(day_of_giving, tehran_clock, tmp_path):
    enter_at(day_of_giving, "ZN-1404-000001", dt.datetime(2025, 12, 21, 8, 0))
    enter_at(day_of_giving, "ZN-1404-000002", dt.datetime(2025, 12, 21, 21, 0))
    path = tmp_path / "day.pdf"
    write_day_closing(day_closing(day_of_giving, DAY), path, tr=Translator("fa"))
    text = typed_text(path)
    lines = text.splitlines()
    for phrase in (
        "رسیدهای نقدی",
        "رسیدهای غیرنقدی",
        "رسیدهای خدمات داوطلبانه",
        "تاریخ کمک",
        "زمان ثبت",
        "جمع نقدی",
        "جمع ارزش کالاها (غیرنقدی)",
        "جمع ارزش خدمات (غیرنقدی)",
        "نقدی دریافتی هر کاربر",
        "حضوری (تحویل‌دادنی)",
        "کارتخوان (خارج از تحویل)",
        "واریز به حساب (خارج از تحویل)",
        "علی رضایی",
        "ثبت تکراری",
    ):
        # squeezed: a header wider than its column is wrapped onto two lines
        assert squeeze(phrase.replace("\u200c", "")) in squeeze(text), phrase
    # Entered on the closing day: the time alone; after midnight: the date as well.
    assert "۱۱:۳۰" in lines and "۱۴۰۴/۱۰/۰۱ ۰۰:۳۰" in text
    assert "۱۴۰۴/۰۹/۳۰ ۱۱:۳۰" not in text
    flat = squeeze(text)
    assert "۱۰٬۰۰۰٬۰۰۰" in flat  # the day's cash; the voided 7,000,000 is in no total
    assert "۱۵٬۶۰۰٬۰۰۰" not in flat and "۲۲٬۶۰۰٬۰۰۰" not in flat  # no cash + goods + services
    assert "۹٬۰۰۰٬۰۰۰" not in flat  # the day before
    assert "ZN-1404-000007" in text
