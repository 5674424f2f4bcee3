"""Backups kept beside the database (rotated), restore with checks first, and health checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from charity_desktop.domain.errors import DomainError, Finding
from charity_desktop.domain.users import Actor, Permission, Role
from charity_desktop.paths import private_folder
from charity_desktop.services.access import authorize
from charity_desktop.services.anchors import (
    Anchor,
    UnreadableAnchor,
    backup_anchor_path,
    read_anchor,
    write_anchor,
)
from charity_desktop.services.audit import check_chain
from charity_desktop.services.database import Database, open_database
from charity_desktop.services.dto import OfficeInfo
from charity_desktop.services.office import home_office, office_info
from charity_desktop.services.users import has_users, list_users
from charity_desktop.storage.backup import (
    check_sqlite_file,
    copy_sqlite_file,
    missing_tables,
    replace_sqlite_file,
)
from charity_desktop.storage.schema import HEAD_REVISION
from charity_desktop.storage.unit_of_work import UnitOfWork

STAMP = "%Y%m%d-%H%M%S"
PREFIX = "charity-"
KEEP_ALL_DAYS = 2
KEEP_DAILY = 7
KEEP_WEEKLY = 4
KEEP_MONTHLY = 12


@dataclass(frozen=True)
class HealthReport:
    """What `verify` found: SQLite's checks, the schema, gaps in receipt series, the audit chain."""

    problems: list[Finding]
    revision: str | None
    series_checked: int
    audit_entries: int = 0
    audit_head: str = ""
    anchor: Path | None = None  # the anchor file the chain was compared with

    @property
    def sound(self) -> bool:
        return not self.problems


def database_file(database: Database) -> Path:
    """The SQLite file behind `database`; backups and restores need one."""
    path = database.file_path()
    if path is None:
        raise DomainError("Backups and restores work on a SQLite database file.")
    return path


def backup_folder(database: Database) -> Path:
    return database_file(database).parent / "backups"


