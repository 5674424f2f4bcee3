"""Bounds every entry point holds to, so that no stored value can break a report later."""

from __future__ import annotations

import re

# The most any single donation may be, in rials, whatever an office sets as its own ceiling
# (one hundred thousand billion tomans): every import, form and merged package is refused above it.
MAX_DONATION_RIALS = 10**15

# What one donation may be at an office that has not chosen its own ceiling (ten thousand
# billion rials): far above any real gift, low enough that a mistyped row of nines is caught.
DEFAULT_CEILING_RIALS = 10**13

# The longest free text a record keeps (a description, an address, a reason for voiding),
# in characters: typed, imported or merged.
MAX_TEXT = 500

# The most hours of volunteer service one donation may record.
MAX_SERVICE_HOURS = 10_000

# A tracking number as stored: 4 to 40 Latin capitals and digits (the spaces and dashes a
# slip groups it with are left out, so one number is never two), typed, imported or merged.
TRACKING_NUMBER = re.compile(r"[A-Z0-9]{4,40}")
