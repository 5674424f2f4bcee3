"""Recording donations, one at a time or a whole file at once, with gapless receipt numbers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from charity_desktop.domain.enums import TRACKED_CHANNELS, Channel, DonationKind, DonorType
from charity_desktop.domain.errors import (
    Cancelled,
    DomainError,
    FieldProblem,
    NotFound,
    ValidationFailed,
)
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.limits import MAX_SERVICE_HOURS, MAX_TEXT, TRACKING_NUMBER
from charity_desktop.domain.receipts import ReceiptNumber
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian import identifiers
from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.jalali import parse_jalali
from charity_desktop.persian.jalali import today as clock_today
from charity_desktop.persian.money import Unit, parse_amount
from charity_desktop.persian.text import normalize, normalize_lines, search_key, to_ascii_digits
from charity_desktop.services.access import authorize
from charity_desktop.services.catalogue import keep_clerk_defaults
from charity_desktop.services.database import Database
from charity_desktop.services.donor_index import index_donors
from charity_desktop.services.dto import (
    DonationDraft,
    DonationRow,
    DonorDraft,
    ImportReport,
    KindTotal,
    SavedDonation,
)
from charity_desktop.services.office import ceiling_in, home_office
from charity_desktop.services.receipts import store_donations
from charity_desktop.storage.models import (
    Campaign,
    CollectionPoint,
    County,
    Donor,
    Institution,
    Intent,
    Office,
    new_uuid,
    utc_now,
)
from charity_desktop.storage.unit_of_work import UnitOfWork
from charity_desktop.translation import N_

PROGRESS_STEP = 500
# Called with (work done, work in all); returning False cancels.
Progress = Callable[[int, int], bool]
MAX_HOURS = Decimal(MAX_SERVICE_HOURS)
_DECIMAL = re.compile(r"\d{1,9}(\.\d{1,3})?")


@dataclass
class _Checked:
    """A draft whose every field was checked and whose names were resolved to keys."""

    kind: DonationKind
    amount_rials: int
    donated_on: dt.date
    channel: Channel
    intent_id: int
    campaign_id: int | None
    county_id: int | None
    collection_point_id: int | None
    institution_id: int | None
    donor: DonorDraft
    description: str | None
    quantity: str | None
    quantity_unit: str | None
    service_minutes: int | None
    replaces: str | None = None
    tracking_number: str | None = None


class _Catalogue:
    """The office's catalogues for one transaction, loaded once, found by search key.

    With `create_missing`, an unknown name is registered and remembered in `created`.
    """

    def __init__(self, uow: UnitOfWork, office: Office, *, create_missing: bool) -> None:
        self._uow = uow
        self._office = office
        self._create_missing = create_missing
        self.ceiling = ceiling_in(uow)
        self.created: dict[str, list[str]] = {}
        self._records: dict[type, dict[str, Any]] = {}
        models: tuple[Any, ...] = (Intent, Campaign, County, Institution)
        for model in models:
            records = uow.catalogue.all(model, office.id)
            self._records[model] = {record.name_key: record for record in records}
        self._points = {
            (point.county_id, point.name_key): point
            for point in uow.catalogue.all(CollectionPoint, office.id)
        }

    def find(self, model: Any, name: str) -> int | None:
        """Key of the `model` record (Intent, Campaign, County or Institution) named `name`."""
        key = search_key(name)
        record = self._records[model].get(key)
        if record is None and self._create_missing:
            record = self._uow.catalogue.add(
                model(office_id=self._office.id, name=normalize(name), name_key=key)
            )
            self._records[model][key] = record
            self.created.setdefault(model.__tablename__, []).append(record.name)
        return record.id if record else None

    def voided_receipt(self, text: str, problems: list[FieldProblem]) -> str | None:
        """The receipt number a re-entry replaces: it must be this office's and already void."""
        try:
            number = str(ReceiptNumber.parse(normalize(text)))
        except DomainError:
            problems.append(
                FieldProblem(
                    "replaces",
                    "{text} is not a receipt number (for example ZN-1404-000123).",
                    {"text": text},
                )
            )
            return None
        found = self._uow.receipts.by_number(number)
        if found is None or found[0].office_id != self._office.id:
            problems.append(
                FieldProblem("replaces", "No receipt numbered {number}.", {"number": number})
            )
            return None
        if found[0].voided_at is None:
            problems.append(
                FieldProblem(
                    "replaces",
                    "Void receipt {number} before entering its correction.",
                    {"number": number},
                )
            )
            return None
        return number

    def point(self, county_id: int, name: str) -> int | None:
        key = (county_id, search_key(name))
        point = self._points.get(key)
        if point is None and self._create_missing:
            point = self._uow.catalogue.add(
                CollectionPoint(
                    office_id=self._office.id,
                    county_id=county_id,
                    name=normalize(name),
                    name_key=key[1],
                )
            )
            self._points[key] = point
            self.created.setdefault(CollectionPoint.__tablename__, []).append(point.name)
        return point.id if point else None


