"""The donor search index: the terms a donor is found by, kept beside every donor written."""

from __future__ import annotations

from collections.abc import Iterable

from charity_desktop.persian.text import search_terms
from charity_desktop.services.database import Database
from charity_desktop.storage.unit_of_work import UnitOfWork

# Raise when `search_terms` changes: every database then rebuilds its index once when opened.
INDEX_VERSION = "1"
INDEX_SETTING = "donor_search_index"
CHUNK = 50_000

DonorColumns = tuple[int, str, str | None, str | None]


def _terms(rows: Iterable[DonorColumns]) -> dict[int, set[str]]:
    return {key: search_terms(name, (code, mobile)) for key, name, code, mobile in rows}


def index_donors(uow: UnitOfWork, donors: Iterable[DonorColumns]) -> None:
    """Add the terms of donors just inserted in this unit of work, given as (key, name,
    national ID, mobile)."""
    uow.donors.add_search_terms(_terms(donors))


def index_donors_after(uow: UnitOfWork, last_id: int) -> None:
    """Add the terms of every donor inserted since `last_id` was the highest key."""
    while chunk := uow.donors.search_columns(after=last_id, count=CHUNK):
        uow.donors.add_search_terms(_terms(chunk))
        last_id = chunk[-1][0]


def reindex_donors(uow: UnitOfWork, uuids: Iterable[str]) -> None:
    """Replace the terms of the donors with these UUIDs (after their names or numbers changed)."""
    uow.donors.replace_search_terms(_terms(uow.donors.search_columns(uuids=uuids)))


def ensure_search_index(database: Database) -> None:
    """Build the whole index, in one transaction, if this database's was built another way
    (or never); otherwise only read one setting. A database with no office yet holds no
    donor and is left alone (its set-up records the index version)."""
    with database.reader() as uow:
        if uow.settings.get(INDEX_SETTING) == INDEX_VERSION or uow.offices.home() is None:
            return
    with database.unit_of_work() as uow:
        uow.donors.clear_search_terms()
        index_donors_after(uow, 0)
        uow.settings.set(INDEX_SETTING, INDEX_VERSION)
        uow.audit.append(
            "charity-desktop", "search_index_built", "database", None, {"version": INDEX_VERSION}
        )
        uow.commit()
