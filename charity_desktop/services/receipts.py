"""Receipts: numbers issued with the donation, frozen snapshots, prints, reprints and voids."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from charity_desktop.domain.enums import Channel, DonationKind, DonorType
from charity_desktop.domain.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from charity_desktop.domain.limits import TRACKING_NUMBER
from charity_desktop.domain.receipts import ReceiptNumber
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian.identifiers import mask_identifier
from charity_desktop.persian.jalali import format_jalali, jalali_year, local_time
from charity_desktop.persian.money import Unit
from charity_desktop.persian.text import has_control_characters, has_reordering, normalize
from charity_desktop.services.access import authorize
from charity_desktop.services.database import Database
from charity_desktop.services.office import (
    DISPLAY_UNIT_SETTING,
    RECEIPT_KEY_SETTING,
    home_office,
    new_receipt_key,
)
from charity_desktop.storage.models import (
    Campaign,
    CollectionPoint,
    County,
    Donation,
    Intent,
    Office,
    utc_now,
)
from charity_desktop.storage.unit_of_work import UnitOfWork

QR_PREFIX = "CD1"
CHECK_LENGTH = 10
MIN_VOID_REASON = 5
# Donation columns a snapshot is made from.
_SNAPSHOT_SOURCES = (
    "receipt_number", "donated_on", "donor_id", "kind", "amount_rials", "channel", "clerk",
    "intent_id", "campaign_id", "county_id", "collection_point_id",
    "description", "quantity", "quantity_unit", "service_minutes", "replaces_receipt",
    "tracking_number",
)  # fmt: skip


@dataclass(frozen=True)
class ReceiptCopy:
    """Everything a printed receipt shows: the frozen snapshot plus this print's details."""

    number: str
    office_name: str
    office_province: str
    office_county: str
    donated_on: dt.date
    issued_at: dt.datetime
    donor_type: DonorType
    donor_name: str | None
    donor_id_masked: str | None
    kind: DonationKind
    amount_rials: int
    unit: Unit
    intent: str
    channel: Channel
    campaign: str | None
    county: str | None
    collection_point: str | None
    description: str | None
    quantity: str | None
    quantity_unit: str | None
    service_minutes: int | None
    clerk: str
    check_code: str
    print_number: int
    printed_at: dt.datetime
    voided_at: dt.datetime | None
    void_reason: str | None
    replaces: str | None = None
    tracking_number: str | None = None

    @property
    def is_reprint(self) -> bool:
        return self.print_number > 1

    @property
    def qr_text(self) -> str:
        """What the QR code holds: anyone can read it; only the office key can make it."""
        return "|".join(
            (
                QR_PREFIX,
                self.number,
                format_jalali(self.donated_on, persian_digits=False),
                str(self.amount_rials),
                self.check_code,
            )
        )


def _receipt_key(uow: UnitOfWork) -> bytes:
    key = uow.settings.get(RECEIPT_KEY_SETTING)
    if key is None:  # a database set up before receipts had check codes
        key = new_receipt_key()
        uow.settings.set(RECEIPT_KEY_SETTING, key)
        uow.audit.append("charity-desktop", "receipt_key_created", "setting", None, {})
    return bytes.fromhex(key)


def check_code(key: bytes, number: str, donated_on: dt.date, amount_rials: int) -> str:
    """Short keyed hash binding a receipt's number, date and amount."""
    message = f"{number}|{donated_on.isoformat()}|{amount_rials}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:CHECK_LENGTH]


