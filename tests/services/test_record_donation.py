import datetime as dt

import pytest

from charity_desktop.domain.enums import DonationKind, DonorType
from charity_desktop.domain.errors import NotFound, ValidationFailed
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.persian.jalali import jalali_year
from charity_desktop.services.donations import list_donations, record_donation, totals
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.storage.models import Institution
from tests.actors import clerk


def draft(**changes):
    values = {"kind": "cash", "amount": "1000000", "date": "1404/09/30", "intent": "ایتام"}
    values.update(changes)
    return DonationDraft(**values)


def problems(database, donation):
    with pytest.raises(ValidationFailed) as caught:
        record_donation(database, donation, actor=clerk("clerk"))
    return {(p.field, p.message) for p in caught.value.problems}


def register_institution(database, name="موسسه خیریه نیکوکاران"):
    from charity_desktop.persian.text import search_key

    with database.unit_of_work() as uow:
        office = uow.offices.home()
        uow.catalogue.add(Institution(office_id=office.id, name=name, name_key=search_key(name)))
        uow.audit.append("test", "test_setup", "test", None, {})
        uow.commit()


def test_a_donation_is_stored_with_rials_and_its_receipt_number(database):
    saved = record_donation(
        database,
        draft(
            amount="۱۲٬۶۰۰٬۰۰۰",
            unit="toman",
            intent="ايتام",  # Arabic yeh, as old keyboards type it
            donor=DonorDraft(DonorType.PERSON, "علي رضايي", "۰۰۸۴۵۷۵۹۴۸", "+98 912 123 4567"),
        ),
        actor=clerk("مریم"),
    )
    assert saved.receipt_number == "ZN-1404-000001"
    assert saved.amount_rials == 126_000_000
    [row] = list_donations(database, DonationFilter())
    assert row.donated_on == dt.date(2025, 12, 21)
    assert row.kind is DonationKind.CASH
    assert row.intent == "ایتام"
    assert row.donor_name == "علی رضایی"
    assert row.donor_national_id == "0084575948"
    assert row.receipt_number == saved.receipt_number
    assert row.clerk == "مریم"


def test_receipt_numbers_are_gapless_per_solar_hijri_year(database):
    numbers = [
        record_donation(database, draft(date=date), actor=clerk("c")).receipt_number
        for date in ("1403/12/30", "1404/01/01", "1404/05/05", "1403/11/01", "1404/01/01")
    ]
    assert numbers == [
        "ZN-1403-000001",
        "ZN-1404-000001",
        "ZN-1404-000002",
        "ZN-1403-000002",
        "ZN-1404-000003",
    ]


def test_a_refused_donation_uses_no_number(database):
    record_donation(database, draft(), actor=clerk("c"))
    problems(database, draft(amount="abc"))
    assert record_donation(database, draft(), actor=clerk("c")).receipt_number == "ZN-1404-000002"


def test_institution_rows_get_no_receipt_and_stay_apart(database):
    register_institution(database)
    saved = record_donation(
        database, draft(collector="موسسه خيريه نيكوكاران", amount="900000000"), actor=clerk("c")
    )
    assert saved.receipt_number is None
    assert record_donation(database, draft(), actor=clerk("c")).receipt_number == "ZN-1404-000001"
    office_only = totals(database, DonationFilter(office_only=True))
    assert sum(t.rials for t in office_only) == 1_000_000
    assert sum(t.rials for t in totals(database, DonationFilter())) == 901_000_000


def test_one_donor_is_found_again_by_national_id(database):
    for name in ("علی رضایی", "علي رضائي"):
        record_donation(
            database,
            draft(donor=DonorDraft(DonorType.PERSON, name, "0084575948")),
            actor=clerk("c"),
        )
    with database.reader() as uow:
        assert uow.donors.count() == 1


def test_a_legal_entity_is_recognised_by_its_eleven_digit_id(database):
    record_donation(
        database,
        draft(donor=DonorDraft(DonorType.PERSON, "شرکت نمونه", "10380284790")),
        actor=clerk("c"),
    )
    with database.reader() as uow:
        [donor] = uow.donors.search([["10380284790"]], "", 5)
        assert donor.donor_type == "legal"


def test_anonymous_donation_has_no_donor(database):
    record_donation(database, draft(), actor=clerk("c"))
    [row] = list_donations(database, DonationFilter())
    assert row.donor_name is None


