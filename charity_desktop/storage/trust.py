"""Tamper evidence for records: which kinds carry trust, what of each is sealed, and how.

Every change to a trusted record is *sealed*: when its unit of work commits, the record's
canonical content (the columns below, read back from the database) is hashed and the digest
goes into the details of that unit's audit entry, so the chain holds the latest digest of
every trusted record. `verify` recomputes every live record against it: a record changed,
added or deleted behind the program's back no longer matches.

A kind declares itself once in `KINDS`; every write path (the ORM's flushes, `bulk_insert`,
`bulk_update`, the receipt series) marks what it touched through `mark`, so no kind needs a
check of its own. A column added to a sealed table later goes at the end of its `content`
and into `later`: the digest leaves it out while it is empty, so every record sealed before
the column existed keeps its seal (no migration seals a table again, which would also vouch
for whatever was changed behind the program's back before the upgrade).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, cast

import orjson
from sqlalchemy import (
    Boolean,
    ColumnElement,
    Connection,
    Dialect,
    Integer,
    Table,
    TypeDecorator,
    event,
    inspect,
    select,
    type_coerce,
)
from sqlalchemy import insert as sql_insert
from sqlalchemy.orm import Session

from charity_desktop.storage.models import (
    Base,
    Campaign,
    CollectionPoint,
    County,
    Donation,
    Donor,
    Institution,
    Intent,
    Office,
    Receipt,
    ReceiptSeries,
    Setting,
    User,
    VoidRequest,
)

CHUNK = 900
TOUCHED = "charity_trust_touched"
WRITTEN = "charity_trust_written"  # seals of records inserted whole, from their values
DIGEST_LENGTH = 24  # hex characters (96 bits): a forgery needs a second preimage of this


@dataclass(frozen=True)
class TrustedKind:
    """A record kind whose content is sealed into the audit chain."""

    name: str
    model: type[Base]
    identity: tuple[str, ...]  # the columns naming one record, stable for its life
    content: tuple[str, ...]  # what its digest covers, in this order
    label: str  # the column a person knows the record by (in `verify`'s findings)
    later: tuple[str, ...] = ()  # the last of `content`, added since: left out while empty

    @property
    def table(self) -> Table:
        return Base.metadata.tables[self.model.__tablename__]

    def content_columns(self) -> list[ColumnElement[Any]]:
        """The `content` columns, each read as the database holds it (see `_AsStored`)."""
        table = self.table
        return [
            type_coerce(table.c[c], _AsStored())
            if isinstance(table.c[c].type, Boolean)
            else table.c[c]
            for c in self.content
        ]


class _AsStored(TypeDecorator[Any]):
    """A Boolean column read as stored: 0 and 1 as False and True (what the seals have
    always covered), anything else SQLite lets be written there (2, 'yes') as itself, so
    it no longer matches its seal. The Boolean type reads any nonzero number as True."""

    impl = Integer
    cache_ok = True

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        return bool(value) if isinstance(value, int) and value in (0, 1) else value


_CATALOGUE = ("id", "uuid", "office_id", "name", "name_key")
KINDS: tuple[TrustedKind, ...] = (
    TrustedKind(
        "office",
        Office,
        ("uuid",),
        (
            "id",
            "uuid",
            "code",
            "name",
            "province",
            "county",
            "is_home",
            "created_at",
            "exchange_key",
        ),
        "code",
    ),
    TrustedKind("setting", Setting, ("key",), ("key", "value"), "key"),
    TrustedKind(
        "user",
        User,
        ("uuid",),
        (
            "id",
            "uuid",
            "office_id",
            "name",
            "name_key",
            "role",
            "password_hash",
            "active",
            "created_at",
        ),
        "name",
    ),
    TrustedKind("county", County, ("uuid",), _CATALOGUE, "name"),
    TrustedKind("collection_point", CollectionPoint, ("uuid",), (*_CATALOGUE, "county_id"), "name"),
    TrustedKind(
        "intent",
        Intent,
        ("uuid",),
        (*_CATALOGUE, "is_religious", "is_active", "sort_order"),
        "name",
    ),
    TrustedKind("campaign", Campaign, ("uuid",), (*_CATALOGUE, "starts_on", "ends_on"), "name"),
    TrustedKind("institution", Institution, ("uuid",), (*_CATALOGUE, "license_number"), "name"),
    TrustedKind(
        "donor",
        Donor,
        ("uuid",),
        (
            "id",
            "uuid",
            "office_id",
            "donor_type",
            "name",
            "name_key",
            "national_id",
            "mobile",
            "address",
            "created_at",
        ),
        "name",
    ),
    TrustedKind(
        "donation",
        Donation,
        ("uuid",),
        (
            "id",
            "uuid",
            "office_id",
            "kind",
            "amount_rials",
            "donated_on",
            "channel",
            "intent_id",
            "campaign_id",
            "county_id",
            "collection_point_id",
            "institution_id",
            "donor_id",
            "description",
            "quantity",
            "quantity_unit",
            "service_minutes",
            "clerk",
            "created_at",
            "receipt_year",
            "receipt_sequence",
            "receipt_number",
            "voided_at",
            "void_reason",
            "voided_by",
            "replaces_receipt",
            "tracking_number",
        ),
        "receipt_number",
        later=("tracking_number",),  # 0011
    ),
    TrustedKind(
        "receipt",
        Receipt,
        ("donation_id",),
        ("id", "donation_id", "issued_at", "snapshot", "print_count", "last_printed_at"),
        "donation_id",
    ),
    TrustedKind(
        "receipt_series",
        ReceiptSeries,
        ("office_id", "year"),
        ("id", "office_id", "year", "last_number"),
        "year",
    ),
    TrustedKind(
        "void_request",
        VoidRequest,
        ("uuid",),
        (
            "id",
            "uuid",
            "office_id",
            "donation_id",
            "receipt_number",
            "reason",
            "requested_by",
            "requested_at",
            "status",
            "decided_by",
            "decided_at",
            "decision_note",
        ),
        "receipt_number",
    ),
)
BY_MODEL: dict[type[Base], TrustedKind] = {kind.model: kind for kind in KINDS}
BY_NAME: dict[str, TrustedKind] = {kind.name: kind for kind in KINDS}


def canonical_json(value: Any) -> bytes:
    """`value` (text, whole numbers, booleans, None, dates and times, and lists and dicts of
    them) as the canonical JSON the seals and the chain's hashes cover: the UTF-8 of
    ``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``, dates and times in
    ISO form.

    Written by orjson, byte for byte the same text (tests/storage/test_trust.py holds it to
    ``json.dumps``) at a fraction of the cost: a merge seals hundreds of thousands of
    records and chains an entry naming them all. What orjson refuses (an integer beyond 64
    bits, a key that is no text) is written by json."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(
            value, ensure_ascii=False, separators=(",", ":"), default=_iso_text
        ).encode()


