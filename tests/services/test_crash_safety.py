"""A donation the screen called saved survives the process being killed at any moment."""

import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from charity_desktop.services.database import open_database
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


@pytest.mark.sqlite_only
def test_killed_at_random_moments_nothing_reported_saved_is_lost(database):
    path = str(sqlite_path(database))
    database.close()
    rng = random.Random(7)
    reported: list[str] = []
    for _ in range(10):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, path], stdout=subprocess.PIPE, text=True
        )
        time.sleep(rng.uniform(0.6, 1.5))
        writer.send_signal(signal.SIGKILL)
        out, _ = writer.communicate(timeout=30)
        reported += out.split()
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
    assert reported, "the writer saved nothing before being killed"
    reopened = open_database(path)
    with reopened.reader() as uow:
        assert uow.receipts.last_number(uow.offices.home().id, 1404) == len(stored)
    reopened.close()