def _stamp_of(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(path.stem.removeprefix(PREFIX), STAMP)
    except ValueError:
        return None


def last_backup_at(database: Database) -> dt.datetime | None:
    """When the newest automatic backup in the backups folder was made (this computer's
    local time), or None when there is none (or the database is on a server)."""
    if database.file_path() is None:
        return None
    stamps = [
        stamp
        for path in backup_folder(database).glob(f"{PREFIX}*.sqlite3")
        if (stamp := _stamp_of(path))
    ]
    return max(stamps, default=None)


def make_backup(
    database: Database, target: Path | None = None, *, now: dt.datetime | None = None
) -> Path:
    """A consistent copy of the live database; into the backups folder (then rotated) by default."""
    now = now or dt.datetime.now()
    if target is None:
        folder = private_folder(backup_folder(database), ours=True)
        target = folder / f"{PREFIX}{now.strftime(STAMP)}.sqlite3"
        copy_sqlite_file(database_file(database), target)
        with database.reader() as uow:
            head = uow.audit.position()
        if head is not None:
            write_anchor(backup_anchor_path(folder, database_file(database)), *head)
        rotate(folder, now)
    else:
        copy_sqlite_file(database_file(database), target)
    return target


def copy_out(database: Database, target: Path, *, actor: Actor) -> Path:
    """A consistent copy of the live database at `target`, a place of the person's choosing:
    it holds every key and every donor's details, so it is for supervisors and admins, and
    on the audit trail (the copy holds its own entry)."""
    authorize(database, actor, Permission.EXPORT_PERSONAL)
    with database.unit_of_work() as uow:
        uow.audit.append(actor.name, "database_copied", "database", None, {"file": target.name})
        uow.commit()
    return make_backup(database, target)


def rotate(folder: Path, now: dt.datetime) -> list[Path]:
    """Delete old automatic backups, keeping every one of the last two days, then the newest
    of each of the last 7 days, 4 weeks and 12 months. Returns what was deleted."""
    dated = sorted(
        ((stamp, path) for path in folder.glob(f"{PREFIX}*.sqlite3") if (stamp := _stamp_of(path))),
        reverse=True,
    )
    keep: set[Path] = set()
    buckets: dict[tuple[str, object], Path] = {}
    for stamp, path in dated:
        age = now - stamp
        if age <= dt.timedelta(days=KEEP_ALL_DAYS):
            keep.add(path)
        for kind, key, limit in (
            ("day", stamp.date(), dt.timedelta(days=KEEP_DAILY)),
            ("week", stamp.isocalendar()[:2], dt.timedelta(weeks=KEEP_WEEKLY)),
            ("month", (stamp.year, stamp.month), dt.timedelta(days=31 * KEEP_MONTHLY)),
        ):
            if age <= limit and (kind, key) not in buckets:
                buckets[(kind, key)] = path
    keep.update(buckets.values())
    removed = [path for _, path in dated if path not in keep]
    for path in removed:
        path.unlink()
    return removed


def verify(database: Database) -> HealthReport:
    """SQLite's integrity and foreign-key checks (on a file; a server checks its own), the
    schema revision, every receipt series of this office checked for gaps and repeats, and
    the audit chain walked end to end."""
    path = database.file_path()
    if path is not None:
        problems, revision = check_sqlite_file(path)
    else:
        problems, revision = [], database.store.revision()
    checked = 0
    # Anchors first, then the snapshot: an anchor is written after its commit, so whatever an
    # anchor read here counts is in the snapshot taken after it (no false alarm while desks save).
    anchors, unreadable = _anchors(database)
    problems += unreadable
    with database.reader() as uow:
        chain = check_chain(uow, anchors)
        problems += chain.problems
        not_reused = _not_reused(uow)
        for office in uow.offices.all():
            for year in uow.receipts.years(office.id):
                checked += 1
                numbers = uow.donations.receipt_sequences(office.id, year)
                last = uow.receipts.last_number(office.id, year)
                series = f"{office.code}-{year}"
                counted = numbers + (not_reused.get(year, []) if office.is_home else [])
                gapless = sorted(counted) == list(range(1, last + 1))
                if office.is_home and not gapless:
                    problems.append(
                        Finding(
                            "Receipt series {series}: {count} receipts for the numbers 1 to {last}.",
                            {"series": series, "count": len(numbers), "last": last},
                        )
                    )
                elif numbers and numbers[-1] > last:
                    problems.append(
                        Finding(
                            "Receipt series {series} stands at {last}, below receipt {highest} already issued.",
                            {"series": series, "last": last, "highest": numbers[-1]},
                        )
                    )
    found = chain.anchor.path if chain.anchor else None
    return HealthReport(problems, revision, checked, chain.entries, chain.head, found)


def _not_reused(uow: UnitOfWork) -> dict[int, list[int]]:
    """The home office's receipt numbers each restore moved its series past, by year."""
    skipped: dict[int, list[int]] = {}
    for details in uow.audit.details_of(RESTORED):
        for year, (first, last) in details.get(NOT_REUSED, {}).items():
            skipped.setdefault(int(year), []).extend(range(first, last + 1))
    return skipped


def _anchor_paths(database: Database) -> list[Path]:
    """Where `database`'s chain is anchored: its own anchor, and its backups folder's."""
    paths = [database.anchor] if database.anchor else []
    if database.file_path() is not None:
        paths.append(backup_anchor_path(backup_folder(database), database_file(database)))
    return paths


def _anchors(database: Database) -> tuple[list[Anchor], list[Finding]]:
    """The anchors `verify` may compare the chain with (the database's own and its backup
    folder's), and a finding for each that exists but cannot be read."""
    anchors, unreadable = [], []
    for path in _anchor_paths(database):
        try:
            anchor = read_anchor(path)
        except UnreadableAnchor:
            unreadable.append(Finding("The audit anchor {file} is damaged.", {"file": str(path)}))
            continue
        if anchor is not None:
            anchors.append(anchor)
    return anchors, unreadable


def check_backup(path: Path) -> HealthReport:
    """A backup file's health, read without changing it: SQLite's checks, a schema revision
    this program knows, and every table of this program's schema."""
    if not path.is_file():
        raise DomainError("The file {name} cannot be read.", name=path.name)
    problems, revision = check_sqlite_file(path)
    return HealthReport(problems, revision, 0)


def _record_restore(
    database: Database, backup: Path, aside: Path, issued: dict[int, int], *, actor: Actor
) -> None:
    """Put the restore itself on the restored database's audit trail, and anchor its chain.

    `issued`: the last receipt number of each year of this office before the restore. The
    numbers issued after the backup was made left with the database set aside, but their
    paper receipts are in donors' hands: the restored series move past them, and the entry
    names them as not reused (`verify` counts them in the series)."""
    with database.unit_of_work() as uow:
        home = home_office(uow)
        skipped: dict[str, list[int]] = {}
        for year, last in issued.items():
            restored = uow.receipts.last_number(home.id, year)
            if last > restored:
                first = uow.receipts.allocate(home.id, year, last - restored)
                skipped[str(year)] = [first, last]
        uow.audit.append(
            actor.name,
            RESTORED,
            "database",
            None,
            {
                "backup": backup.name,
                "kept_aside": aside.name,
                **({NOT_REUSED: skipped} if skipped else {}),
            },
        )
        uow.commit()
    # The anchors counted the chain that was replaced; from now on they count this one.
    with database.reader() as uow:
        head = uow.audit.position()
    if head is not None:
        for path in _anchor_paths(database):
            write_anchor(path, *head, force=True)


def restore(
    database: Database,
    backup: Path,
    *,
    actor: Actor,
    other_office: bool = False,
    now: dt.datetime | None = None,
) -> Path:
    """Replace the open SQLite `database` with `backup`, after checking the backup, and
    return where the database as it was is kept aside. The window and the command line
    both restore through here.

    The backup is first copied beside the database and opened there as this program opens
    any database (an older schema is upgraded, a foreign or newer one refused), then
    checked whole: every table of the schema, `verify` (integrity, receipt series, audit
    chain), the same office as this database's (another office's only when `other_office`,
    for admins), and accounts when this database has them (a backup without accounts would
    leave the office unprotected). A backup with any problem is refused and nothing
    changes. Then the current file is copied aside and replaced by the checked copy, the
    database is reopened on it and the restore goes on its audit trail. No other desk or
    process may have the file open meanwhile.
    """
    authorize(database, actor, Permission.RESTORE)
    if other_office:
        authorize(database, actor, Permission.MANAGE_USERS)
    current = database_file(database)
    ours, protected = office_info(database), has_users(database)
    # Who may act now: a supervisor's restore may not give anyone more than that.
    granted = None if actor.may(Permission.MANAGE_USERS) else _granted(database)
    report = check_backup(backup)
    if not report.sound:
        raise DomainError(REFUSED, problem=report.problems[0])
    with database.reader() as uow:
        here = uow.offices.home()
        years = uow.receipts.years(here.id) if here is not None else []
        issued = {year: uow.receipts.last_number(here.id, year) for year in years if here}
    stamp = (now or dt.datetime.now()).strftime(STAMP)
    trial = current.with_name(f"{current.name}.restoring-{stamp}")
    aside = current.with_name(f"{current.name}.before-restore-{stamp}")
    try:
        copy_sqlite_file(backup, trial)
        _check_trial(
            trial, report.revision, ours, protected, other_office=other_office, granted=granted
        )
        database.close()
        try:
            copy_sqlite_file(current, aside)
            replace_sqlite_file(current, trial)
        finally:
            database.reopen()
    finally:
        for leftover in current.parent.glob(f"{trial.name}*"):
            leftover.unlink()
    _record_restore(database, backup, aside, issued, actor=actor)
    return aside


RESTORED = "database_restored"
NOT_REUSED = "receipt_numbers_not_reused"  # {year: [first, last]} issued before a restore
REFUSED = "The backup is damaged or from a newer version ({problem}); nothing was restored."


def _check_tables(trial: Path) -> None:
    missing = missing_tables(trial)
    if missing:
        raise DomainError(
            REFUSED, problem=Finding("Tables missing: {tables}.", {"tables": "، ".join(missing)})
        )


def _granted(database: Database) -> set[tuple[str, Role]]:
    """(name, role) of every active account of `database`."""
    return {(user.name, user.role) for user in list_users(database) if user.active}


def _check_trial(
    trial: Path,
    revision: str | None,
    ours: OfficeInfo | None,
    protected: bool,
    *,
    other_office: bool,
    granted: set[tuple[str, Role]] | None,
) -> None:
    """Open the copy of a backup at `trial` (stamped `revision`; upgrading it) and refuse it
    unless it is a whole sound database of this office, with accounts when this database has
    them, and (unless `granted` is None: an admin restores) no active account holding a role
    this database does not grant it. A copy already at the newest revision is not upgraded, so its tables are counted
    before it is opened; any copy's are after."""
    if revision == HEAD_REVISION:
        _check_tables(trial)
    try:
        copy = open_database(str(trial))
    except DomainError as error:
        raise DomainError(REFUSED, problem=Finding(error.message, error.params)) from None
    try:
        _check_tables(trial)
        checked = verify(copy)
        if not checked.sound:
            raise DomainError(REFUSED, problem=checked.problems[0])
        theirs = office_info(copy)
        if theirs is None:
            raise DomainError(REFUSED, problem=Finding("The backup holds no office."))
        if ours is not None and theirs.uuid != ours.uuid and not other_office:
            raise DomainError(
                "The backup is the database of {theirs} ({their_code}), not of this office, "
                "{ours} ({our_code}); nothing was restored. An admin may restore it as "
                "another office's database (--other-office).",
                theirs=theirs.name,
                their_code=theirs.code,
                ours=ours.name,
                our_code=ours.code,
            )
        if protected and not has_users(copy):
            raise DomainError(
                "The backup has no user accounts and this database has: restoring it would "
                "leave the office unprotected; nothing was restored."
            )
        if granted is not None and (more := _granted(copy) - granted):
            raise DomainError(
                "The backup lets {names} act with roles this database does not give them; only an admin may restore it. Nothing was restored.",
                names="، ".join(sorted(name for name, _ in more)),
            )
    finally:
        copy.close()
