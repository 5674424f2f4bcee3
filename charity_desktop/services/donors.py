"""Finding donors as a clerk types, and a donor's history."""

from __future__ import annotations

from charity_desktop.domain.enums import DonorType
from charity_desktop.domain.errors import NotFound
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.persian.jalali import jalali_year
from charity_desktop.persian.text import reversed_digits, search_words, to_ascii_digits
from charity_desktop.services.database import Database
from charity_desktop.services.donations import list_donations
from charity_desktop.services.dto import DonorDetail, DonorSummary, YearTotal
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
    """Donors found by what a clerk has typed so far, best first.

    All the words typed, written together, start a word of the name or a run of its words
    («محمدرضا» and «عبد الله» find «محمد رضا» and «عبدالله»), or else each of them does, in
    any order («احمدی محمد»). Arabic letters, ZWNJ and either digit set are folded. Digits alone (three
    or more) find a national ID or mobile by its first or last digits; beside words they
    must appear in one of them.
    """
    ascii_text = to_ascii_digits(text)
    digits = "".join(ch for ch in ascii_text if ch.isascii() and ch.isdigit())
    words = search_words("".join(" " if ch.isdigit() else ch for ch in ascii_text))
    if len(digits) < MIN_DIGITS:
        digits = ""
    if words:
        alternatives = [list(dict.fromkeys(words))]
        if len(words) > 1:
            alternatives.insert(0, ["".join(words)])
    elif digits:
        alternatives = [[digits], [reversed_digits(digits)]]
        if digits.startswith("9"):  # a mobile typed without its leading zero
            alternatives.append(["0" + digits])
        digits = ""
    else:
        return []
    with database.reader() as uow:
        return [_summary(donor) for donor in uow.donors.search(alternatives, digits, limit)]


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
