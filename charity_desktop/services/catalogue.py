"""The office's catalogues (intents, campaigns, counties, collection points, institutions) and details."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from charity_desktop.domain.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian.money import Unit
from charity_desktop.persian.text import normalize, search_key
from charity_desktop.services.access import authorize
from charity_desktop.services.database import Database
from charity_desktop.services.dto import OfficeInfo
from charity_desktop.services.office import (
    DISPLAY_UNIT_SETTING,
    ceiling_rials,
    change_ceiling,
    change_idle_lock,
    change_keep_choices,
    home_office,
    idle_lock_problems,
    keeps_entry_choices_in,
    office_info,
    office_problems,
)
from charity_desktop.storage.models import Campaign, CollectionPoint, County, Institution, Intent
from charity_desktop.storage.unit_of_work import UnitOfWork

KINDS: dict[str, Any] = {
    "intents": Intent,
    "campaigns": Campaign,
    "counties": County,
    "collection_points": CollectionPoint,
    "institutions": Institution,
}


@dataclass(frozen=True)
class Entry:
    """One catalogue record as screens show it; `parent_id` is a collection point's county."""

    id: int
    name: str
    parent_id: int | None = None
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None


@dataclass(frozen=True)
class Catalogue:
    intents: list[Entry]
    campaigns: list[Entry]
    counties: list[Entry]
    collection_points: list[Entry]
    institutions: list[Entry]

    def points_of(self, county_id: int | None) -> list[Entry]:
        return [p for p in self.collection_points if p.parent_id == county_id]


def _entry(record: Any) -> Entry:
    return Entry(
        record.id,
        record.name,
        getattr(record, "county_id", None),
        getattr(record, "starts_on", None),
        getattr(record, "ends_on", None),
    )


def load_catalogue(database: Database) -> Catalogue:
    """Every catalogue of this database's office (active intents only)."""
    with database.reader() as uow:
        office = home_office(uow)
        lists = {
            name: [
                _entry(r)
                for r in uow.catalogue.all(model, office.id)
                if getattr(r, "is_active", True)
            ]
            for name, model in KINDS.items()
        }
    return Catalogue(**lists)


def add_entry(
    database: Database,
    kind: str,
    name: str,
    *,
    parent_id: int | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    actor: Actor,
) -> Entry:
    """Register a new name in catalogue `kind`; refuses an empty or repeated name."""
    authorize(database, actor, Permission.EDIT_CATALOGUES)
    model = KINDS[kind]
    clean = normalize(name)
    if not clean:
        raise ValidationFailed([FieldProblem("name", "This field is required.")])
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationFailed([FieldProblem("date", "The period ends before it starts.")])
    with database.unit_of_work() as uow:
        office = home_office(uow)
        key = search_key(clean)
        existing = uow.catalogue.all(model, office.id)
        if any(r.name_key == key and getattr(r, "county_id", None) == parent_id for r in existing):
            raise ValidationFailed(
                [FieldProblem("name", "«{name}» is already registered.", {"name": clean})]
            )
        extra: dict[str, Any] = {}
        if model is CollectionPoint:
            if parent_id is None or uow.catalogue.get(County, parent_id) is None:
                raise ValidationFailed(
                    [FieldProblem("county", "Choose the county of the collection point.")]
                )
            extra["county_id"] = parent_id
        if model is Campaign:
            extra.update(starts_on=starts_on, ends_on=ends_on)
        if model is Intent:
            extra["sort_order"] = len(existing)
        record = uow.catalogue.add(model(office_id=office.id, name=clean, name_key=key, **extra))
        entry = _entry(record)
        uow.audit.append(actor.name, "catalogue_added", kind, record.uuid, {"name": clean})
        uow.commit()
    return entry


def rename_entry(database: Database, kind: str, entry_id: int, name: str, *, actor: Actor) -> None:
    """Give a catalogue record a new name (receipts already issued keep the old one)."""
    authorize(database, actor, Permission.EDIT_CATALOGUES)
    clean = normalize(name)
    if not clean:
        raise ValidationFailed([FieldProblem("name", "This field is required.")])
    with database.unit_of_work() as uow:
        record = uow.catalogue.get(KINDS[kind], entry_id)
        if record is None:
            raise NotFound("This entry no longer exists.")
        uow.audit.append(
            actor.name,
            "catalogue_renamed",
            kind,
            record.uuid,
            {"before": record.name, "after": clean},
        )
        record.name, record.name_key = clean, search_key(clean)
        uow.commit()


