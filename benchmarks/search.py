"""Donor search as a clerk types, over many donors, against a bare SQL lookup of each key."""

from __future__ import annotations

import random
import sqlite3

from benchmarks.common import Timings, demo_database, repeat
from charity_desktop.persian.text import search_key
from charity_desktop.services.database import open_database
from charity_desktop.services.donors import search_donors


def keystrokes(names: list[str], national_ids: list[str], mobiles: list[str]) -> list[str]:
    """What the search box holds after each keystroke while typing some names, IDs and mobiles."""
    typed = []
    for text in (*names, *national_ids, *mobiles):
        typed.extend(text[:end] for end in range(1, len(text) + 1))
    return typed


def run(donors: int) -> str:
    path = demo_database(max(1000, donors // 10), donors)
    rng = random.Random(3)
    with sqlite3.connect(path) as connection:
        people = connection.execute(
            "SELECT name, national_id, mobile FROM donors WHERE national_id IS NOT NULL"
        ).fetchall()
    connection.close()
    sample = rng.sample(people, 12)
    # Surnames alone, a whole name, and a name nobody has (the slowest: nothing stops the scan).
    names = [row[0].split()[-1] for row in sample[:4]] + [sample[4][0], "ژولیت ناشناس"]
    typed = keystrokes(
        names, [row[1] for row in sample[5:8]], [row[2][-7:] for row in sample[8:12]]
    )
    database = open_database(str(path))
    found: list[int] = []
    search = repeat(lambda i: found.append(len(search_donors(database, typed[i]))), len(typed))
    database.close()

    with sqlite3.connect(path) as connection:

        def bare(index: int) -> None:
            key = search_key(typed[index])
            connection.execute(
                "SELECT id, name FROM donors WHERE name_key = ? LIMIT 20", (key,)
            ).fetchall()

        baseline = repeat(bare, len(typed))
    connection.close()
    return _line(donors, len(typed), search, baseline, sum(found))


def _line(donors: int, strokes: int, search: Timings, baseline: Timings, found: int) -> str:
    return (
        f"donor search as you type ({donors:,} donors, {strokes} keystrokes, {found:,} hits)  "
        f"median {search.median_ms:5.1f} ms  p95 {search.p95_ms:5.1f} ms  max {max(search.seconds) * 1000:5.1f} ms "
        f"(goal p95 under 30 ms)  | baseline: bare indexed equality lookup median {baseline.median_ms:5.2f} ms"
    )
