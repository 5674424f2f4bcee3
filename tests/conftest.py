"""Shared fixtures: an offscreen Qt platform, and fresh office databases in temporary folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from charity_desktop.services.database import Database, open_database
from charity_desktop.services.donations import import_donations
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.services.office import set_up_office
from charity_desktop.services.receipts import void_receipt
from charity_desktop.translation import Translator
from tests import postgres
from tests.actors import clerk, supervisor

# Tests below these folders run on SQLite and on PostgreSQL, unless marked `sqlite_only`.
BOTH_ENGINES = ("storage", "services", "reports", "exchange")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    folder = Path(str(metafunc.definition.fspath)).parent.name
    if "engine" not in metafunc.fixturenames:
        return
    if metafunc.definition.get_closest_marker("postgresql_only") is not None:
        metafunc.parametrize("engine", ["postgresql"], indirect=True)
    elif folder in BOTH_ENGINES and metafunc.definition.get_closest_marker("sqlite_only") is None:
        metafunc.parametrize("engine", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(scope="session")
def postgres_server():
    """The base URL of a throwaway PostgreSQL server, or why none could be started."""
    try:
        with postgres.server() as base:
            yield base
    except postgres.NoServer as reason:
        yield reason


@pytest.fixture
def engine(request) -> str:
    """Which engine the test's database runs on ("sqlite" unless parametrized)."""
    return getattr(request, "param", "sqlite")


@pytest.fixture
def empty_database(tmp_path: Path, engine: str, request) -> Database:
    """A new database at the current schema with no office: a SQLite file, or a fresh
    database on the test PostgreSQL server."""
    if engine == "sqlite":
        database = open_database(str(tmp_path / "office.sqlite3"))
        yield database
        database.close()
        return
    base = request.getfixturevalue("postgres_server")
    if isinstance(base, postgres.NoServer):
        pytest.skip(f"no PostgreSQL server could be started: {base}")
    url = postgres.new_database(base)
    database = open_database(url)
    yield database
    database.close()
    postgres.drop_database(base, url)


@pytest.fixture
def database(empty_database: Database) -> Database:
    """A database whose office (code ZN, Zanjan) is set up with the usual intents."""
    set_up_office(
        empty_database, name="اداره بهزیستی زنجان", code="ZN", province="زنجان", county="زنجان"
    )
    return empty_database


@pytest.fixture
def fa() -> Translator:
    return Translator("fa")


def history_draft(date, amount, kind="cash", **changes):
    values = {
        "kind": kind,
        "amount": str(amount),
        "date": date,
        "intent": "ایتام",
        "county": "زنجان",
    }
    if kind == "in_kind":
        values.update(description="برنج", quantity="10")
    if kind == "service":
        values.update(description="ویزیت", hours="2")
    values.update(changes)
    return DonationDraft(**values)


@pytest.fixture
def office_with_history(database):
    """Known donations in 1403 and 1404 around the nine months, one of them voided."""
    rows = [
        # this year, inside the nine months
        history_draft(
            "1404/01/01",
            1_000,
            channel="pos",
            campaign="جشن نیکوکاری 1404",
            donor=DonorDraft(name="علی", national_id="0084575948"),
        ),
        history_draft("1404/05/10", 2_000, kind="in_kind", county="ابهر", intent="جهیزیه"),
        history_draft(
            "1404/09/30",
            4_000,
            kind="service",
            donor=DonorDraft(name="زهرا", national_id="0013542419"),
        ),
        history_draft("1404/06/01", 50_000, collector="موسسه خیریه امید"),
        history_draft("1404/07/07", 700, channel="collection_box"),  # to be voided
        # just outside
        history_draft("1404/10/01", 90_000),
        # last year, same nine months
        history_draft(
            "1403/01/15",
            500,
            campaign="جشن نیکوکاری 1403",
            donor=DonorDraft(name="علی", national_id="0084575948"),
        ),
        history_draft("1403/09/30", 1_500, county="ابهر", intent="جهیزیه", channel="pos"),
        history_draft("1403/10/01", 80_000),
    ]
    import_donations(
        database, list(enumerate(rows, start=2)), actor=clerk("t"), create_missing=True
    )
    void_receipt(database, "ZN-1404-000004", reason="ثبت تکراری", actor=supervisor("s"))
    return database
