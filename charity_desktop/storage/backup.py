"""SQLite files: consistent copies, checks of a file's health, and replacing a file safely."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from charity_desktop.storage.schema import copy_sqlite_file, known_revisions

__all__ = ["check_sqlite_file", "copy_sqlite_file", "replace_sqlite_file"]


def check_sqlite_file(path: Path) -> tuple[list[str], str | None]:
    """(problems found, schema revision) of the SQLite file at `path`, read-only.

    Problems are SQLite's own words: integrity_check lines, foreign_key_check rows, or a
    revision this program does not know. An empty list means the file is sound.
    """
    problems: list[str] = []
    revision = None
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as db:
            problems += [row[0] for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
            problems += [
                f"foreign key: {table} row {rowid} -> {parent}"
                for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check")
            ]
            try:
                found = db.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = found[0] if found else None
            except sqlite3.DatabaseError:
                revision = None
    except sqlite3.DatabaseError as error:
        return [str(error)], None
    if revision is None:
        problems.append("no schema revision")
    elif revision not in known_revisions():
        problems.append(f"schema {revision} is newer than this program")
    return problems, revision


def replace_sqlite_file(current: Path, source: Path) -> None:
    """Make `current` hold exactly what `source` holds (SQLite's backup API, page by page)."""
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(current)) as dst,
    ):
        src.backup(dst)
