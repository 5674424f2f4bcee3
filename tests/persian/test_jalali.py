import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.jalali import (
    format_jalali,
    format_jalali_long,
    jalali_year,
    month_bounds,
    parse_jalali,
    same_day_years_ago,
)


@pytest.mark.parametrize(
    "typed", ["۱۴۰۴/۰۹/۳۰", "1404-09-30", "1404/9/30", " ۱۴۰۴ / ۹ / ۳۰ ", "1404.09.30"]
)
def test_parse_accepts_either_digit_set_and_separator(typed):
    assert parse_jalali(typed) == dt.date(2025, 12, 21)


def test_format():
    assert format_jalali(dt.date(2025, 12, 21)) == "۱۴۰۴/۰۹/۳۰"
    assert format_jalali(dt.date(2025, 12, 21), persian_digits=False) == "1404/09/30"
    assert format_jalali_long(dt.date(2025, 3, 21)) == "۱ فروردین ۱۴۰۴"


def test_year_bounds_and_leap_years():
    assert month_bounds(1404, 1) == (dt.date(2025, 3, 21), dt.date(2025, 4, 20))
    assert month_bounds(1403, 12) == (dt.date(2025, 2, 19), dt.date(2025, 3, 20))
    assert same_day_years_ago(dt.date(2025, 3, 20)) == dt.date(
        2024, 3, 19
    )  # 30 Esfand 1403 -> 29 Esfand 1402
    assert parse_jalali("1403/12/30") == dt.date(2025, 3, 20)
    assert jalali_year(dt.date(2025, 3, 20)) == 1403
    assert jalali_year(dt.date(2025, 3, 21)) == 1404


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Write the date as year/month/day, for example 1404/09/30."),
        ("30/09/1404", "Write the date as year/month/day, for example 1404/09/30."),
        ("1404/09", "Write the date as year/month/day, for example 1404/09/30."),
        ("1404/13/01", "The month must be between 1 and 12."),
        ("1404/00/01", "The month must be between 1 and 12."),
        ("1404/07/31", "This month has no such day."),
        ("1404/12/30", "This month has no such day."),
        ("1404/01/00", "This month has no such day."),
        ("1600/01/01", "The year must be between {first} and {last}."),
    ],
)
def test_parse_refuses_with_a_message(typed, message):
    with pytest.raises(InvalidInput) as caught:
        parse_jalali(typed)
    assert caught.value.message == message


@given(st.dates(min_value=dt.date(1922, 3, 21), max_value=dt.date(2121, 3, 20)))
def test_format_then_parse_round_trip(day):
    assert parse_jalali(format_jalali(day)) == day
    assert parse_jalali(format_jalali(day, persian_digits=False)) == day
