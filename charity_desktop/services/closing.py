"""The daily closing: every receipt of one day, with totals by kind and channel, voids apart."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from charity_desktop.domain.enums import Channel, DonationKind
from charity_desktop.domain.errors import NotFound
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.persian.money import Unit
from charity_desktop.services.database import Database
from charity_desktop.services.donations import list_donations
from charity_desktop.services.dto import DonationRow
from charity_desktop.services.office import office_info


@dataclass(frozen=True)
class DayClosing:
    office_name: str
    province: str
    county: str
    day: dt.date
    unit: Unit
    receipts: list[DonationRow]
    voided: list[DonationRow]
    by_kind: list[tuple[DonationKind, int, int]]
    by_channel: list[tuple[Channel, int, int]]
    audit_head: str

    @property
    def total_rials(self) -> int:
        return sum(row.amount_rials for row in self.receipts)


def day_closing(database: Database, day: dt.date) -> DayClosing:
    """The office's receipts dated `day`: live ones with their totals, and voided ones apart."""
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
    counts: Counter[DonationKind | Channel] = Counter()
    sums: Counter[DonationKind | Channel] = Counter()
    for row in live:
        for key in (row.kind, row.channel):
            counts[key] += 1
            sums[key] += row.amount_rials
    return DayClosing(
        office_name=info.name,
        province=info.province,
        county=info.county,
        day=day,
        unit=info.display_unit,
        receipts=live,
        voided=[row for row in rows if row.voided_at is not None],
        by_kind=[(kind, counts[kind], sums[kind]) for kind in DonationKind],
        by_channel=[(channel, counts[channel], sums[channel]) for channel in Channel],
        audit_head=head,
    )
