"""Fuzzing the doors data comes in by: CSV and XLSX imports and exchange packages.

Whatever the bytes, the program either stores everything or nothing, and a refusal is a
`DomainError` whose Persian message is complete; no other exception escapes.
"""

import copy
import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from charity_desktop.domain.errors import DomainError
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.exchange.importing import read_donation_file
from charity_desktop.exchange.package import write_package
from charity_desktop.persian.errors import InvalidInput
from charity_desktop.services.database import open_database
from charity_desktop.services.demo import build_demo
from charity_desktop.services.donations import import_donations, totals
from charity_desktop.services.exchange import (
    export_data,
    office_identity,
    register_office,
)
from charity_desktop.services.office import set_up_office
from charity_desktop.translation import Translator
from tests.actors import ADMIN, CLERK, SUPERVISOR
from tests.packages import merge

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
PERSIAN = re.compile("[\u0600-\u06ff]")
COLUMNS = [
    "date",
    "kind",
    "amount",
    "unit",
    "donor_name",
    "donor_national_id",
    "donor_mobile",
    "intent",
    "channel",
    "county",
    "campaign",
    "description",
    "quantity",
    "hours",
    "تاریخ",
    "مبلغ",
    "نیت",
    "نوع",
    "unknown column",
    "",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            "1404/09/30",
            "۱۴۰۴/۰۹/۳۰",
            "1404/13/40",
            "cash",
            "نقدی",
            "in_kind",
            "service",
            "1000000",
            "۱۰۰۰۰۰۰",
            "1,000,000",
            "-5",
            "0",
            "9" * 30,
            "rial",
            "toman",
            "علي رضايي",
            "0084575948",
            "0084575949",
            "09121234567",
            "ایتام",
            "desk",
            "زنجان",
            "=1+1",
            "",
        ]
    ),
    st.text(max_size=30),
)


def persian_refusal(error: Exception) -> str:
    """The message a person reads for `error`, in Persian (formatting it fails if a
    placeholder has no value)."""
    text = Translator("fa").error(error)
    assert PERSIAN.search(text), text
    return text


def book(database) -> tuple:
    """What an import or a merge must leave untouched when it is refused."""
    figures = totals(database, DonationFilter(include_voided=True))
    with database.reader() as uow:
        return (
            [(t.count, t.rials) for t in figures],
            uow.donations.count(),
            uow.donors.count(),
            uow.audit.head(),
        )


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    database = open_database(str(tmp_path_factory.mktemp("fuzz") / "office.sqlite3"))
    set_up_office(database, name="اداره بهزیستی زنجان", code="ZN", province="زنجان", county="زنجان")
    yield database
    database.close()


def import_file(database, path: Path) -> None:
    """Read and import `path` all or nothing, or refuse it with a Persian message."""
    before = book(database)
    try:
        drafts = read_donation_file(path)
        import_donations(database, drafts, actor=CLERK)
    except (DomainError, InvalidInput) as refusal:
        persian_refusal(refusal)
        assert book(database) == before
        return
    assert book(database)[1] == before[1] + len(drafts)


