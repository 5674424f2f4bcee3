import ast
import contextlib
import hashlib
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from charity_desktop.domain.errors import StorageError, ValidationFailed
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.users import Actor, Role
from charity_desktop.services.backups import verify
from charity_desktop.services.catalogue import add_entry
from charity_desktop.services.database import Database, open_database
from charity_desktop.services.donations import list_donations, record_donation
from charity_desktop.services.donors import search_donors
from charity_desktop.services.dto import DonationDraft
from charity_desktop.services.exchange import office_identity
from charity_desktop.services.receipts import preview_receipt, verify_code
from charity_desktop.services.users import SignInFailed, sign_in
from charity_desktop.storage.models import Base
from charity_desktop.storage.schema import (
    FIRST_SEALED_REVISION,
    HEAD_REVISION,
    MIGRATIONS,
    current_revision,
    head_revision,
    known_revisions,
)
from tests.actors import ADMIN, clerk

FIXTURES = Path(__file__).with_name("fixtures")
PAST_SCHEMAS = sorted(FIXTURES.glob("schema_*.sqlite3"))
MIGRATION_FILES = MIGRATIONS / "versions"
# What the fixtures hold (fixtures/README.md): every one the office ZN and these receipts...
RECEIPTS = {"ZN-1404-000001": 12_600_000, "ZN-1404-000002": 50_000_000}
# ...and, written from the revision named on, what that revision added.
EXCHANGE_KEY, AUDIT_TRAIL, ACCOUNTS, RE_ENTRY = "0004", "0005", "0006", "0007"
TRACKING = "0011"
ADMIN_ACCOUNT = ("مدیر", "fixture-admin-password")
CLERK_ACCOUNT = ("fixture", "fixture-clerk-password")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def revision_of(fixture: Path) -> str:
    return fixture.stem.removeprefix("schema_")


def held_receipts(revision: str) -> dict[str, int]:
    """The receipts (and their rials) a fixture of `revision` holds."""
    held = dict(RECEIPTS)
    if revision >= RE_ENTRY:
        held["ZN-1404-000003"] = 25_000_000
    if revision >= TRACKING:
        held["ZN-1404-000004"] = 3_000_000
    return held


def schemas_from(revision: str) -> list[Path]:
    return [fixture for fixture in PAST_SCHEMAS if revision_of(fixture) >= revision]


def upgraded(tmp_path: Path, fixture: Path) -> Database:
    """A copy of `fixture` in `tmp_path`, opened (so upgraded) by the current program."""
    path = tmp_path / "old.sqlite3"
    shutil.copy(fixture, path)
    return open_database(str(path))


def read_file(path: Path, query: str) -> list[tuple[Any, ...]]:
    """Rows of `query` over the SQLite file at `path` (in tmp_path: even a read-only reader
    leaves -wal and -shm files beside a WAL database)."""
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
        return db.execute(query).fetchall()


def read_fixture(tmp_path: Path, fixture: Path, query: str) -> list[tuple[Any, ...]]:
    """Rows of `query` over a copy of `fixture` as it was written."""
    copy = tmp_path / f"as-written-{fixture.name}"
    shutil.copy(fixture, copy)
    return read_file(copy, query)