def update_office(
    database: Database,
    *,
    name: str,
    province: str,
    county: str,
    display_unit: Unit,
    actor: Actor,
) -> OfficeInfo:
    """Change the office's details and display unit (its code and receipt series never change)."""
    authorize(database, actor, Permission.EDIT_CATALOGUES)
    problems = office_problems(name=name, province=province, county=county)
    if problems:
        raise ValidationFailed(problems)
    with database.unit_of_work() as uow:
        _change_office(uow, name, province, county, display_unit, actor)
        uow.commit()
    return _office_now(database)


def save_office_settings(
    database: Database,
    *,
    name: str,
    province: str,
    county: str,
    display_unit: Unit,
    idle_minutes: int,
    ceiling: str | None = None,
    keep_choices: bool | None = None,
    actor: Actor,
) -> OfficeInfo:
    """The settings page's one save, in one transaction: the office's details and display
    unit, the idle lock, and when given the ceiling per donation (typed in rials) and whether
    the entry form keeps the last intent and kind. Every problem of every field is reported
    at once, and then nothing changes."""
    authorize(database, actor, Permission.EDIT_CATALOGUES)
    problems = office_problems(name=name, province=province, county=county)
    problems += idle_lock_problems(idle_minutes)
    rials = None
    if ceiling is not None:
        try:
            rials = ceiling_rials(ceiling)
        except ValidationFailed as failure:
            problems += failure.problems
    if problems:
        raise ValidationFailed(problems)
    with database.unit_of_work() as uow:
        _change_office(uow, name, province, county, display_unit, actor)
        change_idle_lock(uow, idle_minutes, actor)
        if rials is not None:
            change_ceiling(uow, rials, actor)
        if keep_choices is not None:
            change_keep_choices(uow, keep_choices, actor)
        uow.commit()
    return _office_now(database)


def _change_office(
    uow: UnitOfWork, name: str, province: str, county: str, display_unit: Unit, actor: Actor
) -> None:
    values = {
        "office_name": normalize(name),
        "province": normalize(province),
        "county": normalize(county),
    }
    office = home_office(uow)
    before = {"office_name": office.name, "province": office.province, "county": office.county}
    office.name, office.province, office.county = (
        values["office_name"],
        values["province"],
        values["county"],
    )
    uow.settings.set(DISPLAY_UNIT_SETTING, display_unit.value)
    after = {**values, "unit": display_unit.value}
    uow.audit.append(
        actor.name, "office_changed", "office", office.uuid, {"before": before, "after": after}
    )


def _office_now(database: Database) -> OfficeInfo:
    info = office_info(database)
    if info is None:
        raise DomainError("This database has no office.")
    return info


def _defaults_key(clerk: str) -> str:
    return f"entry_defaults:{normalize(clerk)}"


# Chosen afresh for each donation unless the office keeps them (`keeps_entry_choices`).
CHOSEN_EACH_TIME = ("intent", "kind")


def clerk_defaults(database: Database, clerk: str) -> dict[str, str]:
    """The entry form's last choices of one clerk to offer again: channel, campaign, county
    and collection point, and the intent and kind only when the office keeps them."""
    with database.reader() as uow:
        stored = uow.settings.get(_defaults_key(clerk))
        keeps = keeps_entry_choices_in(uow)
    defaults = dict(json.loads(stored)) if stored else {}
    return {key: value for key, value in defaults.items() if keeps or key not in CHOSEN_EACH_TIME}


def keep_clerk_defaults(uow: UnitOfWork, clerk: str, choices: dict[str, str]) -> None:
    """Keep one clerk's choices for the next donation they enter, in the caller's transaction."""
    uow.settings.set(_defaults_key(clerk), json.dumps(choices, ensure_ascii=False))