def _text(
    value: str, field: str, problems: list[FieldProblem], *, limit: int = MAX_TEXT
) -> str | None:
    text = normalize(value)
    if len(text) > limit:
        problems.append(
            FieldProblem(field, "This text is longer than {limit} characters.", {"limit": limit})
        )
    return text or None


def check_donor(
    draft: DonorDraft, problems: list[FieldProblem], *, accept_warnings: bool
) -> DonorDraft:
    """The donor with canonical IDs; its type follows from what was typed. An unusual
    national ID is questioned unless the clerk confirmed it or `accept_warnings`."""
    if draft.existing_id is not None:
        return DonorDraft(DonorType.PERSON, existing_id=draft.existing_id)
    name = normalize(draft.name)
    national_id, mobile = draft.national_id.strip(), draft.mobile.strip()
    donor_type = DonorType(draft.donor_type)
    if donor_type is DonorType.ANONYMOUS and not (name or national_id):
        return DonorDraft()
    if national_id:
        compact = re.sub(r"\D", "", to_ascii_digits(national_id))
        checker = identifiers.legal_id if len(compact) == 11 else identifiers.national_id
        if donor_type is DonorType.LEGAL:
            checker = identifiers.legal_id
        try:
            national_id = checker(national_id)
        except InvalidInput as error:
            problems.append(FieldProblem("donor_national_id", error.message, error.params))
        else:
            if (
                checker is identifiers.national_id
                and identifiers.repeated_digits(national_id)
                and not (draft.national_id_confirmed or accept_warnings)
            ):
                problems.append(
                    FieldProblem(
                        "donor_national_id",
                        "All ten digits of this national ID are the same. A few such IDs were issued: check the card, then confirm it.",
                        warning=True,
                    )
                )
        donor_type = DonorType.LEGAL if checker is identifiers.legal_id else DonorType.PERSON
    elif donor_type is DonorType.ANONYMOUS:
        donor_type = DonorType.PERSON
    if not name:
        problems.append(FieldProblem("donor_name", "Enter the donor's name, or choose anonymous."))
    elif len(name) > 200:
        problems.append(
            FieldProblem(
                "donor_name", "This text is longer than {limit} characters.", {"limit": 200}
            )
        )
    if mobile:
        try:
            mobile = identifiers.mobile(mobile)
        except InvalidInput as error:
            problems.append(FieldProblem("donor_mobile", error.message, error.params))
    address = normalize_lines(draft.address)
    if len(address) > MAX_TEXT:
        problems.append(
            FieldProblem(
                "donor_address", "This text is longer than {limit} characters.", {"limit": MAX_TEXT}
            )
        )
    return DonorDraft(donor_type, name, national_id, mobile, address)


def _decimal(text: str) -> Decimal | None:
    compact = to_ascii_digits(text).strip().replace("٫", ".").replace("/", ".")
    if not _DECIMAL.fullmatch(compact):
        return None
    try:
        return Decimal(compact)
    except InvalidOperation:
        return None