def store_donations(
    uow: UnitOfWork, office: Office, rows: list[dict[str, Any]], *, actor: str, action: str
) -> list[str]:
    """Insert donation rows, giving each office row (no institution) its receipt.

    Numbers come from the row's Solar Hijri year series, in row order, in this
    transaction (so a rollback gives them back); each receipt's snapshot is frozen now, and
    one audit entry (`action` by `actor`) names the receipts (the records themselves are
    sealed into it when the unit commits).
    Returns the numbers issued.
    """
    by_year: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        if row["institution_id"] is None:
            by_year.setdefault(jalali_year(row["donated_on"]), []).append(row)
    numbers = []
    for year, year_rows in sorted(by_year.items()):
        first = uow.receipts.allocate(office.id, year, len(year_rows))
        for offset, row in enumerate(year_rows):
            number = ReceiptNumber(office.code, year, first + offset)
            row.update(
                receipt_year=year, receipt_sequence=number.sequence, receipt_number=str(number)
            )
            numbers.append(str(number))
    ids = uow.donations.add_many(rows)
    _freeze(
        uow, office, [(i, row) for i, row in zip(ids, rows, strict=True) if row["receipt_number"]]
    )
    uow.audit.append(
        actor,
        action,
        "donation",
        rows[0]["uuid"] if len(rows) == 1 else None,
        {"rows": len(rows), "receipts": numbers},
    )
    return numbers


def _freeze(uow: UnitOfWork, office: Office, rows: list[tuple[int, dict[str, Any]]]) -> None:
    if not rows:
        return
    names: dict[str, dict[int, str]] = {
        "intent_id": uow.catalogue.names(Intent, office.id),
        "campaign_id": uow.catalogue.names(Campaign, office.id),
        "county_id": uow.catalogue.names(County, office.id),
        "collection_point_id": uow.catalogue.names(CollectionPoint, office.id),
    }
    donors = uow.donors.summaries({row["donor_id"] for _, row in rows if row["donor_id"]})
    unit = uow.settings.get(DISPLAY_UNIT_SETTING) or Unit.RIAL.value
    now = utc_now()
    receipts = []
    for donation_id, row in rows:
        donor_type, donor_name, donor_id = donors.get(
            row["donor_id"], (DonorType.ANONYMOUS.value, None, None)
        )
        snapshot = {
            "number": row["receipt_number"],
            "office": {"name": office.name, "province": office.province, "county": office.county},
            "donated_on": row["donated_on"].isoformat(),
            "donor": {"type": donor_type, "name": donor_name, "id": mask_identifier(donor_id)},
            "kind": row["kind"],
            "amount_rials": row["amount_rials"],
            "unit": unit,
            "channel": row["channel"],
            "clerk": row["clerk"],
            "replaces": row.get("replaces_receipt"),
            "tracking_number": row.get("tracking_number"),
            **{
                field.removesuffix("_id"): names[field].get(row[field]) if row[field] else None
                for field in names
            },
            **{
                field: row[field]
                for field in ("description", "quantity", "quantity_unit", "service_minutes")
            },
        }
        receipts.append(
            {
                "donation_id": donation_id,
                "issued_at": now,
                "snapshot": json.dumps(snapshot, ensure_ascii=False, separators=(",", ":")),
                "print_count": 0,
            }
        )
    uow.receipts.add_snapshots(receipts)


# The texts of a frozen receipt besides its office's and donor's; its description spans lines.
SNAPSHOT_TEXTS = (
    "clerk",
    "replaces",
    "intent",
    "campaign",
    "county",
    "collection_point",
    "quantity",
    "quantity_unit",
)


_CODES = (frozenset(DonorType), frozenset(DonationKind), frozenset(Unit), frozenset(Channel))


def printable_snapshot(snapshot: Any) -> bool:
    """Whether `snapshot` (a frozen receipt's parsed content, from another office's package)
    is one this program writes and prints: every field present with its type and
    vocabulary, and no text holding control characters or the overrides that reorder it."""
    try:
        office, donor = snapshot["office"], snapshot["donor"]
        texts = [
            office["name"],
            office["province"],
            office["county"],
            donor["name"],
            donor["id"],
            *(snapshot[key] for key in SNAPSHOT_TEXTS),
        ]
        codes = (donor["type"], snapshot["kind"], snapshot["unit"], snapshot["channel"])
        if not all(code in vocabulary for code, vocabulary in zip(codes, _CODES, strict=True)):
            return False
        dt.date.fromisoformat(snapshot["donated_on"])
        minutes = snapshot["service_minutes"]
        description = snapshot["description"]
        tracking = snapshot.get("tracking_number")  # frozen since 0011
    except (KeyError, TypeError, ValueError, AttributeError):
        return False
    if not all(text is None or isinstance(text, str) for text in (*texts, description)):
        return False
    line = "".join(text for text in texts if text)
    return (
        type(snapshot["amount_rials"]) is int
        and (minutes is None or type(minutes) is int)
        and not has_control_characters(line)
        and not has_control_characters(description or "", multi_line=True)
        and not has_reordering(line + (description or ""))
        and (
            tracking is None
            or (isinstance(tracking, str) and bool(TRACKING_NUMBER.fullmatch(tracking)))
        )
    )


