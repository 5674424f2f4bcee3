"""Import of a large CSV of donations into a new office, against a bare executemany."""

from __future__ import annotations

import csv
import datetime as dt
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.common import BENCH, demo_database
from charity_desktop.exchange.importing import read_donation_file
from charity_desktop.persian.jalali import format_jalali, today
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import import_donations
from charity_desktop.services.office import set_up_office

HEADER = ["date", "kind", "amount", "unit", "donor_name", "donor_national_id", "intent", "channel"]
INTENTS = ["ایتام", "جهیزیه", "درمان", "مسکن", "زکات", "صدقات", "نذورات"]
CHANNELS = ["desk", "pos", "bank_transfer", "ussd", "online"]


def write_rows(path: Path, count: int) -> None:
    """`count` cash donations of this year, three in four by one of 12,500 donors (from the demo)."""
    with sqlite3.connect(demo_database(100_000)) as demo:
        donors = demo.execute(
            "SELECT name, national_id FROM donors WHERE national_id IS NOT NULL AND donor_type = 'person'"
        ).fetchall()
    demo.close()
    rng = random.Random(5)
    first = today() - dt.timedelta(days=300)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for _ in range(count):
            name, code = rng.choice(donors) if rng.random() < 0.75 else ("", "")
            writer.writerow(
                [
                    format_jalali(first + dt.timedelta(days=rng.randrange(300))),
                    "cash",
                    str(rng.randrange(1, 5_000) * 10_000),
                    "rial",
                    name,
                    code,
                    rng.choice(INTENTS),
                    rng.choice(CHANNELS),
                ]
            )


def run(rows: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "donations.csv"
        write_rows(source, rows)
        database = open_database(str(Path(folder) / "office.sqlite3"))
        set_up_office(
            database, name="اداره بهزیستی زنجان", code="ZN", province="زنجان", county="زنجان"
        )
        started = time.perf_counter()
        drafts = read_donation_file(source)
        read_seconds = time.perf_counter() - started
        report = import_donations(database, drafts, actor=BENCH)
        total_seconds = time.perf_counter() - started
        database.close()
        assert report.rows == rows

        started = time.perf_counter()
        with source.open(encoding="utf-8", newline="") as handle:
            parsed = list(csv.reader(handle))[1:]
        with sqlite3.connect(Path(folder) / "bare.sqlite3") as bare:
            bare.execute(f"CREATE TABLE d ({', '.join(HEADER)})")
            bare.executemany(f"INSERT INTO d VALUES ({', '.join('?' * len(HEADER))})", parsed)
        bare.close()
        bare_seconds = time.perf_counter() - started
    return (
        f"import of a {rows:,}-row CSV  {total_seconds:5.1f} s (reading and checking the file {read_seconds:4.1f} s) "
        f"vs bare csv + executemany {bare_seconds:4.2f} s  x{total_seconds / bare_seconds:.0f}  (goal under 10 s)"
    )
