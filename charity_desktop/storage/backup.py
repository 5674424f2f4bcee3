"""SQLite files: consistent copies, checks of a file's health, and replacing a file safely."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from charity_desktop.domain.errors import Finding
from charity_desktop.storage.models import Base
from charity_desktop.storage.schema import copy_sqlite_file, known_revisions

__all__ = ["check_sqlite_file", "copy_sqlite_file", "missing_tables", "replace_sqlite_file"]


def check_sqlite_file(path: Path) -> tuple[list[Finding], str | None]:
    """(problems found, schema revision) of the SQLite file at `path`, read-only.

    Problems are integrity_check lines (in SQLite's own words), foreign_key_check rows, a
    file SQLite cannot read, or a revision this program does not know. An empty list means
    the file is sound.
    """
    problems: list[Finding] = []
    revision = None
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as db:
            problems += [
                Finding("SQLite's integrity check: {detail}", {"detail": row[0]})
                for row in db.execute("PRAGMA integrity_check")
                if row[0] != "ok"
            ]
            problems += [
                Finding(
                    "Row {row} of table {table} refers to a missing row of {parent}.",
                    {"row": rowid, "table": table, "parent": parent},
                )
                for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check")
            ]
            try:
                found = db.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = found[0] if found else None
            except sqlite3.DatabaseError:
                revision = None
    except sqlite3.DatabaseError as error:
        return [Finding("SQLite cannot read the file ({detail}).", {"detail": str(error)})], None
    if revision is None:
        problems.append(Finding("The file has no schema revision."))
    elif revision not in known_revisions():
        problems.append(
            Finding(
                "The file's schema {revision} is newer than this program.",
                {"revision": revision},
            )
        )
    return problems, revision


def missing_tables(path: Path) -> list[str]:
    """The tables of this program's schema that the SQLite file at `path` lacks (read-only):
    a file stamped with a revision but not holding its tables is not a whole database."""
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        present = {
            row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    return sorted(set(Base.metadata.tables) - present)


def replace_sqlite_file(current: Path, source: Path) -> None:
    """Make `current` hold exactly what `source` holds (SQLite's backup API, page by page)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(current)) as dst,
    ):
        src.backup(dst)
