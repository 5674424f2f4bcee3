"""Desks issuing receipts on one database at once get distinct, gapless numbers: two
processes on a SQLite file, four on a PostgreSQL server."""

import subprocess
import sys
import threading

import pytest

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services.donations import list_donations
from tests.raw import sqlite_path

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


def desks_at_once(script: str, target: str, desks: int, per_desk: int) -> list[str]:
    """Start `desks` processes of `script` on `target` (`per_desk` saves each), let them go
    together, and return the words they all printed."""
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", script, target, str(per_desk), f"desk-{desk}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for desk in range(1, desks + 1)
    ]
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    said = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0 and "locked" not in err, err
        said += out.split()
    return said


def desks_save_at_once(database, target: str, desks: int, per_desk: int) -> None:
    """`desks` processes save `per_desk` donations each on `target`, started together; every
    number they report and every number stored is one of 1..desks*per_desk, once."""
    reported = desks_at_once(WRITER, target, desks, per_desk)
    expected = [f"ZN-1404-{n:06d}" for n in range(1, desks * per_desk + 1)]
    assert sorted(reported) == expected
    stored = sorted(row.receipt_number for row in list_donations(database, DonationFilter()))
    assert stored == expected


@pytest.mark.sqlite_only
def test_two_processes_get_distinct_gapless_numbers(database):
    desks_save_at_once(database, str(sqlite_path(database)), desks=2, per_desk=40)


@pytest.mark.postgresql_only
def test_four_desks_on_a_server_get_a_thousand_distinct_gapless_numbers(database):
    url = database.store.engine.url.render_as_string(hide_password=False)
    desks_save_at_once(database, url, desks=4, per_desk=250)


@pytest.mark.postgresql_only
def test_a_desk_that_loses_the_race_to_open_a_series_waits_and_takes_the_next_number(
    database,
):
    """Two transactions allocate the first number of a new year's series at once: the second
    waits for the first's lock instead of failing on the series it could not create."""
    with database.reader() as uow:
        office_id = uow.offices.home().id
    first = database.unit_of_work().__enter__()
    assert first.receipts.allocate(office_id, 1405) == 1  # holds the new series row
    second_number = []

    def second_desk() -> None:
        with database.unit_of_work() as second:
            second_number.append(second.receipts.allocate(office_id, 1405))
            second.audit.append("test", "numbers_taken", "test", None, {})
            second.commit()

    desk = threading.Thread(target=second_desk)
    desk.start()
    desk.join(timeout=1)
    assert desk.is_alive(), "the second desk did not wait for the first"
    first.audit.append("test", "numbers_taken", "test", None, {})
    first.commit()
    first.__exit__(None, None, None)
    desk.join(timeout=30)
    assert second_number == [2]


REPEATER = """
import sys
from charity_desktop.domain.errors import ValidationFailed
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import record_donation
from charity_desktop.domain.users import Actor, Role
from charity_desktop.services.dto import DonationDraft

database = open_database(sys.argv[1])
sys.stdin.readline()  # start together
for index in range(int(sys.argv[2])):
    draft = DonationDraft(
        kind="cash", amount="1000", date="1404/09/30", intent="زکات", channel="pos",
        tracking_number=f"RACE{index:04d}",
    )
    try:
        record_donation(database, draft, actor=Actor(sys.argv[3], Role.CLERK))
        print("saved", flush=True)
    except ValidationFailed:
        print("refused", flush=True)
"""


def test_two_desks_typing_the_same_slips_at_once_store_each_tracking_number_once(database, engine):
    """Both desks enter the same forty card-reader slips at the same moment: each number is
    stored once, and every save the other desk lost is refused, not stored twice."""
    target = (
        str(sqlite_path(database))
        if engine == "sqlite"
        else database.store.engine.url.render_as_string(hide_password=False)
    )
    desks = 2
    said = desks_at_once(REPEATER, target, desks, 40)
    assert said.count("saved") == 40 and said.count("refused") == 40 * (desks - 1)
    numbers = [row.tracking_number for row in list_donations(database, DonationFilter())]
    assert sorted(numbers) == [f"RACE{index:04d}" for index in range(40)]
