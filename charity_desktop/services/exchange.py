"""Data exchange between county offices and the provincial centre: identities, export, merge."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass, field
from typing import Any

from charity_desktop.domain.errors import (
    DomainError,
    FieldProblem,
    Finding,
    NotFound,
    ValidationFailed,
)
from charity_desktop.domain.limits import MAX_DONATION_RIALS
from charity_desktop.domain.receipts import OFFICE_CODE, ReceiptNumber
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian.jalali import jalali_year
from charity_desktop.persian.text import has_control_characters, normalize, search_key
from charity_desktop.services.access import authorize
from charity_desktop.services.audit import chain_rows, check_carried_chain
from charity_desktop.services.database import Database
from charity_desktop.services.donor_index import reindex_donors
from charity_desktop.services.office import home_office
from charity_desktop.storage.audit import GENESIS
from charity_desktop.storage.exchange import ForeignRecord, PackageMismatch
from charity_desktop.storage.models import Office, utc_now
from charity_desktop.storage.unit_of_work import UnitOfWork
from charity_desktop.translation import FIELD_LABELS, PART_LABELS, RECORD_LABELS


@dataclass(frozen=True)
class OfficeIdentity:
    """Who an office is, and the key it signs its packages with (keep the card private)."""

    uuid: str
    code: str
    name: str
    province: str
    county: str
    key: str = field(repr=False)


@dataclass(frozen=True)
class ExportData:
    office: OfficeIdentity
    since: dt.date | None
    created_at: dt.datetime
    parts: dict[str, list[dict[str, Any]]]
    audit_head: str  # the office's audit chain head when the package was made


@dataclass(frozen=True)
class CatalogueMapping:
    """A catalogue entry of a package merged as an entry here that means the same."""

    part: str
    name: str  # as the package names it
    target: str  # the entry's name here
    owner: str  # "own" (the office's), "centre" (this database's office) or "new"


@dataclass(frozen=True)
class MergeReport:
    office_code: str
    office_name: str
    counts: dict[str, tuple[int, int]]  # part -> (added, updated)
    dry_run: bool
    mappings: tuple[CatalogueMapping, ...] = ()

    @property
    def changed(self) -> bool:
        return any(added or updated for added, updated in self.counts.values())


def _identity(office: Office) -> OfficeIdentity:
    assert office.exchange_key is not None
    return OfficeIdentity(
        office.uuid, office.code, office.name, office.province, office.county, office.exchange_key
    )


def _home_identity(uow: UnitOfWork, actor: Actor | None) -> OfficeIdentity:
    """The home office's identity, making its exchange key the first time (audited)."""
    office = home_office(uow)
    if office.exchange_key is None:
        office.exchange_key = secrets.token_hex(32)
        uow.audit.append(
            actor.name if actor else "-",
            "exchange_key_created",
            "office",
            office.uuid,
            {"code": office.code},
        )
    return _identity(office)


def office_identity(database: Database, *, actor: Actor | None = None) -> OfficeIdentity:
    """This office's identity, making its exchange key the first time (audited, under
    `actor`'s name when given)."""
    with database.unit_of_work() as uow:
        identity = _home_identity(uow, actor)
        uow.commit()
    return identity


def office_card(database: Database, *, actor: Actor) -> OfficeIdentity:
    """This office's identity card for the centre: it holds the exchange key, so it is for
    supervisors and admins, and every card given goes on the audit trail."""
    authorize(database, actor, Permission.EDIT_CATALOGUES)
    with database.unit_of_work() as uow:
        identity = _home_identity(uow, actor)
        uow.audit.append(actor.name, "office_card_written", "office", identity.uuid, {})
        uow.commit()
    return identity