def _iso_text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not held in canonical JSON")


def digest(kind: TrustedKind, values: Iterable[Any]) -> str:
    """The digest of one record's content (its `content` columns' values, in order): the
    SHA-256 of ``[kind, *values]`` as canonical JSON, first 24 hex digits, the empty
    values of its `later` columns at the end left out."""
    content = [kind.name, *values]
    for _column in kind.later:
        if content[-1] is not None:
            break
        content.pop()
    return hashlib.sha256(canonical_json(content)).hexdigest()[:DIGEST_LENGTH]


def identity_of(values: Iterable[Any]) -> str:
    """A record's identity columns as one text (how the chain names it)."""
    return "|".join(str(value) for value in values)


def mark(session: Session, model: type[Base], column: str, values: Iterable[Any]) -> None:
    """Note that the records of `model` whose `column` is one of `values` were written in this
    session: they are sealed when it commits. A model that carries no trust is ignored."""
    if model not in BY_MODEL:
        return
    touched: dict[type[Base], dict[str, set[Any]]] = session.info.setdefault(TOUCHED, {})
    touched.setdefault(model, {}).setdefault(column, set()).update(values)


def insert(
    session: Session, model: type[Base], rows: list[dict[str, Any]], *, exact: bool = False
) -> None:
    """Insert `rows` (dicts keyed by column) in one statement and seal them.

    Rows that hold every content column (but the key) with exactly the type the column
    stores are sealed from the values written, with the keys the insert returns; any other
    rows (or an engine that cannot return keys) are marked and read back when the session
    seals, so a value the database would store differently never gets a false seal.
    `exact`: the caller made every value with the column's own type (a merge's converters),
    so the rows are not checked again.
    """
    table = cast(Table, model.__table__)
    kind = BY_MODEL.get(model)
    connection = session.connection()
    if kind is None:
        connection.execute(sql_insert(table), rows)
        return
    if not (
        connection.dialect.insert_executemany_returning
        and "id" in kind.content
        and (exact or _exact(kind, rows))
    ):
        mark(session, model, kind.identity[0], (row[kind.identity[0]] for row in rows))
        connection.execute(sql_insert(table), rows)
        return
    identity = [table.c[c] for c in kind.identity]
    written = connection.execute(sql_insert(table).returning(*identity, table.c.id), rows)
    keys = {tuple(found[:-1]): found[-1] for found in written.tuples()}
    sealed: dict[str, dict[str, str | None]] = session.info.setdefault(WRITTEN, {})
    found = sealed.setdefault(kind.name, {})
    names = itemgetter(*kind.identity)
    rest = itemgetter(*(c for c in kind.content if c != "id"))
    position = kind.content.index("id")
    for row in rows:
        values = names(row) if len(kind.identity) > 1 else (names(row),)
        content = list(rest(row))
        content.insert(position, keys[values])
        found[identity_of(values)] = digest(kind, content)


