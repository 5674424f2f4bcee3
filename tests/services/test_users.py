"""Accounts, roles and permissions, checked in the services themselves."""

import datetime as dt
import subprocess
import sys

import pytest

from charity_desktop.domain.errors import DomainError, ValidationFailed
from charity_desktop.domain.users import Actor, PermissionDenied, Role
from charity_desktop.persian.money import Unit
from charity_desktop.services import catalogue, demo, exchange, receipts, users
from charity_desktop.services.backups import restore
from charity_desktop.services.donations import record_donation
from charity_desktop.services.dto import DonationDraft
from tests.actors import ADMIN, CLERK, SUPERVISOR
from tests.raw import sqlite_path

PASSWORD = "a long enough secret"


def give(database, actor=CLERK):
    return record_donation(
        database,
        DonationDraft(kind="cash", amount="1000", date="1404/09/30", intent="زکات"),
        actor=actor,
    ).receipt_number


def test_the_first_user_is_an_admin_then_only_admins_add_users(database):
    with pytest.raises(DomainError):
        users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=None)
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    with pytest.raises(DomainError):
        users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=None)
    with pytest.raises(PermissionDenied):
        users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=SUPERVISOR)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)
    with pytest.raises(ValidationFailed):
        users.add_user(database, "مريم", Role.CLERK, PASSWORD, actor=ADMIN)  # same name, Arabic yeh
    with pytest.raises(ValidationFailed):
        users.add_user(database, "رضا", Role.CLERK, "short", actor=ADMIN)


def test_sign_in_checks_the_argon2id_hash_and_audits_every_attempt(database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)
    assert users.sign_in(database, "مريم", PASSWORD) == Actor("مریم", Role.CLERK)
    with pytest.raises(users.SignInFailed):
        users.sign_in(database, "مریم", "wrong password")
    with pytest.raises(users.SignInFailed):
        users.sign_in(database, "nobody", PASSWORD)
    with database.reader() as uow:
        stored = uow.users.by_name_key("مریم").password_hash
        actions = [e.action for e in uow.audit.entries()]
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert actions[-3:] == ["signed_in", "sign_in_failed", "sign_in_failed"]


def test_a_disabled_user_cannot_sign_in(database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)
    with pytest.raises(PermissionDenied):
        users.set_active(database, "مریم", False, actor=SUPERVISOR)
    users.set_active(database, "مریم", False, actor=Actor("مدیر", Role.ADMIN))
    with pytest.raises(users.SignInFailed):
        users.sign_in(database, "مریم", PASSWORD)
    with pytest.raises(DomainError):
        users.set_active(database, "مدیر", False, actor=Actor("مدیر", Role.ADMIN))


@pytest.mark.parametrize(
    ("action", "allowed"),
    [
        ("record", {Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
        ("print", {Role.CLERK, Role.SUPERVISOR, Role.ADMIN}),
        ("export", {Role.SUPERVISOR, Role.ADMIN}),
        ("void", {Role.SUPERVISOR, Role.ADMIN}),
        ("catalogue", {Role.SUPERVISOR, Role.ADMIN}),
        ("office", {Role.SUPERVISOR, Role.ADMIN}),
        ("merge", {Role.SUPERVISOR, Role.ADMIN}),
        ("restore", {Role.SUPERVISOR, Role.ADMIN}),
        ("users", {Role.ADMIN}),
        ("demo", {Role.ADMIN}),
    ],
)
def test_each_role_against_each_service_action(database, tmp_path, action, allowed):
    number = give(database, ADMIN)
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)

    def attempts(actor, role):
        return {
            "record": lambda: give(database, actor),
            "print": lambda: receipts.print_receipt(database, number, actor=actor),
            "export": lambda: exchange.export_data(database, actor=actor),
            "void": lambda: receipts.void_receipt(
                database, give(database, ADMIN), reason="ثبت تکراری", actor=actor
            ),
            "catalogue": lambda: catalogue.add_entry(
                database, "counties", f"ابهر {role.value}", actor=actor
            ),
            "office": lambda: catalogue.update_office(
                database,
                name="اداره",
                province="زنجان",
                county="زنجان",
                display_unit=Unit.RIAL,
                actor=actor,
            ),
            "merge": lambda: exchange.merge_data(
                database, "not-an-office", {}, actor=actor, audit_head=""
            ),
            "restore": lambda: restore(
                tmp_path / "x.sqlite3", tmp_path / "missing.sqlite3", actor=actor
            ),
            "users": lambda: users.add_user(
                database, f"user-{role.value}", Role.CLERK, PASSWORD, actor=actor
            ),
            "demo": lambda: demo.build_demo(
                database, donations=10, actor=actor, today=dt.date.today()
            ),
        }

    for role in Role:
        actor = Actor(f"someone-{role.value}", role)
        try:
            attempts(actor, role)[action]()
        except PermissionDenied:
            assert role not in allowed, (action, role)
        except DomainError:
            assert role in allowed, (action, role)  # got past the permission check
        else:
            assert role in allowed, (action, role)


@pytest.mark.sqlite_only
def test_command_line_needs_a_user_once_accounts_exist(database, tmp_path):
    number = give(database)
    path = str(sqlite_path(database))
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)

    def cli(*argv, password=None):
        env = {"PATH": "", "HOME": str(tmp_path)}
        if password:
            env["CHARITY_PASSWORD"] = password
        return subprocess.run(
            [sys.executable, "-m", "charity_desktop", "--db", path, *argv],
            capture_output=True,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
        )

    refused = cli("receipt", "void", number, "--reason", "ثبت تکراری")
    assert refused.returncode == 1 and "--user" in refused.stderr
    clerk_try = cli(
        "--user", "مریم", "receipt", "void", number, "--reason", "ثبت تکراری", password=PASSWORD
    )
    assert clerk_try.returncode == 1 and "اجازه این کار را ندارد" in clerk_try.stderr
    wrong = cli(
        "--user", "مدیر", "receipt", "void", number, "--reason", "ثبت تکراری", password="nope nope"
    )
    assert wrong.returncode == 1 and "نام یا گذرواژه نادرست است" in wrong.stderr
    done = cli(
        "--user", "مدیر", "receipt", "void", number, "--reason", "ثبت تکراری", password=PASSWORD
    )
    assert done.returncode == 0, done.stderr
    read_only = cli("donations", "list")
    assert read_only.returncode == 0
