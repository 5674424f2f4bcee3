"""Finding donors as a clerk types, a donor's history, and correcting a donor's details."""

from __future__ import annotations

from charity_desktop.domain.enums import DonorType
from charity_desktop.domain.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian.jalali import jalali_year
from charity_desktop.persian.text import (
    reversed_digits,
    search_key,
    search_words,
    to_ascii_digits,
)
from charity_desktop.services.access import authorize
from charity_desktop.services.database import Database
from charity_desktop.services.donations import check_donor, list_donations
from charity_desktop.services.donor_index import reindex_donors
from charity_desktop.services.dto import DonorDetail, DonorDraft, DonorSummary, YearTotal
from charity_desktop.services.office import home_office
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


# The details of a donor an edit may change, as the audit entry names them.
EDITABLE = ("name", "national_id", "mobile", "address")


def edit_donor(
    database: Database,
    donor_uuid: str,
    *,
    name: str | None = None,
    national_id: str | None = None,
    mobile: str | None = None,
    address: str | None = None,
    confirmed: bool = False,
    actor: Actor,
) -> DonorSummary:
    """Correct one of this office's donors (those who record donations may): each detail
    given replaces the stored one, the others stay; an empty one clears it (the name can
    never be cleared). Every problem is reported at once and nothing changes; an ID
    another donor of the office holds is refused, naming that donor. The change is audited
    with what was before; receipts already issued keep the details they were issued with."""
    authorize(database, actor, Permission.RECORD)
    with database.unit_of_work() as uow:
        uow.audit.serialise()  # before the check of who holds the ID
        office = home_office(uow)
        donor = uow.donors.by_uuid(donor_uuid)
        if donor is None:
            raise NotFound("The chosen donor no longer exists; search again.")
        if donor.office_id != office.id:
            raise DomainError(
                "This donor belongs to another office; only that office can change their details."
            )
        before = {field: getattr(donor, field) or "" for field in EDITABLE}
        wanted = {
            "name": before["name"] if name is None else name,
            "national_id": before["national_id"] if national_id is None else national_id,
            "mobile": before["mobile"] if mobile is None else mobile,
            "address": before["address"] if address is None else address,
        }
        problems: list[FieldProblem] = []
        checked = check_donor(
            DonorDraft(
                DonorType.PERSON,
                wanted["name"],
                wanted["national_id"],
                wanted["mobile"],
                wanted["address"],
                national_id_confirmed=confirmed,
            ),
            problems,
            accept_warnings=wanted["national_id"] == before["national_id"],
        )
        if checked.national_id and not problems:
            holder = uow.donors.by_national_ids(office.id, [checked.national_id]).get(
                checked.national_id
            )
            if holder is not None and holder.id != donor.id:
                problems.append(
                    FieldProblem(
                        "donor_national_id",
                        "This ID already belongs to the donor {name}.",
                        {"name": holder.name},
                    )
                )
        if problems:
            raise ValidationFailed(problems)
        after = {
            "name": checked.name,
            "national_id": checked.national_id,
            "mobile": checked.mobile,
            "address": checked.address,
        }
        changed = [field for field in EDITABLE if after[field] != before[field]]
        if changed:
            donor.name, donor.name_key = checked.name, search_key(checked.name)
            donor.national_id = checked.national_id or None
            donor.mobile = checked.mobile or None
            donor.address = checked.address or None
            donor.donor_type = checked.donor_type.value
            uow.flush()
            reindex_donors(uow, [donor.uuid])
            uow.audit.append(
                actor.name,
                "donor_changed",
                "donor",
                donor.uuid,
                {
                    "before": {field: before[field] for field in changed},
                    "after": {field: after[field] for field in changed},
                },
            )
        summary = _summary(donor)
        uow.commit()
    return summary
