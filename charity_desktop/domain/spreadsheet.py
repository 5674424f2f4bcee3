"""Writing cells that spreadsheets open as text, never as formulas."""

from __future__ import annotations

import re

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Control characters a workbook cannot hold (openpyxl refuses them, Excel calls the file
# damaged) and C1 ones nobody reads: a string stored behind the program's back may have them.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def safe_cell(text: str) -> str:
    """`text` as a cell can hold it: control characters left out, with a leading apostrophe
    when a spreadsheet would run it as a formula."""
    text = _UNWRITABLE.sub("", text)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
