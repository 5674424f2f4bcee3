"""The office's ceiling per donation: a high default, set by a supervisor, never above the
hard limit, held by the form and by imports."""

from __future__ import annotations

import json

import pytest

from charity_desktop.domain.errors import ValidationFailed
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.limits import DEFAULT_CEILING_RIALS, MAX_DONATION_RIALS
from charity_desktop.domain.users import PermissionDenied
from charity_desktop.persian.money import Unit
from charity_desktop.services.donations import import_donations, list_donations, record_donation
from charity_desktop.services.office import donation_ceiling, set_donation_ceiling
from tests.actors import clerk, supervisor
from tests.conftest import history_draft
from tests.services.test_record_donation import draft


def test_the_default_ceiling_refuses_a_larger_donation_naming_the_amount(database):
    assert donation_ceiling(database) == DEFAULT_CEILING_RIALS < MAX_DONATION_RIALS
    record_donation(database, draft(amount=str(DEFAULT_CEILING_RIALS)), actor=clerk("c"))
    with pytest.raises(ValidationFailed) as caught:
        record_donation(database, draft(amount=str(DEFAULT_CEILING_RIALS + 1)), actor=clerk("c"))
    [problem] = caught.value.problems
    assert problem.field == "amount" and problem.params == {"limit": DEFAULT_CEILING_RIALS}
    assert len(list_donations(database, DonationFilter())) == 1


def test_an_import_names_each_row_above_the_ceiling_and_stores_nothing(database, fa):
    set_donation_ceiling(database, "500٬000", unit=Unit.TOMAN, actor=supervisor("s"))
    rows = [
        (2, history_draft("1404/02/01", 5_000_000)),
        (3, history_draft("1404/02/01", 500_001, unit=Unit.TOMAN)),
        (4, history_draft("1404/02/01", 9_000_000)),
    ]
    with pytest.raises(ValidationFailed) as caught:
        import_donations(database, rows, actor=clerk("c"))
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "amount"), (4, "amount")]
    assert "۵٬۰۰۰٬۰۰۰" in fa.problem(caught.value.problems[0])
    assert "ردیف ۳" in fa.problem(caught.value.problems[0])
    assert list_donations(database, DonationFilter()) == []


def test_only_a_supervisor_sets_the_ceiling_never_above_the_hard_limit_and_it_is_audited(
    database,
):
    with pytest.raises(PermissionDenied):
        set_donation_ceiling(database, "1000", actor=clerk("c"))
    for wrong in ("0", "-1", "یک", str(MAX_DONATION_RIALS + 1)):
        with pytest.raises(ValidationFailed) as caught:
            set_donation_ceiling(database, wrong, actor=supervisor("s"))
        assert caught.value.problems[0].field == "ceiling"
    highest = MAX_DONATION_RIALS - 1  # the largest amount anyone can type
    assert set_donation_ceiling(database, str(highest), actor=supervisor("s")) == highest
    assert donation_ceiling(database) == highest
    with database.reader() as uow:
        last = list(uow.audit.entries())[-1]
        actor, action, details = last.actor, last.action, json.loads(last.details)
    assert list(details.pop("sealed")) == ["setting"]  # the setting itself, sealed
    assert (actor, action) == ("s", "setting_changed")
    assert details == {
        "donation_ceiling_rials": highest,
        "before": DEFAULT_CEILING_RIALS,
    }


def test_the_settings_save_is_one_transaction_and_names_every_problem(database):
    """The office's details, the idle lock and the ceiling are saved together or not at all."""
    from charity_desktop.services.catalogue import save_office_settings
    from charity_desktop.services.office import idle_lock_minutes, office_info

    before = office_info(database)
    with pytest.raises(ValidationFailed) as caught:
        save_office_settings(
            database,
            name="اداره تازه",
            province=before.province,
            county=before.county,
            display_unit=Unit.TOMAN,
            idle_minutes=999,
            ceiling=str(MAX_DONATION_RIALS + 1),
            actor=supervisor("s"),
        )
    assert sorted(p.field for p in caught.value.problems) == ["ceiling", "idle_lock"]
    assert office_info(database) == before and donation_ceiling(database) == DEFAULT_CEILING_RIALS
    info = save_office_settings(
        database,
        name="اداره تازه",
        province=before.province,
        county=before.county,
        display_unit=Unit.TOMAN,
        idle_minutes=5,
        ceiling="1000000",
        actor=supervisor("s"),
    )
    assert info.name == "اداره تازه" and info.display_unit is Unit.TOMAN
    assert idle_lock_minutes(database) == 5 and donation_ceiling(database) == 1_000_000
