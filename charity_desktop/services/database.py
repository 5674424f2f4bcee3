"""The open database as everything above the storage layer holds it.

The window and the command line only open, pass around, name and close it; the services
reach its units of work. The storage layer's own object stays inside (`store`), for the
services alone: `ui/` and `cli/` never import storage, directly or through this module.
"""

from __future__ import annotations

from pathlib import Path

from charity_desktop.services.anchors import SUFFIX, anchor_path, write_anchor
from charity_desktop.storage.database import Database as StorageDatabase
from charity_desktop.storage.unit_of_work import UnitOfWork


class Database:
    """One office database: a SQLite file or a server, checked and upgraded when opened."""

    def __init__(self, store: StorageDatabase) -> None:
        self.store = store
        file = store.file_path()
        # Where the chain's head is anchored outside the database (nowhere for one in memory).
        self.anchor = anchor_path(file, store.describe()) if file or store.is_server() else None
        if self.anchor is not None:
            anchor = self.anchor
            store.on_commit = lambda seq, head: write_anchor(anchor, seq, head)
            if store.sealed_head is not None:  # the upgrade that opened it sealed every record
                write_anchor(anchor, *store.sealed_head)

    def unit_of_work(self) -> UnitOfWork:
        """A unit of work that may write (services only)."""
        return self.store.unit_of_work()

    def reader(self) -> UnitOfWork:
        """A unit of work for reading only (services only)."""
        return self.store.reader()

    def file_path(self) -> Path | None:
        """The SQLite file behind the database; None on a server."""
        return self.store.file_path()

    def holds(self, path: Path) -> bool:
        """Whether writing `path` would overwrite this database's own files (the file, its
        journal, its write-ahead log, its shared memory or its audit anchor)."""
        own = self.file_path()
        if own is None:
            return False
        own = own.resolve()
        ends = ("-wal", "-shm", "-journal", SUFFIX)
        mine = {own, *(own.with_name(own.name + end) for end in ends)}
        return path.expanduser().resolve() in mine

    def describe(self) -> str:
        """Where the database is, as a person may read it (no password)."""
        return self.store.describe()

    def reopen(self) -> None:
        """Check and, if needed, upgrade the schema again (after the file was replaced)."""
        self.store.ensure_schema()

    def close(self) -> None:
        """Release every connection."""
        self.store.close()


def open_database(target: str) -> Database:
    """The database named by `--db`/``CHARITY_DB``: a file path or a SQLAlchemy URL.

    The schema is created or upgraded, the donor search index built if needed; a newer or
    foreign database raises `StorageError`.
    """
    from charity_desktop.services.donor_index import ensure_search_index

    store = (
        StorageDatabase.open_url(target)
        if "://" in target
        else StorageDatabase.open_file(Path(target))
    )
    database = Database(store)
    ensure_search_index(database)
    return database
