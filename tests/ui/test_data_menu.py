import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services.database import open_database
from charity_desktop.services.demo import build_demo
from charity_desktop.services.donations import totals
from charity_desktop.services.office import set_up_office
from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import MainWindow
from tests.actors import ADMIN, clerk
from tests.ui.conftest import settle


@pytest.fixture
def messages(monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


def window_for(qtbot, database):
    window = MainWindow(database, Translator("fa"), ADMIN)
    qtbot.addWidget(window)
    return window


def test_card_export_register_merge_and_report_by_office(qtbot, persian_app, tmp_path, messages):
    county = open_database(str(tmp_path / "abhar.sqlite3"))
    set_up_office(county, name="اداره بهزیستی ابهر", code="ZNA", province="زنجان", county="ابهر")
    build_demo(county, donations=400, seed=4, actor=ADMIN, today=dt.date.today())
    centre = open_database(str(tmp_path / "centre.sqlite3"))
    set_up_office(
        centre, name="اداره کل بهزیستی استان زنجان", code="ZN", province="زنجان", county="زنجان"
    )
    at_county, at_centre = window_for(qtbot, county), window_for(qtbot, centre)

    at_county.data.save_card(tmp_path / "card.json")
    at_centre.data.register_card(tmp_path / "card.json")
    assert (
        messages[-1] == "اداره ZNA (اداره بهزیستی ابهر) ثبت شد؛ اکنون بسته‌هایش را می‌توان ادغام کرد."
    )
    at_county.data.export_package(tmp_path / "abhar.zip")
    qtbot.waitUntil(lambda: at_county.ops.job is None, timeout=30_000)
    at_centre.data.merge_package(tmp_path / "abhar.zip")
    qtbot.waitUntil(lambda: at_centre.ops.job is None, timeout=30_000)
    assert messages[-1].startswith("بسته ZNA (اداره بهزیستی ابهر) ادغام شد:")
    assert "کمک‌ها: ۴۰۰ افزوده، ۰ به‌روز شده" in messages[-1]
    assert sum(t.rials for t in totals(centre, DonationFilter())) == sum(
        t.rials for t in totals(county, DonationFilter())
    )
    at_centre.data.merge_package(tmp_path / "abhar.zip")
    qtbot.waitUntil(lambda: at_centre.ops.job is None, timeout=30_000)
    assert messages[-1].endswith("چیز تازه‌ای نبود: این بسته پیش‌تر ادغام شده است.")

    reports = at_centre.reports
    assert reports.office.findData("ZNA") > 0
    reports.office.setCurrentIndex(reports.office.findData("ZN"))
    reports.span.setCurrentIndex(reports.span.findData(12))
    reports.calculate()
    qtbot.waitUntil(lambda: reports.summary is not None, timeout=10_000)
    assert reports.summary.grand_total.rials == 0  # the centre itself took nothing


def test_a_wrong_card_and_a_foreign_package_are_explained(
    qtbot, persian_app, database, tmp_path, messages
):
    window = window_for(qtbot, database)
    (tmp_path / "card.json").write_text("{}", encoding="utf-8")
    window.data.register_card(tmp_path / "card.json")
    assert messages[-1] == "این پرونده کارت شناسایی اداره نیست."
    (tmp_path / "x.zip").write_bytes(b"PK\x03\x04garbage")
    window.data.merge_package(tmp_path / "x.zip")
    qtbot.waitUntil(lambda: window.ops.job is None, timeout=10_000)
    assert messages[-1] == "بسته خراب یا ناقص است؛ چیزی ادغام نشد."


def test_backup_now_check_and_backup_on_close(qtbot, persian_app, database, messages):
    window = window_for(qtbot, database)
    window.data.back_up(announce=True)
    settle(window)
    assert messages[-1].startswith("پشتیبان در ")
    path = Path(messages[-1].removeprefix("پشتیبان در ").removesuffix(" نوشته شد."))
    assert path.exists(), messages[-1]
    window.data.check_database()
    settle(window)
    assert messages[-1].startswith("پایگاه داده سالم است")
    before = set(path.parent.glob("*.sqlite3"))
    qtbot.wait(1100)  # backups are named by the second
    window.close()
    assert len(set(path.parent.glob("*.sqlite3")) - before) == 1


def test_restore_from_the_window_shows_the_backup_everywhere(
    qtbot, persian_app, database, tmp_path, messages
):
    from charity_desktop.services.backups import make_backup
    from charity_desktop.services.donations import record_donation
    from charity_desktop.services.dto import DonationDraft

    def give(amount):
        record_donation(
            database,
            DonationDraft(kind="cash", amount=str(amount), date="1404/09/30", intent="زکات"),
            actor=clerk("t"),
        )

    give(1000)
    copy = make_backup(database, tmp_path / "copy.sqlite3")
    give(2000)
    window = window_for(qtbot, database)
    assert window.donations.model.rowCount() == 2
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    window.data.restore_backup(broken, confirmed=True)
    settle(window)
    assert messages[-1].startswith("پرونده پشتیبان خراب است")
    window.data.restore_backup(copy, confirmed=True)
    settle(window)
    assert messages[-1].startswith("از copy.sqlite3 بازگردانده شد.")
    assert [row.amount_rials for row in window.donations.model.rows] == [1000]
    give(3000)  # the database works on after the restore
    assert sum(t.count for t in totals(database, DonationFilter())) == 2


def test_a_quiet_backup_that_fails_is_logged_not_shown(
    qtbot, persian_app, database, messages, monkeypatch
):
    from charity_desktop.logs import log_file
    from charity_desktop.services import backups

    window = window_for(qtbot, database)

    def broken(_database):
        raise OSError("disk full")

    monkeypatch.setattr(backups, "make_backup", broken)
    shown = len(messages)
    window.data.back_up(announce=False)
    settle(window)
    assert len(messages) == shown
    assert "periodic backup: disk full" in log_file().read_text(encoding="utf-8")
