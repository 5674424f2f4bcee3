from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.money import (
    MAX_RIALS,
    Headline,
    Unit,
    amount_in_words,
    format_amount,
    format_number,
    headline_amounts,
    headline_count,
    headline_number,
    headline_percent,
    number_in_words,
    parse_amount,
    scale_of,
)
from charity_desktop.persian.text import to_persian_digits


@pytest.mark.parametrize(
    ("typed", "rials"),
    [
        ("12600000", 12_600_000),
        ("۱۲٬۶۰۰٬۰۰۰", 12_600_000),
        ("١٢,٦٠٠,٠٠٠", 12_600_000),
        ("۱۲,600,۰۰۰", 12_600_000),
        (" 1 000 ", 1000),
        ("0001", 1),
    ],
)
def test_parse_amount_accepts_either_digit_set(typed, rials):
    assert parse_amount(typed) == rials


def test_parse_amount_in_toman_gives_rials():
    assert parse_amount("۵۰۰", Unit.TOMAN) == 5000


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter an amount."),
        ("  ", "Enter an amount."),
        ("12.5", "The amount must be a whole number written with digits only."),
        ("۱۲٫۵", "The amount must be a whole number written with digits only."),
        ("-100", "The amount must be a whole number written with digits only."),
        ("۱۰۰ تومان", "The amount must be a whole number written with digits only."),
        ("0", "The amount must be more than zero."),
        ("1" + "0" * 15, "The amount is larger than {limit} rials."),
    ],
)
def test_parse_amount_refuses_with_a_message(typed, message):
    with pytest.raises(InvalidInput) as caught:
        parse_amount(typed)
    assert caught.value.message == message


def test_amounts_near_the_bound():
    assert parse_amount(str(MAX_RIALS)) == MAX_RIALS
    with pytest.raises(InvalidInput):
        parse_amount(str(MAX_RIALS + 1))
    with pytest.raises(InvalidInput):
        parse_amount(str(MAX_RIALS // 10 + 1), Unit.TOMAN)
    assert number_in_words(MAX_RIALS).startswith("نهصد و نود و نه تریلیون")
    with pytest.raises(InvalidInput):
        number_in_words(MAX_RIALS + 1)


def test_format_uses_persian_digits_and_grouping():
    assert format_number(12_600_000) == "۱۲٬۶۰۰٬۰۰۰"
    assert format_number(0) == "۰"
    assert format_amount(12_600_000, Unit.TOMAN) == "۱٬۲۶۰٬۰۰۰"
    assert format_amount(12_345, Unit.TOMAN, with_unit=True) == "۱٬۲۳۴٫۵ تومان"
    assert format_amount(12_345, with_unit=True) == "۱۲٬۳۴۵ ریال"


def test_format_number_keeps_the_places_of_a_decimal():
    assert format_number(Decimal("2750.0")) == "۲٬۷۵۰٫۰"
    assert format_number(Decimal("-0.25")) == "-۰٫۲۵"
    assert format_number(Decimal("1E+1")) == "۱۰"


def test_scale_of():
    assert [scale_of(n) for n in (0, 999, 1000, 55_000, 10**6, 10**12)] == [
        1,
        1,
        1000,
        1000,
        10**6,
        10**9,
    ]


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "۰"),
        (606, "۶۰۶"),
        (1_000, "۱ هزار"),
        (30_606, "۳۰ هزار و ۶۰۶"),
        (19_361, "۱۹ هزار و ۳۶۱"),
        (5_300_000_000, "۵ میلیارد و ۳۰۰ میلیون"),
        (1_150_000_000, "۱ میلیارد و ۱۵۰ میلیون"),
        (1_000_000_001, "۱ میلیارد و ۱"),
        (1_500 * 10**9, "۱٬۵۰۰ میلیارد"),
    ],
)
def test_headline_number_is_exact_in_the_words_of_the_press(number, words):
    assert headline_number(number) == words


def test_headline_count_of_people_and_households():
    assert headline_count(30_606, "خانوار") == "۳۰ هزار و ۶۰۶ خانوار"
    assert headline_count(4_500, "نفر") == "۴ هزار و ۵۰۰ نفر"


def test_headline_percent_is_whole_unless_it_would_read_zero():
    values = ["63.0", "62.5", "-37.4", "2750.0", "0.4", "-0.04", "0"]
    assert [headline_percent(Decimal(v)) for v in values] == [
        "۶۳",
        "۶۳",
        "۳۷",
        "۲٬۷۵۰",
        "۰٫۴",
        "۰",
        "۰",
    ]


def test_headline_amounts_round_every_part_down_to_one_step():
    tomans = 10  # rials
    billion = 10**9 * tomans
    zanjan = headline_amounts(
        [5_300_000_000 * tomans, 33_600_000_000 * tomans, 1_150_000_000 * tomans, 16 * billion]
    )
    assert zanjan == Headline(
        (
            "۵ میلیارد و ۳۰۰ میلیون تومان",
            "۳۳ میلیارد و ۶۰۰ میلیون تومان",
            "۱ میلیارد و ۱۵۰ میلیون تومان",
            "۱۶ میلیارد تومان",
        ),
        "بیش از ۵۶ میلیارد تومان",
    )
    # Parts below a million are rounded to thousands, so the smallest still shows.
    small = headline_amounts([1_260_400 * tomans, 500_000 * tomans, 0])
    assert small == Headline(
        ("۱ میلیون و ۲۶۰ هزار تومان", "۵۰۰ هزار تومان", ""), "بیش از ۱ میلیون و ۷۶۰ هزار تومان"
    )
    # Rounded down, never up: 1,999,999 is not "۲ میلیون".
    assert headline_amounts([1_999_999, 5_000], Unit.RIAL).parts[0] == "۱ میلیون و ۹۹۹ هزار ریال"
    # The total is no more than the parts as printed, though each was rounded down.
    parts = headline_amounts([999_999_999, 999_999_999, 1_000_000], Unit.RIAL)
    assert parts.parts[:2] == ("۹۹۹ میلیون ریال", "۹۹۹ میلیون ریال")
    assert parts.total == "بیش از ۱ میلیارد و ۹۹۹ میلیون ریال"
    assert headline_amounts([900, 0], Unit.RIAL) == Headline(("۹۰۰ ریال", ""), "۹۰۰ ریال")
    assert headline_amounts([0, 0]).total == "۰ تومان"


def test_amount_in_words():
    assert amount_in_words(126_000_000_000, Unit.TOMAN) == "دوازده میلیارد و ششصد میلیون تومان"
    assert amount_in_words(12_600_000) == "دوازده میلیون و ششصد هزار ریال"
    assert amount_in_words(12_345, Unit.TOMAN) == "هزار و دویست و سی و چهار تومان و پنج ریال"
    assert amount_in_words(1000) == "هزار ریال"


@given(st.integers(min_value=1, max_value=MAX_RIALS))
def test_format_then_parse_gives_the_same_rials(rials):
    assert parse_amount(format_amount(rials)) == rials
    assert parse_amount(f"{rials:,}") == rials
    assert parse_amount(to_persian_digits(str(rials))) == rials


@given(st.integers(min_value=1, max_value=MAX_RIALS // 10))
def test_toman_round_trip(tomans):
    rials = tomans * 10
    assert parse_amount(format_amount(rials, Unit.TOMAN), Unit.TOMAN) == rials
