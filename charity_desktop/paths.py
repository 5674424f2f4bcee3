"""Where the program finds its bundled files and keeps the user's data."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "charity-desktop"
DATABASE_ENV = "CHARITY_DB"
_PACKAGE = Path(__file__).parent


def resource_dir(name: str) -> Path:
    """Bundled folder `name` (``resources`` or ``i18n``): inside an installed wheel, else the source tree."""
    inside = _PACKAGE / name
    return inside if inside.is_dir() else _PACKAGE.parent / name


def default_database_path() -> Path:
    """The SQLite file in the user's data directory (created on first use)."""
    from platformdirs import user_data_path  # on use: it slows the window's first paint

    return user_data_path(APP_NAME, appauthor=False) / "charity.sqlite3"


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
