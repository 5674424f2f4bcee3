"""The period summary as an Excel workbook: the same tables, as numbers in rials, right to left."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from charity_desktop.domain.spreadsheet import safe_cell
from charity_desktop.paths import private_file
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.reports.wording import BREAKDOWN_TITLES, line_name, summary_label
from charity_desktop.services.summary import Figure, Summary
from charity_desktop.translation import Translator

MONEY = "#,##0"
# Spreadsheets hold numbers as doubles and show 15 significant digits: a larger sum of rials
# is written as its digits, as text, so that it stays exact.
EXACT_LIMIT = 10**15 - 1


def _rials(rials: int) -> int | str:
    return rials if rials <= EXACT_LIMIT else str(rials)


def _sheet(workbook: Workbook, title: str, first_column: str, tr: Translator) -> Worksheet:
    sheet = workbook.create_sheet(title[:31])
    sheet.sheet_view.rightToLeft = True
    sheet.append(
        [
            first_column,
            tr("Count"),
            tr("Rials"),
            tr("Count last year"),
            tr("Rials last year"),
            tr("Growth (percent)"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 34
    for column in "BCDEF":
        sheet.column_dimensions[column].width = 20
    sheet.freeze_panes = "A2"
    return sheet


def _append(
    sheet: Worksheet, name: str, figure: Figure, tr: Translator, *, bold: bool = False
) -> None:
    growth = figure.growth_percent
    sheet.append(
        [
            safe_cell(name),
            figure.count,
            _rials(figure.rials),
            figure.previous_count,
            _rials(figure.previous_rials),
            float(growth) if growth is not None else (tr("new") if figure.rials else None),
        ]
    )
    row = sheet.max_row
    for column in (3, 5):
        sheet.cell(row, column).number_format = MONEY
    if bold:
        for cell in sheet[row]:
            cell.font = Font(bold=True)


def write_summary_xlsx(summary: Summary, target: Path | BinaryIO, *, tr: Translator) -> None:
    """Write one sheet for the kinds and one per breakdown; amounts are whole rials."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    overview = _sheet(workbook, tr("Kind"), tr("Kind"), tr)
    for line in summary.by_kind:
        _append(overview, line_name("kind", line, tr), line.figure, tr)
    _append(overview, tr("Office sector in all"), summary.office_total, tr, bold=True)
    _append(overview, tr("Charity institutions"), summary.institutions, tr)
    _append(overview, tr("Total"), summary.grand_total, tr, bold=True)
    overview.append([])
    _append(overview, tr("Donors"), summary.donors, tr)
    _append(overview, tr("New donors"), summary.new_donors, tr)
    _append(overview, tr("Voided receipts (left out of every figure)"), summary.voided, tr)
    overview.append([])
    overview.append([safe_cell(summary.office.name)])
    overview.append([safe_cell(summary_label(summary, tr))])
    overview.append(
        [
            tr(
                "{first} to {last}",
                first=format_jalali(summary.period.first),
                last=format_jalali(summary.period.last),
            )
        ]
    )
    for dimension, lines in summary.breakdowns():
        title = tr(BREAKDOWN_TITLES[dimension])
        sheet = _sheet(workbook, title, title, tr)
        for line in lines:
            _append(sheet, line_name(dimension, line, tr), line.figure, tr)
        _append(sheet, tr("Total"), summary.grand_total, tr, bold=True)
    workbook.save(private_file(target) if isinstance(target, Path) else target)
