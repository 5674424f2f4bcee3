"""Reading donation files (CSV, XLSX) into drafts, refusing anything unsafe or unknown.

The file's row numbers are those a spreadsheet shows: the header is row 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from charity_desktop.domain.enums import Channel, DonationKind, DonorType
from charity_desktop.domain.errors import FieldProblem, ValidationFailed
from charity_desktop.exchange.package import BROKEN_ZIP
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.persian.money import Unit
from charity_desktop.persian.text import normalize, search_key
from charity_desktop.services.dto import DonationDraft, DonorDraft

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 300 * 1024 * 1024
MAX_XLSX_RATIO = 100
MAX_ROWS = 500_000

# Column name -> the names a file may use for it (English or Persian).
COLUMNS: dict[str, tuple[str, ...]] = {
    "date": ("date", "تاریخ"),
    "kind": ("kind", "نوع", "نوع کمک"),
    "amount": ("amount", "مبلغ", "ارزش", "مبلغ/ارزش"),
    "unit": ("unit", "واحد", "واحد پول"),
    "donor_name": ("donor_name", "نام خیر", "نام نیکوکار", "نام اهداکننده", "نام"),
    "donor_national_id": ("donor_national_id", "کد ملی", "شناسه ملی", "کد ملی/شناسه ملی"),
    "donor_mobile": ("donor_mobile", "موبایل", "تلفن همراه", "شماره همراه"),
    "intent": ("intent", "نیت"),
    "channel": ("channel", "روش پرداخت", "روش", "مسیر"),
    "county": ("county", "شهرستان"),
    "collection_point": ("collection_point", "پایگاه", "پایگاه جمع‌آوری", "مرکز نیکوکاری"),
    "campaign": ("campaign", "پویش", "جشن"),
    "collector": ("collector", "جمع‌آوری‌کننده", "موسسه خیریه", "موسسه"),
    "description": ("description", "شرح", "توضیحات"),
    "quantity": ("quantity", "تعداد", "مقدار"),
    "quantity_unit": ("quantity_unit", "واحد کالا", "واحد شمارش"),
    "tracking_number": ("tracking_number", "شماره پیگیری", "کد پیگیری", "شماره مرجع"),
    "hours": ("hours", "ساعت", "ساعات"),
}
REQUIRED = ("date", "kind", "amount", "intent")

_HEADER_KEYS = {search_key(name): column for column, names in COLUMNS.items() for name in names}
_KINDS = {
    search_key(word): kind
    for kind, words in {
        DonationKind.CASH: ("cash", "نقدی", "نقد"),
        DonationKind.IN_KIND: ("in_kind", "in-kind", "غیرنقدی", "غیر نقدی", "کالا", "جنسی"),
        DonationKind.SERVICE: ("service", "خدمات", "خدماتی", "خدمات داوطلبانه"),
    }.items()
    for word in words
}
_CHANNELS = {
    search_key(word): channel
    for channel, words in {
        Channel.DESK: ("desk", "حضوری", "صندوق اداره", "باجه"),
        Channel.POS: ("pos", "کارتخوان", "کارت‌خوان", "پوز"),
        Channel.BANK_TRANSFER: ("bank_transfer", "واریز", "حواله", "واریز به حساب", "شماره حساب"),
        Channel.USSD: ("ussd", "کد دستوری", "دستوری"),
        Channel.ONLINE: ("online", "اینترنتی", "آنلاین", "درگاه"),
        Channel.COLLECTION_BOX: ("collection_box", "صندوق", "صندوق صدقات", "قلک"),
    }.items()
    for word in words
}
_UNITS = {
    search_key(w): u
    for u, ws in {Unit.RIAL: ("rial", "ریال"), Unit.TOMAN: ("toman", "تومان")}.items()
    for w in ws
}
_THIS_OFFICE = {search_key(word) for word in ("office", "اداره", "این اداره", "بخش دولتی")}


def _refuse(field: str, message: str, **params: object) -> ValidationFailed:
    return ValidationFailed([FieldProblem(field, message, dict(params))])


class _FromNumber(str):
    """The text of a spreadsheet cell that held a number or a truth value: a code kept in
    one (a tracking number) has lost its leading zeros, or its last digits beyond 15."""


def _cell(value: object) -> str:
    """A cell as text; spreadsheet dates become Jalali text, whole floats lose their `.0`."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_jalali(value.date(), persian_digits=False)
    if isinstance(value, dt.date):
        return format_jalali(value, persian_digits=False)
    if isinstance(value, float) and value.is_integer():
        return _FromNumber(int(value))
    if isinstance(value, (int, float)):  # bool too
        return _FromNumber(value)
    return str(value).strip()


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refuse(
            "file", "The file is not UTF-8 text. Save it as CSV UTF-8 and try again."
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise _refuse("file", "The CSV file is damaged: {reason}", reason=str(error)) from None


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            packed = sum(info.compress_size for info in archive.infolist()) or 1
    except BROKEN_ZIP:
        raise _refuse("file", "The Excel file is damaged or is not an .xlsx file.") from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES or unpacked / packed > MAX_XLSX_RATIO:
        raise _refuse("file", "The Excel file unpacks to far more than it holds; it was refused.")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for broken files
        raise _refuse("file", "The Excel file is damaged or is not an .xlsx file.") from None
    damaged = _refuse("file", "The Excel file is damaged or is not an .xlsx file.")
    try:
        if not workbook.worksheets:
            raise damaged
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        while True:
            try:  # a read-only workbook parses its sheet only now, row by row
                values = next(rows)
            except StopIteration:
                return
            except Exception:  # as above: openpyxl's errors for broken sheets are many
                raise damaged from None
            yield [_cell(value) for value in values]
    finally:
        workbook.close()


def read_rows(path: Path) -> Iterator[list[str]]:
    """The raw rows of a CSV or XLSX file (header first); `ValidationFailed` for unusable files."""
    try:
        size = path.stat().st_size
    except OSError:
        raise _refuse("file", "The file {name} cannot be read.", name=path.name) from None
    if size > MAX_FILE_BYTES:
        raise _refuse("file", "The file is larger than {limit} MB.", limit=MAX_FILE_BYTES // 2**20)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path.read_bytes())
    if suffix == ".xlsx":
        return _xlsx_rows(path)
    raise _refuse("file", "Only .csv and .xlsx files can be imported.")


def _columns(header: list[str]) -> list[str | None]:
    """Canonical column of each header cell; unknown, repeated or missing columns are refused."""
    columns: list[str | None] = []
    problems = []
    for cell in header:
        key = search_key(cell)
        if not key:
            columns.append(None)
            continue
        column = _HEADER_KEYS.get(key)
        if column is None:
            problems.append(
                FieldProblem("columns", "Unknown column «{name}».", {"name": normalize(cell)})
            )
        elif column in columns:
            problems.append(
                FieldProblem(
                    "columns", "The column «{name}» appears twice.", {"name": normalize(cell)}
                )
            )
        columns.append(column)
    for required in REQUIRED:
        if required not in columns:
            problems.append(
                FieldProblem(
                    "columns", "The required column «{name}» is missing.", {"name": required}
                )
            )
    if problems:
        raise ValidationFailed(problems)
    return columns


def _draft(values: dict[str, str]) -> DonationDraft:
    """A draft from one row's cells; words a file may use are mapped to codes here."""
    kind = values.get("kind", "")
    channel = values.get("channel", "")
    unit = values.get("unit", "")
    collector = values.get("collector", "")
    national_id = values.get("donor_national_id", "")
    return DonationDraft(
        kind=_KINDS.get(search_key(kind), kind),
        amount=values.get("amount", ""),
        date=values.get("date", ""),
        intent=values.get("intent", ""),
        channel=_CHANNELS.get(search_key(channel), channel) if channel else Channel.DESK,
        unit=_UNITS.get(search_key(unit), unit) if unit else Unit.RIAL,
        donor=DonorDraft(
            donor_type=DonorType.PERSON
            if values.get("donor_name") or national_id
            else DonorType.ANONYMOUS,
            name=values.get("donor_name", ""),
            national_id=national_id,
            mobile=values.get("donor_mobile", ""),
        ),
        campaign=values.get("campaign", ""),
        county=values.get("county", ""),
        collection_point=values.get("collection_point", ""),
        collector="" if search_key(collector) in _THIS_OFFICE else collector,
        description=values.get("description", ""),
        quantity=values.get("quantity", ""),
        quantity_unit=values.get("quantity_unit", ""),
        hours=values.get("hours", ""),
        tracking_number=values.get("tracking_number", ""),
    )


def read_donation_file(path: Path) -> list[tuple[int, DonationDraft]]:
    """Every non-empty data row of `path` as (spreadsheet row number, draft).

    Raises `ValidationFailed` for a file that cannot be read, has unknown or missing
    columns, too many rows, or rows with more cells than the header.
    """
    rows = read_rows(path)
    header = next(rows, None)
    if header is None:
        raise _refuse("file", "The file is empty.")
    columns = _columns(header)
    drafts: list[tuple[int, DonationDraft]] = []
    problems: list[FieldProblem] = []
    for row_number, cells in enumerate(rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(drafts) >= MAX_ROWS:
            raise _refuse("file", "The file has more than {limit} rows; split it.", limit=MAX_ROWS)
        extra = [cell for cell in cells[len(columns) :] if cell.strip()]
        if extra:
            problems.append(
                FieldProblem("columns", "This row has more cells than the header.", row=row_number)
            )
            continue
        values = {column: cell for column, cell in zip(columns, cells, strict=False) if column}
        if isinstance(values.get("tracking_number"), _FromNumber):
            problems.append(
                FieldProblem(
                    "tracking_number",
                    "This cell holds a number, which loses a tracking number's leading zeros and last digits: format the column as text and type it again.",
                    row=row_number,
                )
            )
            continue
        drafts.append((row_number, _draft(values)))
    if problems:
        raise ValidationFailed(problems)
    if not drafts:
        raise _refuse("file", "The file has no rows to import.")
    return drafts
