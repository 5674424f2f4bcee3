"""Shared fixtures: an offscreen Qt platform, a home folder of the suite's own, fresh office
databases in temporary folders, and the days the date-dependent tests run on."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
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
from tests.days import FIXED_DAYS
from tests.tidy import repository_files

_FILES_AT_START: set[str] = set()
SANDBOX = Path(tempfile.mkdtemp(prefix="charity-tests-home-"))


def pytest_configure(config: pytest.Config) -> None:
    """The suite (and every program it starts) keeps its caches, data and logs in a home of
    its own, removed at the end: nothing lands in the real ~/.cache or ~/.local."""
    for variable, folder in (
        ("HOME", "home"),
        ("XDG_CACHE_HOME", "home/.cache"),
        ("XDG_CONFIG_HOME", "home/.config"),
        ("XDG_DATA_HOME", "home/.local/share"),
        ("XDG_STATE_HOME", "home/.local/state"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ):
        (SANDBOX / folder).mkdir(parents=True, exist_ok=True, mode=0o700)
        os.environ[variable] = str(SANDBOX / folder)


def pytest_sessionstart(session: pytest.Session) -> None:
    _FILES_AT_START.update(repository_files())


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when it left a new file in the repository, and remove the suite's home."""
    shutil.rmtree(SANDBOX, ignore_errors=True)
    left = sorted(repository_files() - _FILES_AT_START)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(
                "The tests left files in the repository (write into tmp_path instead): "
                + ", ".join(left),
                red=True,
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


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


@pytest.fixture(params=["clock", *FIXED_DAYS])
def today(request) -> dt.date:
    """The day a date-dependent test takes as today: this computer's, then each fixed day."""
    return dt.date.today() if request.param == "clock" else FIXED_DAYS[request.param]


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
