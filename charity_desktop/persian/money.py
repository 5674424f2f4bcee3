"""Amounts of money: parsing what a clerk typed, formatting with Persian digits, words.

Money is always an integer number of rials; the toman (10 rials) is a display unit only.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum

from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.text import to_ascii_digits, to_persian_digits

# Largest amount accepted anywhere (a thousand trillion rials). num2words is wrong
# from 10**18 on, and no single donation or period total comes near this bound.
MAX_RIALS = 10**15 - 1
PERSIAN_THOUSANDS_SEPARATOR = "٬"
PERSIAN_DECIMAL_SEPARATOR = "٫"
RIALS_PER_TOMAN = 10

# ASCII grouping and decimal marks -> Persian ones.
_PERSIAN_SEPARATORS = str.maketrans(",.", PERSIAN_THOUSANDS_SEPARATOR + PERSIAN_DECIMAL_SEPARATOR)
_GROUPING = re.compile(r"[,٬،'\s\u200c_]")
_DIGITS = re.compile(r"[0-9]+")


class Unit(StrEnum):
    """Display unit for amounts; storage is always rials."""

    RIAL = "rial"
    TOMAN = "toman"

    @property
    def rials(self) -> int:
        """How many rials one of this unit is."""
        return RIALS_PER_TOMAN if self is Unit.TOMAN else 1

    @property
    def persian_name(self) -> str:
        """The unit's name as it is written after an amount."""
        return "تومان" if self is Unit.TOMAN else "ریال"


def parse_amount(text: str | None, unit: Unit = Unit.RIAL) -> int:
    """Parse a whole amount typed in `unit` (either digit set, any grouping) and return rials.

    Raises `InvalidInput` for empty text, decimals, signs, letters, zero or amounts over `MAX_RIALS`.
    """
    compact = _GROUPING.sub("", to_ascii_digits(text or ""))
    if not compact:
        raise InvalidInput("Enter an amount.")
    if not _DIGITS.fullmatch(compact):
        raise InvalidInput("The amount must be a whole number written with digits only.")
    rials = int(compact) * unit.rials
    if rials <= 0:
        raise InvalidInput("The amount must be more than zero.")
    if rials > MAX_RIALS:
        raise InvalidInput(
            "The amount is larger than {limit} rials.", limit=format_number(MAX_RIALS)
        )
    return rials


def format_number(number: int | Decimal) -> str:
    """A number as people read it: Persian digits, `٬` grouping, `٫` before the decimals.

    12600000 -> ۱۲٬۶۰۰٬۰۰۰; Decimal("2750.0") -> ۲٬۷۵۰٫۰ (a Decimal keeps its places).
    """
    sign = "-" if number < 0 else ""
    grouped = f"{abs(number):,f}" if isinstance(number, Decimal) else f"{abs(number):,}"
    return sign + to_persian_digits(grouped.translate(_PERSIAN_SEPARATORS))


def format_amount(rials: int, unit: Unit = Unit.RIAL, *, with_unit: bool = False) -> str:
    """Rials shown in `unit` with Persian digits; a toman amount keeps a `٫۵`-style remainder."""
    whole, remainder = divmod(abs(rials), unit.rials)
    text = format_number(whole)
    if remainder:
        text += PERSIAN_DECIMAL_SEPARATOR + to_persian_digits(str(remainder))
    if rials < 0:
        text = "-" + text
    return f"{text} {unit.persian_name}" if with_unit else text


def number_in_words(number: int) -> str:
    """A whole number from 0 to `MAX_RIALS` in Persian words."""
    if not 0 <= number <= MAX_RIALS:
        raise InvalidInput(
            "The amount is larger than {limit} rials.", limit=format_number(MAX_RIALS)
        )
    # Loaded on first use: every start of the window would otherwise pay for it.
    from num2words import num2words

    # num2words is right for Persian integers; it only says "هزار" for 1000, as people do.
    return str(num2words(number, lang="fa"))


def amount_in_words(rials: int, unit: Unit = Unit.RIAL) -> str:
    """Amount in Persian words with its unit, for receipts: "دوازده میلیون و ششصد هزار تومان".

    A toman amount that is not a whole number of tomans ends with its rials: "... تومان و پنج ریال".
    """
    whole, remainder = divmod(rials, unit.rials)
    words = f"{number_in_words(whole)} {unit.persian_name}"
    if remainder:
        words += f" و {number_in_words(remainder)} {Unit.RIAL.persian_name}"
    return words


_BILLION = 10**9
_MILLION = 10**6
# The powers of a thousand that figures are counted in, largest first.
SCALES = (_BILLION, _MILLION, 1000, 1)


def scale_of(number: int) -> int:
    """The largest of a billion, a million, a thousand and one that is not above `number`."""
    return next((scale for scale in SCALES if scale <= number), 1)


def headline_amount(rials: int, unit: Unit = Unit.TOMAN) -> str:
    """A headline figure in the words managers publish: "۵۶ میلیارد و ۵۰ میلیون تومان".

    Amounts of a million units or more are rounded to the nearest million; smaller ones
    are written in full.
    """
    amount = rials // unit.rials
    if amount < _MILLION:
        return f"{format_number(amount)} {unit.persian_name}"
    millions = (amount + _MILLION // 2) // _MILLION
    billions, millions = divmod(millions, 1000)
    parts = []
    if billions:
        parts.append(f"{format_number(billions)} میلیارد")
    if millions:
        parts.append(f"{format_number(millions)} میلیون")
    return " و ".join(parts) + f" {unit.persian_name}"
