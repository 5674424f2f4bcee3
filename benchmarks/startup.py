"""Cold start to a usable main window, and peak memory with a long list open, each in a fresh
process against a bare PySide6 QMainWindow started the same way."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.common import BENCH, demo_database
from benchmarks.gui_probe import PASSWORD
from charity_desktop.domain.users import Role
from charity_desktop.services import users
from charity_desktop.services.database import open_database

RUNS = 5


def probe(mode: str, database: Path | None = None) -> tuple[float, float, float, float]:
    """(seconds to the first paint of anything, seconds to the main window's, peak MB,
    seconds from OK to the main window's paint less the password check) of one fresh
    `benchmarks.gui_probe` process, counted from just before it was started."""
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    command = [sys.executable, "-m", "benchmarks.gui_probe", mode]
    if database is not None:
        command.append(str(database))
    started = time.time()
    done = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=600, check=True
    )
    figures = {line.split()[0]: line.split()[1:] for line in done.stdout.splitlines()}
    painted = float(figures["painted"][0])
    after_ok = (
        painted - float(figures["ok"][0]) - float(figures["argon2"][0]) if "ok" in figures else 0
    )
    return (
        float(figures["first"][0]) - started,
        painted - started,
        float(figures["painted"][1]),
        after_ok,
    )


def with_bench_account(path: Path) -> Path:
    """`path`, with the account the probe signs in with added if it is missing."""
    database = open_database(str(path))
    if not any(user.name == "bench" for user in users.list_users(database)):
        admin = BENCH if users.has_users(database) else None
        users.add_user(database, "bench", Role.ADMIN, PASSWORD, actor=admin)
    database.close()
    return path


def run(donations: int) -> str:
    path = with_bench_account(demo_database(donations))
    bare = [probe("bare") for _ in range(RUNS)]
    app = [probe("app", path) for _ in range(RUNS)]
    bare_start = statistics.median(run[1] for run in bare)
    first = statistics.median(run[0] for run in app)
    usable = statistics.median(run[1] for run in app)
    after_ok = statistics.median(run[3] for run in app)
    listing = probe("list", path)
    bare_mb = statistics.median(run[2] for run in bare)
    return (
        f"cold start ({donations:,} donations, median of {RUNS})  sign-in dialog painted {first * 1000:5.0f} ms, "
        f"main window painted after signing in {usable * 1000:5.0f} ms | bare QMainWindow {bare_start * 1000:5.0f} ms  "
        f"x{first / bare_start:.2f} to the first window (goal within x1.5), x{usable / bare_start:.2f} to the main window\n"
        f"sign-in ({donations:,} donations, median of {RUNS})  OK pressed to the main window painted, the password check left out {after_ok * 1000:5.0f} ms | "
        f"bare QMainWindow cold start {bare_start * 1000:5.0f} ms  (goal under 300 ms)\n"
        f"GUI peak memory with the {donations:,}-donation list open (50 pages scrolled, totals done)  "
        f"{listing[2]:5.0f} MB | bare QMainWindow {bare_mb:4.0f} MB  (goal under 400 MB)"
    )
