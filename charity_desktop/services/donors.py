"""Finding donors as a clerk types, and a donor's history."""

from __future__ import annotations

from charity_desktop.domain.enums import DonorType
from charity_desktop.domain.errors import NotFound
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.persian.jalali import jalali_year
from charity_desktop.persian.text import search_key, to_ascii_digits
from charity_desktop.services.donations import list_donations
from charity_desktop.services.dto import DonorDetail, DonorSummary, YearTotal
from charity_desktop.storage.database import Database
from charity_desktop.storage.models import Donor

SEARCH_LIMIT = 20
MIN_DIGITS = 3


def _summary(donor: Donor) -> DonorSummary:
    return DonorSummary(
        donor.id,
        donor.uuid,
        DonorType(donor.donor_type),
        donor.name,
        donor.national_id,
        donor.mobile,
    )


def search_donors(
    database: Database, text: str, *, limit: int = SEARCH_LIMIT
) -> list[DonorSummary]:
    """Donors whose name contains `text` (Persian-normalised, Arabic letters and ZWNJ folded),
    or whose national ID or mobile contains its digits (either digit set, three or more)."""
    digits = "".join(ch for ch in to_ascii_digits(text) if ch.isascii() and ch.isdigit())
    key = search_key("".join(ch for ch in text if not ch.isdigit()))
    if len(digits) < MIN_DIGITS:
        digits = ""
    if not key and not digits:
        return []
    with database.reader() as uow:
        return [_summary(donor) for donor in uow.donors.search(key, digits, limit)]


def donor_detail(database: Database, donor_id: int) -> DonorDetail:
    """A donor, every donation they made (newest first) and their totals per Solar Hijri year."""
    with database.reader() as uow:
        donor = uow.donors.get(donor_id)
        if donor is None:
            raise NotFound("The chosen donor no longer exists; search again.")
        summary, address = _summary(donor), donor.address
    rows = list_donations(database, DonationFilter(donor_id=donor_id), descending=True)
    years: dict[int, list[int]] = {}
    for row in rows:
        slot = years.setdefault(jalali_year(row.donated_on), [0, 0])
        slot[0] += 1
        slot[1] += row.amount_rials
    per_year = [
        YearTotal(year, count, rials)
        for year, (count, rials) in sorted(years.items(), reverse=True)
    ]
    return DonorDetail(summary, address, rows, per_year)
