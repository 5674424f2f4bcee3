"""Finding donors as a clerk types, through the search index kept beside every donor."""

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest

from charity_desktop.domain.enums import DonorType
from charity_desktop.services.database import open_database
from charity_desktop.services.demo import build_demo
from charity_desktop.services.donations import import_donations, record_donation
from charity_desktop.services.donor_index import INDEX_SETTING
from charity_desktop.services.donors import search_donors
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.services.exchange import (
    office_identity,
    register_office,
)
from charity_desktop.services.office import set_up_office
from tests.actors import ADMIN, CLERK, SUPERVISOR
from tests.packages import merge, package
from tests.raw import sqlite_path

FIXTURES = Path(__file__).parent.parent / "storage" / "fixtures"
DONORS = [
    ("محمد‌رضا احمدی", "0084575948", "09121234567"),
    ("عبدالله رضایی", "0013542419", "09357654321"),
    ("فاطمه حسین‌زاده", None, "09191112233"),
    ("شرکت فولاد زنجان و شرکا", "10380284790", None),
]


def gift(name, national_id=None, mobile=None):
    donor_type = DonorType.LEGAL if national_id and len(national_id) == 11 else DonorType.PERSON
    return DonationDraft(
        kind="cash",
        amount="100000",
        date="1404/09/30",
        intent="ایتام",
        donor=DonorDraft(donor_type, name, national_id or "", mobile or ""),
    )


@pytest.fixture
def donors(database):
    for row in DONORS:
        record_donation(database, gift(*row), actor=CLERK)
    return database


def names(database, typed):
    return [donor.name for donor in search_donors(database, typed)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("احمد", ["محمد‌رضا احمدی"]),
        ("رضا", ["محمد‌رضا احمدی", "عبدالله رضایی"]),  # a word, and the start of «رضایی»
        ("محمدرضا", ["محمد‌رضا احمدی"]),  # written without ZWNJ
        ("محمد رضا", ["محمد‌رضا احمدی"]),  # or with a space
        ("عبد الله", ["عبدالله رضایی"]),
        ("رضايي", ["عبدالله رضایی"]),  # Arabic yeh
        ("احمدی محمد", ["محمد‌رضا احمدی"]),  # surname first
        ("زاده", ["فاطمه حسین‌زاده"]),  # the part after a ZWNJ is a word
        ("فولاد", ["شرکت فولاد زنجان و شرکا"]),
        ("۰۰۸۴۵", ["محمد‌رضا احمدی"]),  # first digits of a national ID, Persian digits
        ("5948", ["محمد‌رضا احمدی"]),  # last digits of a national ID
        ("٤٥٦٧", ["محمد‌رضا احمدی"]),  # last digits of a mobile, Arabic-Indic digits
        ("0935", ["عبدالله رضایی"]),
        ("935765", ["عبدالله رضایی"]),  # a mobile without its leading zero
        ("1038028", ["شرکت فولاد زنجان و شرکا"]),
        ("رضا 0912", ["محمد‌رضا احمدی"]),  # words and digits together narrow
        ("حمد", []),  # the middle of a word is not a start
        ("09", []),  # fewer than three digits find nothing by number
        ("ژولیت", []),
        ("   ", []),
    ],
)
def test_a_donor_is_found_by_the_start_of_a_word_or_either_end_of_a_number(donors, typed, expected):
    assert names(donors, typed) == expected


def test_imported_demo_and_merged_donors_are_found(tmp_path, database):
    report = import_donations(database, [(2, gift("زهرا کاظمی", None, "09127778899"))], actor=CLERK)
    assert report.rows == 1
    assert names(database, "کاظمی") == ["زهرا کاظمی"]

    county = open_database(str(tmp_path / "county.sqlite3"))
    set_up_office(county, name="اداره بهزیستی ابهر", code="ZNA", province="زنجان", county="ابهر")
    build_demo(county, donations=300, seed=4, actor=ADMIN, today=dt.date.today())
    record_donation(county, gift("نرگس ملکوتی", None, "09123334455"), actor=CLERK)
    assert names(county, "ملکوتی") == ["نرگس ملکوتی"]
    with county.reader() as uow:
        demo_donor = uow.donors.search_columns(after=0, count=1)[0][1]
    assert demo_donor in names(county, demo_donor)

    register_office(database, office_identity(county), actor=SUPERVISOR)
    merge(database, package(county, tmp_path / "abhar.zip"))
    assert names(database, "ملکوتی") == ["نرگس ملکوتی"]
    assert names(database, "4455") == ["نرگس ملکوتی"]
    county.close()


def test_an_older_database_gets_its_index_built_when_opened(tmp_path):
    path = tmp_path / "old.sqlite3"
    shutil.copy(FIXTURES / "schema_0002.sqlite3", path)
    database = open_database(str(path))
    assert names(database, "رضایی") == ["علی رضایی"]
    database.close()


@pytest.mark.sqlite_only
def test_an_index_built_another_way_is_rebuilt_once(tmp_path, donors):
    path = sqlite_path(donors)
    donors.close()
    with sqlite3.connect(path) as connection:
        connection.execute("DELETE FROM donor_search_terms")
        connection.execute("UPDATE settings SET value = '0' WHERE key = ?", (INDEX_SETTING,))
    connection.close()
    database = open_database(str(path))
    assert names(database, "احمدی") == ["محمد‌رضا احمدی"]
    with sqlite3.connect(path) as connection:
        terms = connection.execute("SELECT count(*) FROM donor_search_terms").fetchone()[0]
    connection.close()
    database.close()
    # One per word-run of each name and two per number (forwards, backwards): 7 + 6 + 5 + 7.
    assert terms == 25
