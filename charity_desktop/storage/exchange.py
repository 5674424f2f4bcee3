"""Rows that travel between offices: read one office's records by UUID, and merge them back.

Records refer to each other by UUID in a package, never by local key, so data from many
offices meets in one database without collisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple, NoReturn

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Integer, Select, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from charity_desktop.storage.models import (
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
    new_uuid,
)
from charity_desktop.storage.repositories import bulk_insert, bulk_update

CHUNK = 900


@dataclass(frozen=True)
class Part:
    """How one package part is stored, and whose its records may be.

    Every record kind a package carries declares itself here, and the merge holds every one
    to the same rule: an *owned* kind (donors, donations, and households, vouchers or loans
    to come) may only be created or changed by the office that owns it; a *shared*
    catalogue (counties, points, intents, campaigns) is mapped by meaning, so a package
    never renames or alters another office's entry.
    """

    model: Any
    columns: tuple[str, ...]  # plain columns
    references: dict[str, str] = field(default_factory=dict)  # column -> part it points into
    shared: bool = False
    label: str = "name"  # the column that names a record to a person
    scope: str = "office_id"  # with name_key, what identifies a shared entry
    final: tuple[str, ...] = ()  # columns no later package may change once they are set


PARTS: dict[str, Part] = {
    "counties": Part(County, ("name", "name_key"), shared=True),
    "collection_points": Part(
        CollectionPoint,
        ("name", "name_key"),
        {"county_id": "counties"},
        shared=True,
        scope="county_id",
    ),
    "intents": Part(
        Intent, ("name", "name_key", "is_religious", "is_active", "sort_order"), shared=True
    ),
    "campaigns": Part(Campaign, ("name", "name_key", "starts_on", "ends_on"), shared=True),
    "institutions": Part(Institution, ("name", "name_key", "license_number")),
    "donors": Part(
        Donor, ("donor_type", "name", "name_key", "national_id", "mobile", "address", "created_at")
    ),
    "donations": Part(
        Donation,
        (
            "kind",
            "amount_rials",
            "donated_on",
            "channel",
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
        {
            "intent_id": "intents",
            "campaign_id": "campaigns",
            "county_id": "counties",
            "collection_point_id": "collection_points",
            "institution_id": "institutions",
            "donor_id": "donors",
        },
        label="receipt_number",
        # a void is for good: a package that undoes or rewrites one was made behind the program
        final=("voided_at", "void_reason", "voided_by"),
    ),
}
ORDER = tuple(PARTS)  # referenced parts come before the parts that refer to them
RECEIPT_COLUMNS = ("issued_at", "snapshot", "print_count", "last_printed_at")


def _plain(value: Any) -> Any:
    """A stored value as JSON can carry it (dates and times as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


Convert = Callable[[Any], Any]


@cache
def _converter(model: Any, column: str) -> Convert:
    """How a JSON value becomes what `model.column` stores (made once per column: a merge
    converts every value of hundreds of thousands of rows).

    The converter raises `PackageMismatch` for a value the column cannot hold (a package
    from a broken or hostile program): SQLite would otherwise keep text in a number column.
    """
    target = model.__table__.columns[column]
    kind = target.type

    def refuse(value: Any) -> NoReturn:
        raise PackageMismatch(f"{column}: {value!r:.40}", column)

    def parsed(parse: Convert, value: Any) -> Any:
        try:
            return parse(value)
        except (TypeError, ValueError):
            refuse(value)

    def moment(value: Any) -> Any:  # in UTC without a zone, as the program keeps it
        found = parsed(dt.datetime.fromisoformat, value)
        return found if found.tzinfo is None else refuse(value)

    length = getattr(kind, "length", None)
    bound = 2**63 if isinstance(kind, BigInteger) else 2**31  # PostgreSQL's INTEGER is 32 bits
    checks: dict[type, Convert] = {
        DateTime: moment,
        Date: lambda value: parsed(dt.date.fromisoformat, value),
        Boolean: lambda value: value if isinstance(value, bool) else refuse(value),
        Integer: lambda value: (
            value if type(value) is int and -bound <= value < bound else refuse(value)
        ),
    }
    check = next(
        (check for base, check in checks.items() if isinstance(kind, base)),
        lambda value: (
            value
            if isinstance(value, str) and (length is None or len(value) <= length)
            else refuse(value)
        ),
    )
    nullable = target.nullable

    def convert(value: Any) -> Any:
        if value is None:
            if not nullable:
                raise PackageMismatch(f"{column}: missing", column)
            return None
        return check(value)

    return convert


class PackageMismatch(Exception):
    """A package refers to a record it neither carries nor this database holds, or holds a
    record this database cannot store as it is: in `column` of `row` when known."""

    def __init__(self, detail: str, column: str | None = None) -> None:
        super().__init__(detail)
        self.column = column
        self.row: dict[str, Any] | None = None  # the row of the batch, once known


class ForeignRecord(Exception):
    """A package names a record (`part`, called `label`) that another office, or this
    database's own office, owns."""

    def __init__(self, part: str, label: str) -> None:
        super().__init__(part, label)
        self.part, self.label = part, label


class Mapping(NamedTuple):
    """A shared catalogue entry of a package, merged as an entry of this database that
    means the same: the office's `own`, the `centre`'s, or a `new` one of the office's."""

    part: str
    name: str  # as the package names it
    target: str  # the entry's name here
    owner: str


class ExchangeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def in_chunks(self, query: Any, column: Any, values: Iterable[Any]) -> list[Any]:
        ordered = sorted(set(values))
        rows: list[Any] = []
        for start in range(0, len(ordered), CHUNK):
            rows += self.session.execute(
                query.where(column.in_(ordered[start : start + CHUNK]))
            ).all()
        return rows

    def _uuid_of(self, model: Any, ids: Iterable[int | None]) -> dict[int, str]:
        rows = self.in_chunks(
            select(model.id, model.uuid), model.id, (i for i in ids if i is not None)
        )
        return {key: uuid for key, uuid in rows}

    def key_of(self, model: Any, uuids: Iterable[str | None]) -> dict[str, int]:
        rows = self.in_chunks(select(model.uuid, model.id), model.uuid, (u for u in uuids if u))
        return {uuid: key for uuid, key in rows}

    def _columns(self, part: str) -> list[Any]:
        kind = PARTS[part]
        return [
            getattr(kind.model, name) for name in ("id", "uuid", *kind.columns, *kind.references)
        ]

    def export(self, office_id: int, since: dt.date | None) -> dict[str, list[dict[str, Any]]]:
        """One office's catalogues, its donations dated (or voided) since `since`, the donors
        they name and their receipts; every reference as a UUID. Reads plain rows, not
        ORM objects: a package may hold hundreds of thousands."""
        records: dict[str, list[Any]] = {}
        for part in ORDER:
            if part == "donors":
                continue
            model = PARTS[part].model
            query: Select[Any] = select(*self._columns(part)).where(model.office_id == office_id)
            if part == "donations" and since is not None:
                query = query.where(or_(Donation.donated_on >= since, Donation.voided_at >= since))
            records[part] = list(self.session.execute(query))
        donor_ids = {row.donor_id for row in records["donations"] if row.donor_id is not None}
        records["donors"] = self.in_chunks(select(*self._columns("donors")), Donor.id, donor_ids)
        parts: dict[str, list[dict[str, Any]]] = {}
        for part in ORDER:
            columns, references = PARTS[part].columns, PARTS[part].references
            uuids = {
                column: self._uuid_of(
                    PARTS[target].model, (getattr(r, column) for r in records[part])
                )
                for column, target in references.items()
            }
            parts[part] = [
                {
                    "uuid": r.uuid,
                    **{c: _plain(getattr(r, c)) for c in columns},
                    **{
                        column.removesuffix("_id") + "_uuid": uuids[column].get(getattr(r, column))
                        for column in references
                    },
                }
                for r in records[part]
            ]
        donation_uuid = {row.id: row.uuid for row in records["donations"]}
        receipt_columns = [Receipt.donation_id, *(getattr(Receipt, c) for c in RECEIPT_COLUMNS)]
        receipts = self.in_chunks(select(*receipt_columns), Receipt.donation_id, donation_uuid)
        parts["receipts"] = [
            {
                "donation_uuid": donation_uuid[r.donation_id],
                **{c: _plain(getattr(r, c)) for c in RECEIPT_COLUMNS},
            }
            for r in receipts
        ]
        return parts

    def merger(self, office_id: int) -> PackageMerge:
        """A merge of one package into this session, for the office `office_id` (the
        registered office whose key signed the package), fed part by part in `MERGED`
        order and batch by batch; see `PackageMerge`."""
        return PackageMerge(self, office_id)

    def found(self, part: str, uuids: Iterable[str | None]) -> dict[str, dict[str, Any]]:
        """The records of `part` with these UUIDs: id, office_id and the plain columns."""
        kind = PARTS[part]
        names = ("id", "uuid", "office_id", *kind.columns, *kind.references)
        return {
            found[1]: dict(zip(names, found, strict=True))
            for found in self.in_chunks(
                select(*(getattr(kind.model, n) for n in names)),
                kind.model.uuid,
                (u for u in uuids if u),
            )
        }

    def owners(
        self, part: str, uuids: Iterable[str | None], also: tuple[str, ...] = ()
    ) -> dict[str, dict[str, Any]]:
        """The records of `part` with these UUIDs: only their id, office and label (and the
        columns `also`)."""
        kind = PARTS[part]
        names = ("uuid", "id", "office_id", kind.label, *also)
        return {
            found[0]: dict(zip(names, found, strict=True))
            for found in self.in_chunks(
                select(*(getattr(kind.model, n) for n in names)),
                kind.model.uuid,
                (u for u in uuids if u),
            )
        }

    def by_meaning(
        self, part: str, office_ids: tuple[int, ...], values: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The shared entry of `part` with the name key of `values` (within its scope), of the
        first of `office_ids` that has one."""
        kind = PARTS[part]
        query = select(kind.model.id, kind.model.name, kind.model.office_id).where(
            kind.model.office_id.in_(office_ids), kind.model.name_key == values["name_key"]
        )
        if kind.scope != "office_id":
            query = query.where(getattr(kind.model, kind.scope) == values[kind.scope])
        rows = self.session.execute(query).all()
        for office in office_ids:
            for key, name, owner in rows:
                if owner == office:
                    return {"id": key, "name": name, "office_id": owner}
        return None


MERGED = (*ORDER, "receipts")  # the order a merge takes a package's parts in
HELD = (
    "receipt_number",
    "donated_on",
    "kind",
    "amount_rials",
    "tracking_number",
)  # what a receipt repeats


class PackageMerge:
    """One package merged into a session, part by part in `MERGED` order, each part in
    batches of any size (a shared catalogue's rows in one batch).

    Records new to this database are inserted, the ones that changed updated, by UUID;
    records already equal are left untouched, so merging the same package twice changes
    nothing. `merge` raises `ForeignRecord` for a row or reference naming a record of
    another office (or of this one), `PackageMismatch` for a reference to a record found
    nowhere, a value its column cannot hold, or a record the database's rules refuse (a
    receipt number another donation holds, an amount not above zero); the caller's
    transaction must then be rolled back.
    """

    def __init__(self, records: ExchangeRepository, office_id: int) -> None:
        self.records, self.session, self.office_id = records, records.session, office_id
        self.home_id = int(self.session.scalars(select(Office.id).where(Office.is_home)).one())
        self.counts: dict[str, tuple[int, int]] = {part: (0, 0) for part in MERGED}
        self.mappings: list[Mapping] = []
        # the donations of the last batch of receipts merged: what their receipts must repeat
        self.receipted: dict[str, dict[str, Any]] = {}
        self.maps: dict[str, dict[str, int]] = {
            part: {} for part in ORDER
        }  # UUIDs mapped by meaning

    def merge(self, part: str, rows: list[dict[str, Any]]) -> tuple[int, int]:
        """Merge a batch of `part`'s rows; return how many records it added and updated."""
        try:
            if part == "receipts":
                done = self._merge_receipts(rows)
            else:
                done = self._merge_part(part, rows)
        except IntegrityError as error:
            raise PackageMismatch(str(error.orig)) from None
        added, updated = self.counts[part]
        self.counts[part] = (added + done[0], updated + done[1])
        return done

    def finish(self) -> None:
        """Keep this database's copy of the office's receipt series at the highest number seen."""
        highest = self.session.execute(
            select(Donation.receipt_year, func.max(Donation.receipt_sequence))
            .where(Donation.office_id == self.office_id, Donation.receipt_year.is_not(None))
            .group_by(Donation.receipt_year)
        ).all()
        for year, last in highest:
            series = self.session.scalars(
                select(ReceiptSeries).where(
                    ReceiptSeries.office_id == self.office_id, ReceiptSeries.year == year
                )
            ).first()
            if series is None:
                self.session.add(
                    ReceiptSeries(office_id=self.office_id, year=year, last_number=last)
                )
            elif series.last_number < last:
                series.last_number = last
        self.session.flush()

    def _merge_part(self, part: str, rows: list[dict[str, Any]]) -> tuple[int, int]:
        existing = self.records.found(part, (row["uuid"] for row in rows))
        batches = [rows]
        if PARTS[part].shared:  # the office's own entries first: foreign UUIDs map to them
            foreign = {
                uuid for uuid, record in existing.items() if record["office_id"] != self.office_id
            }
            batches = [
                [row for row in rows if row["uuid"] not in foreign],
                [row for row in rows if row["uuid"] in foreign],
            ]
        counts = [self._merge_rows(part, batch, existing) for batch in batches]
        return sum(a for a, _ in counts), sum(c for _, c in counts)

    def _reference(
        self, target: str, column: str, reference: str, found: dict[str, dict[str, Any]]
    ) -> int:
        """The key of the record a row refers to: the package's own, a shared entry it was
        mapped to, or (for a shared catalogue) the centre's; never another office's."""
        mapped = self.maps[target]
        if reference in mapped:
            return mapped[reference]
        record = found.get(reference)
        if record is None:
            raise PackageMismatch(reference, column.removesuffix("_id") + "_uuid")
        if record["office_id"] != self.office_id and not (
            PARTS[target].shared and record["office_id"] == self.home_id
        ):
            raise ForeignRecord(target, record[PARTS[target].label] or reference)
        return int(record["id"])

    def _merge_rows(
        self, part: str, rows: list[dict[str, Any]], existing: dict[str, dict[str, Any]]
    ) -> tuple[int, int]:
        """Merge `rows` of `part`; return how many were added and updated."""
        kind = PARTS[part]
        office_id, home_id = self.office_id, self.home_id
        mapped = self.maps[part]
        targets = {
            column: self.records.owners(
                target, (row.get(column.removesuffix("_id") + "_uuid") for row in rows)
            )
            for column, target in kind.references.items()
        }
        converters = [(c, _converter(kind.model, c)) for c in kind.columns]
        check_uuid = _converter(kind.model, "uuid")
        added, changed, fresh = [], [], {}
        for row in rows:
            try:
                current = existing.get(row["uuid"])
                foreign = current is not None and current["office_id"] != office_id
                if foreign and not kind.shared:
                    assert current is not None
                    raise ForeignRecord(part, current[kind.label] or current["uuid"])
                values = {c: convert(row.get(c)) for c, convert in converters}
                check_uuid(row["uuid"])
                for column, target in kind.references.items():
                    reference = row.get(column.removesuffix("_id") + "_uuid")
                    values[column] = (
                        self._reference(target, column, reference, targets[column])
                        if reference
                        else None
                    )
                if kind.shared and (current is None or foreign):
                    # by meaning: the office's own entry of that name, else the centre's
                    offices = (
                        (office_id, home_id)
                        if foreign or kind.scope != "office_id"
                        else (office_id,)
                    )
                    entry = self.records.by_meaning(part, offices, values)
                    if entry is not None:
                        mapped[row["uuid"]] = entry["id"]
                        owner = "centre" if entry["office_id"] == home_id else "own"
                        self.mappings.append(Mapping(part, values["name"], entry["name"], owner))
                        continue
                    if foreign:  # a name nobody has: an entry of the office's own, afresh
                        fresh[row["uuid"]] = new_uuid()
                        added.append({"uuid": fresh[row["uuid"]], "office_id": office_id, **values})
                        self.mappings.append(Mapping(part, values["name"], values["name"], "new"))
                        continue
                if current is None:
                    added.append({"uuid": row["uuid"], "office_id": office_id, **values})
                elif any(current[c] != v for c, v in values.items()):
                    for column in kind.final:  # once set here, never changed by a package
                        if current[column] is not None and current[column] != values[column]:
                            raise PackageMismatch(f"{column}: changed", column)
                    changed.append({"id": current["id"], **values})
            except PackageMismatch as error:
                error.row = row
                raise

        if added:
            bulk_insert(self.session, kind.model, added, exact=True)
        if fresh:
            keys = self.records.key_of(kind.model, fresh.values())
            mapped.update({claimed: keys[made] for claimed, made in fresh.items()})
        bulk_update(self.session, kind.model, changed)
        return len(added), len(changed)

    def _merge_receipts(self, rows: list[dict[str, Any]]) -> tuple[int, int]:
        donations = self.records.owners(
            "donations", (row["donation_uuid"] for row in rows), also=HELD
        )
        self.receipted = {
            uuid: {column: _plain(found[column]) for column in HELD}
            for uuid, found in donations.items()
        }
        columns = (Receipt.id, Receipt.donation_id, *(getattr(Receipt, c) for c in RECEIPT_COLUMNS))
        existing = {
            r.donation_id: r
            for r in self.records.in_chunks(
                select(*columns), Receipt.donation_id, (d["id"] for d in donations.values())
            )
        }
        converters = [(c, _converter(Receipt, c)) for c in RECEIPT_COLUMNS]
        added, changed = [], []
        for row in rows:
            donation = donations.get(row["donation_uuid"])
            if donation is None:
                error = PackageMismatch(row["donation_uuid"], "donation_uuid")
                error.row = row
                raise error
            if donation["office_id"] != self.office_id:  # only its own donations' receipts
                raise ForeignRecord("receipts", donation["receipt_number"] or donation["uuid"])
            try:
                values = {c: convert(row.get(c)) for c, convert in converters}
            except PackageMismatch as error:
                error.row = row
                raise
            current = existing.get(donation["id"])
            if current is None:
                added.append({"donation_id": donation["id"], **values})
            elif any(getattr(current, c) != v for c, v in values.items()):
                changed.append({"id": current.id, **values})
        if added:
            bulk_insert(self.session, Receipt, added, exact=True)
        bulk_update(self.session, Receipt, changed)
        return len(added), len(changed)
