"""Copying a whole database into another one at the same schema (a SQLite office onto a server)."""

from __future__ import annotations

from sqlalchemy import Engine, Integer, delete, func, insert, select, text

from charity_desktop.storage.models import Base, DonorSearchTerm, Office, Setting

CHUNK = 5000


class TargetNotEmpty(Exception):
    """The target database already holds an office."""


def copy_rows(source: Engine, target: Engine) -> dict[str, int]:
    """Copy every row of every table from `source` into `target`, in one transaction on the
    target, parents before children; return {table: rows copied}.

    The target must be at the same schema and hold no office (its settings and search index,
    made when it was opened, are replaced). Raises `TargetNotEmpty` otherwise. On PostgreSQL
    the key sequences are moved past the copied keys, so new rows get new keys.
    """
    copied: dict[str, int] = {}
    with source.connect() as reading, target.begin() as writing:
        if writing.scalar(select(func.count()).select_from(Office)):
            raise TargetNotEmpty
        writing.execute(delete(DonorSearchTerm))
        writing.execute(delete(Setting))
        for table in Base.metadata.sorted_tables:
            rows = reading.execution_options(yield_per=CHUNK).execute(select(table))
            copied[table.name] = 0
            for chunk in rows.partitions():
                writing.execute(insert(table), [dict(row._mapping) for row in chunk])
                copied[table.name] += len(chunk)
            key = table.columns.get("id")
            if (
                writing.dialect.name == "postgresql"
                and key is not None
                and key.primary_key
                and isinstance(key.type, Integer)
            ):
                writing.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                        f" COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM {table.name}"
                    )
                )
    return copied


def row_counts(engine: Engine) -> dict[str, int]:
    """{table: rows} of every table of the schema."""
    with engine.connect() as connection:
        return {
            table.name: connection.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }
