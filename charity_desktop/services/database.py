"""Opening the database for the window and the command line (which never import storage)."""

from __future__ import annotations

from pathlib import Path

from charity_desktop.services.donor_index import ensure_search_index
from charity_desktop.storage.database import Database

__all__ = ["Database", "open_database"]


def open_database(target: str) -> Database:
    """The database named by `--db`/``CHARITY_DB``: a file path or a SQLAlchemy URL.

    The schema is created or upgraded, the donor search index built if needed; a newer or foreign database raises `StorageError`.
    """
    database = Database.open_url(target) if "://" in target else Database.open_file(Path(target))
    ensure_search_index(database)
    return database
