import datetime as dt
import io
import shutil
import sqlite3
from pathlib import Path

import pytest

from charity_desktop.domain.errors import DomainError
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.users import Actor, PermissionDenied, Role
from charity_desktop.services import users
from charity_desktop.services.backups import backup_folder, make_backup, restore, rotate, verify
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import list_donations, record_donation
from charity_desktop.services.dto import DonationDraft
from charity_desktop.services.office import office_info, set_up_office
from charity_desktop.storage.schema import HEAD_REVISION
from charity_desktop.translation import Translator
from tests.actors import ADMIN, SUPERVISOR, clerk
from tests.raw import raw_sqlite, sqlite_path


def give(database, amount, actor=None):
    return record_donation(
        database,
        DonationDraft(kind="cash", amount=str(amount), date="1404/09/30", intent="زکات"),
        actor=actor or clerk("t"),
    ).receipt_number


def amounts(database):
    return [r.amount_rials for r in list_donations(database, DonationFilter(include_voided=True))]


@pytest.mark.sqlite_only
def test_backup_change_restore_gives_the_data_as_at_the_backup(database, tmp_path):
    give(database, 1000)
    copy = make_backup(database, tmp_path / "copy.sqlite3")
    give(database, 2000)
    aside = restore(database, copy, actor=SUPERVISOR)
    assert amounts(database) == [1000]
    assert amounts(open_database(str(aside))) == [1000, 2000]  # the replaced database, kept aside


@pytest.mark.sqlite_only
def test_a_restore_never_gives_a_receipt_number_issued_before_it_again(database, tmp_path):
    """Receipt 000002 was printed after the backup: its paper is in a donor's hands, so the
    restored series moves past it, the trail says so and `verify` counts it."""
    give(database, 1000)
    copy = make_backup(database, tmp_path / "copy.sqlite3")
    give(database, 2000)
    give(database, 2500)
    restore(database, copy, actor=SUPERVISOR)
    assert give(database, 3000) == "ZN-1404-000004"
    assert verify(database).sound
    with database.reader() as uow:
        (entry,) = uow.audit.details_of("database_restored")
    assert entry["receipt_numbers_not_reused"] == {"1404": [2, 3]}
    restore(database, make_backup(database, tmp_path / "again.sqlite3"), actor=SUPERVISOR)
    assert give(database, 4000) == "ZN-1404-000005" and verify(database).sound


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
    for bad in (broken, text, tmp_path / "missing.sqlite3"):
        with pytest.raises(DomainError):
            restore(database, bad, actor=SUPERVISOR)
    assert amounts(database) == [1000]


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
    argv = ["--db", str(path), "restore", str(old)]
    assert main(argv, out=out, err=err) == 1  # the fixture is another office's database
    assert "--other-office" in err.getvalue()
    assert main([*argv, "--other-office"], out=out, err=err) == 0, err.getvalue()
    [aside] = [p for p in path.parent.iterdir() if ".before-restore-" in p.name]
    assert str(aside) in out.getvalue()  # the command says where the old database is kept
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
    with pytest.raises(DomainError) as refused:
        restore(database, strange, actor=SUPERVISOR)
    assert refused.value.message.startswith("The backup is damaged")
    assert Translator("fa").error(refused.value).endswith("چیزی بازگردانده نشد.")
    assert amounts(database) == before
    assert [p.name for p in path.parent.iterdir() if "restor" in p.name] == []


PASSWORD = "a long enough secret"


def with_accounts(database):
    """This database protected: an admin «مدیر» and a supervisor «سرپرست» (as tests.actors)."""
    users.add_user(database, ADMIN.name, Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, SUPERVISOR.name, Role.SUPERVISOR, PASSWORD, actor=ADMIN)