@FUZZ
@given(
    header=st.lists(st.sampled_from(COLUMNS), max_size=8),
    rows=st.lists(st.lists(CELLS, max_size=9), max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1256"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_csv_is_imported_whole_or_refused_in_persian(office, header, rows, encoding, delimiter):
    lines = [header, *rows]
    text = "\n".join(
        delimiter.join(f'"{cell}"' if "," in cell else cell for cell in line) for line in lines
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "donations.csv"
        path.write_bytes(text.encode(encoding, errors="replace"))
        import_file(office, path)


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes_named_csv_or_xlsx_are_refused_or_imported(office, data):
    with tempfile.TemporaryDirectory() as folder:
        for name in ("donations.csv", "donations.xlsx"):
            path = Path(folder) / name
            path.write_bytes(data)
            import_file(office, path)


@FUZZ
@given(
    header=st.lists(st.sampled_from(COLUMNS), max_size=8),
    rows=st.lists(
        st.lists(
            st.one_of(CELLS, st.integers(-(10**20), 10**20), st.floats(), st.none(), st.booleans()),
            max_size=9,
        ),
        max_size=6,
    ),
    damage=st.none() | st.tuples(st.integers(0, 10_000), st.integers(0, 255)),
)
def test_any_workbook_is_imported_whole_or_refused_in_persian(office, header, rows, damage):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in [header, *rows]:  # a workbook cannot hold control characters at all
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = bytearray(buffer.getvalue())
    if damage is not None:
        at, value = damage
        data[at % len(data)] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "donations.xlsx"
        path.write_bytes(bytes(data))
        import_file(office, path)


@pytest.fixture(scope="module")
def exchange(tmp_path_factory):
    folder = tmp_path_factory.mktemp("exchange")
    county = open_database(str(folder / "county.sqlite3"))
    set_up_office(county, name="اداره بهزیستی ابهر", code="ZNA", province="زنجان", county="ابهر")
    build_demo(county, donations=60, seed=3, actor=ADMIN, today=dt.date.today())
    centre = open_database(str(folder / "centre.sqlite3"))
    set_up_office(centre, name="ستاد استان", code="ZN", province="زنجان", county="زنجان")
    register_office(centre, office_identity(county), actor=SUPERVISOR)
    data = export_data(county, actor=SUPERVISOR)
    package = folder / "package.zip"
    write_package(data, package)
    yield county, centre, data, package
    county.close()
    centre.close()


def merge_or_refuse(centre, path: Path) -> None:
    """Merge `path` whole (as a dry run: nothing stays), or refuse it with a Persian message;
    either way nothing changes."""
    before = book(centre)
    try:
        merge(centre, path, dry_run=True)
    except DomainError as refusal:
        persian_refusal(refusal)
    assert book(centre) == before


@FUZZ
@given(cuts=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=4))
def test_a_package_with_bytes_changed_is_refused(exchange, cuts):
    _county, centre, _data, package = exchange
    data = bytearray(package.read_bytes())
    for at, value in cuts:
        data[at % len(data)] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "spoiled.zip"
        path.write_bytes(bytes(data))
        merge_or_refuse(centre, path)


VALUES = st.one_of(
    st.none(),
    st.integers(-(10**20), 10**20),
    st.text(max_size=20),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.sampled_from(
        ["2025-01-01", "not-a-uuid", "cash", "9999-99-99", "00000000-0000-0000-0000-000000000000"]
    ),
)


@FUZZ
@given(
    part=st.sampled_from(
        ["donations", "donors", "receipts", "intents", "counties", "campaigns", "audit"]
    ),
    row=st.integers(0, 1000),
    field=st.integers(0, 40),
    value=VALUES | st.just(KeyError),
)
def test_a_signed_package_with_odd_rows_is_merged_whole_or_refused(
    exchange, part, row, field, value
):
    """A package the office itself signed (so it passes the signature) but whose rows were
    written by a broken or hostile program: wrong types, missing fields, dangling UUIDs."""
    _county, centre, data, _package = exchange
    parts = copy.deepcopy(data.parts)
    if not parts.get(part):
        return
    record = parts[part][row % len(parts[part])]
    key = sorted(record)[field % len(record)]
    if value is KeyError:
        del record[key]
    else:
        record[key] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "odd.zip"
        try:
            write_package(dataclasses.replace(data, parts=parts), path)
        except (TypeError, ValueError, KeyError):
            return  # not even writable as a package: nothing to merge
        merge_or_refuse(centre, path)


def test_coverage_guided_fuzzing_finds_no_crash(tmp_path):
    """`python -m fuzz` (atheris, libFuzzer) for a bounded number of inputs."""
    pytest.importorskip("atheris", reason="atheris has no wheel for this platform")
    done = subprocess.run(
        [sys.executable, "-m", "fuzz", "-runs=3000", f"-artifact_prefix={tmp_path}/"],
        cwd=Path(__file__).parent.parent.parent,
        env={**os.environ, "TMPDIR": str(tmp_path)},  # its working folder goes with tmp_path
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Done 3000 runs" in done.stderr
    assert not list(tmp_path.glob("crash-*"))
