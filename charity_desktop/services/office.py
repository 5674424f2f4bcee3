"""Setting up the office a database belongs to, and reading its details."""

from __future__ import annotations

import secrets

from charity_desktop.domain.catalogue import DEFAULT_INTENTS
from charity_desktop.domain.errors import DomainError, FieldProblem, NotFound, ValidationFailed
from charity_desktop.domain.limits import DEFAULT_CEILING_RIALS, MAX_DONATION_RIALS
from charity_desktop.domain.receipts import OFFICE_CODE
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.money import Unit, parse_amount
from charity_desktop.persian.text import normalize, search_key
from charity_desktop.services.access import authorize
from charity_desktop.services.database import Database
from charity_desktop.services.donor_index import INDEX_SETTING, INDEX_VERSION
from charity_desktop.services.dto import OfficeInfo
from charity_desktop.storage.models import County, Intent, Office
from charity_desktop.storage.unit_of_work import UnitOfWork

DISPLAY_UNIT_SETTING = "display_unit"
# What a new office shows amounts in until it chooses (the first-run dialog and `init` alike):
# the rial, the legal unit, in which files and the command line take amounts too.
DEFAULT_DISPLAY_UNIT = Unit.RIAL
# Secret behind the check code printed in each receipt's QR code.
RECEIPT_KEY_SETTING = "receipt_key"


IDLE_LOCK_SETTING = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10


def idle_lock_minutes(database: Database) -> int:
    """Minutes without use after which the window locks (0: never)."""
    with database.reader() as uow:
        stored = uow.settings.get(IDLE_LOCK_SETTING)
    return int(stored) if stored is not None else DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(database: Database, minutes: int, *, actor: Actor) -> None:
    """Change the idle lock (supervisors and admins); 0 turns it off."""
    authorize(database, actor, Permission.EDIT_CATALOGUES)
    problems = idle_lock_problems(minutes)
    if problems:
        raise ValidationFailed(problems)
    with database.unit_of_work() as uow:
        change_idle_lock(uow, minutes, actor)
        uow.commit()


def idle_lock_problems(minutes: int) -> list[FieldProblem]:
    """What is wrong with an idle lock of `minutes` (nothing: an empty list)."""
    if 0 <= minutes <= 240:
        return []
    return [FieldProblem("idle_lock", "Choose between 0 and 240 minutes.")]


def change_idle_lock(uow: UnitOfWork, minutes: int, actor: Actor) -> None:
    """Set a checked idle lock, audited, in the caller's transaction."""
    uow.settings.set(IDLE_LOCK_SETTING, str(minutes))
    uow.audit.append(actor.name, "setting_changed", "setting", None, {IDLE_LOCK_SETTING: minutes})


KEEP_CHOICES_SETTING = "keep_entry_choices"


def keeps_entry_choices_in(uow: UnitOfWork) -> bool:
    """Whether the entry form offers each clerk their last intent and kind (off by default:
    both are chosen for each donation), in the caller's transaction."""
    return uow.settings.get(KEEP_CHOICES_SETTING) == "1"


def keeps_entry_choices(database: Database) -> bool:
    """Whether the entry form offers each clerk their last intent and kind."""
    with database.reader() as uow:
        return keeps_entry_choices_in(uow)


def set_keep_entry_choices(database: Database, keep: bool, *, actor: Actor) -> None:
    """Keep the last intent and kind in the entry form, or not (supervisors and admins)."""
    authorize(database, actor, Permission.EDIT_CATALOGUES)
    with database.unit_of_work() as uow:
        change_keep_choices(uow, keep, actor)
        uow.commit()


def change_keep_choices(uow: UnitOfWork, keep: bool, actor: Actor) -> None:
    """Keep (or stop keeping) the last intent and kind, audited, in the caller's transaction."""
    before = keeps_entry_choices_in(uow)
    if before == keep:
        return
    uow.settings.set(KEEP_CHOICES_SETTING, "1" if keep else "0")
    uow.audit.append(
        actor.name,
        "setting_changed",
        "setting",
        None,
        {KEEP_CHOICES_SETTING: keep, "before": before},
    )


CEILING_SETTING = "donation_ceiling_rials"


def ceiling_in(uow: UnitOfWork) -> int:
    """The most one donation may be at this office, in rials (in the caller's transaction)."""
    stored = uow.settings.get(CEILING_SETTING)
    return int(stored) if stored is not None else DEFAULT_CEILING_RIALS


def donation_ceiling(database: Database) -> int:
    """The most one donation may be at this office, in rials."""
    with database.reader() as uow:
        return ceiling_in(uow)


def set_donation_ceiling(
    database: Database, amount: str, *, unit: Unit = Unit.RIAL, actor: Actor
) -> int:
    """Change the office's ceiling per donation to `amount` as typed in `unit` (supervisors
    and admins), never above the hard limit every office holds to; returns it in rials."""
    authorize(database, actor, Permission.EDIT_CATALOGUES)
    rials = ceiling_rials(amount, unit)
    with database.unit_of_work() as uow:
        change_ceiling(uow, rials, actor)
        uow.commit()
    return rials