@pytest.mark.sqlite_only
def test_a_file_holding_only_the_schema_stamp_is_refused_and_the_database_works_on(
    database, tmp_path
):
    give(database, 1000)
    stamp_only = tmp_path / "stamp.sqlite3"
    with sqlite3.connect(stamp_only) as raw:
        raw.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
        raw.execute("INSERT INTO alembic_version VALUES (?)", (HEAD_REVISION,))
    raw.close()
    with pytest.raises(DomainError) as refused:
        restore(database, stamp_only, actor=SUPERVISOR)
    assert "audit_log" in Translator("fa").error(refused.value)
    assert "donations" in refused.value.params["problem"].params["tables"]
    assert amounts(database) == [1000]
    assert give(database, 2000) == "ZN-1404-000002"  # every later command still works
    assert verify(database).sound


@pytest.mark.sqlite_only
def test_a_database_with_accounts_is_not_replaced_by_one_without(database, tmp_path):
    give(database, 1000)
    unprotected = make_backup(database, tmp_path / "before-accounts.sqlite3")
    with_accounts(database)
    with pytest.raises(DomainError) as refused:
        restore(database, unprotected, actor=SUPERVISOR)
    assert "unprotected" in refused.value.message
    assert users.has_users(database)
    protected = make_backup(database, tmp_path / "with-accounts.sqlite3")
    give(database, 2000, SUPERVISOR)
    restore(database, protected, actor=SUPERVISOR)
    assert amounts(database) == [1000]


@pytest.mark.sqlite_only
def test_another_offices_database_only_on_an_admins_explicit_word(database, tmp_path):
    other = open_database(str(tmp_path / "abhar.sqlite3"))
    set_up_office(other, name="اداره بهزیستی ابهر", code="ZNA", province="زنجان", county="ابهر")
    foreign = make_backup(other, tmp_path / "abhar-backup.sqlite3")
    other.close()
    give(database, 1000)
    with_accounts(database)
    with pytest.raises(DomainError) as refused:
        restore(database, foreign, actor=ADMIN)
    said = Translator("fa").error(refused.value)
    assert "اداره بهزیستی ابهر" in said and "اداره بهزیستی زنجان" in said and "ZNA" in said
    with pytest.raises(PermissionDenied):
        restore(database, foreign, actor=SUPERVISOR, other_office=True)
    assert amounts(database) == [1000]
    with pytest.raises(DomainError):  # the foreign database has no accounts: still refused
        restore(database, foreign, actor=ADMIN, other_office=True)
    database_without_accounts = open_database(str(tmp_path / "desk.sqlite3"))
    set_up_office(
        database_without_accounts, name="میز", code="ZN", province="زنجان", county="زنجان"
    )
    aside = restore(database_without_accounts, foreign, actor=ADMIN, other_office=True)
    assert office_info(database_without_accounts).code == "ZNA"
    assert office_info(open_database(str(aside))).code == "ZN"


@pytest.mark.sqlite_only
def test_a_forged_actor_cannot_restore_a_protected_database(database, tmp_path):
    copy = make_backup(database, tmp_path / "copy.sqlite3")
    with_accounts(database)
    with pytest.raises(PermissionDenied):
        restore(database, copy, actor=Actor("someone", Role.ADMIN))


@pytest.mark.sqlite_only
def test_a_supervisor_cannot_restore_a_backup_that_makes_someone_an_admin(database, tmp_path):
    """A copy in which a script added an admin (its chain sound: the program wrote it) is
    refused to a supervisor and restored only by an admin."""
    from charity_desktop.domain.users import Actor, Role
    from charity_desktop.services.users import add_user

    admin, boss = Actor("مدیر", Role.ADMIN), Actor("سرپرست", Role.SUPERVISOR)
    add_user(database, admin.name, Role.ADMIN, "admin-password-1", actor=None)
    add_user(database, boss.name, Role.SUPERVISOR, "super-password-1", actor=admin)
    crafted = tmp_path / "crafted.sqlite3"
    shutil.copy(make_backup(database), crafted)
    copy = open_database(str(crafted))
    add_user(copy, "نفوذی", Role.ADMIN, "intruder-password", actor=admin)
    copy.close()
    with pytest.raises(DomainError) as caught:
        restore(database, crafted, actor=boss)
    assert caught.value.params["names"] == "نفوذی"
    restore(database, crafted, actor=admin)
    assert verify(database).sound
