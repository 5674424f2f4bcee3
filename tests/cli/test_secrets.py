"""Once accounts exist, every command that writes a file or reads a secret needs a signed-in
person; the office card is for supervisors and admins and goes on the audit trail; the
files the program writes are its owner's only."""

import json
import os
import stat

import pytest

from charity_desktop.services.database import open_database
from tests.cli.test_commands import init, run

PASSWORD = "a long enough secret"


@pytest.fixture
def protected(tmp_path, monkeypatch):
    """A database with an admin «مدیر» and a clerk «مریم», the password in the environment."""
    db = tmp_path / "office.sqlite3"
    init(db)
    monkeypatch.setenv("CHARITY_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("CHARITY_PASSWORD", PASSWORD)
    assert run("user", "add", "مدیر", "--role", "admin", db=db)[0] == 0
    assert run("--user", "مدیر", "user", "add", "مریم", "--role", "clerk", db=db)[0] == 0
    return db


def audit_actions(db):
    database = open_database(str(db))
    with database.reader() as uow:
        actions = [(entry.actor, entry.action) for entry in uow.audit.entries()]
    database.close()
    return actions


@pytest.mark.parametrize(
    "argv",
    [
        ["office", "card", "--out", "{dir}/card.json"],
        ["backup"],
        ["backup", "--out", "{dir}/copy.sqlite3"],
        ["receipt", "day", "--out", "{dir}/day.pdf"],
        ["report", "summary", "--out", "{dir}/s.pdf"],
        ["user", "unlock", "مریم"],
    ],
)
def test_commands_that_write_files_or_read_secrets_need_a_user(protected, tmp_path, argv):
    argv = [word.format(dir=tmp_path) for word in argv]
    status, _, err = run(*argv, db=protected)
    assert status == 1 and "--user" in err
    written = [p.name for p in tmp_path.iterdir() if p.suffix in (".json", ".pdf")]
    assert written == [] and not (tmp_path / "backups").exists()
    status, _, err = run("--user", "مدیر", *argv, db=protected)
    assert status == 0, err


def test_the_office_card_is_for_supervisors_and_admins_and_audited(protected, tmp_path):
    card = tmp_path / "card.json"
    status, _, err = run("--user", "مریم", "office", "card", "--out", str(card), db=protected)
    assert status == 1 and "اجازه این کار را ندارد" in err and not card.exists()
    status, _, err = run("--user", "مدیر", "office", "card", "--out", str(card), db=protected)
    assert status == 0, err
    assert len(json.loads(card.read_text(encoding="utf-8"))["key"]) == 64
    actions = audit_actions(protected)
    assert ("مدیر", "exchange_key_created") in actions
    assert ("مدیر", "office_card_written") in actions
    run("--user", "مدیر", "office", "card", "--out", str(card), db=protected)
    later = audit_actions(protected)
    assert later.count(("مدیر", "exchange_key_created")) == 1  # the key is made once
    assert later.count(("مدیر", "office_card_written")) == 2


def test_a_locked_account_is_unlocked_by_an_admin(protected, tmp_path, monkeypatch):
    from charity_desktop.services import users

    monkeypatch.setattr(users.time, "sleep", lambda seconds: None)
    monkeypatch.setenv("CHARITY_PASSWORD", "wrong password")
    for _ in range(users.LOCK_AFTER):
        status, _, err = run("--user", "مریم", "backup", db=protected)
        assert status == 1 and "نادرست" in err
    monkeypatch.setenv("CHARITY_PASSWORD", PASSWORD)
    status, _, err = run("donations", "list", db=protected)
    assert status == 0  # reading at the terminal needs no sign-in
    status, _, err = run("--user", "مریم", "donations", "list", db=protected)
    assert status == 1 and "قفل" in err  # but naming a person signs them in
    day = str(tmp_path / "d.pdf")
    status, _, err = run("--user", "مریم", "receipt", "day", "--out", day, db=protected)
    assert status == 1 and "قفل" in err
    status, out, err = run("--user", "مدیر", "user", "unlock", "مریم", db=protected)
    assert status == 0 and "مریم" in out
    assert ("مدیر", "user_unlocked") in audit_actions(protected)


@pytest.mark.parametrize(
    "argv",
    [
        ["donations", "list"],
        ["donations", "list", "--format", "csv"],
        ["receipt", "verify", "CD1|ZN-1404-000001|1404/09/30|1000|0000000000"],
        ["verify"],
        ["office", "list"],
        ["user", "list"],
    ],
)
def test_a_wrong_password_is_refused_even_by_commands_that_only_read(protected, monkeypatch, argv):
    from charity_desktop.services import users

    monkeypatch.setattr(users.time, "sleep", lambda seconds: None)
    without = run(*argv, db=protected)
    monkeypatch.setenv("CHARITY_PASSWORD", "wrong password")
    status, out, err = run("--user", "مریم", *argv, db=protected)
    assert (status, out) == (1, "")
    assert err.strip() == "نام یا گذرواژه نادرست است، یا حساب غیرفعال شده است."
    assert audit_actions(protected)[-1] == ("مریم", "sign_in_failed")
    monkeypatch.setenv("CHARITY_PASSWORD", PASSWORD)
    status, out, err = run("--user", "مریم", *argv, db=protected)
    assert (status, err) == (without[0], without[2])
    assert out.splitlines()[:1] == without[1].splitlines()[:1]  # verify counts the sign-ins
    assert audit_actions(protected)[-1] == ("مریم", "signed_in")


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_files_and_folders_are_the_owners_only_whatever_the_umask(tmp_path, monkeypatch):
    from charity_desktop.logs import log_file, start_logging

    previous = os.umask(0o022)
    try:
        folder = tmp_path / "data" / "office"
        db = folder / "office.sqlite3"
        init(db)
        assert run("import", str(sample(tmp_path)), db=db)[0] == 0
        outputs = {
            "card": ["office", "card", "--out", str(tmp_path / "card.json")],
            "package": ["export", "--out", str(tmp_path / "package.zip")],
            "receipt": ["receipt", "print", "ZN-1404-000001", "--out", str(tmp_path / "r.pdf")],
            "day": ["receipt", "day", "--date", "1404/09/30", "--out", str(tmp_path / "d.pdf")],
            "summary": [
                "report", "summary", "--year", "1404", "--out", str(tmp_path / "s.pdf"),
                "--xlsx", str(tmp_path / "s.xlsx"), "--press", str(tmp_path / "p.txt"),
            ],
            "backup": ["backup"],
            "copy": ["backup", "--out", str(tmp_path / "copy.sqlite3")],
        }  # fmt: skip
        for name, argv in outputs.items():
            status, _, err = run(*argv, db=db)
            assert status == 0, (name, err)
        status, _, err = run("restore", str(tmp_path / "copy.sqlite3"), db=db)
        assert status == 0, err
        start_logging()
        made = [
            *folder.iterdir(),
            *(folder / "backups").iterdir(),
            *(tmp_path / name for name in ("card.json", "package.zip", "r.pdf", "d.pdf")),
            *(tmp_path / name for name in ("s.pdf", "s.xlsx", "p.txt", "copy.sqlite3")),
            log_file(),
        ]
        assert any(".before-restore-" in path.name for path in made)
        modes = {str(path): stat.S_IMODE(path.stat().st_mode) for path in made if path.is_file()}
        assert set(modes.values()) == {0o600}, modes
        for path in (tmp_path / "data", folder, folder / "backups", log_file().parent):
            assert stat.S_IMODE(path.stat().st_mode) == 0o700, path
    finally:
        os.umask(previous)


def sample(folder):
    path = folder / "one.csv"
    path.write_text("تاریخ,نوع,مبلغ,نیت\n1404/09/30,نقدی,1000000,ایتام\n", encoding="utf-8")
    return path


def test_a_copy_of_the_database_is_for_supervisors_and_on_the_trail(protected, tmp_path):
    """A copy to a file of one's choosing holds every key and donor: a clerk may not make it."""
    copy = tmp_path / "copy.sqlite3"
    status, _, err = run("--user", "مریم", "backup", "--out", str(copy), db=protected)
    assert status == 1 and "کارمند ثبت" in err and not copy.exists()
    status, _, err = run("--user", "مریم", "backup", db=protected)  # the backups folder: anyone
    assert status == 0, err
    status, _, err = run("--user", "مدیر", "backup", "--out", str(copy), db=protected)
    assert status == 0, err
    assert ("مدیر", "database_copied") in audit_actions(protected)
    copied = open_database(str(copy))  # the copy holds its own entry
    with copied.reader() as uow:
        assert [e.action for e in uow.audit.entries()][-1] == "database_copied"
    copied.close()


def test_a_receipt_is_written_only_for_those_who_may_print_it(protected, tmp_path):
    from charity_desktop.domain.users import Actor, Role
    from charity_desktop.services.donations import record_donation
    from charity_desktop.services.dto import DonationDraft

    database = open_database(str(protected))
    record_donation(
        database,
        DonationDraft(kind="cash", amount="1000", date="1404/09/30", intent="زکات"),
        actor=Actor("مریم", Role.CLERK),
    )
    database.close()
    assert run("--user", "مدیر", "user", "add", "حسابرس", "--role", "auditor", db=protected)[0] == 0
    pdf = tmp_path / "r.pdf"
    status, _, err = run(
        "--user", "حسابرس", "receipt", "print", "ZN-1404-000001", "--out", str(pdf), db=protected
    )
    assert status == 1 and "حسابرس" in err
    assert not pdf.exists()


def test_an_export_is_on_the_trail_and_its_package_carries_the_entry(protected, tmp_path):
    package = tmp_path / "p.zip"
    status, _, err = run("--user", "مدیر", "export", "--out", str(package), db=protected)
    assert status == 0, err
    assert audit_actions(protected)[-1] == ("مدیر", "package_exported")
