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
from charity_desktop.storage.models import utc_now
from charity_desktop.translation import Translator
from tests.actors import ADMIN, CLERK, SUPERVISOR
from tests.raw import raw_sqlite, sqlite_path

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


# The end of each refusal, and the roles it tells the person to ask.
WHO_MAY = {
    "ask a clerk, a supervisor or an admin.": {Role.CLERK, Role.SUPERVISOR, Role.ADMIN},
    "ask a supervisor or an admin.": {Role.SUPERVISOR, Role.ADMIN},
    "only an admin may: ask an admin.": {Role.ADMIN},
}


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
    for role in Role:  # each role a real account: the services check the actor against it
        users.add_user(database, f"someone-{role.value}", role, PASSWORD, actor=ADMIN)

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
            "restore": lambda: restore(database, tmp_path / "missing.sqlite3", actor=actor),
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
        except PermissionDenied as refused:
            assert role not in allowed, (action, role)
            assert WHO_MAY[refused.message.rpartition("; ")[2]] == allowed, (action, role)
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


def test_an_actor_must_name_an_active_account_with_that_role(database):
    give(database, ADMIN)  # no accounts yet: the role alone counts, as for a single desk
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)
    users.add_user(database, "سرپرست", Role.SUPERVISOR, PASSWORD, actor=ADMIN)
    number = give(database, CLERK)
    forged = Actor("نفوذی", Role.ADMIN)  # no such account
    with pytest.raises(PermissionDenied) as refused:
        users.add_user(database, "رضا", Role.ADMIN, PASSWORD, actor=forged)
    assert "نفوذی" in refused.value.params["name"]
    with pytest.raises(PermissionDenied):
        demo.build_demo(database, donations=5, actor=forged, today=dt.date.today())
    with pytest.raises(PermissionDenied):  # a clerk's account named as an admin
        users.add_user(database, "رضا", Role.ADMIN, PASSWORD, actor=Actor("مریم", Role.ADMIN))
    users.set_active(database, "سرپرست", False, actor=ADMIN)
    with pytest.raises(PermissionDenied):  # a disabled account, still holding its actor
        receipts.void_receipt(database, number, reason="ثبت تکراری", actor=SUPERVISOR)
    users.set_active(database, "سرپرست", True, actor=ADMIN)
    receipts.void_receipt(database, number, reason="ثبت تکراری", actor=SUPERVISOR)


@pytest.mark.sqlite_only
def test_a_demoted_account_no_longer_acts_in_its_old_role(database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "سرپرست", Role.SUPERVISOR, PASSWORD, actor=ADMIN)
    catalogue.add_entry(database, "counties", "خدابنده", actor=SUPERVISOR)
    with raw_sqlite(database) as raw:  # the role changed while the person was signed in
        raw.execute("UPDATE users SET role = 'clerk' WHERE name = 'سرپرست'")
    raw.close()
    with pytest.raises(PermissionDenied):
        catalogue.add_entry(database, "counties", "ابهر", actor=SUPERVISOR)
    catalogue.add_entry(database, "counties", "ابهر", actor=ADMIN)


def test_wrong_passwords_wait_longer_then_lock_the_account_until_an_admin_unlocks(database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)
    waits: list[float] = []
    for _ in range(users.LOCK_AFTER):
        with pytest.raises(users.SignInFailed) as failed:
            users.sign_in(database, "مریم", "wrong password", sleep=waits.append)
        assert not isinstance(failed.value, users.AccountLocked)
    assert waits == [0.5, 1.0, 2.0, 4.0, 4.0]  # doubling, capped
    with pytest.raises(users.AccountLocked) as locked:  # even the right password now
        users.sign_in(database, "مریم", PASSWORD, sleep=waits.append)
    assert locked.value.params["minutes"] == 15
    assert "قفل" in Translator("fa").error(locked.value)
    later = utc_now() + users.LOCK_FOR + dt.timedelta(seconds=5)
    assert users.sign_in(database, "مریم", PASSWORD, now=later) == CLERK  # the lock has passed
    for _ in range(users.LOCK_AFTER):
        with pytest.raises(users.SignInFailed):
            users.sign_in(database, "مریم", "wrong password", sleep=waits.append)
    with pytest.raises(PermissionDenied):
        users.unlock_user(database, "مریم", actor=CLERK)
    users.unlock_user(database, "مریم", actor=ADMIN)
    assert users.sign_in(database, "مریم", PASSWORD) == CLERK
    with database.reader() as uow:
        mine = uow.users.by_name_key("مریم").uuid
        actions = [e.action for e in uow.audit.entries() if e.entity_uuid == mine]
    assert actions.count("sign_in_failed") == 2 * users.LOCK_AFTER
    assert actions[-3:] == ["sign_in_failed", "user_unlocked", "signed_in"]
    assert "sign_in_locked" in actions


def test_a_good_sign_in_ends_a_run_of_failures(database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    waits: list[float] = []
    for _ in range(3):
        with pytest.raises(users.SignInFailed):
            users.sign_in(database, "مدیر", "wrong password", sleep=waits.append)
    users.sign_in(database, "مدیر", PASSWORD)
    with pytest.raises(users.SignInFailed):
        users.sign_in(database, "مدیر", "wrong password", sleep=waits.append)
    assert waits == [0.5, 1.0, 2.0, 0.5]


def test_people_change_their_own_password_after_giving_the_current_one(database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)
    with pytest.raises(ValidationFailed) as refused:
        users.change_own_password(database, "wrong one", "short", "other", actor=CLERK)
    assert [p.field for p in refused.value.problems] == [
        "password",
        "new_password",
        "password_again",
    ]
    users.sign_in(database, "مریم", PASSWORD)  # nothing changed
    users.change_own_password(
        database, PASSWORD, "a brand new secret", "a brand new secret", actor=CLERK
    )
    assert users.sign_in(database, "مریم", "a brand new secret") == CLERK
    with pytest.raises(users.SignInFailed):
        users.sign_in(database, "مریم", PASSWORD, sleep=lambda _: None)


def test_an_admin_resets_a_forgotten_password_and_lifts_the_lock(database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)
    for _ in range(users.LOCK_AFTER):
        with pytest.raises(users.SignInFailed):
            users.sign_in(database, "مریم", "forgotten", sleep=lambda _: None)
    with pytest.raises(users.AccountLocked):
        users.sign_in(database, "مریم", PASSWORD)
    with pytest.raises(PermissionDenied):
        users.reset_password(database, "مریم", "given by the admin", actor=SUPERVISOR)
    with pytest.raises(ValidationFailed):
        users.reset_password(database, "مریم", "short", actor=ADMIN)
    users.reset_password(database, "مريم", "given by the admin", actor=ADMIN)
    assert users.sign_in(database, "مریم", "given by the admin") == CLERK
