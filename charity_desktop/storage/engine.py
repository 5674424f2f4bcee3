"""Engines that keep data: SQLite with WAL, full sync, foreign keys and immediate write locks."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

# Seconds a writer waits for another desk's transaction before giving up.
BUSY_TIMEOUT_SECONDS = 30
READ_ONLY = "charity_read_only"


def sqlite_url(path: Path) -> str:
    """SQLAlchemy URL of the SQLite file at `path`."""
    return f"sqlite+pysqlite:///{path}"


def is_sqlite(url: str) -> bool:
    """Whether `url` names a SQLite database."""
    return make_url(url).get_backend_name() == "sqlite"


def create_database_engine(url: str) -> Engine:
    """An engine for `url`; for SQLite every connection gets the settings that keep data.

    Writes begin with ``BEGIN IMMEDIATE`` (one writer at a time, waiting up to
    `BUSY_TIMEOUT_SECONDS`); connections made with the `READ_ONLY` execution option begin
    a deferred transaction instead, so readers never block each other.
    """
    # hide_parameters: an error's text (which reaches the log) never carries the values of a
    # statement, such as a password hash or a donor's national ID.
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, hide_parameters=True)
    engine = create_engine(
        url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS}, hide_parameters=True
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below (its documented recipe).
        dbapi_connection.isolation_level = None
        for pragma in (
            "journal_mode=WAL",
            "synchronous=FULL",
            "foreign_keys=ON",
            f"busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}",
            "trusted_schema=OFF",
        ):
            dbapi_connection.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        read_only = connection.get_execution_options().get(READ_ONLY, False)
        connection.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
