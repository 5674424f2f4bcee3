"""The committed fixture databases are checked again when the session ends: no test may change
them or leave a file (a SQLite -wal or -shm) beside them; tests copy them to tmp_path first."""

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).with_name("fixtures")


def fixture_files() -> dict[str, str]:
    """Every file under fixtures/ with its SHA-256."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(FIXTURES.iterdir())
    }


BEFORE_ANY_TEST = fixture_files()  # read while the tests are collected


@pytest.fixture(scope="session", autouse=True)
def fixtures_left_as_they_were() -> Iterator[None]:
    yield
    assert fixture_files() == BEFORE_ANY_TEST, (
        "a test changed tests/storage/fixtures; copy a fixture to tmp_path before opening it"
    )