def ceiling_rials(amount: str, unit: Unit = Unit.RIAL) -> int:
    """A ceiling typed in `unit`, in rials; `ValidationFailed` naming the field if it is
    no amount or above the hard limit."""
    try:
        rials = parse_amount(amount, unit)
    except InvalidInput as error:
        raise ValidationFailed([FieldProblem("ceiling", error.message, error.params)]) from None
    if rials > MAX_DONATION_RIALS:
        raise ValidationFailed(
            [
                FieldProblem(
                    "ceiling",
                    "The ceiling must be at most {limit} rials.",
                    {"limit": MAX_DONATION_RIALS},
                )
            ]
        )
    return rials


def change_ceiling(uow: UnitOfWork, rials: int, actor: Actor) -> None:
    """Set a checked ceiling, audited with the one before, in the caller's transaction."""
    before = ceiling_in(uow)
    uow.settings.set(CEILING_SETTING, str(rials))
    uow.audit.append(
        actor.name, "setting_changed", "setting", None, {CEILING_SETTING: rials, "before": before}
    )


def new_receipt_key() -> str:
    """A fresh random key for receipt check codes, as hex."""
    return secrets.token_hex(32)


def home_office(uow: UnitOfWork) -> Office:
    """The office this database belongs to; `NotFound` if the database was never set up."""
    office = uow.offices.home()
    if office is None:
        raise NotFound(
            "No office is set up in this database yet. Run: charity-desktop init --office-name ..."
        )
    return office


def _info(uow: UnitOfWork, office: Office) -> OfficeInfo:
    return OfficeInfo(
        uuid=office.uuid,
        code=office.code,
        name=office.name,
        province=office.province,
        county=office.county,
        display_unit=Unit(uow.settings.get(DISPLAY_UNIT_SETTING) or DEFAULT_DISPLAY_UNIT),
    )


def office_info(database: Database) -> OfficeInfo | None:
    """Details of this database's office, or None before set-up."""
    with database.reader() as uow:
        office = uow.offices.home()
        return _info(uow, office) if office else None


def office_problems(
    *, name: str, province: str, county: str, code: str | None = None
) -> list[FieldProblem]:
    """Every problem of an office's details as typed (none: they can be stored); the code is
    checked when given (it is chosen once, at set-up)."""
    problems = []
    for field, value, limit in (
        ("office_name", name, 200),
        ("province", province, 100),
        ("county", county, 100),
    ):
        if not normalize(value):
            problems.append(FieldProblem(field, "This field is required."))
        elif len(normalize(value)) > limit:
            problems.append(
                FieldProblem(
                    field, "This text is longer than {limit} characters.", {"limit": limit}
                )
            )
    if code is not None and not OFFICE_CODE.fullmatch(normalize(code).upper()):
        problems.append(
            FieldProblem(
                "office_code",
                "The office code is 2 to 10 Latin capital letters or digits, starting with a letter.",
            )
        )
    return problems


def set_up_office(
    database: Database,
    *,
    name: str,
    code: str,
    province: str,
    county: str,
    display_unit: Unit = DEFAULT_DISPLAY_UNIT,
    actor: str = "system",
) -> OfficeInfo:
    """Register this database's office, its own county and the usual intents, all at once.

    Refuses (changing nothing) when an office is already set up or a field is unusable.
    """
    problems = office_problems(name=name, code=code, province=province, county=county)
    if problems:
        raise ValidationFailed(problems)
    name, province, county = normalize(name), normalize(province), normalize(county)
    code = normalize(code).upper()
    with database.unit_of_work() as uow:
        if uow.offices.home() is not None:
            raise DomainError("This database already belongs to an office; nothing was changed.")
        office = uow.offices.add(
            Office(code=code, name=name, province=province, county=county, is_home=True)
        )
        uow.catalogue.add(County(office_id=office.id, name=county, name_key=search_key(county)))
        for order, (intent, religious) in enumerate(DEFAULT_INTENTS):
            uow.catalogue.add(
                Intent(
                    office_id=office.id,
                    name=intent,
                    name_key=search_key(intent),
                    is_religious=religious,
                    sort_order=order,
                )
            )
        uow.settings.set(DISPLAY_UNIT_SETTING, display_unit.value)
        uow.settings.set(RECEIPT_KEY_SETTING, new_receipt_key())
        uow.settings.set(INDEX_SETTING, INDEX_VERSION)
        uow.audit.append(
            actor,
            "office_set_up",
            "office",
            office.uuid,
            {"code": code, "name": name, "province": province, "county": county},
        )
        info = _info(uow, office)
        uow.commit()
    return info
