"""`verify` (SQLite's checks, every receipt series, the audit chain walked and every record
recomputed against its seal) beside the bare work it cannot do without: SQLite's integrity
check and one SHA-256 over every row of the sealed tables, on the same file."""

from __future__ import annotations

import hashlib
import sqlite3

from benchmarks.common import demo_database, repeat
from charity_desktop.services.backups import verify
from charity_desktop.services.database import open_database
from charity_desktop.storage.trust import KINDS


def run(donations: int) -> str:
    path = demo_database(donations)
    database = open_database(str(path))

    def bare(_: int) -> None:
        with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
            connection.execute("PRAGMA integrity_check").fetchall()
            for kind in KINDS:
                for row in connection.execute(f"SELECT * FROM {kind.table.name}"):
                    hashlib.sha256(repr(row).encode()).digest()
        connection.close()

    reports = []
    measured = repeat(lambda _: reports.append(verify(database)), 3)
    baseline = repeat(bare, 3)
    database.close()
    report = reports[-1]
    assert report.sound, report.problems
    ratio = measured.median_ms / baseline.median_ms
    return (
        f"verify ({donations:,} donations, {report.audit_entries:,} audit entries)  "
        f"{measured.median_ms:7.0f} ms vs bare integrity check + hash of every sealed row "
        f"{baseline.median_ms:7.0f} ms (x{ratio:.2f}, goal within x4)"
    )
