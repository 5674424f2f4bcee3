"""Repositories: the only place that writes queries. Each returns models or plain tuples."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Select,
    and_,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.storage import trust
from charity_desktop.storage.models import (
    AuditEntry,
    Base,
    Campaign,
    CollectionPoint,
    County,
    Donation,
    Donor,
    DonorSearchTerm,
    Institution,
    Intent,
    Office,
    Receipt,
    ReceiptSeries,
    Setting,
    User,
    VoidRequest,
    new_uuid,
)
from charity_desktop.storage.trust import BY_MODEL, mark

# Above every character: a prefix p covers the terms from p up to p + LAST_CHARACTER.
LAST_CHARACTER = "\U0010ffff"

TERM_SAMPLE = 500

Named = TypeVar("Named", County, Intent, Campaign, Institution, CollectionPoint)


def bulk_insert(
    session: Session, model: type[Base], rows: list[dict[str, Any]], *, exact: bool = False
) -> None:
    """Insert `rows` (dicts keyed by column) in one statement; trusted records are sealed
    (a row without its UUID gets one here, so that it can be). See `trust.insert`.

    Core, not the ORM's bulk insert: the ORM splits rows by which values are None into
    many small batches, which made large imports and merges many times slower.
    """
    if rows:
        kind = BY_MODEL.get(model)
        if kind is not None and kind.identity[0] == "uuid":
            for row in rows:
                row.setdefault("uuid", new_uuid())
        trust.insert(session, model, rows, exact=exact)


def bulk_update(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Update records by primary key (`rows`: dicts with "id" and the changed columns), in
    one batch; trusted records are marked for sealing."""
    if rows:
        mark(session, model, "id", (row["id"] for row in rows))
        session.execute(update(model), rows)


# Rials are summed in two parts, amount // SPLIT and amount % SPLIT: each part's sum fits in
# 64 bits for a billion rows, where the plain SUM overflows (SQLite raises "integer overflow")
# past 9.2 * 10**18 rials, which a few thousand large rows or two stored amounts of 2**62 reach.
_RIALS_SPLIT = 10**9