def _copy(uow: UnitOfWork, office: Office, number: str, *, count_print: bool) -> ReceiptCopy:
    found = uow.receipts.by_number(number)
    if found is None:
        raise NotFound("No receipt numbered {number}.", number=number)
    donation, receipt = found
    if receipt is None:
        # Issued by schema 0001, before snapshots existed: frozen at its first print.
        _freeze(uow, office, [(donation.id, {f: getattr(donation, f) for f in _SNAPSHOT_SOURCES})])
        uow.audit.append(
            "charity-desktop", "receipt_frozen", "donation", donation.uuid, {"number": number}
        )
        receipt = uow.receipts.snapshot_of(donation.id)
    now = utc_now()
    print_number = receipt.print_count + 1
    if count_print:
        receipt.print_count = print_number
        receipt.last_printed_at = now
    data = json.loads(receipt.snapshot)
    key = _receipt_key(uow)
    donated_on = dt.date.fromisoformat(data["donated_on"])
    return ReceiptCopy(
        number=data["number"],
        office_name=data["office"]["name"],
        office_province=data["office"]["province"],
        office_county=data["office"]["county"],
        donated_on=donated_on,
        issued_at=local_time(receipt.issued_at),
        donor_type=DonorType(data["donor"]["type"]),
        donor_name=data["donor"]["name"],
        donor_id_masked=data["donor"]["id"],
        kind=DonationKind(data["kind"]),
        amount_rials=data["amount_rials"],
        unit=Unit(data["unit"]),
        intent=data["intent"],
        channel=Channel(data["channel"]),
        campaign=data["campaign"],
        county=data["county"],
        collection_point=data["collection_point"],
        description=data["description"],
        quantity=data["quantity"],
        quantity_unit=data["quantity_unit"],
        service_minutes=data["service_minutes"],
        clerk=data["clerk"],
        check_code=check_code(key, data["number"], donated_on, data["amount_rials"]),
        print_number=print_number,
        printed_at=local_time(now),
        voided_at=local_time(donation.voided_at) if donation.voided_at else None,
        void_reason=donation.void_reason,
        replaces=data.get("replaces"),
        tracking_number=data.get("tracking_number"),
    )


def canonical_number(text: str) -> str:
    """A receipt number as typed (any digits, spaces) in its stored form; refuses a malformed one."""
    return str(ReceiptNumber.parse(normalize(text)))


def print_receipt(database: Database, number: str, *, actor: Actor) -> ReceiptCopy:
    """Count one more print of receipt `number` and return what to print on it.

    The first print is the original; every later one is a reprint (المثنی) with its count.
    """
    with database.unit_of_work() as uow:
        authorize(uow, actor, Permission.RECORD)
        copy = _copy(uow, home_office(uow), canonical_number(number), count_print=True)
        action = "receipt_reprinted" if copy.is_reprint else "receipt_printed"
        uow.audit.append(
            actor.name, action, "receipt", None, {"number": copy.number, "print": copy.print_number}
        )
        uow.commit()
    return copy


