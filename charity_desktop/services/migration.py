"""Moving an office's SQLite database onto a PostgreSQL server (`charity-desktop migrate-to`)."""

from __future__ import annotations

from dataclasses import dataclass

from charity_desktop.domain.errors import DomainError
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.services.access import authorize
from charity_desktop.services.backups import verify
from charity_desktop.services.database import Database
from charity_desktop.services.donations import totals
from charity_desktop.storage.copying import TargetNotEmpty, copy_rows, row_counts


@dataclass(frozen=True)
class MigrationReport:
    rows: dict[str, int]  # table -> rows copied
    rials: int  # live donations' total, the same on both sides
    audit_entries: int
    audit_head: str


def migrate_to(source: Database, target: Database, *, actor: Actor) -> MigrationReport:
    """Copy every record of `source` into `target` (an empty database, e.g. on a server) and
    check the copy: the same rows in every table, the same totals per kind, gapless receipt
    series and a sound audit chain on the target.

    Raises `DomainError` if the target already holds an office (nothing is copied) or if the
    copy differs from the source.
    """
    authorize(source, actor, Permission.MANAGE_USERS)
    try:
        copied = copy_rows(source.store.engine, target.store.engine)
    except TargetNotEmpty:
        raise DomainError(
            "The target database already holds an office; nothing was copied."
        ) from None
    figures = totals(source, DonationFilter())
    if row_counts(source.store.engine) != row_counts(target.store.engine) or figures != totals(
        target, DonationFilter()
    ):
        raise DomainError("The copy differs from the original; check the target database.")
    report = verify(target)
    if not report.sound:
        raise DomainError("The copy has a problem: {problem}", problem=report.problems[0])
    return MigrationReport(
        copied, sum(line.rials for line in figures), report.audit_entries, report.audit_head
    )
