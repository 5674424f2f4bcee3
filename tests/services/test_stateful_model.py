"""A model of one office's book, driven in random order by hypothesis, checked after every step.

Steps: record, import (good or with a bad row), void (and void again), reprint, export and
merge into the provincial centre, back up, restore a backup, and a careless supervisor
restoring odd files (a stamp alone, bytes that are no database, another office's database, a
backup changed behind the program's back), which must change nothing, and a dishonest county
(a package signed with its own key carrying this office's donation UUIDs, or its audit chain
recomputed after a change), which the centre refuses whole. Invariants: receipt numbers
gapless per series and never reused, the database's donations equal the model's, totals and
the summary equal the sum of live donations, the audit chain and SQLite's checks pass.
"""

import contextlib
import datetime as dt
import itertools
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from charity_desktop.domain.errors import DomainError, ValidationFailed
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.exchange.package import write_package
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.services.backups import make_backup, restore, verify
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import (
    import_donations,
    list_donations,
    record_donation,
    totals,
)
from charity_desktop.services.dto import DonationDraft
from charity_desktop.services.exchange import (
    export_data,
    office_identity,
    register_office,
)
from charity_desktop.services.office import set_up_office
from charity_desktop.services.receipts import print_receipt, void_receipt
from charity_desktop.services.summary import Period, summarize
from charity_desktop.storage.models import Donation, Office
from charity_desktop.storage.schema import HEAD_REVISION
from tests.actors import ADMIN, CLERK, SUPERVISOR
from tests.days import FIXED_DAYS
from tests.exchange.test_packages import rewrite_history
from tests.packages import merge, package

AMOUNTS = st.integers(min_value=1, max_value=10**13)
# Within the last three weeks: one Solar Hijri year's series, two when today is in Farvardin.
DAYS_AGO = st.integers(min_value=0, max_value=20)


def draft(today: dt.date, amount: int, days_ago: int, *, text: str | None = None) -> DonationDraft:
    return DonationDraft(
        kind="cash",
        amount=text if text is not None else str(amount),
        date=format_jalali(today - dt.timedelta(days=days_ago)),
        intent="ایتام",
    )


def following(first: str, last: str) -> list[str]:
    """Every receipt number from `first` to `last` (ZN-1404-000007 .. ZN-1404-000009)."""
    prefix, start = first.rsplit("-", 1)
    end = int(last.rsplit("-", 1)[1])
    return [f"{prefix}-{sequence:06d}" for sequence in range(int(start), end + 1)]


