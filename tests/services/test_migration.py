"""`migrate-to`: an office's SQLite database copied onto a PostgreSQL server, checked."""

import io

import pytest

from charity_desktop.cli.main import main
from charity_desktop.domain.errors import DomainError
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.persian.jalali import jalali_year
from charity_desktop.services.backups import verify
from charity_desktop.services.database import open_database
from charity_desktop.services.demo import build_demo
from charity_desktop.services.donations import list_donations, record_donation, totals
from charity_desktop.services.donors import search_donors
from charity_desktop.services.dto import DonationDraft
from charity_desktop.services.migration import migrate_to
from charity_desktop.services.receipts import void_receipt
from charity_desktop.services.summary import Period, summarize
from tests.actors import ADMIN, CLERK, SUPERVISOR
from tests.raw import sqlite_path


@pytest.fixture
def office_file(tmp_path, today):
    """A demo office's SQLite file dated up to `today`, its newest receipt voided."""
    database = open_database(str(tmp_path / "office.sqlite3"))
    build_demo(database, donations=400, seed=5, actor=ADMIN, today=today)
    receipted = [r for r in list_donations(database, DonationFilter()) if r.receipt_number]
    void_receipt(database, receipted[-1].receipt_number, reason="ثبت تکراری", actor=SUPERVISOR)
    yield database
    database.close()


def book(database, today):
    rows = list_donations(database, DonationFilter(include_voided=True))
    return (
        sorted((r.uuid, r.receipt_number, r.amount_rials, r.voided_at is not None) for r in rows),
        totals(database, DonationFilter()),
        summarize(database, Period.of_months(jalali_year(today), 12)).grand_total,
    )


@pytest.mark.postgresql_only
def test_an_office_moves_onto_the_server_whole(office_file, empty_database, today):
    report = migrate_to(office_file, empty_database, actor=ADMIN)
    assert report.rows["donations"] == 400
    assert book(empty_database, today) == book(office_file, today)
    server = verify(empty_database)
    assert server.sound and server.audit_head == verify(office_file).audit_head
    name = search_donors(office_file, "احمدی")[0].name
    assert name in [d.name for d in search_donors(empty_database, "احمدی")]
    # the server goes on where the file stopped: next number, new keys
    saved = record_donation(
        empty_database,
        DonationDraft(kind="cash", amount="1000", date=today, intent="ایتام"),
        actor=CLERK,
        today=today,
    )
    numbers = [
        r.receipt_number for r in list_donations(office_file, DonationFilter(include_voided=True))
    ]
    assert saved.receipt_number not in numbers


@pytest.mark.postgresql_only
def test_a_server_database_that_holds_an_office_is_refused(office_file, database, today):
    before = book(database, today)
    with pytest.raises(DomainError) as refused:
        migrate_to(office_file, database, actor=ADMIN)
    assert "already holds an office" in refused.value.message
    assert book(database, today) == before


@pytest.mark.postgresql_only
def test_the_command_reports_the_copy(office_file, empty_database):
    out = io.StringIO()
    url = empty_database.store.engine.url.render_as_string(hide_password=False)
    status = main(["--db", str(sqlite_path(office_file)), "migrate-to", url], out=out)
    assert status == 0
    assert "۴۰۰" in out.getvalue()
