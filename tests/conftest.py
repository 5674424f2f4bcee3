"""Shared fixtures: an offscreen Qt platform, and fresh office databases in temporary folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from charity_desktop.services.database import Database, open_database
from charity_desktop.services.office import set_up_office
from charity_desktop.translation import Translator


@pytest.fixture
def empty_database(tmp_path: Path) -> Database:
    """A new SQLite file at the current schema with no office."""
    database = open_database(str(tmp_path / "office.sqlite3"))
    yield database
    database.close()


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
