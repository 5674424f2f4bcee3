"""The audit log: every change appended in its own transaction, each row chained to the last."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from charity_desktop.storage.models import AuditEntry, utc_now

GENESIS = "0" * 64


def entry_fields(entry: AuditEntry) -> list[Any]:
    """What an entry's hash covers, in order (its time as ISO text)."""
    return [
        entry.at.isoformat(),
        entry.actor,
        entry.action,
        entry.entity,
        entry.entity_uuid,
        entry.details,
    ]


def entry_hash(prev_hash: str, fields: list[Any]) -> str:
    """SHA-256 over the previous hash and an entry's fields (canonical JSON)."""
    payload = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}|{payload}".encode()).hexdigest()


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def head(self) -> str:
        """Hash of the newest entry (the chain's head), or the genesis value for an empty log."""
        last = self.session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1))
        return last or GENESIS

    def append(
        self, actor: str, action: str, entity: str, entity_uuid: str | None, details: dict[str, Any]
    ) -> str:
        """Add one entry after the head; must run in the transaction of the change it records."""
        entry = AuditEntry(
            at=utc_now(),
            actor=actor,
            action=action,
            entity=entity,
            entity_uuid=entity_uuid,
            details=json.dumps(details, ensure_ascii=False, separators=(",", ":")),
            prev_hash=self.head(),
        )
        entry.hash = entry_hash(entry.prev_hash, entry_fields(entry))
        self.session.add(entry)
        self.session.flush()
        return entry.hash

    def last_details(self, action: str, entity_uuid: str) -> dict[str, Any] | None:
        """The details of the newest `action` entry about `entity_uuid`, if any."""
        details = self.session.scalar(
            select(AuditEntry.details)
            .where(AuditEntry.action == action, AuditEntry.entity_uuid == entity_uuid)
            .order_by(AuditEntry.id.desc())
            .limit(1)
        )
        return dict(json.loads(details)) if details else None

    def entries(self) -> Iterator[AuditEntry]:
        """Every entry, oldest first, read a few thousand at a time."""
        yield from self.session.scalars(
            select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000)
        )

    def search(
        self,
        *,
        since: Any = None,
        before: Any = None,
        actor: str = "",
        record: str = "",
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Entries newest first: made at or after `since` and before `before` (UTC datetimes
        without a zone, like `AuditEntry.at`), by `actor`, about `record` (an entity name, a
        record's UUID, or text in the details such as a receipt number)."""
        from sqlalchemy import or_

        query = select(AuditEntry)
        if since is not None:
            query = query.where(AuditEntry.at >= since)
        if before is not None:
            query = query.where(AuditEntry.at < before)
        if actor:
            query = query.where(AuditEntry.actor == actor)
        if record:
            query = query.where(
                or_(
                    AuditEntry.entity == record,
                    AuditEntry.entity_uuid == record,
                    AuditEntry.details.contains(record, autoescape=True),
                )
            )
        query = query.order_by(AuditEntry.id.desc()).limit(limit)
        return list(self.session.scalars(query))