def register_office(
    database: Database, identity: OfficeIdentity, *, actor: Actor, new_key: bool = False
) -> None:
    """At the centre: know an office by its card, so its packages can be checked and merged.

    Registering the same office again updates its details; a card carrying another key than
    the one registered is refused unless `new_key` says the office really made a new one
    (whoever holds the key the centre knows is, to the centre, that office).
    """
    authorize(database, actor, Permission.EDIT_CATALOGUES)
    code = normalize(identity.code).upper()
    if not OFFICE_CODE.fullmatch(code) or len(identity.key) != 64:
        raise ValidationFailed([FieldProblem("file", "This is not an office identity card.")])
    with database.unit_of_work() as uow:
        home = home_office(uow)
        if identity.uuid == home.uuid:
            raise DomainError("This card is this office's own.")
        office = uow.offices.by_uuid(identity.uuid)
        clash = uow.offices.by_code(code)
        if clash is not None and clash.uuid != identity.uuid:
            raise DomainError("Another office already uses the code {code}.", code=code)
        replaced = office is not None and office.exchange_key not in (None, identity.key)
        if replaced and not new_key:
            raise DomainError(
                "The card gives office {code} another key than the one registered; nothing changed. If the office really made a new key, register its card again with --new-key.",
                code=code,
            )
        if office is None:
            office = uow.offices.add(
                Office(
                    uuid=identity.uuid, code=code, name="", province="", county="", is_home=False
                )
            )
        office.code, office.exchange_key = code, identity.key
        uow.audit.append(
            actor.name,
            "office_registered",
            "office",
            identity.uuid,
            {"code": code, "name": identity.name, "key_replaced": replaced},
        )
        office.name, office.province, office.county = (
            normalize(identity.name),
            normalize(identity.province),
            normalize(identity.county),
        )
        uow.commit()


def registered_offices(database: Database) -> list[OfficeIdentity]:
    """Every office this database knows, its own first."""
    with database.reader() as uow:
        return [
            OfficeIdentity(o.uuid, o.code, o.name, o.province, o.county, "")
            for o in uow.offices.all()
        ]


def export_key(database: Database, office_uuid: str) -> bytes | None:
    """The key that signs packages of the office `office_uuid`, if this database knows it."""
    with database.reader() as uow:
        office = uow.offices.by_uuid(office_uuid)
        return bytes.fromhex(office.exchange_key) if office and office.exchange_key else None


def export_data(database: Database, since: dt.date | None = None, *, actor: Actor) -> ExportData:
    """Everything of this office a package carries (donations dated or voided since `since`).

    A package carries donors' names, IDs and addresses: supervisors and admins only, and
    each export is on the audit trail (before the package's head, so the package carries it)."""
    authorize(database, actor, Permission.EXPORT_PERSONAL)
    with database.unit_of_work() as uow:
        identity = _home_identity(uow, actor)
        uow.audit.append(
            actor.name,
            "package_exported",
            "office",
            identity.uuid,
            {"since": since.isoformat() if since else None},
        )
        uow.commit()
    with database.reader() as uow:
        office = home_office(uow)
        parts = uow.exchange.export(office.id, since)
        parts["audit"] = chain_rows(uow)
        head = uow.audit.head()
    return ExportData(identity, since, utc_now(), parts, head)


def merge_data(
    database: Database,
    office_uuid: str,
    parts: dict[str, list[dict[str, Any]]],
    *,
    dry_run: bool = False,
    actor: Actor,
    audit_head: str,
) -> MergeReport:
    """Merge a checked package's rows into this database in one transaction, or not at all.

    The merge is audited here with the package's own audit head (`audit_head`), so the
    centre keeps the proof of what the office's chain was when it sent the package."""
    authorize(database, actor, Permission.MERGE)
    with database.unit_of_work() as uow:
        home = home_office(uow)
        office = uow.offices.by_uuid(office_uuid)
        if office is None or office.exchange_key is None:
            raise NotFound(
                "This package comes from an office this database does not know; register its card first."
            )
        if office.id == home.id:
            raise DomainError("This package comes from this office itself.")
        chain = _check_chain(uow, office.uuid, parts.get("audit", []), audit_head)
        _check_shape(parts)
        _check_rows(parts)
        try:
            counts, mappings = uow.exchange.merge(office.id, parts)
            if any(counts.get("donors", (0, 0))):
                reindex_donors(uow, (row["uuid"] for row in parts["donors"]))
        except ForeignRecord as foreign:
            raise DomainError(
                "The package names {record} «{name}», which belongs to another office or to the centre; it was refused and nothing was merged.",
                record=Finding(RECORD_LABELS[foreign.part]),
                name=foreign.label,
            ) from None
        except (PackageMismatch, KeyError, TypeError, ValueError):
            raise DomainError("The package is damaged or incomplete; nothing was merged.") from None
        # After the ownership checks (a foreign record is named as such), before anything is kept.
        _check_receipts(office.code, parts)
        report = MergeReport(
            office.code,
            office.name,
            counts,
            dry_run,
            tuple(CatalogueMapping(*mapping) for mapping in mappings),
        )
        uow.audit.append(
            actor.name,
            "package_merged",
            "office",
            office.uuid,
            {
                "code": office.code,
                "counts": counts,
                "package_head": audit_head,
                "chain": chain,
            },
        )
        if not dry_run:
            uow.commit()
    return report


