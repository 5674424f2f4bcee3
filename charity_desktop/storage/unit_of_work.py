"""One session per user action: everything in it is committed together or not at all."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from charity_desktop.domain.errors import StorageError
from charity_desktop.storage.audit import AuditRepository
from charity_desktop.storage.exchange import ExchangeRepository
from charity_desktop.storage.repositories import (
    CatalogueRepository,
    DonationRepository,
    DonorRepository,
    OfficeRepository,
    ReceiptRepository,
    SettingsRepository,
    SummaryRepository,
    UserRepository,
    VoidRequestRepository,
)


def reason_of(error: OperationalError) -> str:
    """The first line of what the database or its driver said."""
    return (
        str(error.orig).strip().splitlines()[0]
        if str(error.orig).strip()
        else type(error.orig).__name__
    )


class UnitOfWork:
    """Context manager over one transaction; leaving it without `commit()` rolls back."""

    offices: OfficeRepository
    settings: SettingsRepository
    catalogue: CatalogueRepository
    donors: DonorRepository
    donations: DonationRepository
    receipts: ReceiptRepository
    summaries: SummaryRepository
    exchange: ExchangeRepository
    audit: AuditRepository
    users: UserRepository
    void_requests: VoidRequestRepository

    def __init__(
        self,
        engine: Engine,
        *,
        read_only: bool = False,
        on_commit: Callable[[int, str], None] | None = None,
    ) -> None:
        self._engine = engine
        self.read_only = read_only
        self._on_commit = on_commit

    def __enter__(self) -> UnitOfWork:
        self.session = Session(self._engine, expire_on_commit=False, autoflush=True)
        self.offices = OfficeRepository(self.session)
        self.settings = SettingsRepository(self.session)
        self.catalogue = CatalogueRepository(self.session)
        self.donors = DonorRepository(self.session)
        self.donations = DonationRepository(self.session)
        self.receipts = ReceiptRepository(self.session)
        self.summaries = SummaryRepository(self.session)
        self.exchange = ExchangeRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.users = UserRepository(self.session)
        self.void_requests = VoidRequestRepository(self.session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            self.session.rollback()
            self.session.close()
        except OperationalError:  # the connection is gone: nothing to roll back
            if exc is None:
                raise
        if isinstance(exc, OperationalError):
            if "locked" in str(exc.orig):
                raise StorageError(
                    "Another desk kept the database busy for too long; nothing was saved. Try again."
                ) from exc
            raise StorageError(
                "The database could not do this ({reason}); nothing was saved.",
                reason=reason_of(exc),
            ) from exc

    def commit(self) -> None:
        """Make everything done in this unit durable (on SQLite: synced to disk before return),
        its audit entries chained and the trusted records it wrote sealed into them; then
        tell `on_commit` the chain's new head (position, hash)."""
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit")
        head = self.audit.chain_pending()
        self.session.commit()
        if head is not None and self._on_commit is not None:
            self._on_commit(*head)

    def flush(self) -> None:
        """Send pending changes so that generated keys are known, without committing."""
        self.session.flush()