def _rials_sum() -> tuple[Any, Any]:
    """The two columns that sum donations' rials exactly on every engine; select both and
    pass them to `_rials` (PostgreSQL's SUM of a BIGINT is NUMERIC: cast to whole numbers)."""
    return (
        sql_cast(func.coalesce(func.sum(Donation.amount_rials // _RIALS_SPLIT), 0), BigInteger),
        sql_cast(func.coalesce(func.sum(Donation.amount_rials % _RIALS_SPLIT), 0), BigInteger),
    )


def _rials(high: Any, low: Any) -> int:
    """The exact sum of rials from the two columns of `_rials_sum`."""
    return int(high) * _RIALS_SPLIT + int(low)


def _starts(terms: Any, prefix: str) -> Any:
    """`terms.term` starts with `prefix`, as a range the term index answers."""
    return and_(terms.term >= prefix, terms.term < prefix + LAST_CHARACTER)


class OfficeRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def home(self) -> Office | None:
        """The office this database belongs to, if it was set up."""
        return self.session.scalars(select(Office).where(Office.is_home)).first()

    def by_uuid(self, uuid: str) -> Office | None:
        return self.session.scalars(select(Office).where(Office.uuid == uuid)).first()

    def all(self) -> Sequence[Office]:
        return self.session.scalars(
            select(Office).order_by(Office.is_home.desc(), Office.code)
        ).all()

    def by_code(self, code: str) -> Office | None:
        return self.session.scalars(select(Office).where(Office.code == code)).first()

    def add(self, office: Office) -> Office:
        self.session.add(office)
        self.session.flush()
        return office


class UserRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def by_name_key(self, name_key: str) -> User | None:
        return self.session.scalars(select(User).where(User.name_key == name_key)).first()

    def all(self) -> Sequence[User]:
        return self.session.scalars(select(User).order_by(User.name)).all()

    def count(self) -> int:
        return self.session.scalar(select(func.count(User.id))) or 0

    def add(self, user: User) -> User:
        self.session.add(user)
        self.session.flush()
        return user

    def account_history(
        self, user_uuid: str, actions: Iterable[str], limit: int
    ) -> list[tuple[str, dt.datetime]]:
        """(action, time) of the newest `limit` audit entries about the account `user_uuid`
        whose action is one of `actions`, newest first."""
        rows = self.session.execute(
            select(AuditEntry.action, AuditEntry.at)
            .where(AuditEntry.entity_uuid == user_uuid, AuditEntry.action.in_(list(actions)))
            .order_by(AuditEntry.id.desc())
            .limit(limit)
        )
        return [(action, at) for action, at in rows]


class SettingsRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: str) -> str | None:
        setting = self.session.get(Setting, key)
        return setting.value if setting else None

    def set(self, key: str, value: str) -> None:
        self.session.merge(Setting(key=key, value=value))


class CatalogueRepository:
    """Intents, campaigns, counties, collection points and institutions, found by name key."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def all(self, model: type[Named], office_id: int) -> Sequence[Named]:
        order = Intent.sort_order if model is Intent else model.name
        return self.session.scalars(
            select(model).where(model.office_id == office_id).order_by(order, model.id)
        ).all()

    def add(self, record: Named) -> Named:
        self.session.add(record)
        self.session.flush()
        return record

    def get(self, model: type[Named], record_id: int) -> Named | None:
        return self.session.get(model, record_id)

    def names(self, model: type[Named], office_id: int | None) -> dict[int, str]:
        """{key: name} of one office's records of `model` (every office's when None)."""
        query = select(model.id, model.name)
        if office_id is not None:
            query = query.where(model.office_id == office_id)
        return {record_id: name for record_id, name in self.session.execute(query)}


class DonorRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, donor_id: int) -> Donor | None:
        return self.session.get(Donor, donor_id)

    def by_uuid(self, uuid: str) -> Donor | None:
        return self.session.scalar(select(Donor).where(Donor.uuid == uuid))

    def by_national_ids(self, office_id: int, national_ids: Iterable[str]) -> dict[str, Donor]:
        """{national ID: donor} of the office's donors with any of these IDs."""
        wanted = sorted(set(national_ids))
        found: dict[str, Donor] = {}
        for start in range(0, len(wanted), 900):
            for donor in self.session.scalars(
                select(Donor).where(
                    Donor.office_id == office_id,
                    Donor.national_id.in_(wanted[start : start + 900]),
                )
            ):
                found[donor.national_id or ""] = donor
        return found

    def without_id_by_name(
        self, office_id: int, name_keys: Iterable[str]
    ) -> dict[tuple[str, str | None], Donor]:
        """{(name key, mobile): donor} of the office's donors without an ID under these
        names (the earliest one where several share a name and mobile)."""
        wanted = sorted(set(name_keys))
        found: dict[tuple[str, str | None], Donor] = {}
        for start in range(0, len(wanted), 900):
            for donor in self.session.scalars(
                select(Donor)
                .where(
                    Donor.office_id == office_id,
                    Donor.national_id.is_(None),
                    Donor.name_key.in_(wanted[start : start + 900]),
                )
                .order_by(Donor.id.desc())
            ):
                found[(donor.name_key, donor.mobile)] = donor
        return found

    def ids_by_uuid(self, uuids: Iterable[str]) -> dict[str, int]:
        wanted = list(uuids)
        found: dict[str, int] = {}
        for start in range(0, len(wanted), 900):
            rows = self.session.execute(
                select(Donor.uuid, Donor.id).where(Donor.uuid.in_(wanted[start : start + 900]))
            )
            found.update({uuid: key for uuid, key in rows})
        return found

    def add(self, donor: Donor) -> Donor:
        self.session.add(donor)
        self.session.flush()
        return donor

    def add_many(self, rows: list[dict[str, Any]]) -> None:
        """Insert many donors at once (keys as column names; UUIDs filled in)."""
        if rows:
            bulk_insert(self.session, Donor, rows)

    def search(self, alternatives: list[list[str]], digits: str, limit: int) -> list[Donor]:
        """Donors with, for every prefix of one of `alternatives` (tried in order), a search
        term starting with it, and whose national ID or mobile contains `digits` (if any);
        in the order of the term they matched, at most `limit`."""
        found: dict[Donor, None] = {}
        for prefixes in alternatives:
            # Walk the rarest prefix's range in order; the others are checked per donor.
            driver = min(prefixes, key=self._terms_starting)
            query = (
                select(Donor)
                .join(DonorSearchTerm, DonorSearchTerm.donor_id == Donor.id)
                .where(_starts(DonorSearchTerm, driver))
                .order_by(DonorSearchTerm.term, DonorSearchTerm.donor_id)
                .limit(limit * 3)
            )
            for prefix in prefixes:
                if prefix != driver:
                    other = aliased(DonorSearchTerm)
                    query = query.where(
                        exists().where(other.donor_id == Donor.id, _starts(other, prefix))
                    )
            if digits:
                query = query.where(
                    or_(
                        Donor.national_id.contains(digits, autoescape=True),
                        Donor.mobile.contains(digits, autoescape=True),
                    )
                )
            found.update(dict.fromkeys(self.session.scalars(query)))
            if len(found) >= limit:
                break
        return list(found)[:limit]

    def _terms_starting(self, prefix: str) -> int:
        """How many terms start with `prefix`, counted up to a small cap (cheap, index only)."""
        sample = select(literal(1)).where(_starts(DonorSearchTerm, prefix)).limit(TERM_SAMPLE)
        return self.session.scalar(select(func.count()).select_from(sample.subquery())) or 0

    def search_columns(
        self, *, after: int = 0, count: int | None = None, uuids: Iterable[str] | None = None
    ) -> list[tuple[int, str, str | None, str | None]]:
        """(key, name, national ID, mobile) in key order: of up to `count` donors with keys
        above `after`, or of the donors with the given `uuids`."""
        columns = select(Donor.id, Donor.name, Donor.national_id, Donor.mobile)
        if uuids is not None:
            wanted = list(uuids)
            rows: list[Any] = []
            for start in range(0, len(wanted), 900):
                rows.extend(
                    self.session.execute(columns.where(Donor.uuid.in_(wanted[start : start + 900])))
                )
            return sorted((key, name, code, mobile) for key, name, code, mobile in rows)
        query = columns.where(Donor.id > after).order_by(Donor.id).limit(count)
        return [
            (key, name, code, mobile) for key, name, code, mobile in self.session.execute(query)
        ]

    def add_search_terms(self, terms: dict[int, set[str]]) -> None:
        """Store each donor's search terms (`terms` maps donor key to its terms)."""
        pairs = sorted((term, donor) for donor, found in terms.items() for term in found)
        # In key order: the index pages fill one after another instead of at random.
        bulk_insert(
            self.session,
            DonorSearchTerm,
            [{"term": term, "donor_id": donor} for term, donor in pairs],
        )

    def replace_search_terms(self, terms: dict[int, set[str]]) -> None:
        """Replace the search terms of the donors in `terms` with the given ones."""
        ids = list(terms)
        for start in range(0, len(ids), 900):
            self.session.execute(
                delete(DonorSearchTerm).where(
                    DonorSearchTerm.donor_id.in_(ids[start : start + 900])
                )
            )
        self.add_search_terms(terms)

    def clear_search_terms(self) -> None:
        self.session.execute(delete(DonorSearchTerm))

    def count(self) -> int:
        return self.session.scalar(select(func.count(Donor.id))) or 0

    def summaries(self, donor_ids: set[int]) -> dict[int, tuple[str, str, str | None]]:
        """{key: (type, name, national ID)} of the given donors."""
        found: dict[int, tuple[str, str, str | None]] = {}
        ordered = sorted(donor_ids)
        for start in range(0, len(ordered), 900):
            rows = self.session.execute(
                select(Donor.id, Donor.donor_type, Donor.name, Donor.national_id).where(
                    Donor.id.in_(ordered[start : start + 900])
                )
            )
            found.update({donor_id: (kind, name, code) for donor_id, kind, name, code in rows})
        return found

    def ids(self, office_id: int) -> list[int]:
        """Keys of every donor of one office."""
        return list(self.session.scalars(select(Donor.id).where(Donor.office_id == office_id)))


class ReceiptRepository:
    """Receipt number series and the frozen receipts themselves."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def allocate(self, office_id: int, year: int, count: int = 1) -> int:
        """Reserve `count` consecutive numbers in the (office, year) series; return the first.

        Must run inside the same write transaction as the donations that use the numbers,
        so a rollback gives them back and no number is skipped.
        """
        series = {"office_id": office_id, "year": year}
        dialect = postgresql if self.session.get_bind().dialect.name == "postgresql" else sqlite
        # The series row must exist before it can be locked; a desk that loses the race to
        # create it finds it made. The UPDATE then holds the row until commit (SQLite: the
        # whole file), so concurrent desks take their numbers one after another.
        mark(self.session, ReceiptSeries, "office_id", [office_id])
        self.session.execute(
            dialect.insert(ReceiptSeries)
            .values(**series, last_number=0)
            .on_conflict_do_nothing(index_elements=list(series))
        )
        last: int = self.session.execute(
            update(ReceiptSeries)
            .where(ReceiptSeries.office_id == office_id, ReceiptSeries.year == year)
            .values(last_number=ReceiptSeries.last_number + count)
            .returning(ReceiptSeries.last_number)
        ).scalar_one()
        return last - count + 1

    def add_snapshots(self, rows: list[dict[str, Any]]) -> None:
        """Insert frozen receipts (keys as column names)."""
        if rows:
            bulk_insert(self.session, Receipt, rows)

    def by_number(self, number: str) -> tuple[Donation, Receipt | None] | None:
        """The donation with receipt `number` and its frozen receipt (None before schema 0002)."""
        found = self.session.execute(
            select(Donation, Receipt)
            .outerjoin(Receipt, Receipt.donation_id == Donation.id)
            .where(Donation.receipt_number == number)
        ).first()
        return (found[0], found[1]) if found else None

    def years(self, office_id: int) -> list[int]:
        """Solar Hijri years in which the office has a receipt series."""
        return list(
            self.session.scalars(
                select(ReceiptSeries.year)
                .where(ReceiptSeries.office_id == office_id)
                .order_by(ReceiptSeries.year)
            )
        )

    def snapshot_of(self, donation_id: int) -> Receipt:
        """The frozen receipt of a donation that has one."""
        return self.session.scalars(select(Receipt).where(Receipt.donation_id == donation_id)).one()

    def last_number(self, office_id: int, year: int) -> int:
        return (
            self.session.scalar(
                select(ReceiptSeries.last_number).where(
                    ReceiptSeries.office_id == office_id, ReceiptSeries.year == year
                )
            )
            or 0
        )


# Columns of a donation as the list screen and the command line show it.
_donor = aliased(Donor)
LIST_COLUMNS = (
    Donation.id,
    Donation.uuid,
    Donation.donated_on,
    Donation.kind,
    Donation.amount_rials,
    Donation.channel,
    Intent.name.label("intent"),
    Campaign.name.label("campaign"),
    County.name.label("county"),
    CollectionPoint.name.label("collection_point"),
    Institution.name.label("institution"),
    _donor.name.label("donor_name"),
    _donor.national_id.label("donor_national_id"),
    _donor.mobile.label("donor_mobile"),
    Donation.description,
    Donation.quantity,
    Donation.quantity_unit,
    Donation.service_minutes,
    Donation.receipt_number,
    Donation.clerk,
    Donation.created_at,
    Donation.voided_at,
    Donation.void_reason,
    Donation.voided_by,
    Donation.tracking_number,
)


class DonationRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, donation: Donation) -> Donation:
        self.session.add(donation)
        self.session.flush()
        return donation

    def add_many(self, rows: list[dict[str, Any]]) -> list[int]:
        """Insert many donations in one statement batch (keys as column names, "uuid" set);
        return their keys in the rows' order."""
        if not rows:
            return []
        # A plain executemany; INSERT ... RETURNING with ordered rows is row-by-row (and
        # quadratic) on SQLite, so the keys are read back by UUID instead.
        bulk_insert(self.session, Donation, rows)
        uuids = [row["uuid"] for row in rows]
        keys: dict[str, int] = {}
        for start in range(0, len(uuids), 900):
            found = self.session.execute(
                select(Donation.uuid, Donation.id).where(
                    Donation.uuid.in_(uuids[start : start + 900])
                )
            )
            keys.update({uuid: key for uuid, key in found})
        return [keys[uuid] for uuid in uuids]

    def get(self, donation_id: int) -> Donation | None:
        return self.session.get(Donation, donation_id)

    def live_tracking_numbers(
        self, office_id: int, wanted: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], tuple[str | None, dt.date]]:
        """{(channel, tracking number): (receipt number, date)} of the office's live
        donations that already carry one of the `wanted` (channel, number) pairs."""
        pairs = set(wanted)
        numbers = sorted({number for _channel, number in pairs})
        found: dict[tuple[str, str], tuple[str | None, dt.date]] = {}
        for start in range(0, len(numbers), 900):
            rows = self.session.execute(
                select(
                    Donation.channel,
                    Donation.tracking_number,
                    Donation.receipt_number,
                    Donation.donated_on,
                ).where(
                    Donation.office_id == office_id,
                    Donation.voided_at.is_(None),
                    Donation.tracking_number.in_(numbers[start : start + 900]),
                )
            )
            for channel, number, receipt, day in rows:
                if (channel, number) in pairs:
                    found[(channel, number)] = (receipt, day)
        return found

    def last_entered_at(self, office_id: int) -> dt.datetime | None:
        """When the office's newest donation was entered (UTC), read backwards by key."""
        return self.session.scalar(
            select(Donation.created_at)
            .where(Donation.office_id == office_id)
            .order_by(Donation.id.desc())
            .limit(1)
        )

    def _filtered(self, query: Select[Any], criteria: DonationFilter) -> Select[Any]:
        if criteria.date_from:
            query = query.where(Donation.donated_on >= criteria.date_from)
        if criteria.date_to:
            query = query.where(Donation.donated_on <= criteria.date_to)
        if criteria.kind:
            query = query.where(Donation.kind == criteria.kind.value)
        for column, value in (
            (Donation.intent_id, criteria.intent_id),
            (Donation.campaign_id, criteria.campaign_id),
            (Donation.county_id, criteria.county_id),
            (Donation.institution_id, criteria.institution_id),
            (Donation.donor_id, criteria.donor_id),
        ):
            if value is not None:
                query = query.where(column == value)
        if not criteria.include_voided:
            query = query.where(Donation.voided_at.is_(None))
        if criteria.office_only:
            query = query.where(Donation.institution_id.is_(None))
        if criteria.text:
            donor_ids = select(Donor.id).where(
                or_(
                    Donor.name_key.contains(criteria.text, autoescape=True),
                    Donor.national_id.contains(criteria.text, autoescape=True),
                )
            )
            query = query.where(
                or_(
                    Donation.donor_id.in_(donor_ids),
                    Donation.receipt_number.contains(criteria.text.upper(), autoescape=True),
                    Donation.tracking_number == criteria.text.upper(),
                )
            )
        return query

    def rows(
        self,
        criteria: DonationFilter,
        *,
        limit: int | None = None,
        sort: str = "date",
        descending: bool = False,
        after: tuple[Any, int] | None = None,
    ) -> Sequence[Any]:
        """Donations matching `criteria`, with names joined in, ordered by `sort` ("date" or
        "amount") then key; `after` (the last row's sort value and key) gives the next page
        without counting past earlier pages, so deep pages cost as little as the first."""
        query = (
            select(*LIST_COLUMNS)
            .join(Intent, Donation.intent_id == Intent.id)
            .outerjoin(Campaign, Donation.campaign_id == Campaign.id)
            .outerjoin(County, Donation.county_id == County.id)
            .outerjoin(CollectionPoint, Donation.collection_point_id == CollectionPoint.id)
            .outerjoin(Institution, Donation.institution_id == Institution.id)
            .outerjoin(_donor, Donation.donor_id == _donor.id)
        )
        column = {"date": Donation.donated_on, "amount": Donation.amount_rials}[sort]
        query = self._filtered(query, criteria)
        if after is not None:
            position = tuple_(column, Donation.id)
            cursor = tuple_(literal(after[0]), literal(after[1]))
            query = query.where(position < cursor if descending else position > cursor)
        order = (column.desc(), Donation.id.desc()) if descending else (column, Donation.id)
        return self.session.execute(query.order_by(*order).limit(limit)).all()

    def totals_by_kind(self, criteria: DonationFilter) -> dict[str, tuple[int, int]]:
        """{kind: (count, rials)} over the donations matching `criteria` (never voided ones)."""
        criteria = dataclasses.replace(criteria, include_voided=False)
        query = select(Donation.kind, func.count(), *_rials_sum()).group_by(Donation.kind)
        return {
            kind: (int(count), _rials(high, low))
            for kind, count, high, low in self.session.execute(self._filtered(query, criteria))
        }

    def states(self) -> Iterator[Any]:
        """(UUID, rials, date, receipt number) of every donation, read a few thousand at a time."""
        query = select(
            Donation.uuid, Donation.amount_rials, Donation.donated_on, Donation.receipt_number
        )
        yield from self.session.execute(query.execution_options(yield_per=5000))

    def receipt_sequences(self, office_id: int, year: int) -> list[int]:
        """Every receipt sequence issued in one series, in order (for checks and audits)."""
        return list(
            self.session.scalars(
                select(Donation.receipt_sequence)
                .where(Donation.office_id == office_id, Donation.receipt_year == year)
                .order_by(Donation.receipt_sequence)
            )
        )

    def count(self) -> int:
        return self.session.scalar(select(func.count(Donation.id))) or 0


