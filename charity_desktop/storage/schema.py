"""Opening a database: create it, upgrade an older one, refuse a newer or foreign one."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect

from charity_desktop.domain.errors import StorageError
from charity_desktop.paths import private_file, private_folder

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
# The newest revision under migrations/ (a test holds them equal). A database already at it
# opens without loading Alembic, which would add a tenth of a second to every start.
HEAD_REVISION = "0011"
# The first revision whose databases seal every change of a trusted record: upgrading an
# older one seals all its records once (the chain cannot vouch for them before that).
FIRST_SEALED_REVISION = "0009"


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def known_revisions() -> set[str]:
    """Every schema revision this program can open."""
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_config()).walk_revisions()}


def head_revision() -> str:
    """The schema revision the migrations lead to (Alembic's own view of `HEAD_REVISION`)."""
    from alembic.script import ScriptDirectory

    return str(ScriptDirectory.from_config(_config()).get_current_head())


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the database, or None for a database Alembic never touched."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _sqlite_stamp(path: Path) -> tuple[bool, str | None]:
    """(has tables, stamped revision) of a SQLite file, read without changing a byte of it."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as db:
            tables = {
                row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
            if "alembic_version" not in tables:
                return bool(tables), None
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
            return True, row[0] if row else None
    except sqlite3.DatabaseError:
        raise StorageError(
            "This file is not a Charity Desktop database; it was not changed."
        ) from None


def _stamp(engine: Engine) -> tuple[bool, str | None]:
    file = engine.url.database if engine.dialect.name == "sqlite" else None
    if file and file != ":memory:":
        path = Path(file)
        return _sqlite_stamp(path) if path.exists() and path.stat().st_size else (False, None)
    return bool(inspect(engine).get_table_names()), current_revision(engine)


def ensure_schema(
    engine: Engine,
    *,
    backup_path: Path | None = None,
    on_sealed: Callable[[int, str], None] | None = None,
) -> str:
    """Bring the database to the current schema and return its revision.

    An empty database is created; an older one is upgraded (after copying it to
    `backup_path`, when given; one from before seals has every record sealed, and `on_sealed`
    is told the chain's new head); a database stamped with a revision this program does not
    know (a newer version's), or one with tables but no stamp, raises `StorageError`. A
    refused SQLite file is not opened for writing, so not a byte of it changes.
    """
    head = HEAD_REVISION
    has_tables, current = _stamp(engine)
    if current == head:
        return head
    if current is None:
        if has_tables:
            raise StorageError("This file is not a Charity Desktop database; it was not changed.")
    else:
        if current not in known_revisions():
            raise StorageError(
                "This database was written by a newer version of Charity Desktop "
                "(schema {revision}). Install the newer version; the file was not changed.",
                revision=current,
            )
        if backup_path is not None and engine.url.database:
            copy_sqlite_file(Path(engine.url.database), backup_path)
    from alembic import command

    sealed: tuple[int, str] | None = None
    with engine.begin() as connection:
        config = _config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        if current is not None and current < FIRST_SEALED_REVISION:
            from charity_desktop.storage.audit import seal_everything

            sealed = seal_everything(connection, {"upgraded_from": current, "to": head})
    if sealed is not None and on_sealed is not None:  # told once the seal is committed
        on_sealed(*sealed)
    return head


def copy_sqlite_file(source: Path, target: Path) -> None:
    """Consistent copy of a live SQLite file, made with SQLite's online backup API (the copy
    and the folders made for it are its owner's only)."""
    private_folder(target.parent)
    private_file(target)
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)
