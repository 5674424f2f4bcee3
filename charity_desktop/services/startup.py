"""What the window can know before the storage layer loads (it imports no SQLAlchemy)."""

from __future__ import annotations

from charity_desktop.storage.peek import has_accounts


def signs_in_first(target: str) -> bool:
    """Whether opening `target` will ask someone to sign in (rather than set up the office
    or its first admin), so the window may show the sign-in dialog while it loads."""
    return has_accounts(target)
