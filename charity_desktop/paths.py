"""Where the program finds its bundled files and keeps the user's data."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "charity-desktop"
DATABASE_ENV = "CHARITY_DB"
_PACKAGE = Path(__file__).parent


PRIVATE_FILE = 0o600  # the program's files: read and written by their owner only
PRIVATE_FOLDER = 0o700


def private_file(path: Path) -> Path:
    """Make `path` a file only its owner may read and write, whatever the umask (on POSIX):
    created empty when missing (its folder must exist: a missing one is the caller's error),
    narrowed to owner-only when it exists. Call it before writing any file the program
    creates; whatever then writes into the file keeps its mode. Returns `path`."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE)
    os.close(descriptor)
    if os.name == "posix":
        os.chmod(path, PRIVATE_FILE)
    return path


def private_folder(path: Path, *, ours: bool = False) -> Path:
    """Create the folder `path` and its missing parents, each only for its owner (0700 on
    POSIX, whatever the umask). A folder that exists keeps its mode unless it is `ours` (one
    the program owns, as its data, log and backup folders). Returns `path`."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        for folder in [*missing, *([path] if ours else [])]:
            os.chmod(folder, PRIVATE_FOLDER)
    return path


def resource_dir(name: str) -> Path:
    """Bundled folder `name` (``resources`` or ``i18n``): inside an installed wheel, else the source tree."""
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def default_database_path() -> Path:
    """The SQLite file in the user's data directory (the file is created on first use; the
    folder here, for its owner only)."""
    from platformdirs import user_data_path  # on use: it slows the window's first paint

    return private_folder(user_data_path(APP_NAME, appauthor=False), ours=True) / "charity.sqlite3"


def database_target(explicit: str | None) -> str:
    """The database to open: `--db` if given, else ``CHARITY_DB``, else the default file.

    A plain path is a SQLite file; anything with ``://`` is a SQLAlchemy URL.
    """
    return explicit or os.environ.get(DATABASE_ENV) or str(default_database_path())


def log_folder() -> Path:
    """The user's log folder for this program (created when the log is first written)."""
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False)


def compiled_catalog_dir() -> Path:
    """Where compiled message catalogs are kept between starts (safe to delete)."""
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)
