"""Rows that travel between offices: read one office's records by UUID, and merge them back.

Records refer to each other by UUID in a package, never by local key, so data from many
offices meets in one database without collisions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, Select, func, or_, select
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
    Receipt,
    ReceiptSeries,
)
from charity_desktop.storage.repositories import bulk_insert, bulk_update

CHUNK = 900
# Package part -> model, its plain columns, and its references (column -> part it points into).
PARTS: dict[str, tuple[Any, tuple[str, ...], dict[str, str]]] = {
    "counties": (County, ("name", "name_key"), {}),
    "collection_points": (CollectionPoint, ("name", "name_key"), {"county_id": "counties"}),
    "intents": (Intent, ("name", "name_key", "is_religious", "is_active", "sort_order"), {}),
    "campaigns": (Campaign, ("name", "name_key", "starts_on", "ends_on"), {}),
    "institutions": (Institution, ("name", "name_key", "license_number"), {}),
    "donors": (
        Donor,
        ("donor_type", "name", "name_key", "national_id", "mobile", "address", "created_at"),
        {},
    ),
    "donations": (
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
        ),
        {
            "intent_id": "intents",
            "campaign_id": "campaigns",
            "county_id": "counties",
            "collection_point_id": "collection_points",
            "institution_id": "institutions",
            "donor_id": "donors",
        },
    ),
}
ORDER = tuple(PARTS)  # referenced parts come before the parts that refer to them
RECEIPT_COLUMNS = ("issued_at", "snapshot", "print_count", "last_printed_at")


def _plain(value: Any) -> Any:
    """A stored value as JSON can carry it (dates and times as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _stored(model: Any, column: str, value: Any) -> Any:
    """A JSON value back as `model.column` stores it.

    Raises `PackageMismatch` for a value the column cannot hold (a package from a broken
    or hostile program): SQLite would otherwise keep text in a number column.
    """
    target = model.__table__.columns[column]
    if value is None:
        if not target.nullable:
            raise PackageMismatch(f"{column}: missing")
        return None
    kind = target.type
    try:
        if isinstance(kind, DateTime):
            return dt.datetime.fromisoformat(value)
        if isinstance(kind, Date):
            return dt.date.fromisoformat(value)
        if isinstance(kind, Boolean):
            valid = isinstance(value, bool)
        elif isinstance(kind, Integer):
            valid = type(value) is int and -(2**63) <= value < 2**63
        else:
            length = getattr(kind, "length", None)
            valid = isinstance(value, str) and (length is None or len(value) <= length)
    except (TypeError, ValueError):
        valid = False
    if not valid:
        raise PackageMismatch(f"{column}: {value!r:.40}")
    return value


class PackageMismatch(Exception):
    """A package refers to a record it neither carries nor this database holds, or holds a
    record this database cannot store as it is."""


class ExchangeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def _in_chunks(self, query: Any, column: Any, values: Iterable[Any]) -> list[Any]:
        ordered = sorted(set(values))
        rows: list[Any] = []
        for start in range(0, len(ordered), CHUNK):
            rows += self.session.execute(
                query.where(column.in_(ordered[start : start + CHUNK]))
            ).all()
        return rows

    def _uuid_of(self, model: Any, ids: Iterable[int | None]) -> dict[int, str]:
        rows = self._in_chunks(
            select(model.id, model.uuid), model.id, (i for i in ids if i is not None)
        )
        return {key: uuid for key, uuid in rows}

    def _key_of(self, model: Any, uuids: Iterable[str | None]) -> dict[str, int]:
        rows = self._in_chunks(select(model.uuid, model.id), model.uuid, (u for u in uuids if u))
        return {uuid: key for uuid, key in rows}

    def _columns(self, part: str) -> list[Any]:
        model, columns, references = PARTS[part]
        return [getattr(model, name) for name in ("id", "uuid", *columns, *references)]

    def export(self, office_id: int, since: dt.date | None) -> dict[str, list[dict[str, Any]]]:
        """One office's catalogues, its donations dated (or voided) since `since`, the donors
        they name and their receipts; every reference as a UUID. Reads plain rows, not
        ORM objects: a package may hold hundreds of thousands."""
        records: dict[str, list[Any]] = {}
        for part in ORDER:
            if part == "donors":
                continue
            model = PARTS[part][0]
            query: Select[Any] = select(*self._columns(part)).where(model.office_id == office_id)
            if part == "donations" and since is not None:
                query = query.where(or_(Donation.donated_on >= since, Donation.voided_at >= since))
            records[part] = list(self.session.execute(query))
        donor_ids = {row.donor_id for row in records["donations"] if row.donor_id is not None}
        records["donors"] = self._in_chunks(select(*self._columns("donors")), Donor.id, donor_ids)
        parts: dict[str, list[dict[str, Any]]] = {}
        for part in ORDER:
            _, columns, references = PARTS[part]
            uuids = {
                column: self._uuid_of(PARTS[target][0], (getattr(r, column) for r in records[part]))
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
        receipts = self._in_chunks(select(*receipt_columns), Receipt.donation_id, donation_uuid)
        parts["receipts"] = [
            {
                "donation_uuid": donation_uuid[r.donation_id],
                **{c: _plain(getattr(r, c)) for c in RECEIPT_COLUMNS},
            }
            for r in receipts
        ]
        return parts

    def merge(
        self, office_id: int, parts: dict[str, list[dict[str, Any]]]
    ) -> dict[str, tuple[int, int]]:
        """Insert records new to this database and update the ones that changed, by UUID.

        Returns {part: (added, updated)}. Records already equal are left untouched, so
        merging the same package twice changes nothing. Raises `PackageMismatch` for a
        reference to a record found nowhere, a value its column cannot hold, or a record
        the database's rules refuse (a receipt number another donation holds, an amount
        not above zero); the caller's transaction must then be rolled back.
        """
        try:
            return self._merge(office_id, parts)
        except IntegrityError as error:
            raise PackageMismatch(str(error.orig)) from None

    def _merge(
        self, office_id: int, parts: dict[str, list[dict[str, Any]]]
    ) -> dict[str, tuple[int, int]]:
        report: dict[str, tuple[int, int]] = {}
        for part in ORDER:
            model, columns, references = PARTS[part]
            rows = parts.get(part, [])
            keys = {
                column: self._key_of(
                    PARTS[target][0],
                    (row.get(column.removesuffix("_id") + "_uuid") for row in rows),
                )
                for column, target in references.items()
            }
            names = ("id", "uuid", *columns, *references)
            existing = {
                found[1]: dict(zip(names, found, strict=True))
                for found in self._in_chunks(
                    select(*(getattr(model, n) for n in names)),
                    model.uuid,
                    (row["uuid"] for row in rows),
                )
            }
            added, changed = [], []
            for row in rows:
                values: dict[str, Any] = {c: _stored(model, c, row.get(c)) for c in columns}
                _stored(model, "uuid", row["uuid"])
                for column in references:
                    reference = row.get(column.removesuffix("_id") + "_uuid")
                    values[column] = keys[column].get(reference) if reference else None
                    if reference and values[column] is None:
                        raise PackageMismatch(reference)
                current = existing.get(row["uuid"])
                if current is None:
                    added.append({"uuid": row["uuid"], "office_id": office_id, **values})
                elif any(current[c] != v for c, v in values.items()):
                    changed.append({"id": current["id"], **values})
            if added:
                bulk_insert(self.session, model, added)
            bulk_update(self.session, model, changed)
            report[part] = (len(added), len(changed))
        report["receipts"] = self._merge_receipts(parts.get("receipts", []))
        self._raise_series(office_id)
        return report

    def _merge_receipts(self, rows: list[dict[str, Any]]) -> tuple[int, int]:
        donation_keys = self._key_of(Donation, (row["donation_uuid"] for row in rows))
        existing = {
            r.donation_id: r
            for (r,) in self._in_chunks(
                select(Receipt), Receipt.donation_id, donation_keys.values()
            )
        }
        added, changed = [], []
        for row in rows:
            donation_id = donation_keys.get(row["donation_uuid"])
            if donation_id is None:
                raise PackageMismatch(row["donation_uuid"])
            values = {c: _stored(Receipt, c, row[c]) for c in RECEIPT_COLUMNS}
            current = existing.get(donation_id)
            if current is None:
                added.append({"donation_id": donation_id, **values})
            elif any(getattr(current, c) != v for c, v in values.items()):
                changed.append({"id": current.id, **values})
        if added:
            bulk_insert(self.session, Receipt, added)
        bulk_update(self.session, Receipt, changed)
        return len(added), len(changed)

    def _raise_series(self, office_id: int) -> None:
        """Keep this database's copy of an office's receipt series at the highest number seen."""
        highest = self.session.execute(
            select(Donation.receipt_year, func.max(Donation.receipt_sequence))
            .where(Donation.office_id == office_id, Donation.receipt_year.is_not(None))
            .group_by(Donation.receipt_year)
        ).all()
        for year, last in highest:
            series = self.session.scalars(
                select(ReceiptSeries).where(
                    ReceiptSeries.office_id == office_id, ReceiptSeries.year == year
                )
            ).first()
            if series is None:
                self.session.add(ReceiptSeries(office_id=office_id, year=year, last_number=last))
            elif series.last_number < last:
                series.last_number = last
        self.session.flush()
