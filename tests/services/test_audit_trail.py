"""The audit trail read back: filtered by person, record and day, for auditors, supervisors
and admins only; an auditor reads everything and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from charity_desktop.domain.users import Actor, PermissionDenied, Role
from charity_desktop.services import catalogue, users
from charity_desktop.services.audit_trail import audit_trail
from charity_desktop.services.donations import import_donations, record_donation
from charity_desktop.services.exchange import export_data
from charity_desktop.services.office import set_donation_ceiling, set_idle_lock_minutes
from charity_desktop.services.receipts import print_receipt, void_receipt
from charity_desktop.services.summary import Period, summarize
from tests.actors import ADMIN, SUPERVISOR, clerk
from tests.conftest import history_draft
from tests.services.test_record_donation import draft

AUDITOR = Actor("حسابرس", Role.AUDITOR)


def test_an_auditor_reads_the_trail_filtered_by_person_record_and_day(database):
    first = record_donation(database, draft(), actor=clerk("مریم"))
    second = record_donation(database, draft(amount="2000"), actor=clerk("رضا"))
    void_receipt(database, second.receipt_number, reason="ثبت تکراری", actor=SUPERVISOR)
    everything = audit_trail(database, actor=AUDITOR)
    assert [line.action for line in everything[:3]] == [
        "receipt_voided",
        "donation_recorded",
        "donation_recorded",
    ]
    assert [line.id for line in everything] == sorted(
        (line.id for line in everything), reverse=True
    )
    by_person = audit_trail(database, actor=AUDITOR, person="مريم")  # Arabic yeh, as typed
    assert [(line.actor, line.entity_uuid) for line in by_person] == [("مریم", first.uuid)]
    by_number = audit_trail(
        database, actor=AUDITOR, record=second.receipt_number.replace("1404", "۱۴۰۴")
    )
    assert [line.action for line in by_number] == ["receipt_voided", "donation_recorded"]
    assert [line.action for line in audit_trail(database, actor=AUDITOR, record=first.uuid)] == [
        "donation_recorded"
    ]
    assert len(audit_trail(database, actor=AUDITOR, record="donation")) == 3  # by entity
    today = dt.date.today()
    assert (
        audit_trail(database, actor=AUDITOR, date_from=today, date_to=today)[:3] == everything[:3]
    )
    yesterday = today - dt.timedelta(days=1)
    assert audit_trail(database, actor=AUDITOR, date_to=yesterday) == []
    assert audit_trail(database, actor=AUDITOR, date_from=today + dt.timedelta(days=1)) == []
    assert len(audit_trail(database, actor=AUDITOR, limit=2)) == 2


def test_supervisors_and_admins_read_the_trail_clerks_do_not(database):
    assert audit_trail(database, actor=SUPERVISOR) == audit_trail(database, actor=ADMIN)
    with pytest.raises(PermissionDenied):
        audit_trail(database, actor=clerk("مریم"))


def test_an_auditor_reads_everything_and_changes_nothing(office_with_history):
    database = office_with_history
    assert summarize(database, Period.of_months(1404, 9)).grand_total.count == 4
    users.add_user(database, "مدیر", Role.ADMIN, "a long enough secret", actor=None)
    users.add_user(database, AUDITOR.name, Role.AUDITOR, "a long enough secret", actor=ADMIN)
    before = len(audit_trail(database, actor=AUDITOR, limit=None))
    refused = [
        lambda: record_donation(database, draft(), actor=AUDITOR),
        lambda: import_donations(database, [(2, history_draft("1404/02/01", 10))], actor=AUDITOR),
        lambda: print_receipt(database, "ZN-1404-000001", actor=AUDITOR),
        lambda: void_receipt(database, "ZN-1404-000001", reason="ثبت تکراری", actor=AUDITOR),
        lambda: catalogue.add_entry(database, "campaigns", "نو", actor=AUDITOR),
        lambda: set_idle_lock_minutes(database, 5, actor=AUDITOR),
        lambda: set_donation_ceiling(database, "1000", actor=AUDITOR),
        lambda: users.add_user(database, "کسی", Role.CLERK, "a long enough secret", actor=AUDITOR),
        lambda: export_data(database, None, actor=AUDITOR),
    ]
    for change in refused:
        with pytest.raises(PermissionDenied):
            change()
    assert len(audit_trail(database, actor=AUDITOR, limit=None)) == before


def test_an_admin_adds_an_auditor(database):
    users.add_user(database, "مدیر", Role.ADMIN, "a long enough secret", actor=None)
    info = users.add_user(database, "حسابرس", Role.AUDITOR, "a long enough secret", actor=ADMIN)
    assert info.role is Role.AUDITOR
    assert users.sign_in(database, "حسابرس", "a long enough secret") == AUDITOR
