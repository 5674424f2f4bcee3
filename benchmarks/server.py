"""The nine-month summary on a PostgreSQL server against the same on the SQLite file.

Needs `CHARITY_BENCH_POSTGRES=postgresql://user@host:port`, a server on which the benchmark
may create a database; the demo database is copied there once (`migrate-to`) and kept.
"""

from __future__ import annotations

import os
import time

from benchmarks.common import BENCH, demo_database, repeat
from benchmarks.summary import BARE_QUERY
from charity_desktop.persian.jalali import jalali_year, today
from charity_desktop.services.database import open_database
from charity_desktop.services.migration import migrate_to
from charity_desktop.services.office import office_info
from charity_desktop.services.summary import Period, summarize

SERVER_ENV = "CHARITY_BENCH_POSTGRES"


def run(donations: int) -> str:
    import psycopg

    base = os.environ.get(SERVER_ENV)
    if not base:
        return f"summary on PostgreSQL: not run; set {SERVER_ENV}=postgresql://user@host:port"
    name = f"charity_bench_{donations}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    server = open_database(f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{name}")
    local = open_database(str(demo_database(donations)))
    copy_note = "copied before"
    if office_info(server) is None:
        started = time.perf_counter()
        migrate_to(local, server, actor=BENCH)
        copy_note = f"copied by migrate-to in {time.perf_counter() - started:.0f} s"
    period = Period.of_months(jalali_year(today()) - 1, 9)
    previous = period.previous_year()
    on_server = repeat(lambda _: summarize(server, period), 3)
    on_file = repeat(lambda _: summarize(local, period), 3)
    query = BARE_QUERY.replace("?", "%s")
    with psycopg.connect(f"{base}/{name}") as bare_connection:

        def bare(_: int) -> None:
            for span in (period, previous):
                bare_connection.execute(query, (span.first, span.last)).fetchall()

        baseline = repeat(bare, 3)
    server.close()
    local.close()
    return (
        f"nine-month summary on PostgreSQL ({donations:,} donations, {copy_note})  "
        f"aggregation {on_server.median_ms:7.0f} ms vs bare GROUP BY on the server {baseline.median_ms:7.0f} ms "
        f"(x{on_server.median_ms / baseline.median_ms:.2f})  | the same on the SQLite file {on_file.median_ms:7.0f} ms "
        f"(server/file x{on_server.median_ms / on_file.median_ms:.2f})"
    )