# Texts of merged rows that may run over several lines.
MULTI_LINE = frozenset({"address", "description", "void_reason"})
# Columns a refusal names by their field label.
COLUMN_FIELDS = {
    "amount_rials": "amount",
    "address": "donor_address",
    "mobile": "donor_mobile",
    "national_id": "donor_national_id",
    "replaces_receipt": "replaces",
    "donated_on": "date",
    "institution": "collector",
    "donor": "donor_name",
}


def _damaged_row(part: str, number: int, column: str) -> DomainError:
    name = column.removesuffix("_uuid")  # a reference is named as the field it fills
    return DomainError(
        "The package is damaged: {field} in row {row} of its {part} is not valid; nothing was merged.",
        field=Finding(FIELD_LABELS.get(COLUMN_FIELDS.get(name, name), column)),
        row=number,
        part=Finding(PART_LABELS.get(part, part)),
    )


_UUID = re.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _check_shape(parts: dict[str, list[dict[str, Any]]]) -> None:
    """Refuse a package whose parts are not lists of records (a signed but broken program)."""
    if not isinstance(parts, dict) or not all(isinstance(rows, list) for rows in parts.values()):
        raise DomainError("The package is damaged or incomplete; nothing was merged.")
    for part, rows in parts.items():
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise _damaged_row(part, number, "uuid")
            if part == "audit":
                continue
            for column, value in row.items():  # every record and reference is named by a UUID
                if (column == "uuid" or column.endswith("_uuid")) and not (
                    (value is None and column != "uuid")
                    or (isinstance(value, str) and _UUID.fullmatch(value))
                ):
                    raise _damaged_row(part, number, column)


# Days a donation may bear: the Solar Hijri years 1279 to 1578 (reports name them all).
FIRST_DAY, LAST_DAY = dt.date(1900, 3, 21), dt.date(2200, 3, 20)
LAST_SEQUENCE = 999_999  # a receipt number has six digits of sequence


def _check_receipts(office_code: str, parts: dict[str, list[dict[str, Any]]]) -> None:
    """Refuse a donation whose day no report can show, or whose receipt number is not the
    sending office's own (`<code>-<year>-<sequence>`, a number the centre or another office
    may issue next); and a frozen receipt whose number, day, kind or amount is not its
    donation's (the centre would reprint what the county claims)."""
    donations = {}
    for number, row in enumerate(parts.get("donations", []), start=1):
        try:
            day = dt.date.fromisoformat(row["donated_on"])
        except (KeyError, TypeError, ValueError):
            raise _damaged_row("donations", number, "donated_on") from None
        if not FIRST_DAY <= day <= LAST_DAY:
            raise _damaged_row("donations", number, "donated_on")
        year, sequence, receipt = (
            row.get(k) for k in ("receipt_year", "receipt_sequence", "receipt_number")
        )
        if receipt is not None:
            if not (
                type(year) is int
                and type(sequence) is int
                and jalali_year(day) == year
                and 1 <= sequence <= LAST_SEQUENCE
                and receipt == str(ReceiptNumber(office_code, year, sequence))
            ):
                raise _damaged_row("donations", number, "receipt_number")
        elif year is not None or sequence is not None:
            raise _damaged_row("donations", number, "receipt_number")
        donations[row.get("uuid")] = row
    for number, row in enumerate(parts.get("receipts", []), start=1):
        donation = donations.get(row.get("donation_uuid"))
        try:
            snapshot = json.loads(row["snapshot"])
            held = donation is not None and all(
                snapshot[key] == donation[column]
                for key, column in (
                    ("number", "receipt_number"),
                    ("donated_on", "donated_on"),
                    ("kind", "kind"),
                    ("amount_rials", "amount_rials"),
                )
            )
        except (TypeError, ValueError, KeyError):
            held = False
        if not held:
            raise _damaged_row("receipts", number, "snapshot")