class OfficeBook(RuleBasedStateMachine):
    """An office's book, driven by random steps; `today` is the day it takes as today."""

    today = dt.date.today()

    def __init__(self) -> None:
        super().__init__()
        self.last_weeks = Period.between(self.today - dt.timedelta(days=20), self.today)
        self.folder = Path(tempfile.mkdtemp(prefix="charity-model-"))
        self.path = self.folder / "office.sqlite3"
        self.database = open_database(str(self.path))
        set_up_office(
            self.database, name="اداره بهزیستی زنجان", code="ZN", province="زنجان", county="زنجان"
        )
        self.centre = open_database(str(self.folder / "centre.sqlite3"))
        set_up_office(
            self.centre, name="ستاد استان زنجان", code="CENTRE", province="زنجان", county="زنجان"
        )
        register_office(self.centre, office_identity(self.database), actor=SUPERVISOR)
        self.live: dict[str, int] = {}  # receipt number -> rials
        self.voided: dict[str, int] = {}
        self.backups: list[tuple[Path, dict[str, int], dict[str, int], list[int]]] = []
        # The audit trail as tokens, one per audited change (the office's set-up is 0); the
        # centre remembers the last one it saw and refuses a trail that no longer holds it.
        self.chain = [0]
        self.tokens = itertools.count(1)
        self.seen_by_centre: int | None = None
        self.centre_book: tuple[int, int] = (0, 0)  # (live rials, voided count) at the centre
        # A county whose key the centre knows and whose honest package it has merged.
        self.county = open_database(str(self.folder / "abhar.sqlite3"))
        set_up_office(
            self.county, name="اداره بهزیستی ابهر", code="ZNA", province="زنجان", county="ابهر"
        )
        record_donation(self.county, draft(self.today, 1000, 0), actor=CLERK, today=self.today)
        register_office(self.centre, office_identity(self.county), actor=SUPERVISOR)
        merge(self.centre, package(self.county, self.folder / "abhar.zip"))

    def teardown(self) -> None:
        self.database.close()
        self.centre.close()
        self.county.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    # Steps

    @rule(amount=AMOUNTS, days_ago=DAYS_AGO)
    def record(self, amount: int, days_ago: int) -> None:
        saved = record_donation(
            self.database, draft(self.today, amount, days_ago), actor=CLERK, today=self.today
        )
        assert saved.receipt_number not in self.live and saved.receipt_number not in self.voided
        self.live[saved.receipt_number] = amount
        self.audited()

    def audited(self) -> None:
        self.chain.append(next(self.tokens))

    @rule(
        rows=st.lists(st.tuples(AMOUNTS, DAYS_AGO), min_size=1, max_size=6),
        bad_row=st.none() | st.sampled_from(["", "12a", "-5", "۱۰۰۰۰۰۰۰۰۰۰۰۰۰۰۰۰", "0"]),
    )
    def import_file(self, rows: list[tuple[int, int]], bad_row: str | None) -> None:
        drafts = [(number + 2, draft(self.today, a, d)) for number, (a, d) in enumerate(rows)]
        if bad_row is not None:
            drafts.append((len(drafts) + 2, draft(self.today, 0, 0, text=bad_row)))
            with pytest.raises(ValidationFailed) as refused:
                import_donations(self.database, drafts, actor=CLERK, today=self.today)
            assert [problem.row for problem in refused.value.problems] == [len(drafts) + 1]
            return
        report = import_donations(self.database, drafts, actor=CLERK, today=self.today)
        assert report.receipts is not None
        numbers = following(*report.receipts)
        # Numbers follow the order of the rows, each donation's own year's series.
        stored = {
            row.receipt_number: row.amount_rials
            for row in list_donations(self.database, DonationFilter())
            if row.receipt_number in set(numbers) or row.receipt_number not in self.live
        }
        assert sorted(stored.values()) == sorted(amount for amount, _ in rows)
        for number, amount in stored.items():
            assert number not in self.live and number not in self.voided
            self.live[number] = amount
        self.audited()

    @precondition(lambda self: self.live)
    @rule(data=st.data())
    def void(self, data: st.DataObject) -> None:
        number = data.draw(st.sampled_from(sorted(self.live)))
        copy = void_receipt(self.database, number, reason="ثبت نادرست", actor=SUPERVISOR)
        assert copy.voided_at is not None and copy.amount_rials == self.live[number]
        self.voided[number] = self.live.pop(number)
        self.audited()

    @precondition(lambda self: self.voided)
    @rule(data=st.data())
    def void_again(self, data: st.DataObject) -> None:
        number = data.draw(st.sampled_from(sorted(self.voided)))
        with pytest.raises(DomainError):
            void_receipt(self.database, number, reason="دوباره", actor=SUPERVISOR)

    @precondition(lambda self: self.live or self.voided)
    @rule(data=st.data())
    def reprint(self, data: st.DataObject) -> None:
        number = data.draw(st.sampled_from(sorted({**self.live, **self.voided})))
        copy = print_receipt(self.database, number, actor=CLERK)
        assert copy.number == number
        assert copy.amount_rials == {**self.live, **self.voided}[number]
        assert (copy.voided_at is not None) == (number in self.voided)
        self.audited()

    @rule()
    def export_and_merge(self) -> None:
        sent = package(self.database, self.folder / "package.zip")
        self.audited()  # the export itself is on the trail, and the package carries it
        if self.seen_by_centre is not None and self.seen_by_centre not in self.chain:
            event("merge refused: a restore rewrote the trail the centre saw")
            with pytest.raises(DomainError):
                merge(self.centre, sent)
        else:
            merge(self.centre, sent)
            self.seen_by_centre = self.chain[-1]
            self.centre_book = (sum(self.live.values()), len(self.voided))
        at_centre = summarize(self.centre, self.last_weeks, office_code="ZN")
        assert at_centre.grand_total.rials == self.centre_book[0]

    @rule()
    def back_up(self) -> None:
        # Into the backups folder, as the window does (which anchors the chain there too);
        # copied out, as two backups in one second would share a name.
        target = self.folder / f"backup-{len(self.backups)}.sqlite3"
        shutil.copy(make_backup(self.database), target)
        self.backups.append((target, dict(self.live), dict(self.voided), list(self.chain)))

    @precondition(lambda self: self.backups)
    @rule(data=st.data())
    def restore_backup(self, data: st.DataObject) -> None:
        backup, live, voided, chain = data.draw(st.sampled_from(self.backups))
        restore(self.database, backup, actor=ADMIN)
        self.live, self.voided = dict(live), dict(voided)
        self.chain = [*chain, next(self.tokens)]

    @rule(kind=st.sampled_from(["stamp only", "not a database", "another office", "tampered"]))
    def restore_an_odd_file(self, kind: str) -> None:
        odd = self.folder / f"odd-{kind.replace(' ', '-')}.sqlite3"
        odd.unlink(missing_ok=True)
        if kind == "stamp only":
            with contextlib.closing(sqlite3.connect(odd)) as raw:
                raw.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
                raw.execute("INSERT INTO alembic_version VALUES (?)", (HEAD_REVISION,))
                raw.commit()
        elif kind == "not a database":
            odd.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
        elif kind == "another office":
            make_backup(self.centre, odd)
        else:
            make_backup(self.database, odd)
            with contextlib.closing(sqlite3.connect(odd)) as raw:
                raw.execute("UPDATE donations SET amount_rials = amount_rials + 1")
                raw.execute("UPDATE offices SET name = 'دیگر' WHERE is_home")
                raw.commit()
        with pytest.raises(DomainError):
            restore(self.database, odd, actor=SUPERVISOR)
        event(f"odd restore refused: {kind}")

    def centre_figures(self) -> tuple:
        summary = summarize(self.centre, self.last_weeks)
        return summary.grand_total, summary.voided, summary.by_intent, summary.donors

    def refused_at_centre(self, sent: Path, attack: str) -> None:
        before = self.centre_figures()
        with pytest.raises(DomainError):
            merge(self.centre, sent)
        event(f"dishonest county refused: {attack}")
        assert self.centre_figures() == before

    @precondition(lambda self: self.centre_book[0] > 0)
    @rule()
    def dishonest_county_claims_a_donation(self) -> None:
        """Signed with the county's own key, a row carrying this office's donation UUID."""
        with self.centre.reader() as uow:  # this office's donations, as the centre has them
            victim = uow.session.scalars(
                select(Donation.uuid)
                .join(Office, Donation.office_id == Office.id)
                .where(Office.code == "ZN")
                .limit(1)
            ).one()
        data = export_data(self.county, actor=SUPERVISOR)
        own = data.parts["donations"][0]
        data.parts["donations"].append({**own, "uuid": victim, "amount_rials": 1})
        write_package(data, self.folder / "dishonest.zip")
        self.refused_at_centre(self.folder / "dishonest.zip", "foreign donation")

    @rule()
    def dishonest_county_recomputes_its_chain(self) -> None:
        copy = self.folder / "abhar-forged.sqlite3"
        copy.unlink(missing_ok=True)
        make_backup(self.county, copy)
        forged = open_database(str(copy))
        rewrite_history(forged)
        sent = package(forged, self.folder / "forged.zip")
        forged.close()
        self.refused_at_centre(sent, "recomputed chain")

    # Invariants

    @invariant()
    def the_book_matches_the_model(self) -> None:
        rows = list_donations(self.database, DonationFilter(include_voided=True))
        numbers = [row.receipt_number for row in rows]
        assert len(numbers) == len(set(numbers)), "a receipt number was used twice"
        assert {r.receipt_number: r.amount_rials for r in rows if r.voided_at is None} == self.live
        assert {r.receipt_number: r.amount_rials for r in rows if r.voided_at} == self.voided

    @invariant()
    def totals_are_the_sum_of_live_donations(self) -> None:
        expected = sum(self.live.values())
        assert sum(t.rials for t in totals(self.database, DonationFilter())) == expected
        summary = summarize(self.database, self.last_weeks)
        assert summary.grand_total.rials == expected
        assert summary.grand_total.count == len(self.live)

    @invariant()
    def series_are_gapless_and_the_audit_chain_holds(self) -> None:
        report = verify(self.database)
        assert report.sound, report.problems


class OfficeBookInFarvardin(OfficeBook):
    """The same book on 1 Farvardin: its last three weeks lie in two Solar Hijri years, so
    two receipt series are issued side by side."""

    today = FIXED_DAYS["1-farvardin-1405"]


for machine in (OfficeBook, OfficeBookInFarvardin):
    machine.TestCase.settings = settings(
        max_examples=int(os.environ.get("MODEL_EXAMPLES", "30")),
        stateful_step_count=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
test_office_book_model = OfficeBook.TestCase
test_office_book_model_across_the_new_year = OfficeBookInFarvardin.TestCase
