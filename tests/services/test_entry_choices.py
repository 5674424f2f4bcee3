"""Whether the entry form offers a clerk their last intent and kind: an office setting, off
by default, changed by supervisors and admins only, audited."""

from __future__ import annotations

import json

import pytest

from charity_desktop.domain.users import PermissionDenied
from charity_desktop.services.catalogue import clerk_defaults
from charity_desktop.services.donations import record_donation
from charity_desktop.services.office import keeps_entry_choices, set_keep_entry_choices
from tests.actors import clerk, supervisor
from tests.services.test_record_donation import draft

CHOICES = {"intent": "زکات", "kind": "in_kind", "channel": "pos", "county": "زنجان"}


def test_only_the_desks_choices_come_back_until_the_office_keeps_intent_and_kind(database):
    assert keeps_entry_choices(database) is False
    record_donation(database, draft(), actor=clerk("c"), entry_defaults=CHOICES)
    assert clerk_defaults(database, "c") == {"channel": "pos", "county": "زنجان"}
    set_keep_entry_choices(database, True, actor=supervisor("s"))
    assert keeps_entry_choices(database) is True
    assert clerk_defaults(database, "c") == CHOICES
    assert clerk_defaults(database, "someone else") == {}
    set_keep_entry_choices(database, False, actor=supervisor("s"))
    assert clerk_defaults(database, "c") == {"channel": "pos", "county": "زنجان"}


def test_a_clerk_may_not_change_it_and_each_change_is_audited_once(database):
    with pytest.raises(PermissionDenied):
        set_keep_entry_choices(database, True, actor=clerk("c"))
    set_keep_entry_choices(database, True, actor=supervisor("s"))
    set_keep_entry_choices(database, True, actor=supervisor("s"))  # no change: no entry
    with database.reader() as uow:
        changes = [
            json.loads(entry.details)
            for entry in uow.audit.entries()
            if entry.action == "setting_changed"
        ]
    assert [list(change.pop("sealed")) for change in changes] == [["setting"]]
    assert changes == [{"keep_entry_choices": True, "before": False}]
    assert keeps_entry_choices(database) is True