class SummaryRepository:
    """Grouped figures over a date range, for period summaries. Voided donations never count."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _scope(
        query: Select[Any],
        first: dt.date,
        last: dt.date,
        office_id: int | None,
        county_id: int | None,
    ) -> Select[Any]:
        query = query.where(Donation.donated_on >= first, Donation.donated_on <= last)
        if office_id is not None:
            query = query.where(Donation.office_id == office_id)
        if county_id is not None:
            query = query.where(Donation.county_id == county_id)
        return query

    def groups(
        self,
        month_starts: Sequence[dt.date],
        last: dt.date,
        office_id: int | None = None,
        county_id: int | None = None,
    ) -> Sequence[Any]:
        """(month index, kind, is institution, county, intent, channel, campaign, count, rials)
        of live donations from `month_starts[0]` to `last`.

        Month i runs from `month_starts[i]` to the day before `month_starts[i + 1]`; the
        calendar lives in Python, so SQL only compares dates (portable, and far fewer groups
        than grouping by day).
        """
        # The first WHEN (before the range) never matches; it keeps one-month periods valid SQL.
        month = case(
            *((Donation.donated_on < start, index - 1) for index, start in enumerate(month_starts)),
            else_=len(month_starts) - 1,
        )
        is_institution = Donation.institution_id.is_not(None)
        keys = (
            month,
            Donation.kind,
            is_institution,
            Donation.county_id,
            Donation.intent_id,
            Donation.channel,
            Donation.campaign_id,
        )
        query = select(*keys, func.count(), *_rials_sum()).where(Donation.voided_at.is_(None))
        scoped = self._scope(query, month_starts[0], last, office_id, county_id)
        return [
            (*row[:-2], _rials(*row[-2:]))
            for row in self.session.connection().execute(scoped.group_by(*keys))
        ]

    def voided(
        self,
        first: dt.date,
        last: dt.date,
        office_id: int | None = None,
        county_id: int | None = None,
    ) -> tuple[int, int]:
        """(count, rials) of voided donations dated in the range."""
        query = select(func.count(), *_rials_sum()).where(Donation.voided_at.is_not(None))
        count, high, low = self.session.execute(
            self._scope(query, first, last, office_id, county_id)
        ).one()
        return int(count), _rials(high, low)

    def donors(
        self,
        first: dt.date,
        last: dt.date,
        office_id: int | None = None,
        county_id: int | None = None,
    ) -> tuple[int, int]:
        """(donors who gave in the range, of whom giving for the first time ever)."""
        live = Donation.voided_at.is_(None)
        givers = self._scope(
            select(Donation.donor_id).where(live, Donation.donor_id.is_not(None)),
            first,
            last,
            office_id,
            county_id,
        ).distinct()
        earlier = select(Donation.donor_id).where(
            live, Donation.donor_id.is_not(None), Donation.donated_on < first
        )
        count = self.session.scalar(select(func.count()).select_from(givers.subquery())) or 0
        new = (
            self.session.scalar(
                select(func.count()).select_from(
                    givers.where(Donation.donor_id.not_in(earlier)).subquery()
                )
            )
            or 0
        )
        return int(count), int(new)


class VoidRequestRepository:
    """Clerks' requests that a receipt be voided."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, request: VoidRequest) -> VoidRequest:
        self.session.add(request)
        self.session.flush()
        return request

    def pending_for(self, donation_id: int) -> list[VoidRequest]:
        return list(
            self.session.scalars(
                select(VoidRequest).where(
                    VoidRequest.donation_id == donation_id, VoidRequest.status == "pending"
                )
            )
        )

    def pending_by_number(self, number: str) -> VoidRequest | None:
        return self.session.scalars(
            select(VoidRequest).where(
                VoidRequest.receipt_number == number, VoidRequest.status == "pending"
            )
        ).first()

    def listed(
        self, *, statuses: Sequence[str], requested_by: str | None, limit: int
    ) -> list[tuple[VoidRequest, Donation, str | None]]:
        """Requests in `statuses` (by `requested_by` if given), newest first, each with its
        donation and the donor's name."""
        query = (
            select(VoidRequest, Donation, Donor.name)
            .join(Donation, Donation.id == VoidRequest.donation_id)
            .outerjoin(Donor, Donor.id == Donation.donor_id)
            .where(VoidRequest.status.in_(statuses))
            .order_by(VoidRequest.id.desc())
            .limit(limit)
        )
        if requested_by is not None:
            query = query.where(VoidRequest.requested_by == requested_by)
        return [(row[0], row[1], row[2]) for row in self.session.execute(query)]
