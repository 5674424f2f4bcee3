"""The audit trail as the services use it: what each change records, and checking the chain."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from charity_desktop.domain.errors import DomainError, Finding
from charity_desktop.storage.audit import GENESIS, entry_fields, entry_hash
from charity_desktop.storage.unit_of_work import UnitOfWork


def donation_states(rows: Iterable[dict[str, Any]]) -> list[list[Any]]:
    """What the audit keeps of each donation: UUID, rials, date and receipt number."""
    return [
        [
            row["uuid"],
            row["amount_rials"],
            row["donated_on"]
            if isinstance(row["donated_on"], str)
            else row["donated_on"].isoformat(),
            row["receipt_number"],
        ]
        for row in rows
    ]


@dataclass(frozen=True)
class ChainCheck:
    problems: list[Finding]
    entries: int
    head: str


def check_chain(uow: UnitOfWork) -> ChainCheck:
    """Walk the audit log: every hash must follow from the one before, and every donation must
    still hold the rials, date and receipt number its last audit entry recorded."""
    problems: list[Finding] = []
    expected_prev = GENESIS
    recorded: dict[str, tuple[int, str, str | None]] = {}
    count = 0
    for entry in uow.audit.entries():
        count += 1
        if (
            entry.prev_hash != expected_prev
            or entry_hash(entry.prev_hash, entry_fields(entry)) != entry.hash
        ):
            problems.append(
                Finding(
                    "Audit entry {entry} ({action}, {at}) was altered.",
                    {"entry": entry.id, "action": entry.action, "at": entry.at},
                )
            )
            break
        expected_prev = entry.hash
        for uuid, rials, donated_on, number in json.loads(entry.details).get("donations", []):
            recorded[uuid] = (rials, donated_on, number)
    if not problems:
        for uuid, rials, donated_on, number in uow.donations.states():
            kept = recorded.get(uuid)
            if kept is not None and kept != (rials, donated_on.isoformat(), number):
                problems.append(
                    Finding(
                        "Donation {donation} differs from its audit record: it was changed outside the program.",
                        {"donation": number or uuid},
                    )
                )
    return ChainCheck(problems, count, expected_prev)


def chain_rows(uow: UnitOfWork) -> list[dict[str, Any]]:
    """The whole audit log as rows a package carries, so the centre can check its continuity."""
    return [
        {"fields": entry_fields(entry), "prev_hash": entry.prev_hash, "hash": entry.hash}
        for entry in uow.audit.entries()
    ]


def check_carried_chain(
    rows: list[dict[str, Any]], head: str | None, known_head: str | None
) -> None:
    """Refuse a package whose audit chain does not link up, does not end at `head`, or no
    longer holds `known_head` (the head the centre saw in this office's previous package):
    that means the office's history was rewritten."""
    broken = DomainError("The office's audit chain in this package is broken; it was refused.")
    previous = GENESIS
    seen = {GENESIS}
    for row in rows:
        try:
            linked = (
                row["prev_hash"] == previous and entry_hash(previous, row["fields"]) == row["hash"]
            )
            previous = row["hash"]
            seen.add(previous)
        except (KeyError, TypeError, ValueError):  # not an entry at all
            raise broken from None
        if not linked:
            raise broken
    if head is not None and previous != head:
        raise broken
    if known_head is not None and known_head not in seen:
        raise DomainError(
            "The office's history was rewritten since its last package (its audit chain no longer holds what the centre saw); it was refused."
        )
