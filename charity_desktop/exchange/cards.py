"""An office's identity card: the file a county gives the centre so its packages can be merged."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from charity_desktop.domain.errors import DomainError
from charity_desktop.domain.users import Actor
from charity_desktop.paths import private_file
from charity_desktop.services.database import Database
from charity_desktop.services.exchange import OfficeIdentity, office_card, register_office

FIELDS = tuple(field.name for field in dataclasses.fields(OfficeIdentity))


def write_card(database: Database, target: Path, *, actor: Actor) -> OfficeIdentity:
    """Write this office's card (it holds the exchange key) to `target`, readable by its
    owner only (the callers have refused the database's own files, as for every output)."""
    identity = office_card(database, actor=actor)
    card = {name: getattr(identity, name) for name in FIELDS}
    private_file(target).write_text(
        json.dumps(card, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return identity


def read_card(source: Path) -> OfficeIdentity:
    """The identity a card file holds; refused in Persian when it is no card."""
    try:
        card = json.loads(source.read_text(encoding="utf-8"))
        return OfficeIdentity(**{name: str(card[name]) for name in FIELDS})
    except (OSError, ValueError, KeyError, TypeError):
        raise DomainError("This is not an office identity card.") from None


def register_card(
    database: Database, source: Path, *, actor: Actor, new_key: bool = False
) -> OfficeIdentity:
    """Register the office of the card `source` (taking the new key it carries only when
    `new_key`), so that its packages can be merged."""
    identity = read_card(source)
    register_office(database, identity, actor=actor, new_key=new_key)
    return identity
