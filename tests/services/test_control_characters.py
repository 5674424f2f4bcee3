"""Control characters (C0, C1, NUL) never reach the database through any entry point; line
breaks and tabs stay in multi-line addresses only."""

from __future__ import annotations

from sqlalchemy import select

from charity_desktop.domain.enums import DonorType
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.users import Role
from charity_desktop.persian.money import Unit
from charity_desktop.services import catalogue, users
from charity_desktop.services.donations import import_donations, list_donations, record_donation
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.services.receipts import void_receipt
from charity_desktop.storage.models import Campaign, County, Donor, Office, User
from tests.actors import clerk, supervisor
from tests.conftest import history_draft

CONTROLS = {chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}


def stored(database, *columns):
    with database.reader() as uow:
        return [value for column in columns for value in uow.session.scalars(select(column))]


def test_every_entry_point_removes_control_characters(database):
    catalogue.add_entry(database, "campaigns", "پویش\x07زنگ", actor=supervisor("s"))
    county = catalogue.add_entry(database, "counties", "ابهر\x1b[2J", actor=supervisor("s"))
    catalogue.rename_entry(database, "counties", county.id, "ابهر\x00\x85", actor=supervisor("s"))
    catalogue.update_office(
        database,
        name="اداره\x08 بهزیستی",
        province="زنجان\x7f",
        county="زنجان",
        display_unit=Unit.RIAL,
        actor=supervisor("s"),
    )
    saved = record_donation(
        database,
        DonationDraft(
            kind="in_kind",
            amount="1000",
            date="1404/02/01",
            intent="ایتام\x07",
            description="برنج\x00\nطارم",
            quantity="10",
            donor=DonorDraft(
                DonorType.PERSON, "علی\x00رضا", address="خیابان\x07 آزادی\r\nپلاک\t۱۲\x1b"
            ),
        ),
        actor=clerk("مریم\x07"),
    )
    import_donations(
        database,
        [
            (
                2,
                history_draft(
                    "1404/02/01", 500, campaign="نو\x07روز", donor=DonorDraft(name="زهرا\x00")
                ),
            )
        ],
        actor=clerk("t"),
        create_missing=True,
    )
    void_receipt(database, saved.receipt_number, reason="تکراری\x07", actor=supervisor("s"))
    # The first account last: once one exists, only accounts may act.
    users.add_user(database, "مدیر\x00", Role.ADMIN, "a long enough secret", actor=None)
    texts = stored(
        database,
        Campaign.name,
        County.name,
        Office.name,
        Office.province,
        User.name,
        Donor.name,
    )
    rows = list_donations(database, DonationFilter(include_voided=True))
    texts += [text for row in rows for text in (row.description, row.clerk) if text]
    assert {"پویشزنگ", "نوروز", "ابهر", "اداره بهزیستی", "مدیر", "علیرضا", "زهرا"} <= set(texts)
    assert [text for text in texts if set(text) & CONTROLS] == []
    [address] = [a for a in stored(database, Donor.address) if a]
    assert address == "خیابان آزادی\nپلاک\t12"  # an address keeps its lines and tabs
