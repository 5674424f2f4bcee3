"""Solar Hijri (Jalali) dates at the edges; everything stored is a Gregorian `date`.

jdatetime does the calendar arithmetic; this module only parses and prints what people write.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import jdatetime

from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.text import to_ascii_digits, to_persian_digits

MONTH_NAMES = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
# Years the application accepts: enough for old records and far-future typos refused.
FIRST_YEAR = 1300
LAST_YEAR = 1500

_DATE = re.compile(r"\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*")


def parse_jalali(text: str | None) -> dt.date:
    """Parse `۱۴۰۴/۰۹/۳۰`, `1404-09-30` or `1404/9/30` into the Gregorian date.

    Raises `InvalidInput` for another shape, a day the month lacks, or a year out of range.
    """
    return _parse_jalali(text or "")


@lru_cache(maxsize=8192)
def _parse_jalali(text: str) -> dt.date:
    match = _DATE.fullmatch(to_ascii_digits(text))
    if not match:
        raise InvalidInput("Write the date as year/month/day, for example 1404/09/30.")
    year, month, day = (int(part) for part in match.groups())
    return jalali_to_date(year, month, day)


def jalali_to_date(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Jalali year, month and day; `InvalidInput` if there is no such day."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            "The year must be between {first} and {last}.",
            first=to_persian_digits(str(FIRST_YEAR)),
            last=to_persian_digits(str(LAST_YEAR)),
        )
    if not 1 <= month <= 12:
        raise InvalidInput("The month must be between 1 and 12.")
    try:
        return _to_gregorian(year, month, day)
    except ValueError:
        raise InvalidInput("This month has no such day.") from None


# jdatetime reads the process locale for every date it makes, which made a 100,000-row
# import spend seconds on calendar conversion; the days a program meets repeat, so the
# conversions both ways are cached.
@lru_cache(maxsize=8192)
def _to_gregorian(year: int, month: int, day: int) -> dt.date:
    return jdatetime.date(year, month, day).togregorian()  # type: ignore[no-any-return]


def format_jalali(date: dt.date, *, persian_digits: bool = True) -> str:
    """`۱۴۰۴/۰۹/۳۰` (or `1404/09/30` with `persian_digits=False`)."""
    year, month, day = jalali_parts(date)
    text = f"{year:04d}/{month:02d}/{day:02d}"
    return to_persian_digits(text) if persian_digits else text


def format_jalali_long(date: dt.date) -> str:
    """`۳۰ آذر ۱۴۰۴`: day, month name, year, as a heading or receipt prints it."""
    year, month, day = jalali_parts(date)
    return to_persian_digits(f"{day} {MONTH_NAMES[month - 1]} {year}")


def jalali_year(date: dt.date) -> int:
    """The Solar Hijri year the Gregorian `date` falls in."""
    return jalali_parts(date)[0]


@lru_cache(maxsize=8192)
def jalali_parts(date: dt.date) -> tuple[int, int, int]:
    """(year, month, day) in the Solar Hijri calendar."""
    jd = jdatetime.date.fromgregorian(date=date)
    return int(jd.year), int(jd.month), int(jd.day)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last Gregorian day of one Solar Hijri month."""
    first = jalali_to_date(year, month, 1)
    following = (
        jalali_to_date(year + 1, 1, 1) if month == 12 else jalali_to_date(year, month + 1, 1)
    )
    return first, following - dt.timedelta(days=1)


def same_day_years_ago(date: dt.date, years: int = 1) -> dt.date:
    """The same Jalali day `years` earlier (30 Esfand becomes 29 Esfand in a common year)."""
    year, month, day = jalali_parts(date)
    try:
        return jalali_to_date(year - years, month, day)
    except InvalidInput:
        return jalali_to_date(year - years, month, day - 1)


def local_time(moment: dt.datetime) -> dt.datetime:
    """A stored moment (UTC, without a zone) in this computer's time zone, without a zone."""
    return moment.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def today() -> dt.date:
    """Today's date on this computer's clock (Iran offices run on local time)."""
    return dt.date.today()
