"""The home page: today's figures, my receipts, the last entries, and what is overdue."""

import datetime as dt

import pytest

from charity_desktop.domain.enums import DonationKind
from charity_desktop.domain.users import Actor, PermissionDenied, Role
from charity_desktop.services import backups, exchange
from charity_desktop.services.donations import record_donation
from charity_desktop.services.dto import DonationDraft
from charity_desktop.services.receipts import void_receipt
from charity_desktop.services.today import today_page
from tests.actors import SUPERVISOR, clerk

DAY = dt.date(2025, 12, 21)  # 1404/09/30
NOON = dt.datetime(2025, 12, 21, 12, 0)


def give(database, who, kind="cash", amount=100000, date="1404/09/30"):
    values = {"kind": kind, "amount": str(amount), "date": date, "intent": "ایتام"}
    if kind == "in_kind":
        values.update(description="برنج", quantity="10")
    return record_donation(database, DonationDraft(**values), actor=clerk(who)).receipt_number


def test_my_receipts_and_the_last_entries_of_the_day(database):
    first = give(database, "مریم", amount=100000)
    give(database, "مریم", kind="in_kind", amount=9000000)
    give(database, "رضا", amount=70000)
    give(database, "مریم", amount=5000, date="1404/09/29")  # another day
    void_receipt(database, first, reason="ثبت تکراری بود", actor=SUPERVISOR)
    page = today_page(database, actor=clerk("مریم"), day=DAY, now=NOON)
    assert page.closing.by_kind[DonationKind.CASH].rials == 70000
    assert page.closing.by_kind[DonationKind.IN_KIND].rials == 9000000
    assert [receipt.kind for receipt in page.mine] == [DonationKind.IN_KIND]
    assert page.mine_total.rials == 0  # goods are never added to cash
    assert [receipt.clerk for receipt in page.last_entries] == ["رضا", "مریم", "مریم"]
    assert page.last_entries[-1].receipt_number == first  # voided, still listed


def test_an_old_backup_and_a_due_package_are_named(database):
    give(database, "مریم")
    page = today_page(database, actor=clerk("مریم"), day=DAY, now=NOON)
    if database.file_path() is None:
        assert not page.backup_is_old  # a server keeps its own backups
    else:
        assert page.backup_is_old and page.last_backup_at is None
        backups.make_backup(database, now=NOON - dt.timedelta(hours=3))
        fresh = today_page(database, actor=clerk("مریم"), day=DAY, now=NOON)
        assert not fresh.backup_is_old
        later = today_page(database, actor=clerk("مریم"), day=DAY, now=NOON + dt.timedelta(days=2))
        assert later.backup_is_old
        # a backup made under a clock set forward does not silence the reminder
        backups.make_backup(database, now=NOON + dt.timedelta(days=300))
        assert today_page(database, actor=clerk("مریم"), day=DAY, now=NOON).backup_is_old
    # an office that never sent a package is not nagged
    assert page.last_package_at is None and not page.package_is_due
    exchange.export_data(database, actor=SUPERVISOR)
    now = dt.datetime.now()
    assert not today_page(database, actor=clerk("مریم"), day=DAY).package_is_due
    week_later = now + dt.timedelta(days=8)
    assert not today_page(database, actor=clerk("مریم"), day=DAY, now=week_later).package_is_due
    give(database, "مریم")  # something new since the package
    assert today_page(database, actor=clerk("مریم"), day=DAY, now=week_later).package_is_due
    assert not today_page(database, actor=clerk("مریم"), day=DAY, now=now).package_is_due


def test_an_auditor_has_no_home_page(database):
    with pytest.raises(PermissionDenied):
        today_page(database, actor=Actor("حسابرس", Role.AUDITOR), day=DAY)