def _exact(kind: TrustedKind, rows: list[dict[str, Any]]) -> bool:
    """Whether every row holds every content column of `kind` but its key, each value
    None (where the column allows it) or of exactly the type the column gives back."""
    for name in kind.content:
        if name == "id":
            continue
        column = kind.table.c[name]
        allowed = (
            {column.type.python_type, type(None)} if column.nullable else {column.type.python_type}
        )
        if not {type(row.get(name, _MISSING)) for row in rows} <= allowed:
            return False
    return True


_MISSING = object()


@event.listens_for(Session, "after_flush")
def _mark_flushed(session: Session, _context: Any) -> None:
    """Every object the ORM inserted, changed or deleted is marked by its identity (by its
    primary key where the identity spans columns)."""
    for instance in (*session.new, *session.dirty, *session.deleted):
        kind = BY_MODEL.get(type(instance))
        if kind is not None:
            column = (
                kind.identity[0]
                if len(kind.identity) == 1
                else inspect(kind.model).primary_key[0].name
            )
            mark(session, kind.model, column, [getattr(instance, column)])


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    ordered = sorted(values)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


def take_seals(session: Session) -> dict[str, dict[str, str | None]]:
    """{kind: {identity: digest}} of every record inserted (see `insert`) or marked in
    `session`, the marked ones read back from the database as it now stands (None for a
    record that no longer exists); clears the marks."""
    touched: dict[type[Base], dict[str, set[Any]]] = session.info.pop(TOUCHED, {})
    connection = session.connection()
    seals: dict[str, dict[str, str | None]] = session.info.pop(WRITTEN, {})
    for model, by_column in touched.items():
        kind = BY_MODEL[model]
        table = kind.table
        found = seals.setdefault(kind.name, {})
        wanted = [table.c[c] for c in kind.identity] + kind.content_columns()
        for column, values in by_column.items():
            for chunk in _chunks(v for v in values if v is not None):
                rows = connection.execute(select(*wanted).where(table.c[column].in_(chunk))).all()
                for row in rows:
                    found[identity_of(row[: len(kind.identity)])] = digest(
                        kind, row[len(kind.identity) :]
                    )
                if column == kind.identity[0] and len(kind.identity) == 1:
                    for gone in {str(v) for v in chunk} - found.keys():
                        found[gone] = None
    return {name: seals[name] for name in sorted(seals) if seals[name]}


def live_records(connection: Connection, kind: TrustedKind) -> Iterator[tuple[str, str, Any]]:
    """(identity, digest, label) of every record of `kind`, read a few thousand at a time."""
    table = kind.table
    columns = [*(table.c[c] for c in kind.identity), table.c[kind.label], *kind.content_columns()]
    width = len(kind.identity)
    for row in connection.execute(select(*columns).execution_options(yield_per=2000)):
        yield identity_of(row[:width]), digest(kind, row[width + 1 :]), row[width]


def all_seals(connection: Connection) -> dict[str, dict[str, str | None]]:
    """{kind: {identity: digest}} of every trusted record (a baseline seal)."""
    return {
        kind.name: {identity: sealed for identity, sealed, _ in live_records(connection, kind)}
        for kind in KINDS
    }