def preview_receipt(database: Database, number: str, *, actor: Actor) -> ReceiptCopy:
    """The receipt as its next print will show it, without counting a print: for those who
    may print it (a preview written to a file is a copy of the receipt)."""
    with database.unit_of_work() as uow:
        authorize(uow, actor, Permission.RECORD)
        copy = _copy(uow, home_office(uow), canonical_number(number), count_print=False)
        uow.commit()  # keeps a snapshot or key made just now, so the print matches the preview
    return copy


def void_reason_problems(reason: str) -> list[FieldProblem]:
    """What is wrong with `reason` (normalized) as the reason for voiding a receipt."""
    if len(reason) >= MIN_VOID_REASON:
        return []
    return [
        FieldProblem(
            "void_reason",
            "Write why the receipt is voided (at least {count} letters).",
            {"count": MIN_VOID_REASON},
        )
    ]


def receipt_to_void(uow: UnitOfWork, number: str) -> Donation:
    """The live donation behind receipt `number`; refuses an unknown or void one."""
    found = uow.receipts.by_number(canonical_number(number))
    if found is None:
        raise NotFound("No receipt numbered {number}.", number=canonical_number(number))
    donation = found[0]
    if donation.voided_at is not None:
        raise DomainError("Receipt {number} is already void.", number=donation.receipt_number)
    return donation


def void_donation(uow: UnitOfWork, donation: Donation, reason: str, voided_by: str) -> None:
    """Void `donation` inside the caller's unit of work (audited; nothing is deleted)."""
    donation.voided_at = utc_now()
    donation.void_reason = reason
    donation.voided_by = voided_by
    uow.audit.append(
        voided_by,
        "receipt_voided",
        "donation",
        donation.uuid,
        {"number": donation.receipt_number, "reason": reason},
    )


def void_receipt(database: Database, number: str, *, reason: str, actor: Actor) -> ReceiptCopy:
    """Void a receipt: it keeps its number, leaves every total, and prints as void.

    Nothing is deleted. Refuses an empty or very short reason and a receipt already void. A
    clerk's request pending for it is closed as approved by this void, in the same transaction.
    """
    reason = normalize(reason)
    problems = void_reason_problems(reason)
    if problems:
        raise ValidationFailed(problems)
    with database.unit_of_work() as uow:
        authorize(uow, actor, Permission.VOID)
        office = home_office(uow)
        donation = receipt_to_void(uow, number)
        void_donation(uow, donation, reason, actor.name)
        for request in uow.void_requests.pending_for(donation.id):
            request.status = "approved"
            request.decided_by = actor.name
            request.decided_at = utc_now()
            request.decision_note = reason
            uow.audit.append(
                actor.name,
                "void_request_approved",
                "void_request",
                request.uuid,
                {"number": request.receipt_number, "requested_by": request.requested_by},
            )
        uow.flush()
        copy = _copy(uow, office, canonical_number(number), count_print=False)
        uow.commit()
    return copy


@dataclass(frozen=True)
class CheckedCode:
    number: str
    donated_on: dt.date
    amount_rials: int
    genuine: bool
    voided: bool


def verify_code(database: Database, text: str) -> CheckedCode:
    """Check a QR text against this office's key and its stored receipt."""
    parts = normalize(text).split("|")
    if len(parts) != 5 or parts[0] != QR_PREFIX:
        raise DomainError("This is not a Charity Desktop receipt code.")
    _, number, date_text, amount_text, code = parts
    with database.reader() as uow:
        found = uow.receipts.by_number(canonical_number(number))
        key = uow.settings.get(RECEIPT_KEY_SETTING)
        if found is None or key is None:
            raise NotFound("No receipt numbered {number}.", number=number)
        donation = found[0]
        expected = check_code(
            bytes.fromhex(key),
            donation.receipt_number or "",
            donation.donated_on,
            donation.amount_rials,
        )
        genuine = (
            hmac.compare_digest(expected, code)
            and format_jalali(donation.donated_on, persian_digits=False) == date_text
            and str(donation.amount_rials) == amount_text
        )
        return CheckedCode(
            number,
            donation.donated_on,
            donation.amount_rials,
            genuine,
            donation.voided_at is not None,
        )
