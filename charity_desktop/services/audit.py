"""The audit trail as the services use it: what each change records, and checking the chain."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from charity_desktop.domain.errors import DomainError, Finding
from charity_desktop.services.anchors import Anchor
from charity_desktop.storage.audit import BASELINE, GENESIS, SEALED, entry_fields, entry_hash
from charity_desktop.storage.unit_of_work import UnitOfWork

# What `verify` calls each kind of record in its findings.
KIND_NAMES: dict[str, Finding] = {
    "office": Finding("the office"),
    "setting": Finding("the setting"),
    "user": Finding("the account"),
    "county": Finding("the county"),
    "collection_point": Finding("the collection point"),
    "intent": Finding("the intent"),
    "campaign": Finding("the campaign"),
    "institution": Finding("the charity institution"),
    "donor": Finding("the donor"),
    "donation": Finding("the donation"),
    "receipt": Finding("the receipt"),
    "receipt_series": Finding("the receipt series"),
    "void_request": Finding("the void request for receipt"),
}
ADDED = Finding("{kind} {record} was added outside the program.")
CHANGED = Finding("{kind} {record} was changed outside the program.")
DELETED = Finding("{kind} {record} was deleted outside the program.")
UNREADABLE = Finding(
    "The records of {kind} hold a value the program cannot read: they were changed outside the program."
)
_GONE = object()


@dataclass(frozen=True)
class ChainCheck:
    problems: list[Finding]
    entries: int
    head: str
    anchor: Anchor | None = None  # the anchor the chain was compared with


def _record_problem(uow: UnitOfWork, kind: str, identity: str, label: Any, how: Finding) -> Finding:
    """A finding naming one record the way a person knows it."""
    if kind == "receipt":
        donation = uow.donations.get(int(identity))
        label = donation.receipt_number if donation else identity
    elif kind == "receipt_series":
        office_id, year = identity.split("|")
        office = next((o for o in uow.offices.all() if o.id == int(office_id)), None)
        label = f"{office.code if office else office_id}-{year}"
    return Finding(how.message, {"kind": KIND_NAMES[kind], "record": label or identity})


def _pick_anchor(anchors: Iterable[Anchor]) -> Anchor | None:
    """The anchor counting the most entries (the first given, of those counting as many)."""
    return max(anchors, key=lambda a: a.seq, default=None)


def check_chain(uow: UnitOfWork, anchors: Iterable[Anchor] = ()) -> ChainCheck:
    """Walk the audit log and compare it with the records and with the newest anchor.

    Every entry must be numbered after the one before and its hash follow from it; every
    trusted record must hold what its latest seal recorded (a record with no seal was added,
    one whose seal has no record was deleted, behind the program's back); and the chain must
    still reach the anchor's position with the anchor's hash there."""
    problems: list[Finding] = []
    expected_prev = GENESIS
    sealed: dict[str, str | None] = {}
    hashes_at: dict[int, str] = {}
    anchors = list(anchors)
    wanted = {anchor.seq for anchor in anchors}
    count = 0
    for entry in uow.audit.entries():
        count += 1
        if (
            entry.seq != count
            or entry.prev_hash != expected_prev
            or entry_hash(entry.prev_hash, entry_fields(entry)) != entry.hash
        ):
            problems.append(
                Finding(
                    "Audit entry {entry} ({action}, {at}) was altered.",
                    {"entry": entry.seq, "action": entry.action, "at": entry.at},
                )
            )
            break
        expected_prev = entry.hash
        if count in wanted:
            hashes_at[count] = entry.hash
        details = json.loads(entry.details)
        if entry.action == BASELINE:
            sealed.clear()
        for kind, records in details.get(SEALED, {}).items():
            sealed.update({f"{kind}:{identity}": value for identity, value in records.items()})
    anchor = _pick_anchor(anchors)
    if problems:
        return ChainCheck(problems, count, expected_prev, anchor)
    if anchor is not None:
        if anchor.seq > count:
            problems.append(
                Finding(
                    "The audit chain has {count} entries but its anchor {file} counted {anchored}: {missing} entries are missing.",
                    {
                        "count": count,
                        "anchored": anchor.seq,
                        "missing": anchor.seq - count,
                        "file": str(anchor.path),
                    },
                )
            )
        elif hashes_at.get(anchor.seq) != anchor.hash:
            problems.append(
                Finding(
                    "The audit chain was rebuilt: entry {entry} is not the one its anchor {file} recorded.",
                    {"entry": anchor.seq, "file": str(anchor.path)},
                )
            )
    for kind, identity, digest, label in uow.audit.records():
        if identity is None:  # the rest of this kind cannot be read, so cannot be compared
            problems.append(Finding(UNREADABLE.message, {"kind": KIND_NAMES[kind]}))
            sealed = {key: kept for key, kept in sealed.items() if not key.startswith(f"{kind}:")}
            continue
        kept = sealed.pop(f"{kind}:{identity}", _GONE)
        if kept is _GONE:
            how = ADDED
        elif kept != digest:
            how = CHANGED
        else:
            continue
        problems.append(_record_problem(uow, kind, identity, label, how))
    for key, kept in sealed.items():
        if kept is not None:
            kind, identity = key.split(":", 1)
            problems.append(_record_problem(uow, kind, identity, None, DELETED))
    return ChainCheck(problems, count, expected_prev, anchor)


def chain_rows(uow: UnitOfWork) -> list[dict[str, Any]]:
    """The whole audit log as rows a package carries, so the centre can check its continuity."""
    return [
        {"fields": entry_fields(entry), "prev_hash": entry.prev_hash, "hash": entry.hash}
        for entry in uow.audit.entries()
    ]


def check_carried_chain(rows: Iterable[Any], head: str) -> list[str]:
    """The hashes of the audit chain a package carries, in order; refuses (`DomainError`)
    a chain that does not link up or does not end at `head`."""
    broken = DomainError("The office's audit chain in this package is broken; it was refused.")
    previous = GENESIS
    hashes = []
    for row in rows:
        try:
            linked = (
                row["prev_hash"] == previous and entry_hash(previous, row["fields"]) == row["hash"]
            )
            previous = row["hash"]
        except (KeyError, TypeError, ValueError):  # not an entry at all
            raise broken from None
        if not linked:
            raise broken
        hashes.append(previous)
    if previous != head:
        raise broken
    return hashes
