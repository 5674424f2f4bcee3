"""Criteria for choosing donations, shared by the list screen, the command line and reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charity_desktop.domain.enums import DonationKind


@dataclass(frozen=True)
class DonationFilter:
    """Every field narrows the choice; None means "any". `text` is a search key (normalised).

    Voided donations are left out unless `include_voided` (lists show them, totals never).
    """

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: DonationKind | None = None
    intent_id: int | None = None
    campaign_id: int | None = None
    county_id: int | None = None
    institution_id: int | None = None
    donor_id: int | None = None
    office_only: bool = False
    text: str | None = None
    include_voided: bool = False
