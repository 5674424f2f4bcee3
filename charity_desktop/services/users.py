"""Local user accounts: Argon2id passwords, roles, sign-in (audited), disabling."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from charity_desktop.domain.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from charity_desktop.domain.users import Actor, Permission, Role
from charity_desktop.persian.text import normalize, search_key
from charity_desktop.services.access import authorize
from charity_desktop.services.database import Database
from charity_desktop.services.dto import OfficeDraft
from charity_desktop.services.office import home_office, office_problems, set_up_office
from charity_desktop.storage.models import User, utc_now
from charity_desktop.storage.unit_of_work import UnitOfWork

MIN_PASSWORD = 8
LOCK_AFTER = 5  # wrong passwords in a row that lock an account
LOCK_FOR = dt.timedelta(minutes=15)
FIRST_DELAY = 0.5  # seconds after a first wrong password, doubling with each one after
MAX_DELAY = 4.0
# The audit entries that say how an account's sign-ins went: a failure, or what ends a run of them.
_COUNTED = ("sign_in_failed", "signed_in", "user_unlocked", "password_reset")
MAX_NAME = 100  # as users.name holds
_hasher = PasswordHasher()  # argon2-cffi's defaults are Argon2id with its recommended costs


@dataclass(frozen=True)
class UserInfo:
    name: str
    role: Role
    active: bool


class SignInFailed(DomainError):
    """Wrong name or password, or a disabled account (which one is not said)."""


def _changed_outside(uow: UnitOfWork, uuid: str) -> bool:
    """Whether the account `uuid` no longer matches what the audit chain last sealed for it."""
    sealed, now = uow.audit.sealed_as("user", uuid)
    return sealed != now


class AccountLocked(SignInFailed):
    """Too many wrong passwords in a row: the account waits, or an admin unlocks it."""


def has_users(database: Database) -> bool:
    with database.reader() as uow:
        return uow.users.count() > 0


def new_user_problems(name: str, password: str, again: str | None = None) -> list[FieldProblem]:
    """Every problem of a new account's name and password as typed (`again`: the password
    typed a second time, when the screen asks for it)."""
    problems = []
    if not normalize(name):
        problems.append(FieldProblem("name", "This field is required."))
    elif len(normalize(name)) > MAX_NAME:
        problems.append(
            FieldProblem(
                "name", "This text is longer than {limit} characters.", {"limit": MAX_NAME}
            )
        )
    if len(password) < MIN_PASSWORD:
        problems.append(
            FieldProblem(
                "password",
                "The password needs at least {count} characters.",
                {"count": MIN_PASSWORD},
            )
        )
    if again is not None and again != password:
        problems.append(FieldProblem("password_again", "The two passwords differ."))
    return problems


def set_up_first_admin(
    database: Database,
    name: str,
    password: str,
    again: str,
    *,
    office: OfficeDraft | None = None,
) -> Actor:
    """What a new database lacks, from the first-run screen: its office (when `office` is
    given) and its first admin, who is then signed in. Every field is checked first and every
    problem reported at once in one `ValidationFailed`; nothing is stored then."""
    problems = new_user_problems(name, password, again)
    if office is not None:
        problems = [
            *office_problems(
                name=office.name, code=office.code, province=office.province, county=office.county
            ),
            *problems,
        ]
    if problems:
        raise ValidationFailed(problems)
    if office is not None:
        set_up_office(
            database,
            name=office.name,
            code=office.code,
            province=office.province,
            county=office.county,
            display_unit=office.display_unit,
            actor=normalize(name),
        )
    add_user(database, name, Role.ADMIN, password, actor=None)
    return sign_in(database, name, password)


def add_user(
    database: Database, name: str, role: Role, password: str, *, actor: Actor | None
) -> UserInfo:
    """Create an account. The very first one needs no actor and must be an admin; after that
    only an admin may add users."""
    clean = normalize(name)
    problems = new_user_problems(name, password)
    if problems:
        raise ValidationFailed(problems)
    with database.unit_of_work() as uow:
        office = home_office(uow)
        if uow.users.count() == 0:
            if role is not Role.ADMIN:
                raise DomainError("The first user must be an admin.")
            author = clean
        else:
            if actor is None:
                raise DomainError("Sign in as an admin to add users.")
            authorize(uow, actor, Permission.MANAGE_USERS)
            author = actor.name
        if uow.users.by_name_key(search_key(clean)) is not None:
            raise ValidationFailed(
                [FieldProblem("name", "«{name}» is already registered.", {"name": clean})]
            )
        added = uow.users.add(
            User(
                office_id=office.id,
                name=clean,
                name_key=search_key(clean),
                role=role.value,
                password_hash=_hasher.hash(password),
            )
        )
        uow.audit.append(
            author, "user_added", "user", added.uuid, {"name": clean, "role": role.value}
        )
        uow.commit()
    return UserInfo(clean, role, True)


def sign_in(
    database: Database,
    name: str,
    password: str,
    *,
    sleep: Callable[[float], None] | None = None,
    now: dt.datetime | None = None,
) -> Actor:
    """The person behind `name` if the password matches and the account is active.

    Every attempt, good or bad, goes on the audit trail (about the account's UUID). A wrong
    password waits longer the more recent failures the account has (`failure_delay`, slept
    through `sleep`, by default `time.sleep`, after the transaction); after `LOCK_AFTER` of them in a row the account
    is locked for `LOCK_FOR` (counted from the last failure, `now` by default the clock's
    time): its password is then not even checked, until the time is over or an admin
    unlocks it. The failures are read from the audit trail, not kept in the account.
    """
    key = search_key(name)
    moment = now or utc_now()
    with database.unit_of_work() as uow:
        user = uow.users.by_name_key(key)
        failures = _recent_failures(uow, user.uuid, moment) if user is not None else []
        locked = len(failures) >= LOCK_AFTER
        ok = False
        if user is not None and not locked:
            try:
                ok = _hasher.verify(user.password_hash, password) and user.active
            except (VerificationError, InvalidHashError):
                ok = False
        # an account changed behind the program (a role raised with sqlite3) is not obeyed
        changed = ok and user is not None and _changed_outside(uow, user.uuid)
        ok = ok and not changed
        shown = user.name if user is not None else normalize(name)
        if locked:
            action = "sign_in_locked"
        elif changed:
            action = "sign_in_refused_changed"
        else:
            action = "signed_in" if ok else "sign_in_failed"
        uow.audit.append(shown or "-", action, "user", user.uuid if user else None, {"name": shown})
        uow.commit()
    if changed:
        raise SignInFailed(
            "This account was changed outside the program (verify names the change); ask an admin to check the database."
        )
    if locked:
        minutes = (failures[0] + LOCK_FOR - moment).total_seconds() / 60
        raise AccountLocked(
            "This account is locked after {count} wrong passwords; try again in {minutes} "
            "minutes or ask an admin to unlock it.",
            count=LOCK_AFTER,
            minutes=max(1, math.ceil(minutes)),
        )
    if not ok or user is None:
        (sleep or time.sleep)(failure_delay(len(failures) + 1))
        raise SignInFailed("The name or password is wrong, or the account is disabled.")
    return Actor(user.name, Role(user.role))


def failure_delay(failures: int) -> float:
    """Seconds a wrong password waits when it is the account's `failures`-th in a row."""
    return float(min(FIRST_DELAY * 2 ** (failures - 1), MAX_DELAY))


def _recent_failures(uow: UnitOfWork, user_uuid: str, now: dt.datetime) -> list[dt.datetime]:
    """When the account's failed sign-ins happened, newest first: those in a row since its
    last good sign-in or unlock, and no older than `LOCK_FOR`."""
    failures = []
    for action, at in uow.users.account_history(user_uuid, _COUNTED, LOCK_AFTER):
        if action != "sign_in_failed" or at <= now - LOCK_FOR:
            break
        failures.append(at)
    return failures


def unlock_user(database: Database, name: str, *, actor: Actor) -> None:
    """Lift the lock wrong passwords put on an account (admins only)."""
    authorize(database, actor, Permission.MANAGE_USERS)
    with database.unit_of_work() as uow:
        user = uow.users.by_name_key(search_key(name))
        if user is None:
            raise NotFound("No user named {name}.", name=normalize(name))
        uow.audit.append(actor.name, "user_unlocked", "user", user.uuid, {"name": user.name})
        uow.commit()


def _password_problems(password: str, again: str) -> list[FieldProblem]:
    return [
        FieldProblem(
            "new_password" if problem.field == "password" else problem.field,
            problem.message,
            problem.params,
        )
        for problem in new_user_problems("-", password, again)
    ]


def change_own_password(
    database: Database, current: str, new: str, again: str, *, actor: Actor
) -> None:
    """Change the signed-in person's own password after checking the current one.

    Every problem is named at once (a wrong current password, a short or mistyped new one);
    nothing changes then."""
    problems = _password_problems(new, again)
    with database.unit_of_work() as uow:
        user = uow.users.by_name_key(search_key(actor.name))
        if user is None or user.name != actor.name or not user.active:
            raise SignInFailed("The name or password is wrong, or the account is disabled.")
        try:
            right: bool = _hasher.verify(user.password_hash, current)
        except (VerificationError, InvalidHashError):
            right = False
        if not right:
            problems.insert(0, FieldProblem("password", "The current password is wrong."))
        if problems:
            raise ValidationFailed(problems)
        user.password_hash = _hasher.hash(new)
        uow.audit.append(actor.name, "password_changed", "user", user.uuid, {"name": user.name})
        uow.commit()


def sign_out(database: Database, *, actor: Actor) -> None:
    """Put the person's leaving the desk on the audit trail (the window then asks whoever
    comes next to sign in)."""
    with database.unit_of_work() as uow:
        user = uow.users.by_name_key(search_key(actor.name))
        uow.audit.append(
            actor.name, "signed_out", "user", user.uuid if user else None, {"name": actor.name}
        )
        uow.commit()


def reset_password(database: Database, name: str, new: str, *, actor: Actor) -> None:
    """Give the account `name` a new password (admins only); it also lifts a lock that wrong
    passwords put on it. The person should change it at their next sign-in."""
    problems = _password_problems(new, new)
    if problems:
        raise ValidationFailed(problems)
    with database.unit_of_work() as uow:
        authorize(uow, actor, Permission.MANAGE_USERS)
        user = uow.users.by_name_key(search_key(name))
        if user is None:
            raise NotFound("No user named {name}.", name=normalize(name))
        user.password_hash = _hasher.hash(new)
        uow.audit.append(actor.name, "password_reset", "user", user.uuid, {"name": user.name})
        uow.commit()


def set_active(database: Database, name: str, active: bool, *, actor: Actor) -> None:
    """Enable or disable an account (admins only; nobody can disable themselves)."""
    authorize(database, actor, Permission.MANAGE_USERS)
    with database.unit_of_work() as uow:
        user = uow.users.by_name_key(search_key(name))
        if user is None:
            raise NotFound("No user named {name}.", name=normalize(name))
        if user.name == actor.name and not active:
            raise DomainError("You cannot disable your own account.")
        user.active = active
        uow.audit.append(
            actor.name,
            "user_enabled" if active else "user_disabled",
            "user",
            user.uuid,
            {"name": user.name},
        )
        uow.commit()


def list_users(database: Database) -> list[UserInfo]:
    with database.reader() as uow:
        return [UserInfo(u.name, Role(u.role), u.active) for u in uow.users.all()]
