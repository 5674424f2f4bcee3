"""Reaching a test database's SQLite file behind the program's back, as an intruder or an
editor of the file would."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from charity_desktop.services.database import Database


def sqlite_path(database: Database) -> Path:
    """The file behind `database`; the test fails (rather than touching another file) when
    the database is not a SQLite file that exists."""
    path = database.file_path()
    assert path is not None and path.is_file(), "this test needs a SQLite database file"
    return path


def raw_sqlite(database: Database, **options: object) -> sqlite3.Connection:
    """A plain sqlite3 connection to `database`'s existing file (never creates a file)."""
    return sqlite3.connect(f"{sqlite_path(database).as_uri()}?mode=rw", uri=True, **options)
