"""Corrections with two people: a clerk asks, a supervisor approves or refuses."""

import pytest

from charity_desktop.domain.errors import DomainError, NotFound, ValidationFailed
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.users import Actor, PermissionDenied, Role
from charity_desktop.services import audit_trail, corrections, receipts
from charity_desktop.services.donations import list_donations, record_donation, totals
from charity_desktop.services.dto import DonationDraft
from tests.actors import CLERK, SUPERVISOR, clerk

REASON = "مبلغ اشتباه وارد شد"


def give(database, amount="250000"):
    return record_donation(
        database,
        DonationDraft(kind="cash", amount=amount, date="1404/09/30", intent="زکات"),
        actor=CLERK,
    ).receipt_number


def counted(database):
    return sum(total.rials for total in totals(database, DonationFilter()))


def test_a_request_changes_nothing_until_a_supervisor_approves(database):
    number = give(database)
    request = corrections.request_void(database, number, reason=REASON, actor=CLERK)
    assert request.status == corrections.PENDING and request.requested_by == CLERK.name
    assert counted(database) == 250000  # still counted while it waits
    queue = corrections.void_requests(database, actor=SUPERVISOR)
    assert [(row.number, row.reason, row.amount_rials) for row in queue] == [
        (number, REASON, 250000)
    ]

    corrections.approve_void_request(database, number, actor=SUPERVISOR)
    assert counted(database) == 0
    (row,) = list_donations(database, DonationFilter(include_voided=True))
    assert row.voided_by == SUPERVISOR.name and row.void_reason == REASON
    assert corrections.void_requests(database, actor=SUPERVISOR) == []
    (decided,) = corrections.void_requests(database, actor=CLERK, statuses=corrections.STATUSES)
    assert decided.status == corrections.APPROVED and decided.decided_by == SUPERVISOR.name
    assert decided.donation_voided
    actions = [line.action for line in audit_trail.audit_trail(database, actor=SUPERVISOR, limit=5)]
    assert actions[:3] == ["receipt_voided", "void_request_approved", "void_requested"]


def test_the_re_entry_after_approval_is_linked_to_the_void(database):
    number = give(database)
    corrections.request_void(database, number, reason=REASON, actor=CLERK)
    with pytest.raises(ValidationFailed) as refused:  # not before the supervisor decided
        record_donation(
            database,
            DonationDraft(
                kind="cash", amount="25000", date="1404/09/30", intent="زکات", replaces=number
            ),
            actor=CLERK,
        )
    assert refused.value.problems[0].field == "replaces"
    corrections.approve_void_request(database, number, actor=SUPERVISOR)
    again = record_donation(
        database,
        DonationDraft(
            kind="cash", amount="25000", date="1404/09/30", intent="زکات", replaces=number
        ),
        actor=CLERK,
    )
    copy = receipts.preview_receipt(database, again.receipt_number, actor=CLERK)
    assert copy.replaces == number and counted(database) == 25000


def test_a_refusal_keeps_the_donation_and_says_why(database):
    number = give(database)
    corrections.request_void(database, number, reason=REASON, actor=CLERK)
    with pytest.raises(ValidationFailed) as short:
        corrections.refuse_void_request(database, number, note="نه", actor=SUPERVISOR)
    assert short.value.problems[0].field == "decision_note"
    corrections.refuse_void_request(database, number, note="رسید درست است", actor=SUPERVISOR)
    assert counted(database) == 250000
    (row,) = corrections.void_requests(database, actor=CLERK, statuses=(corrections.REFUSED,))
    assert row.decision_note == "رسید درست است" and not row.donation_voided
    # refused, it may be asked again
    corrections.request_void(database, number, reason="باز هم اشتباه است", actor=CLERK)


def test_who_may_ask_and_who_may_decide(database):
    number = give(database)
    with pytest.raises(ValidationFailed):
        corrections.request_void(database, number, reason="بد", actor=CLERK)
    corrections.request_void(database, number, reason=REASON, actor=CLERK)
    with pytest.raises(DomainError, match="already waiting"):
        corrections.request_void(database, number, reason=REASON, actor=clerk("رضا"))
    with pytest.raises(PermissionDenied):
        corrections.approve_void_request(database, number, actor=CLERK)
    with pytest.raises(PermissionDenied):
        corrections.refuse_void_request(database, number, note=REASON, actor=CLERK)
    with pytest.raises(NotFound):
        corrections.approve_void_request(database, give(database), actor=SUPERVISOR)
    # a clerk's queue holds only their own requests
    assert corrections.void_requests(database, actor=clerk("رضا")) == []
    assert len(corrections.void_requests(database, actor=CLERK)) == 1
    # an auditor reads every request and decides none
    auditor = Actor("حسابرس", Role.AUDITOR)
    assert [row.number for row in corrections.void_requests(database, actor=auditor)] == [number]
    with pytest.raises(PermissionDenied):
        corrections.approve_void_request(database, number, actor=auditor)


def test_a_direct_void_closes_the_pending_request(database):
    number = give(database)
    corrections.request_void(database, number, reason=REASON, actor=CLERK)
    receipts.void_receipt(database, number, reason="ابطال مستقیم سرپرست", actor=SUPERVISOR)
    assert corrections.void_requests(database, actor=SUPERVISOR) == []
    (row,) = corrections.void_requests(database, actor=SUPERVISOR, statuses=corrections.STATUSES)
    assert row.status == corrections.APPROVED and row.decided_by == SUPERVISOR.name
    with pytest.raises(DomainError, match="already void"):
        corrections.request_void(database, number, reason=REASON, actor=CLERK)
