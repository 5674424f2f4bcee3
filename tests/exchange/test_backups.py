import datetime as dt
import io
import shutil
import sqlite3
from pathlib import Path

import pytest

from charity_desktop.domain.errors import DomainError
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services.backups import backup_folder, make_backup, restore, rotate, verify
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import list_donations, record_donation
from charity_desktop.services.dto import DonationDraft
from charity_desktop.storage.schema import HEAD_REVISION
from charity_desktop.translation import Translator
from tests.actors import SUPERVISOR, clerk
from tests.raw import raw_sqlite, sqlite_path


def give(database, amount):
    return record_donation(
        database,
        DonationDraft(kind="cash", amount=str(amount), date="1404/09/30", intent="زکات"),
        actor=clerk("t"),
    ).receipt_number


def amounts(database):
    return [r.amount_rials for r in list_donations(database, DonationFilter(include_voided=True))]


@pytest.mark.sqlite_only
def test_backup_change_restore_gives_the_data_as_at_the_backup(database, tmp_path):
    give(database, 1000)
    copy = make_backup(database, tmp_path / "copy.sqlite3")
    give(database, 2000)
    path = str(sqlite_path(database))
    database.close()
    aside = restore(tmp_path / "office.sqlite3", copy, actor=SUPERVISOR)
    reopened = open_database(path)
    assert amounts(reopened) == [1000]
    assert give(reopened, 3000) == "ZN-1404-000002"  # the series continues from the backup
    assert amounts(open_database(str(aside))) == [1000, 2000]  # the replaced database, kept aside


@pytest.mark.sqlite_only
def test_a_corrupted_or_foreign_backup_is_refused_and_changes_nothing(database, tmp_path):
    give(database, 1000)
    copy = make_backup(database, tmp_path / "copy.sqlite3")
    data = bytearray(copy.read_bytes())
    data[len(data) // 2 : len(data) // 2 + 4096] = b"\xff" * 4096
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(bytes(data))
    text = tmp_path / "notes.sqlite3"
    text.write_text("not a database")
    database.close()
    for bad in (broken, text, tmp_path / "missing.sqlite3"):
        with pytest.raises(DomainError):
            restore(tmp_path / "office.sqlite3", bad, actor=SUPERVISOR)
    assert amounts(open_database(str(tmp_path / "office.sqlite3"))) == [1000]


@pytest.mark.sqlite_only
def test_verify_finds_a_gap_in_the_receipt_series(database):
    for amount in (1000, 2000, 3000):
        give(database, amount)
    assert verify(database).sound
    with raw_sqlite(database) as raw:  # as someone editing the file would
        raw.execute("UPDATE donations SET receipt_sequence = 7 WHERE receipt_sequence = 2")
    raw.close()
    report = verify(database)
    [gap] = [p for p in report.problems if p.message.startswith("Receipt series")]
    assert gap.params["series"] == "ZN-1404"
    assert Translator("fa").finding(gap).startswith("سری رسیدهای ZN-1404")


@pytest.mark.sqlite_only
def test_automatic_backups_rotate_days_weeks_and_months(database):
    now = dt.datetime(2026, 11, 22, 18, 0)
    folder = backup_folder(database)
    for hours in range(0, 24 * 400, 5):  # one every five hours for more than a year
        make_backup(
            database,
            folder
            / f"charity-{(now - dt.timedelta(hours=hours)).strftime('%Y%m%d-%H%M%S')}.sqlite3",
        )
    rotate(folder, now)
    kept = sorted(folder.glob("charity-*.sqlite3"))
    stamps = [dt.datetime.strptime(p.stem.removeprefix("charity-"), "%Y%m%d-%H%M%S") for p in kept]
    recent = [s for s in stamps if now - s <= dt.timedelta(days=2)]
    assert len(recent) == 10  # everything of the last two days
    assert len(stamps) < 10 + 7 + 4 + 12 + 1
    assert min(stamps) >= now - dt.timedelta(days=31 * 12)
    assert make_backup(database).parent == folder


FIXTURES = Path(__file__).parent.parent / "storage" / "fixtures"


@pytest.mark.sqlite_only
def test_the_command_restores_an_old_backup_upgraded_and_on_the_trail(database, tmp_path):
    from charity_desktop.cli.main import main

    path = sqlite_path(database)
    database.close()
    old = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema_0001.sqlite3", old)
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(path), "restore", str(old)], out=out, err=err) == 0, err.getvalue()
    restored = open_database(str(path))
    assert [r.receipt_number for r in list_donations(restored, DonationFilter())] == [
        "ZN-1404-000002",
        "ZN-1404-000001",
    ]
    report = verify(restored)
    assert report.sound and report.revision == HEAD_REVISION
    with restored.reader() as uow:
        assert [entry.action for entry in uow.audit.entries()][-1] == "database_restored"
    restored.close()
    assert sorted(p.name for p in path.parent.iterdir() if ".restoring-" in p.name) == []


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", ["foreign but stamped", "tampered"])
def test_a_backup_that_would_not_open_or_verify_is_refused_before_anything_changes(
    database, tmp_path, kind
):
    give(database, 1000)
    path = sqlite_path(database)
    strange = tmp_path / "strange.sqlite3"
    if kind == "tampered":
        make_backup(database, strange)
        with sqlite3.connect(strange) as raw:  # a copy edited behind the program's back
            raw.execute("UPDATE donations SET amount_rials = 5")
        raw.close()
    else:
        with sqlite3.connect(strange) as raw:
            raw.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
            raw.execute("INSERT INTO alembic_version VALUES ('0003')")
            raw.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
        raw.close()
    before = amounts(database)
    database.close()
    with pytest.raises(DomainError) as refused:
        restore(path, strange, actor=SUPERVISOR)
    assert refused.value.message.startswith("The backup is damaged")
    assert Translator("fa").error(refused.value).endswith("چیزی بازگردانده نشد.")
    assert amounts(open_database(str(path))) == before
    assert [p.name for p in path.parent.iterdir() if "restor" in p.name] == []
