import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from charity_desktop.domain.enums import DonorType
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services.catalogue import load_catalogue
from charity_desktop.services.donations import record_donation, totals
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.services.office import office_info
from charity_desktop.translation import Translator
from charity_desktop.ui.donors_view import DonorsView
from charity_desktop.ui.main_window import MainWindow
from charity_desktop.ui.settings_view import SettingsView
from tests.actors import ADMIN, SUPERVISOR, clerk
from tests.ui.conftest import desk


def give(database, date, amount, donor):
    record_donation(
        database,
        DonationDraft(kind="cash", amount=str(amount), date=date, intent="ایتام", donor=donor),
        actor=clerk("t"),
    )


def test_donor_history_and_totals_per_year(qtbot, persian_app, database):
    ali = DonorDraft(DonorType.PERSON, "علی رضایی", "0084575948", "09121234567")
    give(database, "1403/05/01", 1_000, ali)
    give(database, "1404/02/01", 2_000, ali)
    give(database, "1404/08/01", 3_000, ali)
    give(database, "1404/08/01", 9_000, DonorDraft(DonorType.PERSON, "زهرا احمدی"))
    view = DonorsView(database, Translator("fa"), desk(database, clerk("t"))[1])
    qtbot.addWidget(view)
    view.find("رضايي")
    assert view.results.count() == 1
    view.results.setCurrentRow(0)
    assert view.heading.text() == "علی رضایی (حقیقی) — ۳ کمک، در مجموع ۶٬۰۰۰ ریال"
    years = [[view.years.item(r, c).text() for c in range(3)] for r in range(view.years.rowCount())]
    assert years == [["۱۴۰۴", "۲", "۵٬۰۰۰"], ["۱۴۰۳", "۱", "۱٬۰۰۰"]]
    assert view.history.rowCount() == 3
    assert view.history.item(0, 1).text() == "۱۴۰۴/۰۸/۰۱"


def test_settings_change_office_and_catalogues(qtbot, persian_app, database):
    view = SettingsView(
        database, Translator("fa"), *desk(database, SUPERVISOR), print_test_page=lambda: None
    )
    qtbot.addWidget(view)
    view.show()  # a room is read when it first shows
    view.office_name.setText("اداره کل بهزیستی استان زنجان")
    view.unit.setCurrentIndex(view.unit.findData("toman"))
    view.save_office.click()
    assert view.office_message.text() == "ذخیره شد."
    info = office_info(database)
    assert (info.name, info.display_unit.value, info.code) == (
        "اداره کل بهزیستی استان زنجان",
        "toman",
        "ZN",
    )

    counties = view.editors["counties"]
    counties.name.setText("ابهر")
    counties.add_button.click()
    counties.name.setText("ابهر")
    counties.add_button.click()
    assert counties.message.text() == "نام: «ابهر» پیش‌تر ثبت شده است."
    points = view.editors["collection_points"]
    view.point_county.setCurrentIndex(view.point_county.findText("ابهر"))
    points.name.setText("پایگاه مرکزی ابهر")
    points.add_button.click()
    campaigns = view.editors["campaigns"]
    view.campaign_dates.setChecked(True)
    campaigns.name.setText("جشن نیکوکاری ۱۴۰۴")
    campaigns.add_button.click()
    institutions = view.editors["institutions"]
    institutions.name.setText("موسسه خیریه امید")
    institutions.add_button.click()
    intents = view.editors["intents"]
    intents.list.setCurrentRow(0)
    intents.name.setText("ایتام و فرزندان محسنین")
    intents.rename_button.click()
    lists = load_catalogue(database)
    abhar = next(c for c in lists.counties if c.name == "ابهر")
    assert [p.name for p in lists.points_of(abhar.id)] == ["پایگاه مرکزی ابهر"]
    assert [c.name for c in lists.campaigns] == ["جشن نیکوکاری 1404"]
    assert lists.campaigns[0].starts_on is not None
    assert [i.name for i in lists.institutions] == ["موسسه خیریه امید"]
    assert lists.intents[0].name == "ایتام و فرزندان محسنین"
    view.office_name.setText("  ")
    view.save_office.click()
    assert view.office_message.text() == "نام اداره: پر کردن این خانه لازم است."


@pytest.fixture
def window(qtbot, persian_app, database, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window = MainWindow(database, Translator("fa"), ADMIN)
    window.shown = shown
    qtbot.addWidget(window)
    return window


def test_import_runs_behind_a_progress_dialog(qtbot, window, database, tmp_path):
    path = tmp_path / "in.csv"
    rows = "".join(f"1404/09/30,cash,{1000 + i},زکات\n" for i in range(1200))
    path.write_text("date,kind,amount,intent\n" + rows, encoding="utf-8")
    window.data.import_file(str(path))
    assert window.ops.job is not None and window.ops.dialog.labelText() == "در حال ورود in.csv"
    qtbot.waitUntil(lambda: window.ops.job is None, timeout=30_000)
    assert window.shown[-1].startswith("۱٬۲۰۰ ردیف وارد شد.")
    assert sum(t.count for t in totals(database, DonationFilter())) == 1200


def test_a_bad_file_is_explained_and_stores_nothing(qtbot, window, database, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("date,kind,amount,intent\n1404/09/30,cash,abc,زکات\n", encoding="utf-8")
    window.data.import_file(str(path))
    qtbot.waitUntil(lambda: window.ops.job is None, timeout=30_000)
    assert window.shown[-1] == "ردیف ۲، مبلغ: مبلغ باید عددی صحیح و فقط با رقم نوشته شود."
    assert sum(t.count for t in totals(database, DonationFilter())) == 0


def test_demo_data_can_be_cancelled_keeping_whole_batches(qtbot, window, database):
    window.data.add_demo_data(60_000)
    window.ops.dialog.findChild(QPushButton).click()  # the dialog's Cancel button
    qtbot.waitUntil(lambda: window.ops.job is None, timeout=60_000)
    stored = sum(t.count for t in totals(database, DonationFilter(include_voided=True)))
    assert stored < 60_000 and stored % 20_000 == 0


def test_a_file_with_many_bad_rows_shows_the_first_and_counts_the_rest(
    qtbot, window, database, tmp_path
):
    path = tmp_path / "bad.csv"
    rows = "".join(f"1404/09/30,cash,abc{row},زکات\n" for row in range(30))
    path.write_text("date,kind,amount,intent\n" + rows, encoding="utf-8")
    window.data.import_file(str(path))
    qtbot.waitUntil(lambda: window.ops.job is None, timeout=30_000)
    lines = window.shown[-1].splitlines()
    assert len(lines) == 13 and lines[0].startswith("ردیف ۲، مبلغ:")
    assert lines[-1] == "… و ۱۸ ایراد دیگر."
    assert sum(t.count for t in totals(database, DonationFilter())) == 0