def _check_rows(parts: dict[str, list[dict[str, Any]]]) -> None:
    """Refuse a package as damaged for a text with control characters or an amount above
    the ceiling, naming the field and row; give every catalogue entry the name key of its
    name (a package's own key could make it mean another entry)."""
    for part, rows in parts.items():
        if part == "audit":
            continue
        for start in range(0, len(rows), 1000):  # a thousand rows' texts searched at once
            batch = rows[start : start + 1000]
            if _suspect(batch):
                for number, row in enumerate(batch, start=start + 1):
                    if _suspect([row]):
                        _refuse_row(part, number, row)
        for row in rows:
            if "name_key" in row and isinstance(row.get("name"), str):
                row["name_key"] = search_key(row["name"])


def _suspect(rows: list[dict[str, Any]]) -> bool:
    """Whether a text of `rows` holds control characters or an amount is above the ceiling."""
    text = "".join(
        v for row in rows for k, v in row.items() if k not in MULTI_LINE and isinstance(v, str)
    )
    lines = "".join(v for row in rows for k in MULTI_LINE if isinstance(v := row.get(k), str))
    return (
        has_control_characters(text)
        or has_control_characters(lines, multi_line=True)
        or any(type(a := row.get("amount_rials")) is int and a > MAX_DONATION_RIALS for row in rows)
    )


def _refuse_row(part: str, number: int, row: dict[str, Any]) -> None:
    """Name the field of a row `_check_rows` found wrong."""
    for column, value in row.items():
        field = Finding(FIELD_LABELS.get(COLUMN_FIELDS.get(column, column), column))
        if isinstance(value, str) and has_control_characters(
            value, multi_line=column in MULTI_LINE
        ):
            raise DomainError(
                "The package is damaged: {field} in row {row} of its {part} holds control characters; nothing was merged.",
                field=field,
                row=number,
                part=Finding(PART_LABELS[part]),
            )
        if column == "amount_rials" and type(value) is int and value > MAX_DONATION_RIALS:
            raise DomainError(
                "The package is damaged: {field} in row {row} of its {part} is above the ceiling of {ceiling} rials a donation; nothing was merged.",
                field=field,
                row=number,
                part=Finding(PART_LABELS[part]),
                ceiling=MAX_DONATION_RIALS,
            )


def _check_chain(
    uow: UnitOfWork, office_uuid: str, rows: list[dict[str, Any]], head: str
) -> list[str]:
    """Check the office's audit chain a package carries against what the centre saw, and
    return the hashes of its entries the centre had not seen (kept on the merge's entry).

    A chain that no longer holds the head of the office's previous package is either late
    (a prefix of a chain already merged: an older package) or rewritten."""
    check_carried_chain(rows, head, None)
    previous = uow.audit.last_details("package_merged", office_uuid)
    known = previous.get("package_head") if previous else None
    hashes = [row["hash"] for row in rows]
    if known is None or known == GENESIS:
        return hashes
    if known not in hashes:
        if head in _seen_chain(uow, office_uuid):
            raise DomainError(
                "This package is older than one already merged from this office; nothing was changed."
            )
        check_carried_chain(rows, head, known)  # the office's history was rewritten
    return hashes[hashes.index(known) + 1 :]


def _seen_chain(uow: UnitOfWork, office_uuid: str) -> set[str]:
    """Every hash of the office's audit chain its merged packages carried."""
    seen = {GENESIS}
    for entry in uow.audit.entries():
        if entry.action == "package_merged" and entry.entity_uuid == office_uuid:
            details = json.loads(entry.details)
            seen.update(details.get("chain", ()), [details.get("package_head")])
    return seen
