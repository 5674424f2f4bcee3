import sqlite3

import pytest
from sqlalchemy import text

from charity_desktop.domain.errors import StorageError
from charity_desktop.services.database import open_database
from charity_desktop.translation import Translator
from tests.raw import raw_sqlite


def pragma(database, name):
    with database.store.engine.connect() as connection:
        return connection.execute(text(f"PRAGMA {name}")).scalar()


@pytest.mark.sqlite_only
def test_every_connection_keeps_data(empty_database):
    assert pragma(empty_database, "journal_mode") == "wal"
    assert pragma(empty_database, "synchronous") == 2  # FULL
    assert pragma(empty_database, "foreign_keys") == 1
    assert pragma(empty_database, "trusted_schema") == 0
    assert pragma(empty_database, "busy_timeout") >= 1000


def other_writer(database):
    return raw_sqlite(database, timeout=0.1, isolation_level=None)


@pytest.mark.sqlite_only
def test_a_unit_of_work_takes_the_write_lock_at_its_first_statement(database):
    with database.unit_of_work() as uow:
        uow.offices.home()
        other = other_writer(database)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()


@pytest.mark.sqlite_only
def test_a_reader_does_not_block_writers(database):
    with database.reader() as uow:
        uow.offices.home()
        other = other_writer(database)
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        other.close()


def test_foreign_keys_are_enforced(database):
    from sqlalchemy.exc import IntegrityError

    with database.unit_of_work() as uow, pytest.raises(IntegrityError):
        uow.session.execute(
            text(
                "INSERT INTO counties (uuid, office_id, name, name_key) VALUES ('x', 999, 'a', 'a')"
            )
        )


def test_a_server_that_cannot_be_reached_is_named_in_persian_and_nothing_crashes():
    with pytest.raises(StorageError) as refused:
        open_database("postgresql+psycopg://nobody@127.0.0.1:1/charity")
    assert refused.value.message == "The database cannot be opened ({reason})."
    assert "127.0.0.1" in refused.value.params["reason"]
    assert Translator("fa").error(refused.value).startswith("پایگاه داده باز نشد")