def migration_revision(path: Path) -> str:
    """The `revision = "..."` a migration file declares."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
            "revision"
        ]:
            return str(ast.literal_eval(node.value))
    raise AssertionError(f"{path.name} declares no revision")


def test_every_migration_has_a_database_written_by_its_version() -> None:
    """A new migration fails the suite until fixtures/ holds schema_<revision>.sqlite3 (written
    by tools/write_schema_fixture.py with that version), listed in the README and SHA256SUMS."""
    migrations = {migration_revision(path): path.name for path in MIGRATION_FILES.glob("*.py")}
    assert set(migrations) == known_revisions()  # every file read, none missed
    fixtures = {revision_of(fixture) for fixture in PAST_SCHEMAS}
    missing = {name for revision, name in migrations.items() if revision not in fixtures}
    assert not missing, f"no fixtures/schema_<revision>.sqlite3 for {sorted(missing)}"
    assert fixtures <= set(migrations), "a fixture of a revision no migration declares"
    listed = re.findall(r"^- `(schema_\w+\.sqlite3)`:", (FIXTURES / "README.md").read_text(), re.M)
    assert sorted(listed) == [fixture.name for fixture in PAST_SCHEMAS]


def test_the_fixtures_are_the_bytes_once_written() -> None:
    """No fixture was rewritten or changed by a test (they are copied before being opened), and
    nothing (a -wal or -shm file of a reader) was left beside them."""
    pinned: dict[str, str] = {}
    for line in (FIXTURES / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        sha256, name = line.split("  ")
        pinned[name] = sha256
    assert {fixture.name: digest(fixture) for fixture in PAST_SCHEMAS} == pinned
    assert sorted(path.name for path in FIXTURES.iterdir()) == sorted(
        ["README.md", "SHA256SUMS", *pinned]
    )


@pytest.mark.parametrize("fixture", PAST_SCHEMAS, ids=lambda p: p.stem)
def test_database_of_every_past_schema_opens_and_keeps_its_data(
    tmp_path: Path, fixture: Path
) -> None:
    """Upgraded to the newest schema: the models' schema, its receipts, a sound file, donor
    search (0008) over its donors, genuine receipt codes, and the next gapless number."""
    old_revision = revision_of(fixture)
    receipts = held_receipts(old_revision)
    database = upgraded(tmp_path, fixture)
    assert current_revision(database.store.engine) == head_revision()
    kept = tmp_path / "old.sqlite3.before-upgrade"
    if old_revision == head_revision():
        assert not kept.exists()  # nothing to upgrade, nothing copied aside
    else:  # the file as it was
        assert read_file(kept, "SELECT version_num FROM alembic_version") == [(old_revision,)]
        assert read_file(kept, "SELECT count(*) FROM donations") == [(len(receipts),)]
    with database.store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    rows = list_donations(database, DonationFilter(include_voided=True))
    assert {r.receipt_number: r.amount_rials for r in rows} == receipts
    assert verify(database).sound
    for typed in ("رضا", "علی", "5948"):
        assert [d.name for d in search_donors(database, typed)] == ["علی رضایی"], typed
    code = preview_receipt(database, "ZN-1404-000001", actor=clerk("fixture")).qr_text
    assert verify_code(database, code).genuine
    saved = record_donation(
        database,
        DonationDraft(kind="cash", amount="1000", date="1404/09/30", intent="زکات"),
        actor=clerk("fixture"),  # from 0006 on the files have accounts: the clerk's own
    )
    assert saved.receipt_number == f"ZN-1404-{len(receipts) + 1:06d}"
    assert verify(database).sound
    database.close()


@pytest.mark.parametrize("fixture", schemas_from(EXCHANGE_KEY), ids=lambda p: p.stem)
def test_the_exchange_key_survives_the_upgrade(tmp_path: Path, fixture: Path) -> None:
    """The office still signs its packages with the key the centre registered from its card."""
    [(key,)] = read_fixture(tmp_path, fixture, "SELECT exchange_key FROM offices WHERE is_home")
    assert key
    database = upgraded(tmp_path, fixture)
    assert office_identity(database).key == key
    database.close()


@pytest.mark.parametrize("fixture", schemas_from(AUDIT_TRAIL), ids=lambda p: p.stem)
def test_the_audit_chain_still_verifies_after_the_upgrade(tmp_path: Path, fixture: Path) -> None:
    """Every entry of the old chain is kept as it was and still verifies; the upgrade seals
    every record once, in one entry after the old head; a change made after chains onto it."""
    [(entries, head)] = read_fixture(
        tmp_path,
        fixture,
        "SELECT count(*), (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) FROM audit_log",
    )
    assert entries >= 3
    database = upgraded(tmp_path, fixture)
    report = verify(database)
    assert report.sound, report.problems
    with database.reader() as uow:
        chain = [(entry.hash, entry.prev_hash, entry.action) for entry in uow.audit.entries()]
    assert chain[entries - 1][0] == head
    if fixture.stem.removeprefix("schema_") < FIRST_SEALED_REVISION:
        assert chain[entries][1:] == (head, "records_sealed")
    else:  # its records were sealed as they were written
        assert report.audit_entries == entries
    after = report.audit_entries
    record_donation(
        database,
        DonationDraft(kind="cash", amount="1000", date="1404/09/30", intent="زکات"),
        actor=clerk("fixture"),  # the fixtures' own clerk (accounts from 0006 on)
    )
    report = verify(database)
    assert report.sound and report.audit_entries == after + 1 and report.audit_head != head
    database.close()


@pytest.mark.parametrize("fixture", schemas_from(ACCOUNTS), ids=lambda p: p.stem)
def test_the_accounts_can_still_sign_in_after_the_upgrade(tmp_path: Path, fixture: Path) -> None:
    """Both accounts sign in with their passwords and keep their roles; a wrong one is refused."""
    database = upgraded(tmp_path, fixture)
    assert sign_in(database, *ADMIN_ACCOUNT) == Actor("مدیر", Role.ADMIN)
    signed_in = sign_in(database, *CLERK_ACCOUNT)
    assert signed_in == Actor("fixture", Role.CLERK)
    with pytest.raises(SignInFailed):
        sign_in(database, "fixture", "not-the-password")
    saved = record_donation(
        database,
        DonationDraft(kind="cash", amount="1000", date="1404/09/30", intent="زکات"),
        actor=signed_in,
    )
    assert saved.receipt_number is not None and verify(database).sound
    database.close()


@pytest.mark.parametrize("fixture", schemas_from(RE_ENTRY), ids=lambda p: p.stem)
def test_a_re_entry_still_names_the_receipt_it_replaces_after_the_upgrade(
    tmp_path: Path, fixture: Path
) -> None:
    """ZN-1404-000002 stays void with its reason; ZN-1404-000003 still names it and is genuine."""
    database = upgraded(tmp_path, fixture)
    rows = {
        r.receipt_number: r for r in list_donations(database, DonationFilter(include_voided=True))
    }
    assert rows["ZN-1404-000002"].voided_at is not None
    assert rows["ZN-1404-000002"].void_reason == "تعداد اشتباه ثبت شد"
    assert rows["ZN-1404-000003"].voided_at is None
    counted = {r.receipt_number for r in list_donations(database, DonationFilter())}
    assert counted == set(held_receipts(revision_of(fixture))) - {"ZN-1404-000002"}
    replacement = preview_receipt(database, "ZN-1404-000003", actor=clerk("fixture"))
    assert replacement.replaces == "ZN-1404-000002"
    assert verify_code(database, replacement.qr_text).genuine
    assert verify_code(
        database, preview_receipt(database, "ZN-1404-000002", actor=clerk("fixture")).qr_text
    ).voided
    database.close()


@pytest.mark.parametrize("fixture", schemas_from(TRACKING), ids=lambda p: p.stem)
def test_a_tracking_number_stays_with_its_gift_and_still_refuses_a_repeat(
    tmp_path: Path, fixture: Path
) -> None:
    database = upgraded(tmp_path, fixture)
    [card] = list_donations(database, DonationFilter(text="628104559012"))
    assert (card.receipt_number, card.channel.value, card.tracking_number) == (
        "ZN-1404-000004",
        "pos",
        "628104559012",
    )
    draft = DonationDraft(
        kind="cash",
        amount="1000",
        date="1404/10/01",
        intent="زکات",
        channel="pos",
        tracking_number="628104559012",
    )
    with pytest.raises(ValidationFailed):
        record_donation(database, draft, actor=clerk("fixture"))
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
