"""Backups kept beside the database (rotated), restore with checks first, and health checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from charity_desktop.domain.errors import DomainError, Finding
from charity_desktop.domain.users import Actor, Permission, require
from charity_desktop.services.anchors import (
    BACKUP_ANCHOR,
    Anchor,
    UnreadableAnchor,
    read_anchor,
    write_anchor,
)
from charity_desktop.services.audit import check_chain
from charity_desktop.services.database import Database, open_database
from charity_desktop.storage.backup import check_sqlite_file, copy_sqlite_file, replace_sqlite_file

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


def make_backup(
    database: Database, target: Path | None = None, *, now: dt.datetime | None = None
) -> Path:
    """A consistent copy of the live database; into the backups folder (then rotated) by default."""
    now = now or dt.datetime.now()
    if target is None:
        folder = backup_folder(database)
        target = folder / f"{PREFIX}{now.strftime(STAMP)}.sqlite3"
        copy_sqlite_file(database_file(database), target)
        with database.reader() as uow:
            head = uow.audit.position()
        if head is not None:
            write_anchor(folder / BACKUP_ANCHOR, *head)
        rotate(folder, now)
    else:
        copy_sqlite_file(database_file(database), target)
    return target


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
    anchors, unreadable = _anchors(database)
    problems += unreadable
    with database.reader() as uow:
        chain = check_chain(uow, anchors)
        problems += chain.problems
        for office in uow.offices.all():
            for year in uow.receipts.years(office.id):
                checked += 1
                numbers = uow.donations.receipt_sequences(office.id, year)
                last = uow.receipts.last_number(office.id, year)
                series = f"{office.code}-{year}"
                if numbers != list(range(1, last + 1)) and office.is_home:
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


def _anchors(database: Database) -> tuple[list[Anchor], list[Finding]]:
    """The anchors `verify` may compare the chain with (the database's own and its backup
    folder's), and a finding for each that exists but cannot be read."""
    paths = [database.anchor] if database.anchor else []
    if database.file_path() is not None:
        paths.append(backup_folder(database) / BACKUP_ANCHOR)
    anchors, unreadable = [], []
    for path in paths:
        try:
            anchor = read_anchor(path)
        except UnreadableAnchor:
            unreadable.append(Finding("The audit anchor {file} is damaged.", {"file": str(path)}))
            continue
        if anchor is not None:
            anchors.append(anchor)
    return anchors, unreadable


def check_backup(path: Path) -> HealthReport:
    """A backup file's health, read without changing it."""
    if not path.is_file():
        raise DomainError("The file {name} cannot be read.", name=path.name)
    problems, revision = check_sqlite_file(path)
    return HealthReport(problems, revision, 0)


def record_restore(database: Database, backup: Path, aside: Path, *, actor: Actor) -> None:
    """Put the restore itself on the restored database's audit trail, and anchor its chain."""
    with database.unit_of_work() as uow:
        uow.audit.append(
            actor.name,
            "database_restored",
            "database",
            None,
            {"backup": backup.name, "kept_aside": aside.name},
        )
        uow.commit()
    # The anchor counted the chain that was replaced; from now on it counts this one.
    with database.reader() as uow:
        head = uow.audit.position()
    if database.anchor is not None and head is not None:
        write_anchor(database.anchor, *head, force=True)


def restore(current: Path, backup: Path, *, actor: Actor, now: dt.datetime | None = None) -> Path:
    """Replace the database file `current` with `backup`, after checking the backup.

    The backup is first copied beside the database and opened there as this program opens
    any database (an older schema is upgraded, a foreign or newer one refused) and verified
    whole (integrity, receipt series, audit chain): a backup with any problem is refused and
    nothing changes. Then the current file is copied aside (returned path) and replaced by
    the checked copy. The database must not be open elsewhere.
    """
    require(actor, Permission.RESTORE)
    refused = "The backup is damaged or from a newer version ({problem}); nothing was restored."
    report = check_backup(backup)
    if not report.sound:
        raise DomainError(refused, problem=report.problems[0])
    stamp = (now or dt.datetime.now()).strftime(STAMP)
    trial = current.with_name(f"{current.name}.restoring-{stamp}")
    try:
        copy_sqlite_file(backup, trial)
        try:
            database = open_database(str(trial))
        except DomainError as error:
            raise DomainError(refused, problem=Finding(error.message, error.params)) from None
        try:
            checked = verify(database)
        finally:
            database.close()
        if not checked.sound:
            raise DomainError(refused, problem=checked.problems[0])
        aside = current.with_name(f"{current.name}.before-restore-{stamp}")
        if current.exists():
            copy_sqlite_file(current, aside)
        replace_sqlite_file(current, trial)
    finally:
        for leftover in current.parent.glob(f"{trial.name}*"):
            leftover.unlink()
    return aside
