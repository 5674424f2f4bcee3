"""Period summaries: the figures managers publish, each beside the same period a year earlier."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from charity_desktop.domain.enums import Channel, DonationKind
from charity_desktop.domain.errors import DomainError, NotFound
from charity_desktop.persian.jalali import (
    MONTH_NAMES,
    jalali_parts,
    month_bounds,
    same_day_years_ago,
)
from charity_desktop.persian.text import search_key
from charity_desktop.services.database import Database
from charity_desktop.services.dto import OfficeInfo
from charity_desktop.services.office import office_info
from charity_desktop.storage.models import Campaign, County, Intent

PRESET_MONTHS = (1, 3, 6, 9, 12)
UNSPECIFIED = ""  # key of the line for donations without a county or campaign


@dataclass(frozen=True)
class Period:
    """A run of days; `year`/`first_month`/`months` are set when it is whole Jalali months."""

    first: dt.date
    last: dt.date
    year: int | None = None
    first_month: int | None = None
    months: int | None = None

    @classmethod
    def of_months(cls, year: int, months: int, first_month: int = 1) -> Period:
        """`months` whole months of Solar Hijri `year` from `first_month` (9 from 1: the nine months)."""
        if not 1 <= first_month <= 12 or not 1 <= months <= 13 - first_month:
            raise DomainError("A period must lie within one Solar Hijri year.")
        first, _ = month_bounds(year, first_month)
        _, last = month_bounds(year, first_month + months - 1)
        return cls(first, last, year, first_month, months)

    @classmethod
    def between(cls, first: dt.date, last: dt.date) -> Period:
        if last < first:
            raise DomainError("The period ends before it starts.")
        if (last - first).days > 366:
            raise DomainError("A period must lie within one Solar Hijri year.")
        return cls(first, last)

    def previous_year(self) -> Period:
        """The same Jalali days one year earlier."""
        if self.year is not None and self.first_month is not None and self.months is not None:
            return Period.of_months(self.year - 1, self.months, self.first_month)
        return Period(same_day_years_ago(self.first), same_day_years_ago(self.last))


@dataclass(frozen=True)
class Figure:
    """Count and rials now, and in the same period a year earlier."""

    count: int = 0
    rials: int = 0
    previous_count: int = 0
    previous_rials: int = 0

    @property
    def growth_percent(self) -> Decimal | None:
        """Change in rials against last year in percent, one decimal; None when last year was zero."""
        if not self.previous_rials:
            return None
        change = Decimal(self.rials - self.previous_rials) * 100 / Decimal(self.previous_rials)
        return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def __add__(self, other: Figure) -> Figure:
        return Figure(
            self.count + other.count,
            self.rials + other.rials,
            self.previous_count + other.previous_count,
            self.previous_rials + other.previous_rials,
        )


@dataclass(frozen=True)
class Line:
    """One row of a breakdown: a stable key, the name people read, and its figure."""

    key: str
    name: str
    figure: Figure


@dataclass(frozen=True)
class Summary:
    office: OfficeInfo
    period: Period
    previous: Period
    by_kind: list[Line]  # the office sector only
    office_total: Figure
    institutions: Figure
    grand_total: Figure
    by_county: list[Line]
    by_intent: list[Line]
    by_channel: list[Line]
    by_campaign: list[Line]
    by_month: list[Line]
    donors: Figure
    new_donors: Figure
    voided: Figure
    office_scope: str | None = None  # the one office the figures are narrowed to, if any
    county_scope: str | None = None  # the one county the figures are narrowed to, if any
    printed_at: dt.datetime = field(default_factory=dt.datetime.now)

    @property
    def average_gift(self) -> Figure:
        """Mean rials per live donation (count carries the number of donations)."""
        total = self.grand_total
        return Figure(
            total.count,
            total.rials // total.count if total.count else 0,
            total.previous_count,
            total.previous_rials // total.previous_count if total.previous_count else 0,
        )

    @property
    def leading_campaign(self) -> Line | None:
        campaigns = [line for line in self.by_campaign if line.key != UNSPECIFIED]
        return max(campaigns, key=lambda line: line.figure.rials, default=None)

    def breakdowns(self) -> list[tuple[str, list[Line]]]:
        """(name id, lines) of every breakdown that sums to the grand total."""
        return [
            ("county", self.by_county),
            ("intent", self.by_intent),
            ("channel", self.by_channel),
            ("campaign", self.by_campaign),
            ("month", self.by_month),
        ]


_YEAR_DIGITS = re.compile(r"\d{4}")


def campaign_family(name: str) -> str:
    """Key that pairs a campaign with last year's edition: its name without the year."""
    return search_key(_YEAR_DIGITS.sub("", name))


Totals = dict[str, list[int]]  # key -> [count, rials]


def _add(totals: dict[str, Totals], dimension: str, key: str, count: int, rials: int) -> None:
    slot = totals[dimension].setdefault(key, [0, 0])
    slot[0] += count
    slot[1] += rials


def _month_starts(period: Period) -> list[dt.date]:
    """First day of each Jalali month the period touches (the first is the period's own first day)."""
    starts = [period.first]
    year, month, _ = jalali_parts(period.first)
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        start, _ = month_bounds(year, month)
        if start > period.last:
            return starts
        starts.append(start)


