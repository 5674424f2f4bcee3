"""Correcting a donor's details: checked as the entry form checks them, refused whole, an
ID another donor holds named, audited with what was before, issued receipts unchanged."""

from __future__ import annotations

import json

import pytest

from charity_desktop.domain.enums import DonorType
from charity_desktop.domain.errors import NotFound, ValidationFailed
from charity_desktop.domain.users import Actor, PermissionDenied, Role
from charity_desktop.services.backups import verify
from charity_desktop.services.donations import record_donation
from charity_desktop.services.donors import edit_donor, search_donors
from charity_desktop.services.dto import DonorDraft
from charity_desktop.services.receipts import preview_receipt
from tests.actors import CLERK, clerk
from tests.services.test_record_donation import draft

ALI = DonorDraft(DonorType.PERSON, "علی رضایی", "0084575948", "09121234567")
ZAHRA = DonorDraft(DonorType.PERSON, "زهرا کریمی", "0499370899", "")


def given(database, donor):
    saved = record_donation(database, draft(donor=donor), actor=clerk("c"))
    [found] = search_donors(database, donor.name)
    return found, saved.receipt_number


def test_a_corrected_name_and_mobile_are_found_and_audited_and_the_receipt_stays(database):
    ali, number = given(database, ALI)
    corrected = edit_donor(
        database, ali.uuid, name="علي رضائي‌نیا", mobile="۰۹۱۲۷۶۵۴۳۲۱", actor=CLERK
    )
    assert (corrected.name, corrected.mobile, corrected.national_id) == (
        "علی رضائی‌نیا",
        "09127654321",
        "0084575948",
    )
    assert [d.uuid for d in search_donors(database, "رضائی")] == [ali.uuid]
    assert search_donors(database, "09121234567") == []
    assert preview_receipt(database, number, actor=CLERK).donor_name == "علی رضایی"
    again = record_donation(database, draft(donor=DonorDraft(existing_id=ali.id)), actor=CLERK)
    assert preview_receipt(database, again.receipt_number, actor=CLERK).donor_name == (
        "علی رضائی‌نیا"
    )
    with database.reader() as uow:
        [entry] = [
            (e.actor, e.entity, e.entity_uuid, json.loads(e.details))
            for e in uow.audit.entries()
            if e.action == "donor_changed"
        ]
    *who, details = entry
    details.pop("sealed", None)
    assert who == [CLERK.name, "donor", ali.uuid]
    assert verify(database).problems == []  # the edit went through the seals and the chain
    assert details == {
        "before": {"name": "علی رضایی", "mobile": "09121234567"},
        "after": {"name": "علی رضائی‌نیا", "mobile": "09127654321"},
    }


def test_every_problem_is_named_and_nothing_changes(database):
    ali, _number = given(database, ALI)
    with pytest.raises(ValidationFailed) as caught:
        edit_donor(
            database, ali.uuid, name=" ", national_id="1234567890", mobile="0912", actor=CLERK
        )
    assert {p.field for p in caught.value.problems} == {
        "donor_name",
        "donor_national_id",
        "donor_mobile",
    }
    [same] = search_donors(database, "علی رضایی")
    assert same == ali


def test_an_id_another_donor_holds_is_refused_naming_that_donor(database):
    ali, _ = given(database, ALI)
    given(database, ZAHRA)
    with pytest.raises(ValidationFailed) as caught:
        edit_donor(database, ali.uuid, national_id="۰۴۹۹۳۷۰۸۹۹", actor=CLERK)
    [problem] = caught.value.problems
    assert (problem.field, problem.params) == ("donor_national_id", {"name": "زهرا کریمی"})


def test_an_eleven_digit_id_makes_the_donor_a_legal_entity(database):
    ali, _ = given(database, ALI)
    firm = edit_donor(database, ali.uuid, name="شرکت نمونه", national_id="10320894878", actor=CLERK)
    assert (firm.donor_type, firm.national_id) == (DonorType.LEGAL, "10320894878")


def test_nothing_changed_writes_no_entry_and_an_auditor_may_not_edit(database):
    ali, _ = given(database, ALI)
    edit_donor(database, ali.uuid, name="علی رضایی", actor=CLERK)
    with database.reader() as uow:
        assert not [e for e in uow.audit.entries() if e.action == "donor_changed"]
    with pytest.raises(PermissionDenied):
        edit_donor(database, ali.uuid, name="کسی", actor=Actor("حسابرس", Role.AUDITOR))
    with pytest.raises(NotFound):
        edit_donor(database, "no-such-donor", name="کسی", actor=CLERK)
