"""The daily closing: every receipt of one day with both of its times, totals by kind and by
channel (each kind apart), the cash each clerk hands over, and voids apart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from charity_desktop.domain.enums import Channel, DonationKind
from charity_desktop.domain.errors import NotFound
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.persian.jalali import local_time
from charity_desktop.persian.money import Unit
from charity_desktop.services.database import Database
from charity_desktop.services.donations import list_donations
from charity_desktop.services.dto import DonationRow
from charity_desktop.services.office import office_info


@dataclass(frozen=True)
class Tally:
    """How many live receipts, and their rials."""

    count: int = 0
    rials: int = 0

    def plus(self, rials: int) -> Tally:
        """This tally with one more receipt of `rials`."""
        return Tally(self.count + 1, self.rials + rials)


@dataclass(frozen=True)
class ClosingReceipt:
    """One receipt of the day as the closing shows it."""

    receipt_number: str
    donated_on: dt.date
    entered_at: dt.datetime  # when the clerk entered it, in this computer's local time
    donor_name: str | None
    kind: DonationKind
    channel: Channel
    amount_rials: int
    clerk: str
    void_reason: str | None = None
    voided_by: str | None = None


@dataclass(frozen=True)
class ClerkCash:
    """The cash one clerk took in on the day, by channel.

    Only the desk's cash is in the clerk's hands; cash by card reader, transfer and the
    other channels did not pass through them and is shown apart.
    """

    clerk: str
    by_channel: dict[Channel, Tally] = field(default_factory=dict)

    @property
    def to_hand_over(self) -> Tally:
        """The cash taken at the desk: what the clerk hands over at the end of the day."""
        return self.by_channel.get(Channel.DESK, Tally())


@dataclass(frozen=True)
class DayClosing:
    """Every figure of one day's closing. Cash, goods and services are never added together."""

    office_name: str
    province: str
    county: str
    day: dt.date
    unit: Unit
    receipts: list[ClosingReceipt]  # live ones, by number
    voided: list[ClosingReceipt]
    by_kind: dict[DonationKind, Tally]  # every kind, zero ones too
    by_channel: dict[Channel, dict[DonationKind, Tally]]  # channels used on the day
    cash_by_clerk: list[ClerkCash]  # clerks who took cash, by name
    audit_head: str

    @property
    def cash(self) -> Tally:
        """The day's cash, every channel: the only sum of money the closing has."""
        return self.by_kind[DonationKind.CASH]


def _receipt(row: DonationRow) -> ClosingReceipt:
    return ClosingReceipt(
        receipt_number=row.receipt_number or "",
        donated_on=row.donated_on,
        entered_at=local_time(row.created_at),
        donor_name=row.donor_name,
        kind=row.kind,
        channel=row.channel,
        amount_rials=row.amount_rials,
        clerk=row.clerk,
        void_reason=row.void_reason,
        voided_by=row.voided_by,
    )


def day_closing(database: Database, day: dt.date) -> DayClosing:
    """The office's receipts dated `day`: live ones with their totals, and voided ones apart.

    Totals are per kind, and per channel with each kind apart; the cash is also given per
    clerk and channel. Voided receipts are in no total.
    """
    info = office_info(database)
    if info is None:
        raise NotFound(
            "No office is set up in this database yet. Run: charity-desktop init --office-name ..."
        )
    rows = list_donations(
        database,
        DonationFilter(date_from=day, date_to=day, office_only=True, include_voided=True),
    )
    rows.sort(key=lambda row: row.receipt_number or "")
    with database.reader() as uow:
        head = uow.audit.head()
    live = [row for row in rows if row.voided_at is None]
    by_kind = {kind: Tally() for kind in DonationKind}
    by_channel: dict[Channel, dict[DonationKind, Tally]] = {}
    clerks: dict[str, dict[Channel, Tally]] = {}
    for row in live:
        by_kind[row.kind] = by_kind[row.kind].plus(row.amount_rials)
        kinds = by_channel.setdefault(row.channel, {kind: Tally() for kind in DonationKind})
        kinds[row.kind] = kinds[row.kind].plus(row.amount_rials)
        if row.kind is DonationKind.CASH:
            cash = clerks.setdefault(row.clerk, {})
            cash[row.channel] = cash.get(row.channel, Tally()).plus(row.amount_rials)
    return DayClosing(
        office_name=info.name,
        province=info.province,
        county=info.county,
        day=day,
        unit=info.display_unit,
        receipts=[_receipt(row) for row in live],
        voided=[_receipt(row) for row in rows if row.voided_at is not None],
        by_kind=by_kind,
        by_channel={channel: by_channel[channel] for channel in Channel if channel in by_channel},
        cash_by_clerk=[
            ClerkCash(clerk, {c: cash[c] for c in Channel if c in cash})
            for clerk, cash in sorted(clerks.items())
        ],
        audit_head=head,
    )