def test_in_kind_and_service_fields(database):
    record_donation(
        database,
        draft(
            kind="in_kind",
            amount="50000000",
            description="یخچال",
            quantity="۲",
            quantity_unit="دستگاه",
        ),
        actor=clerk("c"),
    )
    record_donation(
        database,
        draft(kind="service", amount="4000000", description="ویزیت رایگان", hours="۲٫۵"),
        actor=clerk("c"),
    )
    goods, service = list_donations(database, DonationFilter())
    assert (goods.quantity, goods.quantity_unit, goods.description) == ("2", "دستگاه", "یخچال")
    assert service.service_minutes == 150


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"amount": ""}, ("amount", "Enter an amount.")),
        ({"amount": "0"}, ("amount", "The amount must be more than zero.")),
        ({"amount": "1" + "0" * 15}, ("amount", "The amount is larger than {limit} rials.")),
        ({"kind": "gold"}, ("kind", "The kind must be cash, in-kind or service.")),
        (
            {"channel": "pigeon"},
            (
                "channel",
                "The channel must be desk, card reader, bank transfer, USSD, online or collection box.",
            ),
        ),
        ({"unit": "dollar"}, ("unit", "The unit must be rial or toman.")),
        ({"date": "1404/13/01"}, ("date", "The month must be between 1 and 12.")),
        ({"intent": ""}, ("intent", "Choose the donor's intent.")),
        ({"intent": "نامعلوم"}, ("intent", "The office has no intent named «{name}».")),
        ({"campaign": "جشن"}, ("campaign", "The office has no campaign named «{name}».")),
        ({"county": "تبریز"}, ("county", "The office has no county named «{name}».")),
        (
            {"collector": "موسسه ناشناس"},
            ("collector", "No charity institution named «{name}» is registered."),
        ),
        (
            {"collection_point": "پایگاه"},
            ("collection_point", "Choose the county of the collection point."),
        ),
        (
            {"county": "زنجان", "collection_point": "پایگاه"},
            ("collection_point", "The county has no collection point named «{name}»."),
        ),
        ({"kind": "in_kind"}, ("description", "Describe the goods given.")),
        (
            {"kind": "in_kind", "description": "برنج", "quantity": "-2"},
            ("quantity", "The quantity must be a number more than zero."),
        ),
        ({"quantity": "2"}, ("quantity", "Only in-kind donations have a quantity.")),
        (
            {"kind": "service", "description": "x"},
            ("hours", "Enter the hours of service, a number more than zero."),
        ),
        ({"hours": "2"}, ("hours", "Only volunteer services have hours.")),
        (
            {"description": "x" * 501},
            ("description", "This text is longer than {limit} characters."),
        ),
        (
            {"donor": DonorDraft(DonorType.PERSON, "", "")},
            ("donor_name", "Enter the donor's name, or choose anonymous."),
        ),
        (
            {"donor": DonorDraft(DonorType.PERSON, "علی", "0084575949")},
            ("donor_national_id", "This national ID is not valid (check digit does not match)."),
        ),
        (
            {"donor": DonorDraft(DonorType.LEGAL, "شرکت", "0084575948")},
            ("donor_national_id", "The legal entity's national ID must have 11 digits."),
        ),
        (
            {"donor": DonorDraft(DonorType.PERSON, "علی", "", "0212345")},
            (
                "donor_mobile",
                "A mobile number is 11 digits starting with 09, for example 09121234567.",
            ),
        ),
    ],
)
def test_each_bad_field_is_named_and_nothing_is_stored(database, changes, expected):
    assert expected in problems(database, draft(**changes))
    assert list_donations(database, DonationFilter()) == []


def test_a_date_after_today_is_refused_and_today_itself_is_taken(database, today):
    tomorrow = today + dt.timedelta(days=1)
    with pytest.raises(ValidationFailed) as caught:
        record_donation(database, draft(date=tomorrow), actor=clerk("c"), today=today)
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("date", "The date is in the future.")
    ]
    saved = record_donation(database, draft(date=today), actor=clerk("c"), today=today)
    assert saved.receipt_number == f"ZN-{jalali_year(today)}-000001"


def test_every_problem_is_reported_at_once(database):
    found = problems(database, draft(amount="x", date="x", intent=""))
    assert {field for field, _ in found} == {"amount", "date", "intent"}


def test_recording_needs_an_office(empty_database):
    with pytest.raises(NotFound):
        record_donation(empty_database, draft(), actor=clerk("c"))


def test_the_clerks_choices_are_kept_in_the_donations_own_transaction(database, monkeypatch):
    from charity_desktop.services import catalogue, donations

    choices = {"channel": "pos", "county": "زنجان"}
    saved = record_donation(database, draft(), actor=clerk("مریم"), entry_defaults=choices)
    assert saved.receipt_number and catalogue.clerk_defaults(database, "مریم") == choices

    def broken(*_args):
        raise RuntimeError("the settings could not be written")

    monkeypatch.setattr(donations, "keep_clerk_defaults", broken)
    with pytest.raises(RuntimeError):
        record_donation(database, draft(amount="7000"), actor=clerk("مریم"), entry_defaults={})
    assert [r.amount_rials for r in list_donations(database, DonationFilter())] == [1_000_000]


def test_ten_equal_digits_are_a_warning_the_clerk_confirms(database):
    unusual = DonorDraft(DonorType.PERSON, "علی", "۱۱۱۱۱۱۱۱۱۱")
    with pytest.raises(ValidationFailed) as caught:
        record_donation(database, draft(donor=unusual), actor=clerk("c"))
    [problem] = caught.value.problems
    assert (problem.field, problem.warning) == ("donor_national_id", True)
    assert caught.value.only_warnings
    confirmed = DonorDraft(DonorType.PERSON, "علی", "1111111111", national_id_confirmed=True)
    record_donation(database, draft(donor=confirmed), actor=clerk("c"))
    [row] = list_donations(database, DonationFilter())
    assert row.donor_national_id == "1111111111"


def test_an_import_with_an_unusual_id_stores_only_when_warnings_are_accepted(database):
    from charity_desktop.services.donations import import_donations

    rows = [
        (2, draft(donor=DonorDraft(DonorType.PERSON, "علی", "0084575948"))),
        (3, draft(donor=DonorDraft(DonorType.PERSON, "رضا", "2222222222"))),
    ]
    with pytest.raises(ValidationFailed) as caught:
        import_donations(database, rows, actor=clerk("c"))
    assert [(p.row, p.field, p.warning) for p in caught.value.problems] == [
        (3, "donor_national_id", True)
    ]
    assert list_donations(database, DonationFilter()) == []
    report = import_donations(database, rows, actor=clerk("c"), accept_warnings=True)
    assert report.rows == 2
