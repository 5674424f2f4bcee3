"""Reaching a test database's SQLite file behind the program's back, as an intruder or an
editor of the file would."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
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


def rehash_chain(database: Database, change: Callable[[int, dict], dict]) -> None:
    """What a forger who knows the program does: give every audit entry the details
    `change(position, details)` returns and recompute every hash, so the chain links up."""
    from charity_desktop.storage.audit import GENESIS, entry_hash

    connection = raw_sqlite(database)
    rows = connection.execute(
        "SELECT seq, at, actor, action, entity, entity_uuid, details FROM audit_log ORDER BY seq"
    ).fetchall()
    previous = GENESIS
    for seq, at, actor, action, entity, entity_uuid, details in rows:
        details = json.dumps(
            change(seq, json.loads(details)), ensure_ascii=False, separators=(",", ":")
        )
        digest = entry_hash(
            previous, [at.replace(" ", "T"), actor, action, entity, entity_uuid, details]
        )
        connection.execute(
            "UPDATE audit_log SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?",
            (details, previous, digest, seq),
        )
        previous = digest
    connection.commit()
    connection.close()
