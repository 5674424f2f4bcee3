"""Tables. Every record has a local integer key, a stable UUID and the office it came from."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    """A fresh random UUID as text (portable across SQLite and PostgreSQL)."""
    return str(uuid.uuid4())


def utc_now() -> dt.datetime:
    """Current time in UTC, stored without zone (all stored times are UTC)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Identified:
    """Local key plus the UUID that stays the same when offices exchange data."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)


class Office(Identified, Base):
    __tablename__ = "offices"

    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    province: Mapped[str] = mapped_column(String(100))
    county: Mapped[str] = mapped_column(String(100))
    is_home: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    # Hex HMAC key shared by this office and the provincial centre, signing exchange packages.
    exchange_key: Mapped[str | None] = mapped_column(String(64))


class Setting(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class OfficeOwned(Identified):
    """A record that came from one office."""

    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)


class County(OfficeOwned, Base):
    __tablename__ = "counties"
    __table_args__ = (UniqueConstraint("office_id", "name_key"),)

    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100))


class CollectionPoint(OfficeOwned, Base):
    __tablename__ = "collection_points"
    __table_args__ = (UniqueConstraint("county_id", "name_key"),)

    county_id: Mapped[int] = mapped_column(ForeignKey("counties.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))

    county: Mapped[County] = relationship()


class Intent(OfficeOwned, Base):
    __tablename__ = "intents"
    __table_args__ = (UniqueConstraint("office_id", "name_key"),)

    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100))
    is_religious: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Campaign(OfficeOwned, Base):
    __tablename__ = "campaigns"
    __table_args__ = (UniqueConstraint("office_id", "name_key"),)

    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[dt.date | None] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)


class Institution(OfficeOwned, Base):
    """A licensed charity institution that collects on its own and reports its totals."""

    __tablename__ = "institutions"
    __table_args__ = (UniqueConstraint("office_id", "name_key"),)

    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    license_number: Mapped[str | None] = mapped_column(String(50))


class Donor(OfficeOwned, Base):
    __tablename__ = "donors"
    __table_args__ = (
        CheckConstraint("donor_type IN ('person', 'legal')", name="donor_type"),
        Index(None, "national_id"),
        Index(None, "mobile"),
        Index(None, "name_key"),
    )

    donor_type: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    national_id: Mapped[str | None] = mapped_column(String(11))
    mobile: Mapped[str | None] = mapped_column(String(11))
    address: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)


class DonorSearchTerm(Base):
    """One key a donor is found by as a clerk types its start (computed by the services).

    Derived from the donor's name and numbers, and rebuilt whenever the way of deriving it
    changes. Compared byte by byte ("C" on PostgreSQL), so a prefix is a range of the key.
    """

    __tablename__ = "donor_search_terms"
    # (donor, term) answers "does this donor have a term starting with ...?" without a scan.
    __table_args__ = (Index(None, "donor_id", "term"), {"sqlite_with_rowid": False})

    term: Mapped[str] = mapped_column(
        String(200).with_variant(String(200, collation="C"), "postgresql"), primary_key=True
    )
    donor_id: Mapped[int] = mapped_column(
        ForeignKey("donors.id", ondelete="CASCADE"), primary_key=True
    )


class ReceiptSeries(Base):
    """The last receipt number issued by one office in one Solar Hijri year."""

    __tablename__ = "receipt_series"
    __table_args__ = (UniqueConstraint("office_id", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"))
    year: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer)


class Donation(OfficeOwned, Base):
    __tablename__ = "donations"
    __table_args__ = (
        CheckConstraint("amount_rials > 0", name="amount_positive"),
        CheckConstraint("kind IN ('cash', 'in_kind', 'service')", name="kind"),
        CheckConstraint(
            "channel IN ('desk', 'pos', 'bank_transfer', 'ussd', 'online', 'collection_box')",
            name="channel",
        ),
        CheckConstraint(
            "(institution_id IS NULL) = (receipt_number IS NOT NULL)", name="receipt_if_office"
        ),
        UniqueConstraint("office_id", "receipt_year", "receipt_sequence"),
        Index(None, "donated_on"),
        Index(None, "intent_id"),
        Index(None, "county_id"),
        Index(None, "donor_id"),
        Index(None, "campaign_id"),
        Index(None, "amount_rials"),
        Index(None, "tracking_number"),
    )

    kind: Mapped[str] = mapped_column(String(10))
    amount_rials: Mapped[int] = mapped_column(BigInteger)
    donated_on: Mapped[dt.date] = mapped_column(Date)
    channel: Mapped[str] = mapped_column(String(20))
    intent_id: Mapped[int] = mapped_column(ForeignKey("intents.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    county_id: Mapped[int | None] = mapped_column(ForeignKey("counties.id"))
    collection_point_id: Mapped[int | None] = mapped_column(ForeignKey("collection_points.id"))
    institution_id: Mapped[int | None] = mapped_column(ForeignKey("institutions.id"))
    donor_id: Mapped[int | None] = mapped_column(ForeignKey("donors.id"))
    description: Mapped[str | None] = mapped_column(Text)
    quantity: Mapped[str | None] = mapped_column(String(20))
    quantity_unit: Mapped[str | None] = mapped_column(String(30))
    service_minutes: Mapped[int | None] = mapped_column(Integer)
    clerk: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    receipt_year: Mapped[int | None] = mapped_column(Integer)
    receipt_sequence: Mapped[int | None] = mapped_column(Integer)
    receipt_number: Mapped[str | None] = mapped_column(String(30), unique=True)
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    void_reason: Mapped[str | None] = mapped_column(Text)
    voided_by: Mapped[str | None] = mapped_column(String(100))
    # The voided receipt this donation was entered again to replace (void and re-enter).
    replaces_receipt: Mapped[str | None] = mapped_column(String(30))
    # The bank's or card reader's reference of a gift that came by card, transfer, USSD or online.
    tracking_number: Mapped[str | None] = mapped_column(String(40))

    office: Mapped[Office] = relationship()
    intent: Mapped[Intent] = relationship()
    campaign: Mapped[Campaign | None] = relationship()
    county: Mapped[County | None] = relationship()
    collection_point: Mapped[CollectionPoint | None] = relationship()
    institution: Mapped[Institution | None] = relationship()
    donor: Mapped[Donor | None] = relationship()


class Receipt(Base):
    """What was printed for a donation, frozen when its number was issued.

    `snapshot` is JSON of every printed field, so later edits of a donor or a catalogue
    never change a receipt already issued.
    """

    __tablename__ = "receipts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    donation_id: Mapped[int] = mapped_column(ForeignKey("donations.id"), unique=True)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    snapshot: Mapped[str] = mapped_column(Text)
    print_count: Mapped[int] = mapped_column(Integer, default=0)
    last_printed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    donation: Mapped[Donation] = relationship()


class VoidRequest(OfficeOwned, Base):
    """A clerk's request that a receipt be voided, until a supervisor approves or refuses it.

    While it is pending the donation stays counted; an approval voids the donation in the
    same transaction.
    """

    __tablename__ = "void_requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'refused')", name="status"),
        Index(None, "status"),
    )

    donation_id: Mapped[int] = mapped_column(ForeignKey("donations.id"), index=True)
    receipt_number: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text)
    requested_by: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    decision_note: Mapped[str | None] = mapped_column(Text)


class AuditEntry(Base):
    """One change, chained to the one before by SHA-256, so a rewrite anywhere shows.

    `hash` = SHA-256 of `prev_hash` and the canonical JSON of the other fields; see
    `storage.audit`.
    """

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The entry's place in the chain, 1 for the first (what an anchor counts).
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_uuid: Mapped[str | None] = mapped_column(String(36))
    details: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class User(OfficeOwned, Base):
    """A person who signs in at this database: a role, an Argon2id password hash, active or not."""

    __tablename__ = "users"

    name: Mapped[str] = mapped_column(String(100))
    name_key: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utc_now)
