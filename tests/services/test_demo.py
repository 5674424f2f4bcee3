"""The demo office: filled up to the day it is given as today, the same every time for one
seed, on any day of the year."""

import datetime as dt

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.persian.jalali import jalali_to_date, jalali_year
from charity_desktop.services.backups import verify
from charity_desktop.services.database import open_database
from charity_desktop.services.demo import build_demo
from charity_desktop.services.donations import list_donations
from charity_desktop.services.summary import Period, summarize
from tests.actors import ADMIN


def office(path, today):
    database = open_database(str(path))
    build_demo(database, donations=400, seed=9, actor=ADMIN, today=today)
    return database


def test_the_demo_runs_from_last_farvardin_to_today_the_same_for_one_seed(tmp_path, today):
    first, second = office(tmp_path / "a.sqlite3", today), office(tmp_path / "b.sqlite3", today)
    rows = list_donations(first, DonationFilter(include_voided=True))
    assert len(rows) == 400
    year = jalali_year(today)
    assert min(r.donated_on for r in rows) >= jalali_to_date(year - 1, 1, 1)
    assert max(r.donated_on for r in rows) <= today
    assert [(r.donated_on, r.amount_rials, r.kind) for r in rows] == [
        (r.donated_on, r.amount_rials, r.kind)
        for r in list_donations(second, DonationFilter(include_voided=True))
    ]
    assert verify(first).sound
    years = {r.receipt_number.split("-")[1] for r in rows if r.receipt_number}
    assert years <= {str(year - 1), str(year)}
    whole = summarize(first, Period.of_months(year, 12)).grand_total.rials
    last = summarize(first, Period.of_months(year - 1, 12)).grand_total.rials
    assert whole + last == sum(r.amount_rials for r in rows)
    for database in (first, second):
        database.close()


def test_the_day_is_the_one_given_not_the_clock(tmp_path):
    day = dt.date(2025, 3, 20)  # 30 Esfand 1403, a leap year's last day
    database = office(tmp_path / "c.sqlite3", day)
    assert max(r.donated_on for r in list_donations(database, DonationFilter())) <= day
    database.close()
