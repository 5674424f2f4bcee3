"""Two processes issuing receipts on one database at once get distinct, gapless numbers."""

import subprocess
import sys

import pytest

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services.donations import list_donations

WRITER = """
import sys
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import record_donation
from charity_desktop.domain.users import Actor, Role
from charity_desktop.services.dto import DonationDraft

database = open_database(sys.argv[1])
sys.stdin.readline()  # start together
for index in range(int(sys.argv[2])):
    saved = record_donation(
        database,
        DonationDraft(kind="cash", amount=str(1000 + index), date="1404/09/30", intent="زکات"),
        actor=Actor(sys.argv[3], Role.CLERK),
    )
    print(saved.receipt_number, flush=True)
"""


@pytest.mark.sqlite_only
def test_two_processes_get_distinct_gapless_numbers(database):
    path = database.engine.url.database
    per_process = 40
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, path, str(per_process), name],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("desk-1", "desk-2")
    ]
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    reported = []
    for writer in writers:
        out, err = writer.communicate(timeout=120)
        assert writer.returncode == 0 and "locked" not in err, err
        reported += out.split()
    expected = [f"ZN-1404-{n:06d}" for n in range(1, 2 * per_process + 1)]
    assert sorted(reported) == expected
    stored = sorted(row.receipt_number for row in list_donations(database, DonationFilter()))
    assert stored == expected
