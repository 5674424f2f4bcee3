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


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    """SHA-256 over the previous hash and this entry's fields (canonical JSON)."""
    payload = json.dumps(
        [
            entry.at.isoformat(),
            entry.actor,
            entry.action,
            entry.entity,
            entry.entity_uuid,
            entry.details,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
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
        entry.hash = entry_hash(entry.prev_hash, entry)
        self.session.add(entry)
        self.session.flush()
        return entry.hash

    def entries(self) -> Iterator[AuditEntry]:
        """Every entry, oldest first, read a few thousand at a time."""
        yield from self.session.scalars(
            select(AuditEntry).order_by(AuditEntry.id).execution_options(yield_per=2000)
        )