def _check(
    draft: DonationDraft, catalogue: _Catalogue, on: dt.date, *, accept_warnings: bool = False
) -> tuple[_Checked | None, list[FieldProblem]]:
    """Check every field of `draft`; return the checked donation or the problems (never both)."""
    problems: list[FieldProblem] = []
    kind = channel = None
    try:
        kind = DonationKind(draft.kind)
    except ValueError:
        problems.append(FieldProblem("kind", "The kind must be cash, in-kind or service."))
    try:
        channel = Channel(draft.channel)
    except ValueError:
        problems.append(
            FieldProblem(
                "channel",
                "The channel must be desk, card reader, bank transfer, USSD, online or collection box.",
            )
        )
    amount = 0
    try:
        unit = Unit(draft.unit)
    except ValueError:
        problems.append(FieldProblem("unit", "The unit must be rial or toman."))
    else:
        try:
            amount = parse_amount(draft.amount, unit)
        except InvalidInput as error:
            problems.append(FieldProblem("amount", error.message, error.params))
        else:
            if amount > catalogue.ceiling:
                problems.append(
                    FieldProblem(
                        "amount",
                        "The amount is above this office's ceiling for one donation ({limit} rials); a supervisor can raise it in Settings.",
                        {"limit": catalogue.ceiling},
                    )
                )
    donated_on = None
    try:
        donated_on = draft.date if isinstance(draft.date, dt.date) else parse_jalali(draft.date)
    except InvalidInput as error:
        problems.append(FieldProblem("date", error.message, error.params))
    else:
        if donated_on > on:
            problems.append(FieldProblem("date", "The date is in the future."))
    intent_id = None
    if not normalize(draft.intent):
        problems.append(FieldProblem("intent", "Choose the donor's intent."))
    else:
        intent_id = catalogue.find(Intent, draft.intent)
        if intent_id is None:
            problems.append(
                FieldProblem(
                    "intent",
                    "The office has no intent named «{name}».",
                    {"name": normalize(draft.intent)},
                )
            )
    optional: dict[str, int | None] = {}
    for field, model, label in (
        ("campaign", Campaign, N_("The office has no campaign named «{name}».")),
        ("county", County, N_("The office has no county named «{name}».")),
        ("collector", Institution, N_("No charity institution named «{name}» is registered.")),
    ):
        name = normalize(getattr(draft, field))
        optional[field] = catalogue.find(model, name) if name else None
        if name and optional[field] is None:
            problems.append(FieldProblem(field, label, {"name": name}))
    point_id = None
    point_name = normalize(draft.collection_point)
    if point_name:
        if optional["county"] is None:
            if normalize(draft.county) == "":
                problems.append(
                    FieldProblem("collection_point", "Choose the county of the collection point.")
                )
        else:
            point_id = catalogue.point(optional["county"], point_name)
            if point_id is None:
                problems.append(
                    FieldProblem(
                        "collection_point",
                        "The county has no collection point named «{name}».",
                        {"name": point_name},
                    )
                )
    description = _text(draft.description, "description", problems)
    quantity = quantity_unit = None
    minutes = None
    if kind is DonationKind.IN_KIND:
        if not description:
            problems.append(FieldProblem("description", "Describe the goods given."))
        if draft.quantity.strip():
            value = _decimal(draft.quantity)
            if value is None or value <= 0:
                problems.append(
                    FieldProblem("quantity", "The quantity must be a number more than zero.")
                )
            else:
                quantity = (
                    str(value.normalize()) if value != value.to_integral() else str(int(value))
                )
        quantity_unit = _text(draft.quantity_unit, "quantity_unit", problems, limit=30)
    elif draft.quantity.strip() or draft.quantity_unit.strip():
        problems.append(FieldProblem("quantity", "Only in-kind donations have a quantity."))
    if kind is DonationKind.SERVICE:
        hours = _decimal(draft.hours) if draft.hours.strip() else None
        if hours is None or hours <= 0 or hours > MAX_HOURS:
            problems.append(
                FieldProblem("hours", "Enter the hours of service, a number more than zero.")
            )
        else:
            minutes = int((hours * 60).to_integral_value())
        if not description:
            problems.append(FieldProblem("description", "Describe the service given."))
    elif draft.hours.strip():
        problems.append(FieldProblem("hours", "Only volunteer services have hours."))
    tracking_number = _tracking_number(draft.tracking_number, channel, problems)
    donor = check_donor(draft.donor, problems, accept_warnings=accept_warnings)
    replaces = (
        catalogue.voided_receipt(draft.replaces, problems) if draft.replaces.strip() else None
    )
    if problems or kind is None or channel is None or donated_on is None or intent_id is None:
        return None, problems
    return (
        _Checked(
            kind=kind,
            amount_rials=amount,
            donated_on=donated_on,
            channel=channel,
            intent_id=intent_id,
            campaign_id=optional["campaign"],
            county_id=optional["county"],
            collection_point_id=point_id,
            institution_id=optional["collector"],
            donor=donor,
            description=description,
            quantity=quantity,
            quantity_unit=quantity_unit,
            service_minutes=minutes,
            replaces=replaces,
            tracking_number=tracking_number,
        ),
        [],
    )


