"""Writing cells that spreadsheets open as text, never as formulas."""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def safe_cell(text: str) -> str:
    """`text` with a leading apostrophe when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
