"""The audit trail: every change is chained, and a change made behind the program's back shows."""

import datetime as dt
import re
import subprocess
import sys

import pytest

from charity_desktop.exchange.package import read_package, write_package
from charity_desktop.reports.day_closing import write_day_closing
from charity_desktop.services.audit import KIND_NAMES
from charity_desktop.services.backups import verify
from charity_desktop.services.closing import day_closing
from charity_desktop.services.donations import record_donation
from charity_desktop.services.dto import DonationDraft
from charity_desktop.services.exchange import export_data, office_identity
from charity_desktop.services.receipts import print_receipt, void_receipt
from charity_desktop.translation import Translator
from tests.actors import CLERK, SUPERVISOR, clerk, supervisor
from tests.raw import raw_sqlite, sqlite_path
from tests.reports.pdf import pdf_text


def give(database, amount):
    return record_donation(
        database,
        DonationDraft(kind="cash", amount=str(amount), date="1404/09/30", intent="زکات"),
        actor=clerk("مریم"),
    ).receipt_number


def actions(database):
    with database.reader() as uow:
        return [(entry.action, entry.actor) for entry in uow.audit.entries()]


def raw(database, statement, *params):
    with raw_sqlite(database) as connection:  # as an intruder would
        connection.execute(statement, params)
    connection.close()


def test_every_change_is_on_the_trail(database):
    number = give(database, 1000)
    print_receipt(database, number, actor=CLERK)
    print_receipt(database, number, actor=CLERK)
    void_receipt(database, number, reason="ثبت تکراری", actor=supervisor("سرپرست"))
    assert actions(database) == [
        ("office_set_up", "system"),
        ("donation_recorded", "مریم"),
        ("receipt_printed", "مریم"),
        ("receipt_reprinted", "مریم"),
        ("receipt_voided", "سرپرست"),
    ]
    report = verify(database)
    assert report.sound and report.audit_entries == 5


@pytest.mark.sqlite_only
def test_an_altered_audit_row_is_named(database):
    give(database, 1000)
    give(database, 2000)
    with database.reader() as uow:
        second = [entry.seq for entry in uow.audit.entries()][2]
    raw(database, "UPDATE audit_log SET actor = 'someone else' WHERE seq = ?", second)
    report = verify(database)
    assert not report.sound
    assert report.problems[0].message == "Audit entry {entry} ({action}, {at}) was altered."
    assert report.problems[0].params["entry"] == second
    assert report.problems[0].params["action"] == "donation_recorded"
    shown = Translator("fa").finding(report.problems[0])
    assert not re.search("[A-Za-z]", shown.replace("donation_recorded", ""))


@pytest.mark.sqlite_only
def test_a_donation_amount_changed_behind_the_programs_back_is_named(database):
    give(database, 1000)
    number = give(database, 2000)
    raw(database, "UPDATE donations SET amount_rials = 200 WHERE receipt_number = ?", number)
    report = verify(database)
    assert [(p.message, p.params) for p in report.problems] == [
        (
            "{kind} {record} was changed outside the program.",
            {"kind": KIND_NAMES["donation"], "record": number},
        )
    ]
    shown = Translator("fa").finding(report.problems[0])
    assert number in shown and not re.search("[A-Za-z]", shown.replace(number, ""))


@pytest.mark.sqlite_only
def test_verify_command_names_the_tampering_and_fails(database):
    number = give(database, 1000)
    raw(database, "UPDATE donations SET amount_rials = 5 WHERE receipt_number = ?", number)
    done = subprocess.run(
        [sys.executable, "-m", "charity_desktop", "--db", str(sqlite_path(database)), "verify"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert f"کمک {number} بیرون از برنامه تغییر کرده است" in done.stdout


def test_the_chain_head_is_on_the_daily_closing_and_in_packages(database, tmp_path):
    give(database, 1000)
    card = office_identity(database)  # making the exchange key is itself on the trail
    with database.reader() as uow:
        head = uow.audit.head()
    write_day_closing(
        day_closing(database, dt.date(2025, 12, 21)), tmp_path / "day.pdf", tr=Translator("fa")
    )
    assert head in pdf_text(tmp_path / "day.pdf").replace("\n", "").replace(" ", "")
    manifest = write_package(export_data(database, actor=SUPERVISOR), tmp_path / "p.zip")
    with database.reader() as uow:  # the export itself is the newest entry it carries
        head = uow.audit.head()
        assert [e.action for e in uow.audit.entries()][-1] == "package_exported"
    assert manifest["audit_head"] == head
    checked, _ = read_package(tmp_path / "p.zip", lambda uuid: bytes.fromhex(card.key))
    assert checked["audit_head"] == head
