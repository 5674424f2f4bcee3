"""Exports survive any string stored behind the program's back (control characters, NUL)."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from charity_desktop.reports.day_closing import write_day_closing
from charity_desktop.reports.receipt import write_receipt
from charity_desktop.reports.summary_pdf import write_summary_pdf
from charity_desktop.reports.summary_xlsx import write_summary_xlsx
from charity_desktop.services.closing import day_closing
from charity_desktop.services.donations import import_donations
from charity_desktop.services.dto import DonorDraft
from charity_desktop.services.receipts import print_receipt
from charity_desktop.services.summary import Period, summarize
from charity_desktop.translation import Translator
from tests.actors import clerk
from tests.conftest import history_draft
from tests.raw import raw_sqlite

FA = Translator("fa")
GARBLED = {
    "campaigns": "پویش\x07زنگ\x1b[31m\x85",
    "intents": "ایتام\x00\x0b",
    "counties": "زنجان\x1f\x7f",
    "donors": "علی\x00رضا\x08",
}


@pytest.mark.sqlite_only
def test_exports_survive_control_characters_stored_behind_the_programs_back(database, tmp_path):
    import_donations(
        database,
        [
            (
                2,
                history_draft(
                    "1404/02/01", 1000, campaign="پویش", donor=DonorDraft(name="علی رضا")
                ),
            )
        ],
        actor=clerk("t"),
        create_missing=True,
    )
    with raw_sqlite(database) as raw:
        for table, name in GARBLED.items():
            raw.execute(f"UPDATE {table} SET name = ?", (name,))
    summary = summarize(database, Period.of_months(1404, 3))
    write_summary_xlsx(summary, tmp_path / "s.xlsx", tr=FA)
    cells = {
        cell
        for sheet in openpyxl.load_workbook(tmp_path / "s.xlsx").worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str)
    }
    assert {"پویشزنگ[۳۱m", "ایتام", "زنجان"} <= cells
    write_summary_pdf(summary, tmp_path / "s.pdf", tr=FA)
    write_day_closing(day_closing(database, dt.date(2025, 4, 21)), tmp_path / "d.pdf", tr=FA)
    write_receipt(
        print_receipt(database, "ZN-1404-000001", actor=clerk("t")), tmp_path / "r.pdf", tr=FA
    )
