import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from charity_desktop.domain.errors import StorageError
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services.backups import verify
from charity_desktop.services.catalogue import add_entry
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import list_donations, record_donation
from charity_desktop.services.dto import DonationDraft
from charity_desktop.storage.models import Base
from charity_desktop.storage.schema import HEAD_REVISION, current_revision, head_revision
from tests.actors import ADMIN, clerk

FIXTURES = Path(__file__).with_name("fixtures")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("schema_*.sqlite3")), ids=lambda p: p.stem)
def test_database_of_every_past_schema_opens_and_keeps_its_data(tmp_path, fixture):
    path = tmp_path / "old.sqlite3"
    shutil.copy(fixture, path)
    old_revision = fixture.stem.removeprefix("schema_")
    database = open_database(str(path))
    assert current_revision(database.store.engine) == head_revision()
    with sqlite3.connect(tmp_path / "old.sqlite3.before-upgrade") as kept:  # the file as it was
        assert kept.execute("SELECT version_num FROM alembic_version").fetchone() == (old_revision,)
        assert kept.execute("SELECT count(*) FROM donations").fetchone() == (2,)
    kept.close()
    rows = list_donations(database, DonationFilter())
    assert [r.receipt_number for r in rows] == ["ZN-1404-000002", "ZN-1404-000001"]
    assert {r.amount_rials for r in rows} == {12_600_000, 50_000_000}
    saved = record_donation(
        database,
        DonationDraft(kind="cash", amount="1000", date="1404/09/30", intent="زکات"),
        actor=clerk("t"),
    )
    assert saved.receipt_number == "ZN-1404-000003"
    database.close()


def test_database_from_a_newer_version_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "newer.sqlite3"
    shutil.copy(FIXTURES / "schema_0001.sqlite3", path)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_future'")
    connection.close()
    before = digest(path)
    with pytest.raises(StorageError) as caught:
        open_database(str(path))
    assert "newer version" in caught.value.message
    assert caught.value.params == {"revision": "9999_future"}
    assert digest(path) == before


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    connection.close()
    with pytest.raises(StorageError) as caught:
        open_database(str(path))
    assert (
        caught.value.message == "This file is not a Charity Desktop database; it was not changed."
    )


def test_models_and_migrations_describe_the_same_schema(empty_database):
    with empty_database.store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_a_damaged_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    before = digest(path)
    with pytest.raises(StorageError):
        open_database(str(path))
    assert digest(path) == before


def test_the_head_revision_named_in_code_is_the_newest_migration():
    assert head_revision() == HEAD_REVISION


@pytest.mark.postgresql_only
def test_a_server_database_of_an_older_schema_is_upgraded(engine, postgres_server):
    """Alembic's migrations upgrade a server database too (here from schema 0007)."""
    from alembic import command
    from sqlalchemy import create_engine

    from charity_desktop.storage.schema import _config
    from tests import postgres

    if isinstance(postgres_server, postgres.NoServer):
        pytest.skip(f"no PostgreSQL server could be started: {postgres_server}")
    url = postgres.new_database(postgres_server)
    old = create_engine(url)
    with old.begin() as connection:
        config = _config()
        config.attributes["connection"] = connection
        command.upgrade(config, "0007")
        connection.execute(
            text(
                "INSERT INTO offices (uuid, code, name, province, county, is_home, created_at)"
                " VALUES ('00000000-0000-4000-8000-000000000001', 'ZN', 'اداره', 'زنجان',"
                " 'زنجان', true, now())"
            )
        )
    old.dispose()
    database = open_database(url)
    assert current_revision(database.store.engine) == head_revision()
    add_entry(database, "intents", "زکات", actor=ADMIN)  # the raw office had no catalogue
    saved = record_donation(
        database,
        DonationDraft(kind="cash", amount="1000", date="1404/09/30", intent="زکات"),
        actor=clerk("t"),
    )
    assert saved.receipt_number == "ZN-1404-000001" and verify(database).sound
    database.close()
    postgres.drop_database(postgres_server, url)
