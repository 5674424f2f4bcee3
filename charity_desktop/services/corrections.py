"""Corrections with two people: a clerk asks for a void, a supervisor approves or refuses it.

Until a supervisor decides, the donation stays counted. An approval voids the donation in
the same transaction as the decision; the clerk then enters it again, linked to the voided
receipt (`DonationDraft.replaces`), as with any void.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charity_desktop.domain.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian.text import normalize
from charity_desktop.services.access import authorize
from charity_desktop.services.database import Database
from charity_desktop.services.office import home_office
from charity_desktop.services.receipts import (
    canonical_number,
    receipt_to_void,
    void_donation,
    void_reason_problems,
)
from charity_desktop.storage.models import VoidRequest, utc_now
from charity_desktop.storage.unit_of_work import UnitOfWork

PENDING, APPROVED, REFUSED = "pending", "approved", "refused"
STATUSES = (PENDING, APPROVED, REFUSED)
MIN_REFUSAL_NOTE = 5
LISTED = 500  # requests a queue shows at most


@dataclass(frozen=True)
class VoidRequestRow:
    """One request as the queue shows it."""

    number: str
    amount_rials: int
    donated_on: dt.date
    donor_name: str | None
    reason: str
    requested_by: str
    requested_at: dt.datetime  # stored (UTC), as `Translator.moment` shows it
    status: str
    decided_by: str | None
    decision_note: str | None
    donation_voided: bool


def request_void(database: Database, number: str, *, reason: str, actor: Actor) -> VoidRequestRow:
    """Ask a supervisor to void receipt `number` for `reason`: the donation is not changed.

    Anyone who records donations may ask. Refuses a short reason, an unknown or void receipt
    and a receipt that already has a pending request."""
    reason = normalize(reason)
    problems = void_reason_problems(reason)
    if problems:
        raise ValidationFailed(problems)
    with database.unit_of_work() as uow:
        authorize(uow, actor, Permission.RECORD)
        office = home_office(uow)
        donation = receipt_to_void(uow, number)
        shown = donation.receipt_number or ""
        if uow.void_requests.pending_for(donation.id):
            raise DomainError(
                "A void of receipt {number} is already waiting for a supervisor.", number=shown
            )
        request = uow.void_requests.add(
            VoidRequest(
                office_id=office.id,
                donation_id=donation.id,
                receipt_number=shown,
                reason=reason,
                requested_by=actor.name,
                requested_at=utc_now(),
                status=PENDING,
            )
        )
        uow.audit.append(
            actor.name,
            "void_requested",
            "void_request",
            request.uuid,
            {"number": shown, "reason": reason},
        )
        uow.commit()
        return _row(request, donation.amount_rials, donation.donated_on, None, False)


def _pending(uow: UnitOfWork, number: str) -> VoidRequest:
    shown = canonical_number(number)
    request = uow.void_requests.pending_by_number(shown)
    if request is None:
        raise NotFound("No void request for receipt {number} is waiting.", number=shown)
    return request


def approve_void_request(database: Database, number: str, *, actor: Actor) -> None:
    """Approve the pending request for receipt `number`: the donation is voided with the
    request's reason, by the approver, in the same transaction (supervisors and admins)."""
    with database.unit_of_work() as uow:
        authorize(uow, actor, Permission.VOID)
        request = _pending(uow, number)
        donation = receipt_to_void(uow, request.receipt_number)
        _decide(uow, request, APPROVED, actor, None)
        void_donation(uow, donation, request.reason, actor.name)
        uow.commit()


def refuse_void_request(database: Database, number: str, *, note: str, actor: Actor) -> None:
    """Refuse the pending request for receipt `number`, saying why; the donation stays."""
    note = normalize(note)
    if len(note) < MIN_REFUSAL_NOTE:
        raise ValidationFailed(
            [
                FieldProblem(
                    "decision_note",
                    "Write why the request is refused (at least {count} letters).",
                    {"count": MIN_REFUSAL_NOTE},
                )
            ]
        )
    with database.unit_of_work() as uow:
        authorize(uow, actor, Permission.VOID)
        request = _pending(uow, number)
        _decide(uow, request, REFUSED, actor, note)
        uow.commit()


def _decide(
    uow: UnitOfWork, request: VoidRequest, status: str, actor: Actor, note: str | None
) -> None:
    request.status = status
    request.decided_by = actor.name
    request.decided_at = utc_now()
    request.decision_note = note
    details = {"number": request.receipt_number, "requested_by": request.requested_by}
    if note:
        details["note"] = note
    uow.audit.append(
        actor.name,
        "void_request_approved" if status == APPROVED else "void_request_refused",
        "void_request",
        request.uuid,
        details,
    )


def void_requests(
    database: Database, *, actor: Actor, statuses: tuple[str, ...] = (PENDING,)
) -> list[VoidRequestRow]:
    """Requests in `statuses`, newest first: every one for those who read the audit trail
    (supervisors, admins, auditors), the actor's own for a clerk (what a clerk sees of their
    requests' fate)."""
    with database.reader() as uow:
        sees_all = actor.may(Permission.READ_AUDIT)
        authorize(uow, actor, Permission.READ_AUDIT if sees_all else Permission.RECORD)
        mine = None if sees_all else actor.name
        return [
            _row(
                request, donation.amount_rials, donation.donated_on, donor, bool(donation.voided_at)
            )
            for request, donation, donor in uow.void_requests.listed(
                statuses=statuses, requested_by=mine, limit=LISTED
            )
        ]


def _row(
    request: VoidRequest,
    amount_rials: int,
    donated_on: dt.date,
    donor_name: str | None,
    voided: bool,
) -> VoidRequestRow:
    return VoidRequestRow(
        number=request.receipt_number,
        amount_rials=amount_rials,
        donated_on=donated_on,
        donor_name=donor_name,
        reason=request.reason,
        requested_by=request.requested_by,
        requested_at=request.requested_at,
        status=request.status,
        decided_by=request.decided_by,
        decision_note=request.decision_note,
        donation_voided=voided,
    )