def _tracking_number(
    text: str, channel: Channel | None, problems: list[FieldProblem]
) -> str | None:
    """The tracking number as stored (Persian digits folded, spaces and dashes left out,
    Latin letters in capitals), for the channels that have one; None when none was typed."""
    compact = "".join(to_ascii_digits(normalize(text)).split()).replace("-", "")
    if not compact:
        return None
    if channel is not None and channel not in TRACKED_CHANNELS:
        problems.append(
            FieldProblem(
                "tracking_number",
                "Only card-reader, bank-transfer, USSD and online gifts have a tracking number.",
            )
        )
        return None
    # Only Latin letters are put in capitals: str.upper() would turn «ı» or «ß» into Latin.
    compact = compact.upper() if compact.isascii() else compact
    if not TRACKING_NUMBER.fullmatch(compact):
        problems.append(
            FieldProblem(
                "tracking_number",
                "A tracking number has 4 to 40 Latin letters and digits (spaces and dashes are left out).",
            )
        )
        return None
    return compact


def _repeated_tracking(
    uow: UnitOfWork, office: Office, rows: Sequence[tuple[int | None, _Checked]]
) -> list[FieldProblem]:
    """A problem for each (row number, donation) whose tracking number another live
    donation of the office (or an earlier row) already carries on the same channel."""
    wanted = [
        (checked.channel.value, checked.tracking_number)
        for _row, checked in rows
        if checked.tracking_number
    ]
    if not wanted:
        return []
    stored = uow.donations.live_tracking_numbers(office.id, wanted)
    seen: dict[tuple[str, str], int | None] = {}
    problems = []
    for row, checked in rows:
        if not checked.tracking_number:
            continue
        key = (checked.channel.value, checked.tracking_number)
        if key in stored:
            receipt, day = stored[key]
            problems.append(
                FieldProblem(
                    "tracking_number",
                    "Tracking number {number} was already entered, on {receipt} of {date}.",
                    {"number": key[1], "receipt": receipt or "—", "date": day},
                    row=row,
                )
            )
        elif key in seen:
            problems.append(
                FieldProblem(
                    "tracking_number",
                    "Tracking number {number} is also on row {other} of this file.",
                    {"number": key[1], "other": seen[key]},
                    row=row,
                )
            )
        else:
            seen[key] = row
    return problems


@dataclass
class _NewDonor:
    """A donor this transaction creates; `id` is known once `_Donors.flush` has run."""

    row: dict[str, Any]
    id: int | None = None


