"""Plain data passed between services and the screens, command line and reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from charity_desktop.domain.enums import Channel, DonationKind, DonorType
from charity_desktop.persian.money import Unit


@dataclass(frozen=True)
class OfficeInfo:
    uuid: str
    code: str
    name: str
    province: str
    county: str
    display_unit: Unit


@dataclass(frozen=True)
class OfficeDraft:
    """An office's details as typed on the first-run screen."""

    name: str
    code: str
    province: str
    county: str
    display_unit: Unit


@dataclass(frozen=True)
class DonorDraft:
    """A donor as typed: a person (national ID optional), a legal entity (legal ID), or anonymous.

    `existing_id` names a donor already registered (picked from a search); the other fields
    are then ignored. `national_id_confirmed` says the clerk checked a national ID that
    would otherwise be questioned (ten equal digits).
    """

    donor_type: DonorType = DonorType.ANONYMOUS
    name: str = ""
    national_id: str = ""
    mobile: str = ""
    address: str = ""
    existing_id: int | None = None
    national_id_confirmed: bool = False  # the clerk checked an unusual (ten equal digits) ID


@dataclass(frozen=True)
class DonorSummary:
    id: int
    uuid: str
    donor_type: DonorType
    name: str
    national_id: str | None
    mobile: str | None


@dataclass(frozen=True)
class YearTotal:
    year: int
    count: int
    rials: int


@dataclass(frozen=True)
class DonorDetail:
    donor: DonorSummary
    address: str | None
    donations: list[DonationRow]
    per_year: list[YearTotal]


@dataclass(frozen=True)
class DonationDraft:
    """A donation as typed by a clerk or read from a file; names refer to the office's catalogues.

    `amount` is text in `unit` as typed ("۱۲٬۵۰۰٬۰۰۰"); `date` is Jalali text or a `date`.
    `collector` empty means this office (which issues a receipt); otherwise an institution's name.
    """

    kind: DonationKind | str
    amount: str
    date: dt.date | str
    intent: str
    channel: Channel | str = Channel.DESK
    unit: Unit | str = Unit.RIAL
    donor: DonorDraft = field(default_factory=DonorDraft)
    campaign: str = ""
    county: str = ""
    collection_point: str = ""
    collector: str = ""
    description: str = ""
    quantity: str = ""
    quantity_unit: str = ""
    hours: str = ""
    replaces: str = ""  # number of the voided receipt this entry corrects
    tracking_number: str = ""  # the bank's reference of a card, transfer, USSD or online gift


@dataclass(frozen=True)
class SavedDonation:
    uuid: str
    amount_rials: int
    receipt_number: str | None


@dataclass(frozen=True)
class DonationRow:
    """One donation as lists and exports show it."""

    id: int
    uuid: str
    donated_on: dt.date
    kind: DonationKind
    amount_rials: int
    channel: Channel
    intent: str
    campaign: str | None
    county: str | None
    collection_point: str | None
    institution: str | None
    donor_name: str | None
    donor_national_id: str | None
    donor_mobile: str | None
    description: str | None
    quantity: str | None
    quantity_unit: str | None
    service_minutes: int | None
    receipt_number: str | None
    clerk: str
    created_at: dt.datetime
    voided_at: dt.datetime | None
    void_reason: str | None
    voided_by: str | None
    tracking_number: str | None = None


@dataclass(frozen=True)
class KindTotal:
    kind: DonationKind
    count: int
    rials: int


@dataclass(frozen=True)
class ImportReport:
    """What an import stored (or, on a dry run, would store)."""

    rows: int
    total_rials: int
    receipts: tuple[str, str] | None
    created: dict[str, list[str]]
    dry_run: bool


@dataclass(frozen=True)
class AuditLine:
    """One entry of the audit trail as people read it."""

    id: int  # its place in the chain
    at: dt.datetime  # UTC, without a zone, as stored
    actor: str
    action: str
    entity: str
    entity_uuid: str | None
    details: str  # canonical JSON; the sealed records' digests replaced by their count
