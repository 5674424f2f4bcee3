"""The database an office works on: opened once, handing out units of work."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from charity_desktop.domain.errors import StorageError
from charity_desktop.paths import private_file, private_folder
from charity_desktop.storage.engine import READ_ONLY, create_database_engine, is_sqlite, sqlite_url
from charity_desktop.storage.schema import current_revision, ensure_schema
from charity_desktop.storage.unit_of_work import UnitOfWork, reason_of


def _make_private(path: Path) -> None:
    """The SQLite file at `path`, its write-ahead log and shared memory for their owner only
    (SQLite gives the files it adds the database file's mode), its missing folders too."""
    private_folder(path.parent)
    private_file(path)
    for end in ("-wal", "-shm", "-journal"):
        if (own := path.with_name(path.name + end)).exists():
            private_file(own)


class Database:
    """One database (a SQLite file, later a server URL), checked and upgraded on open."""

    def __init__(self, url: str) -> None:
        self.url = url
        # Told the chain's head (position, hash) after every commit that extended it.
        self.on_commit: Callable[[int, str], None] | None = None
        # The head written by sealing every record on upgrade, until someone anchors it.
        self.sealed_head: tuple[int, str] | None = None
        self.engine: Engine = create_database_engine(url)
        # A reader sees one snapshot for its whole unit (SQLite's WAL read transactions do by
        # themselves; PostgreSQL's default isolation would show each statement the newest
        # commits, and `verify` would compare a chain with records saved after it).
        snapshot = {} if is_sqlite(url) else {"isolation_level": "REPEATABLE READ"}
        self._reader = self.engine.execution_options(**{READ_ONLY: True}, **snapshot)

    @classmethod
    def open_file(cls, path: Path) -> Database:
        """Open (creating if needed) the SQLite file at `path` and bring its schema up to date."""
        path = path.expanduser().resolve()
        _make_private(path)
        database = cls(sqlite_url(path))
        database.ensure_schema()
        return database

    @classmethod
    def open_url(cls, url: str) -> Database:
        """Open the database at `url` and bring its schema up to date."""
        database = cls(url)
        if is_sqlite(url) and database.engine.url.database:
            _make_private(Path(database.engine.url.database))
        database.ensure_schema()
        return database

    def ensure_schema(self) -> str:
        """Create or upgrade the schema; an older SQLite file is first copied beside itself.

        Raises `StorageError` when the database cannot be reached (a server down, a wrong
        password) or refuses the work."""
        file = self.file_path()
        backup = file.with_name(file.name + ".before-upgrade") if file else None
        try:
            return ensure_schema(self.engine, backup_path=backup, on_sealed=self._sealed)
        except OperationalError as error:
            self.engine.dispose()
            raise StorageError(
                "The database cannot be opened ({reason}).", reason=reason_of(error)
            ) from None

    def file_path(self) -> Path | None:
        """The SQLite file behind this database; None for a server or an in-memory database."""
        name = self.engine.url.database
        if self.engine.dialect.name != "sqlite" or not name or name == ":memory:":
            return None
        return Path(name)

    def _sealed(self, seq: int, head: str) -> None:
        self.sealed_head = (seq, head)
        if self.on_commit is not None:
            self.on_commit(seq, head)

    def is_server(self) -> bool:
        """Whether the database lives on a server (not in a SQLite file or in memory)."""
        return not is_sqlite(self.url)

    def describe(self) -> str:
        """The database's address as a person may read it (a password is hidden)."""
        return self.engine.url.render_as_string(hide_password=True)

    def revision(self) -> str | None:
        """The schema revision stamped in the database."""
        return current_revision(self.engine)

    def unit_of_work(self) -> UnitOfWork:
        """A unit of work that may write (it takes the write lock at its first statement)."""
        return UnitOfWork(self.engine, on_commit=self.on_commit)

    def reader(self) -> UnitOfWork:
        """A unit of work for reading only; it never blocks writers or other readers."""
        return UnitOfWork(self._reader, read_only=True)

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()