class _Donors:
    """Finds or creates donors for one transaction, so a file naming one donor twice makes one.

    The donors the drafts name are looked up in a few batched queries, and new ones are
    inserted together at `flush`: a file of 100,000 rows naming 12,000 donors would
    otherwise cost 24,000 statements.
    """

    def __init__(self, uow: UnitOfWork, office: Office, drafts: Iterable[DonorDraft]) -> None:
        self._uow = uow
        self._office = office
        wanted = [
            d for d in drafts if d.existing_id is None and d.donor_type is not DonorType.ANONYMOUS
        ]
        by_id = uow.donors.by_national_ids(
            office.id, (d.national_id for d in wanted if d.national_id)
        )
        by_name = uow.donors.without_id_by_name(
            office.id, (search_key(d.name) for d in wanted if not d.national_id)
        )
        self._seen: dict[tuple[str, str, str | None], Donor | _NewDonor] = {
            **{(code, "", None): donor for code, donor in by_id.items()},
            **{("", name, mobile): donor for (name, mobile), donor in by_name.items()},
        }
        self._created: list[_NewDonor] = []

    def donor(self, draft: DonorDraft) -> Donor | _NewDonor | None:
        if draft.existing_id is not None:
            found = self._uow.donors.get(draft.existing_id)
            if found is None:
                raise NotFound("The chosen donor no longer exists; search again.")
            return found
        if draft.donor_type is DonorType.ANONYMOUS:
            return None
        key = (
            (draft.national_id, "", None)
            if draft.national_id
            else ("", search_key(draft.name), draft.mobile or None)
        )
        donor = self._seen.get(key)
        if donor is None:
            donor = _NewDonor(
                {
                    "uuid": new_uuid(),
                    "office_id": self._office.id,
                    "donor_type": draft.donor_type.value,
                    "name": draft.name,
                    "name_key": search_key(draft.name),
                    "national_id": draft.national_id or None,
                    "mobile": draft.mobile or None,
                    "address": draft.address or None,
                    "created_at": utc_now(),
                }
            )
            self._created.append(donor)
            self._seen[key] = donor
        return donor

    def flush(self) -> None:
        """Insert the donors created so far, with their search terms."""
        if not self._created:
            return
        self._uow.donors.add_many([donor.row for donor in self._created])
        keys = self._uow.donors.ids_by_uuid(donor.row["uuid"] for donor in self._created)
        for donor in self._created:
            donor.id = keys[donor.row["uuid"]]
        index_donors(
            self._uow,
            (
                (donor.id, donor.row["name"], donor.row["national_id"], donor.row["mobile"])
                for donor in self._created
                if donor.id is not None
            ),
        )
        self._created.clear()


def _values(
    checked: _Checked, office: Office, donor: Donor | _NewDonor | None, clerk: str
) -> dict[str, Any]:
    return {
        "uuid": new_uuid(),
        "office_id": office.id,
        "kind": checked.kind.value,
        "amount_rials": checked.amount_rials,
        "donated_on": checked.donated_on,
        "channel": checked.channel.value,
        "intent_id": checked.intent_id,
        "campaign_id": checked.campaign_id,
        "county_id": checked.county_id,
        "collection_point_id": checked.collection_point_id,
        "institution_id": checked.institution_id,
        "donor_id": donor.id if donor else None,
        "description": checked.description,
        "quantity": checked.quantity,
        "quantity_unit": checked.quantity_unit,
        "service_minutes": checked.service_minutes,
        "replaces_receipt": checked.replaces,
        "tracking_number": checked.tracking_number,
        "clerk": normalize(clerk) or "-",
        "created_at": utc_now(),
        "receipt_year": None,
        "receipt_sequence": None,
        "receipt_number": None,
    }


def record_donation(
    database: Database,
    draft: DonationDraft,
    *,
    actor: Actor,
    today: dt.date | None = None,
    entry_defaults: dict[str, str] | None = None,
) -> SavedDonation:
    """Check and store one donation with its receipt number, durably, in one transaction,
    with `entry_defaults` (the entry form's choices to offer this clerk next time) if given.

    A date after `today` (default: this computer's date) is refused. Raises
    `ValidationFailed` naming every bad field; nothing is stored then.
    """
    with database.unit_of_work() as uow:
        authorize(uow, actor, Permission.RECORD)
        uow.audit.serialise()  # before the repeat checks; the chain's lock comes first always
        office = home_office(uow)
        catalogue = _Catalogue(uow, office, create_missing=False)
        checked, problems = _check(draft, catalogue, today or clock_today())
        if checked is None:
            raise ValidationFailed(problems)
        repeated = _repeated_tracking(uow, office, [(None, checked)])
        if repeated:
            raise ValidationFailed(repeated)
        donors = _Donors(uow, office, [checked.donor])
        donor = donors.donor(checked.donor)
        donors.flush()
        row = _values(checked, office, donor, actor.name)
        store_donations(uow, office, [row], actor=actor.name, action="donation_recorded")
        if entry_defaults is not None:
            keep_clerk_defaults(uow, actor.name, entry_defaults)
        uow.commit()
    return SavedDonation(row["uuid"], row["amount_rials"], row["receipt_number"])


