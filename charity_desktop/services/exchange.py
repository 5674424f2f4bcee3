"""Data exchange between county offices and the provincial centre: identities, export, merge."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from charity_desktop.domain.enums import TRACKED_CHANNELS, Channel, DonationKind, DonorType
from charity_desktop.domain.errors import (
    DomainError,
    FieldProblem,
    Finding,
    NotFound,
    ValidationFailed,
)
from charity_desktop.domain.limits import (
    MAX_DONATION_RIALS,
    MAX_SERVICE_HOURS,
    MAX_TEXT,
    TRACKING_NUMBER,
)
from charity_desktop.domain.receipts import OFFICE_CODE, ReceiptNumber
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian import identifiers
from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.jalali import jalali_year
from charity_desktop.persian.text import (
    has_control_characters,
    normalize,
    normalize_lines,
    search_key,
)
from charity_desktop.services.access import authorize
from charity_desktop.services.audit import chain_rows, check_carried_chain
from charity_desktop.services.database import Database
from charity_desktop.services.donor_index import reindex_donors
from charity_desktop.services.office import home_office
from charity_desktop.services.receipts import printable_snapshot
from charity_desktop.storage.audit import GENESIS
from charity_desktop.storage.exchange import (
    MERGED,
    PARTS,
    RECEIPT_COLUMNS,
    ForeignRecord,
    PackageMismatch,
)
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


# Rows of an owned part checked and merged at a time: a package of any size costs the
# memory of one batch (shared catalogues, small by nature, are taken whole, up to a bound).
BATCH = 2_000
MAX_CATALOGUE_ROWS = 100_000


def merge_data(
    database: Database,
    office_uuid: str,
    parts: Mapping[str, Iterable[Any]],
    *,
    dry_run: bool = False,
    actor: Actor,
    audit_head: str,
) -> MergeReport:
    """Merge a checked package's rows into this database in one transaction, or not at all.

    `parts` gives each part's rows as an iterable read once (a package's streams): the audit
    chain first, then the parts in `MERGED` order, batch by batch, each row held to the
    rules a form holds a clerk to. The merge is audited with the package's own audit head
    (`audit_head`), so the centre keeps the proof of what the office's chain was when it
    sent the package."""
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
        chain = _check_chain(uow, office.uuid, parts.get("audit", ()), audit_head)
        merge = uow.exchange.merger(office.id)
        part, start, rows = "", 0, list[dict[str, Any]]()
        try:
            for part in MERGED:
                seen: set[str] = set()
                for start, rows in _batches(part, parts.get(part, ())):
                    _check_rows(part, rows, start)
                    _check_once(part, rows, start, seen)
                    added, updated = merge.merge(part, rows)
                    if part == "donors" and (added or updated):
                        reindex_donors(uow, (row["uuid"] for row in rows))
                    # after the ownership checks (a foreign record is named as such)
                    if part == "donations":
                        _check_donations(office.code, rows, start)
                    elif part == "receipts":
                        _check_receipts(merge.receipted, rows, start)
            merge.finish()
        except ForeignRecord as foreign:
            raise DomainError(
                "The package names {record} «{name}», which belongs to another office or to the centre; it was refused and nothing was merged.",
                record=Finding(RECORD_LABELS[foreign.part]),
                name=foreign.label,
            ) from None
        except PackageMismatch as mismatch:
            if mismatch.column and mismatch.row is not None:
                number = next(i for i, row in enumerate(rows) if row is mismatch.row)
                raise _damaged_row(part, start + number + 1, mismatch.column) from None
            raise DomainError("The package is damaged or incomplete; nothing was merged.") from None
        except (KeyError, TypeError, ValueError):
            raise DomainError("The package is damaged or incomplete; nothing was merged.") from None
        report = MergeReport(
            office.code,
            office.name,
            merge.counts,
            dry_run,
            tuple(CatalogueMapping(*mapping) for mapping in merge.mappings),
        )
        uow.audit.append(
            actor.name,
            "package_merged",
            "office",
            office.uuid,
            {
                "code": office.code,
                "counts": merge.counts,
                "package_head": audit_head,
                "chain": chain,
            },
        )
        if not dry_run:
            uow.commit()
    return report


def _batches(part: str, rows: Iterable[Any]) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """`rows` in batches (with the row number before each), every row a record; a shared
    catalogue in one batch, refused beyond `MAX_CATALOGUE_ROWS`."""
    if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
        raise DomainError("The package is damaged or incomplete; nothing was merged.")
    size = MAX_CATALOGUE_ROWS + 1 if part in PARTS and PARTS[part].shared else BATCH
    done, stream = 0, iter(rows)
    while batch := list(itertools.islice(stream, size)):
        for number, row in enumerate(batch, start=done + 1):
            if not isinstance(row, dict):
                raise _damaged_row(part, number, "uuid")
        if len(batch) > MAX_CATALOGUE_ROWS:
            raise DomainError(
                "The package holds more {part} than an office has; it was refused and nothing was merged.",
                part=Finding(PART_LABELS[part]),
            )
        yield done, batch
        done += len(batch)


# Texts of merged rows that may run over several lines.
MULTI_LINE = frozenset({"address", "description", "void_reason"})
# Texts a person typed: held as the form holds them (normalised, within `MAX_TEXT`).
TYPED = frozenset(
    {"name", "license_number", "quantity", "quantity_unit", "clerk", "voided_by", *MULTI_LINE}
)
# Columns that must name something (a name after normalising is not empty).
REQUIRED = frozenset({"name", "clerk"})
# Whole numbers and the range a form keeps them in.
NUMBERS = {
    "amount_rials": range(1, MAX_DONATION_RIALS + 1),
    "service_minutes": range(1, MAX_SERVICE_HOURS * 60 + 1),
    "print_count": range(0, 2**31),
}
# Columns holding one of a closed vocabulary.
CODES: dict[str, frozenset[str]] = {
    "kind": frozenset(DonationKind),
    "channel": frozenset(Channel),
    "donor_type": frozenset(DonorType),
}
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
    "name_key": "name",
    "service_minutes": "hours",
    "receipt_year": "receipt_number",
    "receipt_sequence": "receipt_number",
}


def _damaged_row(part: str, number: int, column: str) -> DomainError:
    name = column.removesuffix("_uuid")  # a reference is named as the field it fills
    return DomainError(
        "The package is damaged: {field} in row {row} of its {part} is not valid; nothing was merged.",
        field=Finding(FIELD_LABELS.get(COLUMN_FIELDS.get(name, name), column)),
        row=number,
        part=Finding(PART_LABELS.get(part, part)),
    )


_UUID_TEXT = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_UUID = re.compile(_UUID_TEXT)
_UUID_LINES = re.compile(f"{_UUID_TEXT}(?:\n{_UUID_TEXT})*")


def _all_valid(rows: list[dict[str, Any]], column: str) -> bool:
    """Whether every row's `column` passes `_valid`, checked for the whole batch at once
    where the rule allows it (a batch holds thousands of rows); False says only that the
    rows must be looked at one by one."""
    given = [row.get(column) for row in rows]
    present = [value for value in given if value is not None]
    try:
        if column == "uuid" or column.endswith("_uuid"):  # one search over them all
            if column == "uuid" and len(present) != len(given):
                return False
            return not present or _UUID_LINES.fullmatch("\n".join(present)) is not None
        if column in CODES:
            return set(present) <= CODES[column]
        if column in NUMBERS:
            bounds = NUMBERS[column]
            return not present or (
                {type(value) for value in present} == {int}
                and bounds.start <= min(present)
                and max(present) < bounds.stop
            )
    except TypeError:  # a value that is no text, or cannot be compared
        return False
    return False


def _check_rows(part: str, rows: list[dict[str, Any]], start: int) -> None:
    """Hold a batch of merged rows (numbered from `start` + 1) to what a form accepts, as
    damaged naming the field and row: records and references named by UUIDs; no control
    characters; amounts within the ceiling; typed texts normalised in place (the override
    and embedding characters a form removes, removed), within `MAX_TEXT`, names not empty;
    national IDs and mobiles as the form writes them; codes of their vocabulary; numbers
    within a form's range (storage's converters refuse moments with a time zone, and any
    value its column cannot hold). Every catalogue entry gets the name key of its name (a
    package's own key could make it mean another entry)."""
    if _suspect(rows):
        for number, row in enumerate(rows, start=start + 1):
            if _suspect([row]):
                _refuse_row(part, number, row)
    for column in CHECKED[part]:  # column by column: a batch holds thousands of rows
        if _all_valid(rows, column):
            continue
        for number, row in enumerate(rows, start=start + 1):  # name the row
            if column in row and not _valid(column, row[column]):
                raise _damaged_row(part, number, column)
    for number, row in enumerate(rows, start=start + 1):
        for column in TYPED.intersection(row):
            value = row[column]
            if isinstance(value, str):
                row[column] = (normalize_lines if column in MULTI_LINE else normalize)(value)
                if len(row[column]) > MAX_TEXT or (column in REQUIRED and not row[column]):
                    raise _damaged_row(part, number, column)
        if "name_key" in row and isinstance(row.get("name"), str):
            row["name_key"] = search_key(row["name"])
        if row.get("tracking_number") is not None and row.get("channel") not in TRACKED_CHANNELS:
            raise _damaged_row(part, number, "tracking_number")  # no form gives a desk gift one


# The columns of each part `_valid` holds to a form's rules (a merge reads no others): its
# UUIDs, and those of its columns with a rule.
RULED = frozenset({*CODES, *NUMBERS, "national_id", "mobile", "tracking_number"})
CHECKED = {
    part: frozenset({"uuid", *(column.removesuffix("_id") + "_uuid" for column in kind.references)})
    | RULED.intersection(kind.columns)
    for part, kind in PARTS.items()
}
CHECKED["receipts"] = frozenset({"donation_uuid"}) | RULED.intersection(RECEIPT_COLUMNS)


def _valid(column: str, value: Any) -> bool:
    """Whether one merged value is one a form could have stored (None: checked by storage)."""
    if column == "uuid" or column.endswith("_uuid"):  # every record and reference by UUID
        return (value is None and column != "uuid") or (
            isinstance(value, str) and _UUID.fullmatch(value) is not None
        )
    if value is None:
        return True
    if column in CODES:
        return value in CODES[column]
    if column in NUMBERS:
        return type(value) is int and value in NUMBERS[column]
    if column == "national_id":
        return isinstance(value, str) and _canonical(value, _national_ids)
    if column == "mobile":
        return isinstance(value, str) and _canonical(value, (identifiers.mobile,))
    if column == "tracking_number":
        return isinstance(value, str) and TRACKING_NUMBER.fullmatch(value) is not None
    return True


_national_ids = (identifiers.national_id, identifiers.legal_id)


def _canonical(value: str, checkers: Iterable[Callable[[str], str]]) -> bool:
    """Whether `value` is written exactly as one of `checkers` writes a valid one."""
    for check in checkers:
        try:
            if check(value) == value:
                return True
        except InvalidInput:
            continue
    return False


# Days a donation may bear: the Solar Hijri years 1279 to 1578 (reports name them all).
FIRST_DAY, LAST_DAY = dt.date(1900, 3, 21), dt.date(2200, 3, 20)
LAST_SEQUENCE = 999_999  # a receipt number has six digits of sequence


def _check_once(part: str, rows: list[dict[str, Any]], start: int, seen: set[str]) -> None:
    """Refuse a record a package carries twice (the second would silently replace the
    first); `seen` holds the part's UUIDs so far."""
    key = "donation_uuid" if part == "receipts" else "uuid"
    for number, row in enumerate(rows, start=start + 1):
        uuid = str(row.get(key))
        if uuid in seen:
            raise _damaged_row(part, number, key)
        seen.add(uuid)


def _check_donations(office_code: str, rows: list[dict[str, Any]], start: int) -> None:
    """Refuse a donation whose day no report can show, or whose receipt number is not the
    sending office's own (`<code>-<year>-<sequence>`, a number the centre or another office
    may issue next)."""
    for number, row in enumerate(rows, start=start + 1):
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
        if (row.get("voided_at") is None) != (row.get("void_reason") is None):
            raise _damaged_row("donations", number, "void_reason")  # a void has its reason


def _check_receipts(
    donations: dict[str, dict[str, Any]], rows: list[dict[str, Any]], start: int
) -> None:
    """Refuse a frozen receipt whose number, day, kind, amount or tracking number is not
    its donation's as merged (`donations`, by UUID; the centre would reprint what the
    county claims). Receipts frozen before tracking numbers existed hold none."""
    for number, row in enumerate(rows, start=start + 1):
        donation = donations.get(str(row.get("donation_uuid")))
        try:
            snapshot = orjson.loads(row["snapshot"])
            held = (
                donation is not None
                and printable_snapshot(snapshot)
                and all(
                    snapshot[key] == donation[column]
                    for key, column in (
                        ("number", "receipt_number"),
                        ("donated_on", "donated_on"),
                        ("kind", "kind"),
                        ("amount_rials", "amount_rials"),
                    )
                )
                and snapshot.get("tracking_number") == donation.get("tracking_number")
            )
        except (TypeError, ValueError, KeyError):
            held = False
        if not held:
            raise _damaged_row("receipts", number, "snapshot")


def _suspect(rows: list[dict[str, Any]]) -> bool:
    """Whether a text of `rows` holds control characters or an amount is above the ceiling.
    UUIDs (two thirds of a donation's text) are left to `_all_valid`, which holds each to
    its pattern."""
    every = "".join(
        [v for row in rows for k, v in row.items() if isinstance(v, str) and k[-4:] != "uuid"]
    )
    if "\n" in every or "\t" in every:  # allowed in a few columns only: look closer
        text = "".join(
            v
            for row in rows
            for k, v in row.items()
            if k not in MULTI_LINE and isinstance(v, str) and k[-4:] != "uuid"
        )
        lines = "".join(v for row in rows for k in MULTI_LINE if isinstance(v := row.get(k), str))
        controls = has_control_characters(text) or has_control_characters(lines, multi_line=True)
    else:
        controls = has_control_characters(every)
    return controls or any(
        type(a := row.get("amount_rials")) is int and a > MAX_DONATION_RIALS for row in rows
    )


def _refuse_row(part: str, number: int, row: dict[str, Any]) -> None:
    """Name the field of a row `_suspect` found wrong."""
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


def _check_chain(uow: UnitOfWork, office_uuid: str, rows: Iterable[Any], head: str) -> list[str]:
    """Check the office's audit chain a package carries against what the centre saw, and
    return the hashes of its entries the centre had not seen (kept on the merge's entry).

    A chain that no longer holds the head of the office's previous package is either late
    (a prefix of a chain already merged: an older package) or rewritten."""
    hashes = check_carried_chain(rows, head)
    previous = uow.audit.last_details("package_merged", office_uuid)
    known = previous.get("package_head") if previous else None
    if known is None or known == GENESIS:
        return hashes
    if known not in hashes:
        if head in _seen_chain(uow, office_uuid):
            raise DomainError(
                "This package is older than one already merged from this office; nothing was changed."
            )
        raise DomainError(
            "The office's history was rewritten since its last package (its audit chain no longer holds what the centre saw); it was refused."
        )
    return hashes[hashes.index(known) + 1 :]


def _seen_chain(uow: UnitOfWork, office_uuid: str) -> set[str]:
    """Every hash of the office's audit chain its merged packages carried."""
    seen = {GENESIS}
    for entry in uow.audit.entries():
        if entry.action == "package_merged" and entry.entity_uuid == office_uuid:
            details = json.loads(entry.details)
            seen.update(details.get("chain", ()), [details.get("package_head")])
    return seen
