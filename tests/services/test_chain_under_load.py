"""Four desks on one PostgreSQL database save, print, void and fail to sign in for 20 seconds:
the audit chain never forks, and `verify` run meanwhile never raises a false alarm."""

import subprocess
import sys

import pytest

from charity_desktop.services.backups import verify

SECONDS = 20

DESK = """
import sys, time
from charity_desktop.domain.errors import DomainError
from charity_desktop.domain.users import Actor, Role
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import record_donation
from charity_desktop.services.dto import DonationDraft
from charity_desktop.services.receipts import print_receipt, void_receipt
from charity_desktop.services.users import sign_in

database = open_database(sys.argv[1])
clerk = Actor(sys.argv[2], Role.CLERK)
supervisor = Actor("سرپرست", Role.SUPERVISOR)
sys.stdin.readline()  # start together
end = time.monotonic() + float(sys.argv[3])
done = 0
while time.monotonic() < end:
    number = record_donation(
        database,
        DonationDraft(kind="cash", amount=str(1000 + done), date="1404/09/30", intent="زکات"),
        actor=clerk,
    ).receipt_number
    print_receipt(database, number, actor=clerk)
    if done % 4 == 0:
        void_receipt(database, number, reason="آزمون", actor=supervisor)
    if done % 3 == 0:
        try:
            sign_in(database, "کسی که نیست", "گذرواژه", sleep=lambda seconds: None)
        except DomainError:
            pass
    done += 1
print(done, flush=True)
"""

CHECKER = """
import sys, time
from charity_desktop.services.backups import verify
from charity_desktop.services.database import open_database

database = open_database(sys.argv[1])
sys.stdin.readline()
end = time.monotonic() + float(sys.argv[2])
runs = 0
while time.monotonic() < end:
    report = verify(database)
    for problem in report.problems:
        print("ALARM", problem.message, problem.params, flush=True)
    runs += 1
print("RUNS", runs, flush=True)
"""


@pytest.mark.postgresql_only
def test_four_desks_keep_one_chain_and_verify_never_cries_wolf(database):
    url = database.store.engine.url.render_as_string(hide_password=False)
    started = [
        subprocess.Popen(
            [sys.executable, "-c", DESK, url, f"desk-{desk}", str(SECONDS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for desk in range(1, 5)
    ]
    checker = subprocess.Popen(
        [sys.executable, "-c", CHECKER, url, str(SECONDS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    for process in (*started, checker):
        process.stdin.write("go\n")
        process.stdin.flush()
    saved = 0
    for desk in started:
        out, err = desk.communicate(timeout=SECONDS + 120)
        assert desk.returncode == 0, err
        saved += int(out.split()[-1])
    out, err = checker.communicate(timeout=SECONDS + 300)
    assert checker.returncode == 0, err
    assert "ALARM" not in out, out
    assert int(out.split()[-1]) >= 2  # verify ran while the desks saved
    assert saved >= 8
    report = verify(database)
    assert report.sound, report.problems
    with database.reader() as uow:
        links = [entry.prev_hash for entry in uow.audit.entries()]
    assert len(links) == len(set(links)) == report.audit_entries