def import_donations(
    database: Database,
    drafts: Sequence[tuple[int, DonationDraft]],
    *,
    actor: Actor,
    create_missing: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    today: dt.date | None = None,
    accept_warnings: bool = False,
) -> ImportReport:
    """Store every (row number, draft) or none of them; a date after `today` (default: this
    computer's date) is refused, and unusual values (a warning: ten equal digits in a national
    ID) are refused unless `accept_warnings`.

    Every bad row is reported in one `ValidationFailed`, each problem naming its row and
    field. A dry run checks everything and reports what would be stored, storing nothing.
    """
    with database.unit_of_work() as uow:
        authorize(uow, actor, Permission.RECORD)
        uow.audit.serialise()  # before the repeat checks; the chain's lock comes first always
        office = home_office(uow)
        catalogue = _Catalogue(uow, office, create_missing=create_missing)
        on = today or clock_today()
        checked_rows: list[_Checked] = []
        checked_numbers: list[int] = []
        problems: list[FieldProblem] = []
        for done, (row_number, draft) in enumerate(drafts):
            if (
                progress is not None
                and done % PROGRESS_STEP == 0
                and progress(done, len(drafts)) is False
            ):
                raise Cancelled("Cancelled; nothing was stored.")
            checked, row_problems = _check(draft, catalogue, on, accept_warnings=accept_warnings)
            if checked is None:
                problems.extend(
                    dataclasses.replace(problem, row=row_number) for problem in row_problems
                )
            else:
                checked_rows.append(checked)
                checked_numbers.append(row_number)
        problems += _repeated_tracking(
            uow, office, list(zip(checked_numbers, checked_rows, strict=True))
        )
        if problems:
            raise ValidationFailed(problems)
        donors = _Donors(uow, office, (checked.donor for checked in checked_rows))
        chosen = [donors.donor(checked.donor) for checked in checked_rows]
        donors.flush()
        rows = [
            _values(checked, office, donor, actor.name)
            for checked, donor in zip(checked_rows, chosen, strict=True)
        ]
        numbers = store_donations(uow, office, rows, actor=actor.name, action="donations_imported")
        report = ImportReport(
            rows=len(rows),
            total_rials=sum(row["amount_rials"] for row in rows),
            receipts=(numbers[0], numbers[-1]) if numbers else None,
            created=catalogue.created,
            dry_run=dry_run,
        )
        if not dry_run:
            uow.commit()
    return report


def _row(raw: Any) -> DonationRow:
    return DonationRow(
        **{
            **raw._asdict(),
            "kind": DonationKind(raw.kind),
            "channel": Channel(raw.channel),
        }
    )


def list_donations(
    database: Database,
    criteria: DonationFilter,
    *,
    limit: int | None = None,
    sort: str = "date",
    descending: bool = False,
    after: DonationRow | None = None,
) -> list[DonationRow]:
    """Donations matching `criteria` ordered by `sort` ("date" or "amount"); with `limit`, a page
    at a time: pass the last row of a page as `after` to get the next one."""
    cursor = None
    if after is not None:
        cursor = (after.donated_on if sort == "date" else after.amount_rials, after.id)
    with database.reader() as uow:
        rows = uow.donations.rows(
            criteria, limit=limit, sort=sort, descending=descending, after=cursor
        )
        return [_row(raw) for raw in rows]


def totals(database: Database, criteria: DonationFilter) -> list[KindTotal]:
    """Count and rials per kind over the donations matching `criteria`."""
    with database.reader() as uow:
        found = uow.donations.totals_by_kind(criteria)
    return [KindTotal(kind, *found.get(kind.value, (0, 0))) for kind in DonationKind]