def _aggregate(
    rows: Iterable[tuple[int, str, bool, int | None, int, str, int | None, int, int]],
    keys: dict[str, dict[int, str]],
    first_month: int,
) -> dict[str, Totals]:
    """Roll the fine groups up into every breakdown, keyed by what pairs with last year.

    `keys` maps catalogue keys to pairing keys; month i is `first_month + i` counted on
    from Farvardin of the period's first year.
    """
    totals: dict[str, Totals] = defaultdict(dict)
    for month, kind, institution, county, intent, channel, campaign, count, rials in rows:
        _add(totals, "grand", "", count, rials)
        _add(totals, "sector", "institutions" if institution else "office", count, rials)
        if not institution:
            _add(totals, "kind", kind, count, rials)
        _add(totals, "county", keys["county"][county] if county else UNSPECIFIED, count, rials)
        _add(totals, "intent", keys["intent"][intent], count, rials)
        _add(totals, "channel", channel, count, rials)
        _add(
            totals,
            "campaign",
            keys["campaign"][campaign] if campaign else UNSPECIFIED,
            count,
            rials,
        )
        _add(totals, "month", f"{first_month + month:03d}", count, rials)
    return totals


def _figure(now: Totals, before: Totals, key: str) -> Figure:
    count, rials = now.get(key, (0, 0))
    previous_count, previous_rials = before.get(key, (0, 0))
    return Figure(count, rials, previous_count, previous_rials)


def _lines(
    now: Totals, before: Totals, labels: dict[str, str], *, keep_order: bool = False
) -> list[Line]:
    """Lines for every key seen this period (and last year's that are gone), largest first."""
    keys = list(dict.fromkeys([*now, *before]))
    lines = [Line(key, labels.get(key, key), _figure(now, before, key)) for key in keys]
    if keep_order:
        return sorted(lines, key=lambda line: line.key)
    return sorted(
        lines, key=lambda line: (-line.figure.rials, -line.figure.previous_rials, line.name)
    )


def summarize(
    database: Database, period: Period, *, office_code: str | None = None, county: str | None = None
) -> Summary:
    """Every figure of `period` and of the same period a year earlier, voided donations apart.

    `office_code` and `county` narrow the figures to one office or county (a provincial
    database holds several offices); by default the whole database is summarised.
    """
    info = office_info(database)
    if info is None:
        raise NotFound(
            "No office is set up in this database yet. Run: charity-desktop init --office-name ..."
        )
    previous = period.previous_year()
    with database.reader() as uow:
        office_id = office_scope = None
        if office_code:
            office = uow.offices.by_code(office_code.upper())
            if office is None:
                raise NotFound("No office with code {code}.", code=office_code)
            office_id, office_scope = office.id, office.name
        names = {
            "county": uow.catalogue.names(County, None),
            "intent": uow.catalogue.names(Intent, None),
            "campaign": uow.catalogue.names(Campaign, None),
        }
        county_ids: list[int | None] = [None]
        if county:
            found = [
                i for i, name in names["county"].items() if search_key(name) == search_key(county)
            ]
            if not found:
                raise NotFound("The office has no county named «{name}».", name=county)
            county_ids, county = [*found], names["county"][found[0]]
        keys = {
            "county": {i: search_key(n) for i, n in names["county"].items()},
            "intent": {i: search_key(n) for i, n in names["intent"].items()},
            "campaign": {i: campaign_family(n) for i, n in names["campaign"].items()},
        }
        now: dict[str, Totals] = defaultdict(dict)
        before: dict[str, Totals] = defaultdict(dict)
        voided = [0, 0, 0, 0]
        donors = [0, 0, 0, 0]
        for county_id in county_ids:
            for target, span in ((now, period), (before, previous)):
                rows = uow.summaries.groups(_month_starts(span), span.last, office_id, county_id)
                first_month = jalali_parts(span.first)[1]
                for dimension, totals in _aggregate(rows, keys, first_month).items():
                    for key, (count, rials) in totals.items():
                        _add(target, dimension, key, count, rials)
            for offset, span in ((0, period), (2, previous)):
                count, rials = uow.summaries.voided(span.first, span.last, office_id, county_id)
                voided[offset] += count
                voided[offset + 1] += rials
                givers, new = uow.summaries.donors(span.first, span.last, office_id, county_id)
                donors[offset] += givers
                donors[offset + 1] += new
    labels = {
        "county": {search_key(n): n for n in names["county"].values()},
        "intent": {search_key(n): n for n in names["intent"].values()},
        "campaign": {campaign_family(n): n for n in sorted(names["campaign"].values())},
    }
    campaign_names = _current_campaign_names(names["campaign"].values(), period)
    labels["campaign"].update(campaign_names)
    month_labels = {f"{m:03d}": MONTH_NAMES[(m - 1) % 12] for m in range(1, 25)}
    kinds = [
        Line(k.value, k.value, _figure(now["kind"], before["kind"], k.value)) for k in DonationKind
    ]
    channels = [
        Line(c.value, c.value, _figure(now["channel"], before["channel"], c.value)) for c in Channel
    ]
    return Summary(
        office=info,
        period=period,
        previous=previous,
        by_kind=kinds,
        office_total=_figure(now["sector"], before["sector"], "office"),
        institutions=_figure(now["sector"], before["sector"], "institutions"),
        grand_total=_figure(now["grand"], before["grand"], ""),
        by_county=_lines(now["county"], before["county"], labels["county"]),
        by_intent=_lines(now["intent"], before["intent"], labels["intent"]),
        by_channel=[line for line in channels if line.figure.count or line.figure.previous_count],
        by_campaign=_lines(now["campaign"], before["campaign"], labels["campaign"]),
        by_month=_lines(now["month"], before["month"], month_labels, keep_order=True),
        donors=Figure(donors[0], 0, donors[2], 0),
        new_donors=Figure(donors[1], 0, donors[3], 0),
        voided=Figure(*voided),
        office_scope=office_scope,
        county_scope=county or None,
    )


def _current_campaign_names(names: Iterable[str], period: Period) -> dict[str, str]:
    """Family key -> the edition whose year is this period's (so the line reads "... 1404")."""
    year = str(period.year or jalali_parts(period.first)[0])
    return {campaign_family(name): name for name in names if year in name}
