"""`python -m fuzz [libFuzzer options]`: feed coverage-guided bytes to the CSV and XLSX import
and to the package reader and merge; any exception but a refusal is reported as a crash.

The first byte chooses the door: even for a CSV or XLSX import (dry run), odd for a package.
Example: `python -m fuzz -runs=20000` or `python -m fuzz -max_total_time=600 corpus/`.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from charity_desktop.domain.errors import DomainError
    from charity_desktop.exchange.importing import read_donation_file
    from charity_desktop.exchange.package import read_package
    from charity_desktop.persian.errors import InvalidInput
    from charity_desktop.services.database import open_database
    from charity_desktop.services.donations import import_donations
    from charity_desktop.services.exchange import merge_data
    from charity_desktop.services.office import set_up_office
    from charity_desktop.translation import Translator

from charity_desktop.domain.users import Actor, Role

FUZZER = Actor("fuzzer", Role.SUPERVISOR)
# Its inputs and database; removed at exit (libFuzzer may end the process without Python's
# exit handlers, so the tests also point TMPDIR into a folder of their own).
FOLDER = Path(tempfile.mkdtemp(prefix="charity-fuzz-"))
atexit.register(shutil.rmtree, FOLDER, ignore_errors=True)
DATABASE = open_database(str(FOLDER / "office.sqlite3"))
set_up_office(DATABASE, name="اداره بهزیستی زنجان", code="ZN", province="زنجان", county="زنجان")
PERSIAN = Translator("fa")


def one_input(data: bytes) -> None:
    if not data:
        return
    door, body = data[0], data[1:]
    try:
        if door % 2 == 0:
            path = FOLDER / ("input.xlsx" if door % 4 == 0 else "input.csv")
            path.write_bytes(body)
            import_donations(DATABASE, read_donation_file(path), actor=FUZZER, dry_run=True)
        else:
            path = FOLDER / "input.zip"
            path.write_bytes(body)
            manifest, parts = read_package(path, lambda uuid: b"0" * 32)
            merge_data(
                DATABASE,
                manifest["office"]["uuid"],
                parts,
                actor=FUZZER,
                audit_head=manifest.get("audit_head"),
                dry_run=True,
            )
    except (DomainError, InvalidInput) as refusal:
        PERSIAN.error(refusal)  # the message a person would read must be complete


SEED_CSV = (
    "date,kind,amount,unit,donor_name,donor_national_id,intent,channel\n"
    "۱۴۰۴/۰۹/۳۰,نقدی,۱۰۰۰۰۰۰,rial,علي رضايي,0084575948,ایتام,desk\n"
    "1404/09/29,in_kind,5000000,toman,,,جهیزیه,pos\n"
)


def seeds() -> Path:
    """A corpus to start from: a good CSV and a good workbook, behind their door bytes."""
    import openpyxl

    corpus = FOLDER / "seeds"
    corpus.mkdir()
    (corpus / "csv").write_bytes(b"\x02" + SEED_CSV.encode())
    workbook = openpyxl.Workbook()
    for line in SEED_CSV.splitlines():
        workbook.active.append(line.split(","))
    workbook.save(FOLDER / "seed.xlsx")
    (corpus / "xlsx").write_bytes(b"\x00" + (FOLDER / "seed.xlsx").read_bytes())
    return corpus


def main() -> None:
    arguments = list(sys.argv)
    if not any(not a.startswith("-") for a in arguments[1:]):  # no corpus folder given
        arguments.append(str(seeds()))
    atheris.Setup(arguments, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
