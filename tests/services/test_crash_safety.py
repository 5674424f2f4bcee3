"""A donation the screen called saved survives the process being killed at any moment."""

import queue
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from charity_desktop.services.database import Database, open_database
from tests.raw import sqlite_path

WRITER = """
import sys
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import record_donation
from charity_desktop.domain.users import Actor, Role
from charity_desktop.services.dto import DonationDraft

database = open_database(sys.argv[1])
for index in range(100_000):
    saved = record_donation(
        database, DonationDraft(kind="cash", amount=str(1000 + index), date="1404/09/30", intent="زکات"), actor=Actor("crash", Role.CLERK)
    )
    print(saved.receipt_number, flush=True)  # what the screen would show as saved
"""


def reported_lines(writer: subprocess.Popen[str], into: queue.Queue[str | None]) -> None:
    """Pass on every whole line the writer prints (one cut short by the kill was not shown
    as saved), then None when its output ends."""
    assert writer.stdout is not None
    for line in writer.stdout:
        if line.endswith("\n"):
            into.put(line.strip())
    into.put(None)


@pytest.mark.sqlite_only
def test_killed_at_random_moments_nothing_reported_saved_is_lost(database: Database) -> None:
    """Ten times, a writer is killed at a random moment after it reported its first save: the
    file stays sound, nothing reported saved is missing, and the numbers have no gap or repeat.
    Waiting for the first report means a slow start cannot turn a run into one with nothing
    saved and so nothing checked."""
    path = str(sqlite_path(database))
    database.close()
    rng = random.Random(7)
    reported: list[str] = []
    for _ in range(10):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, path], stdout=subprocess.PIPE, text=True
        )
        lines: queue.Queue[str | None] = queue.Queue()
        reader = threading.Thread(target=reported_lines, args=(writer, lines), daemon=True)
        reader.start()
        try:
            first = lines.get(timeout=60)
        except queue.Empty:
            first = None
        if first is None:
            writer.kill()
            writer.wait(timeout=30)
            pytest.fail(f"the writer reported no save (exit status {writer.returncode})")
        time.sleep(rng.uniform(0.0, 0.8))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
        reader.join(timeout=30)
        this_run = [first]
        while (line := lines.get(timeout=30)) is not None:
            this_run.append(line)
        reported += this_run
        # After every kill: sound file, nothing reported saved is missing, no gap or repeat.
        with sqlite3.connect(path) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            stored = [
                n
                for (n,) in raw.execute(
                    "SELECT receipt_number FROM donations ORDER BY receipt_sequence"
                )
            ]
        raw.close()
        assert set(reported) <= set(stored)
        assert stored == [f"ZN-1404-{n:06d}" for n in range(1, len(stored) + 1)]
    reopened = open_database(path)
    with reopened.reader() as uow:
        assert uow.receipts.last_number(uow.offices.home().id, 1404) == len(stored)
    reopened.close()
