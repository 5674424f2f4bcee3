"""Write `schema_<revision>.sqlite3` for tests/storage/fixtures with the program importable here.

The fixture must be written by the program of its revision, so run this with a checkout of
the commit where that migration became the head first on the path:

    git worktree add /tmp/rev0009 <commit>
    PYTHONPATH=/tmp/rev0009 .venv/bin/python tools/write_schema_fixture.py tests/storage/fixtures
    git worktree remove /tmp/rev0009

It stores what tests/storage/fixtures/README.md describes, using only the services that
version has: office ZN, receipts ZN-1404-000001 (12,600,000 rials cash from a named donor)
and ZN-1404-000002 (50,000,000 rials in kind, anonymous); the office's exchange key (from
0004); the audit trail the services keep (from 0005); the accounts «مدیر» (admin) and
«fixture» (clerk, who records the donations) (from 0006); receipt 000002 voided and re-entered,
corrected, as ZN-1404-000003 naming it (from 0007); the donor search terms (from 0008); a
clerk's pending request to void receipt 000001 (from 0010); ZN-1404-000004, 3,000,000 rials
by card reader with tracking number 628104559012 (from 0011).
The file's SHA-256 is added to SHA256SUMS there; add its line to the folder's README.md.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib
import inspect
import sqlite3
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

ADMIN = ("مدیر", "fixture-admin-password")
CLERK = ("fixture", "fixture-clerk-password")


def write(folder: Path) -> Path:
    import charity_desktop
    from charity_desktop.services import donations, receipts
    from charity_desktop.services.database import open_database
    from charity_desktop.services.dto import DonationDraft, DonorDraft
    from charity_desktop.services.office import set_up_office

    print(f"program: {charity_desktop.__file__}", file=sys.stderr)
    scratch = folder / "schema_writing.sqlite3"
    if scratch.exists():
        raise SystemExit(f"{scratch} exists; remove it first")
    database = open_database(str(scratch))
    set_up_office(database, name="اداره بهزیستی زنجان", code="ZN", province="زنجان", county="زنجان")

    recorder: dict[str, Any] = {"clerk": "fixture"}
    admin: Any = None
    if "actor" in inspect.signature(donations.record_donation).parameters:  # 0006: accounts
        from charity_desktop.domain.users import Role
        from charity_desktop.services import users

        users.add_user(database, ADMIN[0], Role.ADMIN, ADMIN[1], actor=None)
        admin = users.sign_in(database, *ADMIN)
        users.add_user(database, CLERK[0], Role.CLERK, CLERK[1], actor=admin)
        recorder = {"actor": users.sign_in(database, *CLERK)}

    first = donations.record_donation(
        database,
        DonationDraft(
            kind="cash",
            amount="12600000",
            date="1404/09/30",
            intent="ایتام",
            donor=DonorDraft(name="علی رضایی", national_id="0084575948"),
        ),
        **recorder,
    )
    second = donations.record_donation(
        database,
        DonationDraft(
            kind="in_kind",
            amount="50000000",
            date="1404/09/29",
            intent="جهیزیه",
            description="یخچال",
            quantity="2",
            quantity_unit="دستگاه",
        ),
        **recorder,
    )
    assert (first.receipt_number, second.receipt_number) == ("ZN-1404-000001", "ZN-1404-000002")

    try:  # 0004: the key that signs the office's exchange packages, made on first use
        exchange = importlib.import_module("charity_desktop.services.exchange")
    except ModuleNotFoundError:
        pass
    else:
        exchange.office_identity(database)

    if "replaces" in {f.name for f in dataclasses.fields(DonationDraft)}:  # 0007: re-entry
        receipts.void_receipt(database, "ZN-1404-000002", reason="تعداد اشتباه ثبت شد", actor=admin)
        third = donations.record_donation(
            database,
            DonationDraft(
                kind="in_kind",
                amount="25000000",
                date="1404/09/29",
                intent="جهیزیه",
                description="یخچال",
                quantity="1",
                quantity_unit="دستگاه",
                replaces="ZN-1404-000002",
            ),
            **recorder,
        )
        assert third.receipt_number == "ZN-1404-000003"

    if "tracking_number" in {f.name for f in dataclasses.fields(DonationDraft)}:  # 0011
        fourth = donations.record_donation(
            database,
            DonationDraft(
                kind="cash",
                amount="3000000",
                date="1404/09/28",
                intent="زکات",
                channel="pos",
                tracking_number="۶۲۸۱۰۴۵۵۹۰۱۲",
            ),
            **recorder,
        )
        assert fourth.receipt_number == "ZN-1404-000004"

    try:  # 0010: a clerk's request to void a receipt, waiting for a supervisor
        corrections = importlib.import_module("charity_desktop.services.corrections")
    except ModuleNotFoundError:
        pass
    else:
        corrections.request_void(
            database, "ZN-1404-000001", reason="نام نیکوکار اشتباه است", **recorder
        )
    database.close()

    for suffix in ("-wal", "-shm"):  # closing the last connection folds the WAL in
        assert not Path(f"{scratch}{suffix}").exists(), f"{scratch}{suffix} left behind"
    Path(f"{scratch}.head").unlink(missing_ok=True)  # from 0009: its anchor belongs to no fixture
    with closing(sqlite3.connect(scratch)) as raw:
        (revision,) = raw.execute("SELECT version_num FROM alembic_version").fetchone()
    target = folder / f"schema_{revision}.sqlite3"
    if target.exists():
        scratch.unlink()
        raise SystemExit(f"{target} exists: a fixture is never rewritten")
    scratch.rename(target)
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    with (folder / "SHA256SUMS").open("a", encoding="utf-8") as sums:  # what the tests hold it to
        sums.write(f"{digest}  {target.name}\n")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write schema_<revision>.sqlite3")
    print(write(parser.parse_args().folder))


if __name__ == "__main__":
    main()
