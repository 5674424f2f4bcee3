"""Normalisation of Persian text typed by people, so that storage and search agree."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

_TO_ASCII_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(ASCII_DIGITS + ARABIC_DIGITS, PERSIAN_DIGITS * 2)

# C0 and C1 control characters, NUL and DEL.
_CONTROL = (*range(0x20), 0x7F, *range(0x80, 0xA0))
_CONTROL_TEXT = re.compile(f"[{re.escape(''.join(map(chr, _CONTROL)))}]")
_CONTROL_LINES = re.compile(f"[{re.escape(''.join(chr(c) for c in _CONTROL if c not in (9, 10)))}]")

# Arabic letters that Persian keyboards and old systems produce for Persian ones.
_LETTERS = str.maketrans(
    {
        "ي": "ی",  # ARABIC YEH
        "ى": "ی",  # ALEF MAKSURA
        "ك": "ک",  # ARABIC KAF
        "ـ": None,  # TATWEEL, decoration only
        "\u200f": None,  # RIGHT-TO-LEFT MARK
        "\u200e": None,  # LEFT-TO-RIGHT MARK
        "\ufeff": None,  # BYTE ORDER MARK
        "\u00a0": " ",
        "\u200b": None,  # ZERO WIDTH SPACE
        "\u200d": None,  # ZERO WIDTH JOINER
        # Control characters (a terminal's escape codes, a bell) and the embeddings and
        # overrides that reorder text: nobody types them into a name, and stored they would
        # garble every receipt, workbook and terminal that shows the name.
        **{chr(code): None for code in _CONTROL if code not in (9, 10, 13)},
        **{chr(code): None for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
        # Characters that show nothing at all: a name of them alone would look empty.
        **{chr(code): None for code in (0xAD, 0x34F, 0x115F, 0x1160, 0x180E, 0x3164, 0xFFA0)},
        **{chr(code): None for code in range(0x2060, 0x2065)},
    }
)
# Short vowels and other marks that do not change what a word is.
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")
# Looser folding for search keys only: letter variants people type interchangeably.
_SEARCH_FOLD = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ؤ": "و", "ۀ": "ه", "ة": "ه", "ئ": "ی", ZWNJ: None}
)
_SPACES = re.compile(r"\s+")
_WORD_BREAKS = re.compile(f"[\\s{ZWNJ}]+")
# Starts the search term of a number written backwards; no name or number starts with it.
REVERSED_MARK = "~"
_ZWNJ_RUNS = re.compile(f"{ZWNJ}+")
_ZWNJ_BY_SPACE = re.compile(f" ?{ZWNJ} ?")


_REORDERING = re.compile("[\u202a-\u202e\u2066-\u2069]")


def has_reordering(text: str) -> bool:
    """Whether `text` holds the embeddings, overrides or isolates that reorder what follows
    them (the form removes them; stored they would garble every receipt that shows it)."""
    return _REORDERING.search(text) is not None


def has_control_characters(text: str, *, multi_line: bool = False) -> bool:
    """Whether `text` holds a control character (C0, C1, NUL, DEL); a `multi_line` text
    (notes, addresses, descriptions) may hold line breaks and tabs."""
    return (_CONTROL_LINES if multi_line else _CONTROL_TEXT).search(text) is not None


def to_ascii_digits(text: str) -> str:
    """Return `text` with Persian and Arabic-Indic digits replaced by ASCII ones."""
    return text.translate(_TO_ASCII_DIGITS)


def to_persian_digits(text: str) -> str:
    """Return `text` with ASCII and Arabic-Indic digits replaced by Persian ones."""
    return text.translate(_TO_PERSIAN_DIGITS)


def normalize(text: str | None) -> str:
    """Canonical stored form: Persian letters, ASCII digits, single spaces, tidy ZWNJ.

    Idempotent: ``normalize(normalize(x)) == normalize(x)``.
    """
    if not text:
        return ""
    return _normalize_short(text) if len(text) <= CACHED_LENGTH else _normalize(text)


# Imports pass the same names, intents and channels thousands of times; longer texts (a
# description) are rarely repeated, and cached they would stay in memory for good.
CACHED_LENGTH = 200


def _normalize(text: str) -> str:
    result = to_ascii_digits(text).translate(_LETTERS)
    result = _DIACRITICS.sub("", result)
    result = _SPACES.sub(" ", result)
    result = _ZWNJ_RUNS.sub(ZWNJ, result)
    result = _ZWNJ_BY_SPACE.sub(lambda m: " " if " " in m.group(0) else ZWNJ, result)
    return result.strip(" " + ZWNJ)


_normalize_short = lru_cache(maxsize=65536)(_normalize)


_LINE_BREAKS = re.compile(r"\r\n?|[\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def normalize_lines(text: str | None) -> str:
    """`normalize` for multi-line text (addresses, notes): each line and each tab-separated
    part of it normalised, the line breaks (as ``\n``) and tabs between them kept; every
    other control character removed, like `normalize`. Blank lines at either end go.

    Idempotent, like `normalize`.
    """
    if not text:
        return ""
    lines = _LINE_BREAKS.split(text)
    return "\n".join(
        "\t".join(normalize(part) for part in line.split("\t")).strip("\t") for line in lines
    ).strip("\n")


def search_key(text: str | None) -> str:
    """Key for substring search: normalised, letter variants folded, no spaces or ZWNJ, lower case.

    "محمد‌رضا", "محمد رضا" and "محمدرضا" give the same key, as do Arabic ي/ك and Persian ی/ک.
    """
    return normalize(text).translate(_SEARCH_FOLD).replace(" ", "").casefold()


def search_words(text: str | None) -> list[str]:
    """The search keys of each word of `text` (words split at spaces and ZWNJ), in order."""
    words = (search_key(word) for word in _WORD_BREAKS.split(normalize(text)))
    return [word for word in words if word]


def search_terms(name: str, numbers: Iterable[str | None] = ()) -> set[str]:
    """Keys a record is found by when a clerk types the start of one of them.

    Each word of `name` joined with the words after it, so «رضا», «محمدرضا» and «احمدی» all
    lead to «محمد رضا احمدی»; each of `numbers` as written, so its first digits find it, and
    backwards after `REVERSED_MARK`, so its last digits do (see `reversed_digits`).
    """
    words = search_words(name)
    terms = {"".join(words[start:]) for start in range(len(words))}
    for number in numbers:
        if number:
            terms.update((number, reversed_digits(number)))
    return terms


def reversed_digits(digits: str) -> str:
    """The search term that finds a number by its last digits: `digits` backwards, marked."""
    return REVERSED_MARK + digits[::-1]


def left_to_right(text: str) -> str:
    """`text` isolated as a left-to-right run, so codes like ``******5948`` keep their order
    inside a Persian sentence (Unicode LRE ... PDF, which Qt and python-bidi both obey)."""
    return f"\u202a{text}\u202c"
