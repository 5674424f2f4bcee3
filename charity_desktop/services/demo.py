"""A realistic demo office: one province's counties, donors, two Solar Hijri years of giving."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from charity_desktop.domain.enums import Channel, DonationKind, DonorType
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian.jalali import jalali_to_date, jalali_year
from charity_desktop.persian.text import search_key
from charity_desktop.services.access import authorize
from charity_desktop.services.database import Database
from charity_desktop.services.donations import Progress
from charity_desktop.services.donor_index import index_donors
from charity_desktop.services.office import home_office, set_up_office
from charity_desktop.services.receipts import store_donations
from charity_desktop.storage.models import (
    Campaign,
    CollectionPoint,
    County,
    Institution,
    Intent,
    Office,
    new_uuid,
    utc_now,
)
from charity_desktop.storage.unit_of_work import UnitOfWork

PROVINCE = "زنجان"
COUNTIES = ("زنجان", "ابهر", "خدابنده", "خرمدره", "طارم", "ماه‌نشان", "ایجرود", "سلطانیه")
POINTS = ("پایگاه دائمی جمع‌آوری کمک‌های مردمی", "مرکز نیکوکاری")
INSTITUTIONS = (
    "موسسه خیریه نیکوکاران زنجان",
    "موسسه خیریه حضرت ابوالفضل (ع)",
    "خیریه امام رضا (ع) ابهر",
    "موسسه خیریه مهر خدابنده",
)
FIRST_NAMES = (
    "علی", "محمد", "حسین", "رضا", "مهدی", "امیر", "حسن", "مصطفی", "جواد", "سعید",
    "فاطمه", "زهرا", "مریم", "معصومه", "زینب", "سمیه", "لیلا", "نرگس", "الهام", "مهسا",
    "محمدرضا", "علیرضا", "ابوالفضل", "سیدمحمد", "کبری", "صغری", "رقیه", "یوسف", "ناصر", "اکبر",
)  # fmt: skip
LAST_NAMES = (
    "احمدی", "محمدی", "رضایی", "حسینی", "کریمی", "موسوی", "جعفری", "قاسمی", "صادقی", "رحیمی",
    "توحیدی", "کرمی", "زنجانی", "ابهری", "نوری", "باقری", "اکبری", "یوسفی", "حیدری", "عباسی",
    "میرزایی", "سلطانی", "خدابنده‌لو", "قربانی", "نجفی", "شریفی", "طاهری", "فرجی", "بیگدلی", "افشار",
)  # fmt: skip
GOODS = (
    ("برنج", "کیسه"), ("روغن", "حلب"), ("پتو", "تخته"), ("لوازم‌التحریر", "بسته"),
    ("یخچال", "دستگاه"), ("فرش", "تخته"), ("پوشاک", "دست"), ("گوشت قربانی", "کیلوگرم"),
)  # fmt: skip
SERVICES = ("ویزیت پزشکی رایگان", "مشاوره حقوقی", "تدریس داوطلبانه", "تعمیر منزل مددجو")
BATCH = 20_000


def _national_id(rng: random.Random) -> str:
    while True:
        body = [rng.randrange(10) for _ in range(9)]
        if len(set(body)) > 1:
            break
    remainder = sum(digit * (10 - i) for i, digit in enumerate(body)) % 11
    check = remainder if remainder < 2 else 11 - remainder
    return "".join(map(str, body)) + str(check)


def _ensure_catalogue(uow: UnitOfWork, office: Office, today: dt.date) -> dict[str, Any]:
    """The demo counties, points, institutions and campaigns, registered when missing."""

    def named(model: Any, names: list[str], **extra: Any) -> list[Any]:
        existing = {record.name_key: record for record in uow.catalogue.all(model, office.id)}
        records = []
        for name in names:
            record = existing.get(search_key(name))
            if record is None:
                record = uow.catalogue.add(
                    model(office_id=office.id, name=name, name_key=search_key(name), **extra)
                )
            records.append(record)
        return records

    counties = named(County, list(COUNTIES))
    existing_points = {
        (p.county_id, p.name_key) for p in uow.catalogue.all(CollectionPoint, office.id)
    }
    points: dict[int, list[int]] = {}
    for county in counties:
        for point_name in POINTS:
            name = f"{point_name} {county.name}"
            if (county.id, search_key(name)) not in existing_points:
                uow.catalogue.add(
                    CollectionPoint(
                        office_id=office.id,
                        county_id=county.id,
                        name=name,
                        name_key=search_key(name),
                    )
                )
    for point in uow.catalogue.all(CollectionPoint, office.id):
        points.setdefault(point.county_id, []).append(point.id)
    year = jalali_year(today)
    campaigns = []
    for campaign_year in (year - 1, year):
        for name, start, end in (
            (f"جشن نیکوکاری {campaign_year}", (12, 15), (12, 29)),
            (f"جشن عاطفه‌ها {campaign_year}", (7, 1), (7, 10)),
        ):
            first = jalali_to_date(campaign_year, *start)
            last = jalali_to_date(campaign_year, *end)
            campaigns.extend(named(Campaign, [name], starts_on=first, ends_on=last))
    return {
        "counties": [c.id for c in counties],
        "points": points,
        "institutions": [i.id for i in named(Institution, list(INSTITUTIONS))],
        "intents": [i.id for i in uow.catalogue.all(Intent, office.id)],
        "campaigns": [(c.id, c.starts_on, c.ends_on) for c in campaigns],
    }


def _donors(rng: random.Random, office: Office, count: int) -> list[dict[str, Any]]:
    donors = []
    for index in range(count):
        legal = index % 50 == 0
        name = (
            f"شرکت {rng.choice(LAST_NAMES)} و شرکا"
            if legal
            else f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        )
        donors.append(
            {
                "uuid": new_uuid(),
                "office_id": office.id,
                "donor_type": (DonorType.LEGAL if legal else DonorType.PERSON).value,
                "name": name,
                "name_key": search_key(name),
                "national_id": None if legal else _national_id(rng),
                "mobile": f"09{rng.choice((12, 13, 19, 35, 36, 37, 21, 24))}{rng.randrange(10**7):07d}",
                "address": None,
                "created_at": utc_now(),
            }
        )
    return donors


def _amount(rng: random.Random, low: int, high: int, step: int = 100_000) -> int:
    """Roughly log-uniform between `low` and `high` rials, rounded to `step`."""
    value = int(low * (high / low) ** rng.random())
    return max(step, value - value % step)


def _donation(
    rng: random.Random, day: dt.date, catalogue: dict[str, Any], donor_ids: list[int]
) -> dict[str, Any]:
    institution = rng.random() < 0.03
    roll = rng.random()
    kind = (
        DonationKind.CASH
        if roll < 0.75
        else DonationKind.IN_KIND
        if roll < 0.93
        else DonationKind.SERVICE
    )
    row: dict[str, Any] = {
        "kind": kind.value,
        "donated_on": day,
        "description": None,
        "quantity": None,
        "quantity_unit": None,
        "service_minutes": None,
        "institution_id": None,
        "campaign_id": None,
    }
    county = rng.choice(catalogue["counties"])
    row["county_id"] = county
    row["collection_point_id"] = (
        rng.choice(catalogue["points"][county]) if rng.random() < 0.6 else None
    )
    row["intent_id"] = rng.choice(catalogue["intents"])
    for campaign_id, starts_on, ends_on in catalogue["campaigns"]:
        if starts_on <= day <= ends_on and rng.random() < 0.7:
            row["campaign_id"] = campaign_id
    if kind is DonationKind.CASH:
        row["channel"] = rng.choices([c.value for c in Channel], weights=(30, 25, 15, 10, 12, 8))[0]
        row["amount_rials"] = _amount(rng, 200_000, 50_000_000)
    elif kind is DonationKind.IN_KIND:
        item, unit = rng.choice(GOODS)
        quantity = rng.randint(1, 40)
        row.update(
            channel=Channel.DESK.value,
            description=item,
            quantity=str(quantity),
            quantity_unit=unit,
            amount_rials=_amount(rng, 1_000_000, 300_000_000),
        )
    else:
        hours = rng.randint(2, 40)
        row.update(
            channel=Channel.DESK.value,
            description=rng.choice(SERVICES),
            service_minutes=hours * 60,
            amount_rials=hours * rng.choice((500_000, 800_000, 1_500_000)),
        )
    if institution:
        row.update(
            institution_id=rng.choice(catalogue["institutions"]),
            channel=Channel.BANK_TRANSFER.value,
            amount_rials=_amount(rng, 50_000_000, 2_000_000_000, 1_000_000),
            collection_point_id=None,
        )
    anonymous = institution or row["channel"] == Channel.COLLECTION_BOX.value or rng.random() < 0.25
    row["donor_id"] = None if anonymous else rng.choice(donor_ids)
    return row


def _days(rng: random.Random, count: int, first: dt.date, last: dt.date) -> list[dt.date]:
    """`count` dates between `first` and `last`, busier in the charity festival weeks."""
    span = (last - first).days
    days = []
    for _ in range(count):
        day = first + dt.timedelta(days=rng.randrange(span + 1))
        if day.weekday() == 4 and rng.random() < 0.7:  # Friday: offices are closed
            day -= dt.timedelta(days=1)
        days.append(max(first, day))
    return sorted(days)


def build_demo(
    database: Database,
    *,
    donations: int,
    actor: Actor,
    today: dt.date,
    seed: int = 1,
    donors: int | None = None,
    progress: Progress | None = None,
) -> int:
    """Fill the database with a demo office's data; return the donations stored.

    The donations are dated from 1 Farvardin of last Solar Hijri year up to `today`, and the
    same `seed` and `today` give the same office. `donors` defaults to one donor per eight donations (at least 50).

    An empty database gets the demo office (code ZN, Zanjan); one already set up keeps its
    office and gains the demo catalogues. Work is committed in batches, each with its own
    gapless receipt numbers, so a cancel (progress returning False) keeps whole batches only.
    """
    authorize(database, actor, Permission.MANAGE_USERS)
    rng = random.Random(seed)
    with database.reader() as uow:
        has_office = uow.offices.home() is not None
    if not has_office:
        set_up_office(
            database,
            name="اداره کل بهزیستی استان زنجان",
            code="ZN",
            province=PROVINCE,
            county="زنجان",
        )
    with database.unit_of_work() as uow:
        office = home_office(uow)
        catalogue = _ensure_catalogue(uow, office, today)
        donor_rows = _donors(rng, office, max(50, donations // 8) if donors is None else donors)
        uow.donors.add_many(donor_rows)
        index_donors(uow, uow.donors.search_columns(uuids=(row["uuid"] for row in donor_rows)))
        uow.audit.append(
            actor.name, "demo_catalogue", "office", office.uuid, {"donors": len(donor_rows)}
        )
        uow.commit()
    days = _days(rng, donations, jalali_to_date(jalali_year(today) - 1, 1, 1), today)
    with database.reader() as uow:
        donor_ids = uow.donors.ids(office.id)
    stored = 0
    for start in range(0, donations, BATCH):
        with database.unit_of_work() as uow:
            office = home_office(uow)
            rows = [
                {
                    "uuid": new_uuid(),
                    "office_id": office.id,
                    "clerk": "demo",
                    "created_at": utc_now(),
                    **_donation(rng, day, catalogue, donor_ids),
                    "receipt_year": None,
                    "receipt_sequence": None,
                    "receipt_number": None,
                }
                for day in days[start : start + BATCH]
            ]
            store_donations(uow, office, rows, actor=actor.name, action="demo_data")
            uow.commit()
        stored += len(rows)
        if progress is not None and progress(stored, donations) is False:
            break
    return stored
