"""Amounts of money: parsing what a clerk typed, formatting with Persian digits, words.

Money is always an integer number of rials; the toman (10 rials) is a display unit only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
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
# The powers of a thousand that figures are counted in, largest first, and their names.
SCALES = (_BILLION, _MILLION, 1000, 1)
_SCALE_NAMES = {_BILLION: "میلیارد", _MILLION: "میلیون", 1000: "هزار"}
MORE_THAN = "بیش از"


def scale_of(number: int) -> int:
    """The largest of a billion, a million, a thousand and one that is not above `number`."""
    return next((scale for scale in SCALES if scale <= number), 1)


def headline_number(number: int) -> str:
    """A whole number (0 or more) as the press writes it, exactly: "۳۰ هزار و ۶۰۶".

    "۵ میلیارد و ۳۰۰ میلیون"; groups of zero are left out; below a thousand it is written
    in full ("۶۰۶", "۰"); a thousand billions or more stay billions ("۱٬۵۰۰ میلیارد").
    """
    if number < 1000:
        return format_number(number)
    groups = []
    rest = number
    for scale in SCALES:
        count, rest = divmod(rest, scale)
        if count:
            name = _SCALE_NAMES.get(scale)
            groups.append(f"{format_number(count)} {name}" if name else format_number(count))
    return " و ".join(groups)


def headline_count(count: int, noun: str) -> str:
    """A count of people or households as the press writes it, exactly: "۳۰ هزار و ۶۰۶ خانوار"."""
    return f"{headline_number(count)} {noun}"


def headline_percent(percent: Decimal) -> str:
    """A percentage as the press writes it, without its sign: "۶۳" (whole, rounded half up).

    A change too small to show as a whole number keeps one decimal ("۰٫۴"); a smaller one is "۰".
    """
    for places in (Decimal(1), Decimal("0.1")):
        shown = abs(percent).quantize(places, rounding=ROUND_HALF_UP)
        if shown:
            return format_number(shown)
    return format_number(0)


def headline_step(numbers: Iterable[int]) -> int:
    """The one step that figures printed side by side are rounded down to.

    A million, or, when the smallest figure above zero is less than a million, the thousand
    or the one at which it still shows: no part of a sentence rounds to nothing.
    """
    return min(_MILLION, scale_of(min((n for n in numbers if n > 0), default=0)))


@dataclass(frozen=True)
class Headline:
    """Amounts worded to be printed in one paragraph: each part, and their total."""

    parts: tuple[str, ...]  # "" for a part of zero, to be left out of the sentence
    total: str


def headline_amounts(parts_rials: Sequence[int], unit: Unit = Unit.TOMAN) -> Headline:
    """Parts and their total in `unit` as the press writes them, so that they add up.

    Every part is rounded DOWN to one step (`headline_step`): "۵ میلیارد و ۳۰۰ میلیون تومان".
    The total is the sum of the parts as printed, rounded down further to whole units of its
    largest scale when it holds ten of them or more ("۵۶ میلیارد", not "۵ میلیارد" for 5.3
    billion); it starts with "بیش از" whenever the exact total is more than it says
    ("بیش از ۵۶ میلیارد تومان" for 56.05 billion), so it never claims more than the parts show.
    """
    amounts = [rials // unit.rials for rials in parts_rials]
    step = headline_step(amounts)
    shown = [amount // step * step for amount in amounts]
    total_step = max(step, next((s for s in SCALES if sum(shown) >= 10 * s), 1))
    total = sum(shown) // total_step * total_step
    text = f"{headline_number(total)} {unit.persian_name}"
    if sum(parts_rials) > total * unit.rials:
        text = f"{MORE_THAN} {text}"
    return Headline(
        tuple(f"{headline_number(part)} {unit.persian_name}" if part else "" for part in shown),
        text,
    )


def headline_amount(rials: int, unit: Unit = Unit.TOMAN) -> str:
    """One headline figure as the press writes it: "بیش از ۵۶ میلیارد تومان", "۹۰۰ هزار تومان".

    It is stated as the total of `headline_amounts` with one part.
    """
    return headline_amounts([rials], unit).total
