"""Receipt numbers: one gapless series per office per Solar Hijri year."""

from __future__ import annotations

import re
from dataclasses import dataclass

from charity_desktop.domain.errors import DomainError

OFFICE_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}")
_NUMBER = re.compile(r"([A-Z][A-Z0-9]{1,9})-(\d{4})-(\d{6,})")


@dataclass(frozen=True, order=True)
class ReceiptNumber:
    """`ZN-1404-000123`: office code, Solar Hijri year, sequence from 1 without gaps."""

    office_code: str
    year: int
    sequence: int

    def __str__(self) -> str:
        return f"{self.office_code}-{self.year:04d}-{self.sequence:06d}"

    @classmethod
    def parse(cls, text: str) -> ReceiptNumber:
        """Parse the printed form (ASCII digits); `DomainError` if it is not a receipt number."""
        match = _NUMBER.fullmatch(text.strip().upper())
        if not match:
            raise DomainError(
                "{text} is not a receipt number (for example ZN-1404-000123).", text=text
            )
        return cls(match.group(1), int(match.group(2)), int(match.group(3)))
