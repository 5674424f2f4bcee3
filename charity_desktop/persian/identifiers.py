"""Checks for Iranian identifiers: each returns the canonical ASCII form or raises `InvalidInput`."""

from __future__ import annotations

import re

from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.text import to_ascii_digits

_SEPARATORS = re.compile(r"[\s\-_.\u200c/]")
_DIGITS = re.compile(r"[0-9]+")


def _compact(text: str | None) -> str:
    return _SEPARATORS.sub("", to_ascii_digits(text or ""))


def national_id(text: str | None) -> str:
    """A person's national ID (کد ملی): 10 digits (8-9 digit input left-padded), checksum right.

    Ten equal digits pass the checksum and a few such IDs were really issued, so they are
    accepted here; `repeated_digits` tells a caller to ask the clerk to confirm one.
    """
    code = _compact(text)
    if not code:
        raise InvalidInput("Enter the national ID.")
    if not _DIGITS.fullmatch(code):
        raise InvalidInput("The national ID may contain digits only.")
    if not 8 <= len(code) <= 10:
        raise InvalidInput("The national ID must have 10 digits.")
    code = code.zfill(10)
    if code == "0" * 10:
        raise InvalidInput("This national ID is not valid (check digit does not match).")
    total = sum(int(code[i]) * (10 - i) for i in range(9)) % 11
    check = total if total < 2 else 11 - total
    if check != int(code[9]):
        raise InvalidInput("This national ID is not valid (check digit does not match).")
    return code


def repeated_digits(code: str) -> bool:
    """Whether an ID is one digit written again and again (rare: confirm before storing)."""
    return len(set(code)) == 1


_LEGAL_ID_WEIGHTS = (29, 27, 23, 19, 17)


def legal_id(text: str | None) -> str:
    """A legal entity's national ID (شناسه ملی): 11 digits with its check digit."""
    code = _compact(text)
    if not code:
        raise InvalidInput("Enter the legal entity's national ID.")
    if not _DIGITS.fullmatch(code):
        raise InvalidInput("The legal entity's national ID may contain digits only.")
    if len(code) != 11:
        raise InvalidInput("The legal entity's national ID must have 11 digits.")
    if len(set(code)) == 1:
        raise InvalidInput(
            "This legal entity's national ID is not valid (check digit does not match)."
        )
    shift = int(code[9]) + 2
    total = sum((shift + int(code[i])) * _LEGAL_ID_WEIGHTS[i % 5] for i in range(10)) % 11
    if total % 10 != int(code[10]):
        raise InvalidInput(
            "This legal entity's national ID is not valid (check digit does not match)."
        )
    return code


def mobile(text: str | None) -> str:
    """An Iranian mobile number in the form 09xxxxxxxxx (accepts +98, 0098, 98 or 0 prefixes)."""
    number = _compact(text).replace("(", "").replace(")", "")
    if not number:
        raise InvalidInput("Enter the mobile number.")
    if number.startswith("+"):
        number = number[1:]
    if not _DIGITS.fullmatch(number):
        raise InvalidInput("The mobile number may contain digits only.")
    for prefix in ("0098", "98", "0"):
        if number.startswith(prefix) and len(number) - len(prefix) == 10:
            number = number[len(prefix) :]
            break
    if len(number) != 10 or not number.startswith("9"):
        raise InvalidInput(
            "A mobile number is 11 digits starting with 09, for example 09121234567."
        )
    return "0" + number


def sheba(text: str | None) -> str:
    """An IBAN of an Iranian bank account (شبا): IR followed by 24 digits, mod-97 check."""
    code = _compact(text).upper()
    if not code:
        raise InvalidInput("Enter the Sheba number.")
    if code.startswith("IR"):
        code = code[2:]
    if not _DIGITS.fullmatch(code) or len(code) != 24:
        raise InvalidInput("A Sheba number is IR followed by 24 digits.")
    # IBAN: move country code and check digits to the end; I=18, R=27.
    if int(code[2:] + "1827" + code[:2]) % 97 != 1:
        raise InvalidInput("This Sheba number is not valid (check digits do not match).")
    return "IR" + code


def card_number(text: str | None) -> str:
    """A 16-digit bank card number passing the Luhn check."""
    code = _compact(text)
    if not code:
        raise InvalidInput("Enter the card number.")
    if not _DIGITS.fullmatch(code) or len(code) != 16:
        raise InvalidInput("A card number has 16 digits.")
    total = 0
    for index, char in enumerate(reversed(code)):
        digit = int(char)
        if index % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    if total % 10:
        raise InvalidInput("This card number is not valid (check digit does not match).")
    return code


def mask_identifier(identifier: str | None) -> str | None:
    """An ID with all but its last four digits hidden: ``******5948``."""
    if not identifier:
        return None
    return "*" * (len(identifier) - 4) + identifier[-4:]
