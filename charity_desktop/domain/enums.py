"""Closed vocabularies stored as short English codes."""

from __future__ import annotations

from enum import StrEnum


class DonationKind(StrEnum):
    """Cash, goods valued in rials, or volunteer services valued in rials."""

    CASH = "cash"
    IN_KIND = "in_kind"
    SERVICE = "service"


class Channel(StrEnum):
    """How the donation reached the office."""

    DESK = "desk"
    POS = "pos"
    BANK_TRANSFER = "bank_transfer"
    USSD = "ussd"
    ONLINE = "online"
    COLLECTION_BOX = "collection_box"


# The channels whose gifts carry the bank's or card reader's tracking number (شماره پیگیری).
TRACKED_CHANNELS = frozenset({Channel.POS, Channel.BANK_TRANSFER, Channel.USSD, Channel.ONLINE})


class DonorType(StrEnum):
    """A person (national ID), a legal entity (legal national ID) or nobody named."""

    PERSON = "person"
    LEGAL = "legal"
    ANONYMOUS = "anonymous"
