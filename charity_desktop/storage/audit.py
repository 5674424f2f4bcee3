"""The audit log: every change appended in its own transaction, each row chained to the last.

Entries a unit of work appends are held until it commits. Then, in one step under the
chain's lock (SQLite: the write lock every writing transaction already holds; PostgreSQL: a
transaction-scoped advisory lock), the records it wrote are sealed into its last entry
(`storage.trust`), and the entries are linked after the head and inserted. Two desks can
therefore never link to the same head, and `prev_hash` is unique besides.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, or_, select, text
from sqlalchemy.orm import Session

from charity_desktop.storage.models import AuditEntry, utc_now
from charity_desktop.storage.trust import (
    BY_NAME,
    KINDS,
    all_seals,
    canonical_json,
    digest,
    live_records,
    take_seals,
)

GENESIS = "0" * 64
# The key of the PostgreSQL advisory lock that serialises appending to the chain.
CHAIN_LOCK = 0x43484149  # "CHAI"
SEALED = "sealed"  # the details key holding the digests of the records an entry's unit wrote


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
    return hashlib.sha256(f"{prev_hash}|".encode() + canonical_json(fields)).hexdigest()


class UnauditedChange(RuntimeError):
    """A unit of work wrote trusted records without saying on the audit trail what it did."""


class AuditRepository:
    def __init__(self, session: Session) -> None:
        self.session = session
        self._pending: list[tuple[str, str, str, str | None, dict[str, Any]]] = []

    def head(self) -> str:
        """Hash of the newest entry (the chain's head), or the genesis value for an empty log."""
        last = self.session.scalar(select(AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1))
        return last or GENESIS

    def position(self) -> tuple[int, str] | None:
        """(position, hash) of the newest entry; None for an empty log."""
        last = self.session.execute(
            select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
        ).first()
        return (last[0], last[1]) if last else None

    def append(
        self, actor: str, action: str, entity: str, entity_uuid: str | None, details: dict[str, Any]
    ) -> None:
        """Record one change of this unit of work; it joins the chain when the unit commits."""
        self._pending.append((actor, action, entity, entity_uuid, dict(details)))

    def serialise(self) -> None:
        """Take the chain's lock now, for the rest of the transaction (PostgreSQL; a SQLite
        writer holds the whole file from its first statement): a check that reads before
        it writes, such as a repeated tracking number or national ID, then sees every
        change committed before it, and no other desk's until it commits. Idempotent."""
        if self.session.get_bind().dialect.name == "postgresql":
            self.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})

    def chain_pending(self) -> tuple[int, str] | None:
        """Seal what this unit wrote and link its entries after the head, under the chain's
        lock; return the new head (position, hash), or None when there was nothing to chain.

        Raises `UnauditedChange` when trusted records were written but no entry says why.
        """
        self.session.flush()
        seals = take_seals(self.session)
        if not self._pending:
            if seals:
                raise UnauditedChange(f"no audit entry for the change to {sorted(seals)}")
            return None
        self.serialise()
        seq, previous = self.position() or (0, GENESIS)
        if seals:
            self._pending[-1][4][SEALED] = seals
        for actor, action, entity, entity_uuid, details in self._pending:
            seq += 1
            entry = AuditEntry(
                seq=seq,
                at=utc_now(),
                actor=actor,
                action=action,
                entity=entity,
                entity_uuid=entity_uuid,
                details=canonical_json(details).decode(),
                prev_hash=previous,
            )
            entry.hash = previous = entry_hash(entry.prev_hash, entry_fields(entry))
            self.session.add(entry)
        self._pending.clear()
        self.session.flush()
        return seq, previous

    def details_of(self, action: str) -> list[dict[str, Any]]:
        """The details of every `action` entry, oldest first."""
        return [
            dict(json.loads(details))
            for details in self.session.scalars(
                select(AuditEntry.details)
                .where(AuditEntry.action == action)
                .order_by(AuditEntry.seq)
            )
        ]

    def last_details(self, action: str, entity_uuid: str) -> dict[str, Any] | None:
        """The details of the newest `action` entry about `entity_uuid`, if any."""
        details = self.session.scalar(
            select(AuditEntry.details)
            .where(AuditEntry.action == action, AuditEntry.entity_uuid == entity_uuid)
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        )
        return dict(json.loads(details)) if details else None

    def last_at(self, action: str) -> dt.datetime | None:
        """When the newest `action` entry was made (UTC, like `AuditEntry.at`), if any; read
        backwards along the chain, so a recent one is found at once."""
        return self.session.scalar(
            select(AuditEntry.at)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.seq.desc())
            .limit(1)
        )

    def sealed_as(self, kind: str, identity: str) -> tuple[str | None, str | None]:
        """(the digest the chain last sealed for the record `kind`/`identity`, or None if it
        never sealed one; the digest of the record as it now stands, or None if it is gone)."""
        table = BY_NAME[kind].table
        current = self.session.execute(
            select(*BY_NAME[kind].content_columns()).where(
                table.c[BY_NAME[kind].identity[0]] == identity
            )
        ).first()
        now = digest(BY_NAME[kind], current) if current is not None else None
        mentions = select(AuditEntry.details).where(
            AuditEntry.details.contains(f'"{identity}"', autoescape=True)
        )
        # Read newest first, one row at a time (the ORM would fetch every entry naming the
        # record, each holding a whole import's seals, before the first is looked at).
        newest_first = self.session.connection().execute(mentions.order_by(AuditEntry.seq.desc()))
        for (details,) in newest_first:
            sealed = json.loads(details).get(SEALED, {})
            if identity in sealed.get(kind, {}):
                return sealed[kind][identity], now
        return None, now

    def records(self) -> Iterator[tuple[str, str | None, str | None, Any]]:
        """(kind, identity, digest, label) of every trusted record as it now stands; for a
        kind holding a value its column's type cannot read (written behind the program's
        back), (kind, None, None, None) after the records read before it."""
        connection = self.session.connection()
        for kind in KINDS:
            try:
                for identity, sealed, label in live_records(connection, kind):
                    yield kind.name, identity, sealed, label
            except (ValueError, TypeError, OverflowError):
                yield kind.name, None, None, None

    def entries(self) -> Iterator[AuditEntry]:
        """Every entry, oldest first, read a few thousand at a time."""
        yield from self.session.scalars(
            select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=2000)
        )

    def search(
        self,
        *,
        since: Any = None,
        before: Any = None,
        actor: str = "",
        record: str = "",
        also: tuple[str, ...] = (),
        limit: int | None = None,
    ) -> list[AuditEntry]:
        """Entries newest first: made at or after `since` and before `before` (UTC datetimes
        without a zone, like `AuditEntry.at`), by `actor`, about `record` (an entity name, a
        record's UUID, or text in the details such as a receipt number) or any of `also`
        (the UUIDs that record goes by)."""
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
                    *(
                        condition
                        for term in (record, *also)
                        for condition in (
                            AuditEntry.entity_uuid == term,
                            AuditEntry.details.contains(term, autoescape=True),
                        )
                    ),
                )
            )
        query = query.order_by(AuditEntry.seq.desc()).limit(limit)
        return list(self.session.scalars(query))


# Entries whose seals cover every trusted record, not only what their unit wrote.
BASELINE = "records_sealed"


def seal_everything(connection: Connection, reason: dict[str, Any]) -> tuple[int, str]:
    """Append, in `connection`'s transaction, one entry sealing every trusted record as it
    stands (`reason` says why: an upgrade from a database that had no seals yet); return the
    chain's new head (position, hash)."""
    with Session(bind=connection) as session:
        audit = AuditRepository(session)
        audit.append(
            "charity-desktop", BASELINE, "database", None, {**reason, SEALED: all_seals(connection)}
        )
        head = audit.chain_pending()
    assert head is not None
    return head
