"""A glance into a SQLite file without SQLAlchemy, for deciding what start-up shows first."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path


def has_accounts(target: str) -> bool:
    """True if `target` is a SQLite file whose office is set up and has user accounts;
    False for anything else (a new or foreign file, a server URL) or when unsure."""
    path = Path(target)
    if "://" in target or not path.is_file():
        return False
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as database:
            found = database.execute(
                "SELECT EXISTS (SELECT 1 FROM users)"
                " AND EXISTS (SELECT 1 FROM offices WHERE is_home)"
            ).fetchone()
    except sqlite3.Error:
        return False
    return bool(found and found[0])
