"""Reading the audit trail: who did what to which record, and when (auditors, supervisors,
admins)."""

from __future__ import annotations

import datetime as dt
import json

from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian.text import normalize
from charity_desktop.services.access import authorize
from charity_desktop.services.database import Database
from charity_desktop.services.dto import AuditLine
from charity_desktop.storage.audit import SEALED

# More than any screen or file needs at once; narrow the filters to see older entries.
DEFAULT_LIMIT = 5000


def _utc_start(day: dt.date) -> dt.datetime:
    """The moment this computer's local `day` begins, as stored (UTC, without a zone)."""
    return dt.datetime.combine(day, dt.time()).astimezone(dt.UTC).replace(tzinfo=None)


def audit_trail(
    database: Database,
    *,
    actor: Actor,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    person: str = "",
    record: str = "",
    limit: int | None = DEFAULT_LIMIT,
) -> list[AuditLine]:
    """Entries newest first, made on the local days `date_from` to `date_to` (both included),
    by `person`, about `record` (entity, UUID, or text of the details such as a receipt
    number: then its donation's UUID too), at most `limit` of them."""
    authorize(database, actor, Permission.READ_AUDIT)
    record = normalize(record)
    with database.reader() as uow:
        # a receipt is also found by its donation's UUID: a merge seals the donations it
        # changed by UUID, and never names their receipts
        found = uow.receipts.by_number(record) if record else None
        entries = uow.audit.search(
            since=_utc_start(date_from) if date_from else None,
            before=_utc_start(date_to + dt.timedelta(days=1)) if date_to else None,
            actor=normalize(person),
            record=record,
            also=(found[0].uuid,) if found else (),
            limit=limit,
        )
        return [
            AuditLine(e.seq, e.at, e.actor, e.action, e.entity, e.entity_uuid, _readable(e.details))
            for e in entries
        ]


def _readable(details: str) -> str:
    """An entry's details with the digests of the records it sealed replaced by their count
    (`sealed_records`): they mean nothing to a reader, and `verify` checks them."""
    parsed = json.loads(details)
    sealed = parsed.pop(SEALED, None) if isinstance(parsed, dict) else None
    if not isinstance(sealed, dict):
        return details
    parsed["sealed_records"] = sum(len(records) for records in sealed.values())
    return json.dumps(parsed, ensure_ascii=False, separators=(",", ":"))
