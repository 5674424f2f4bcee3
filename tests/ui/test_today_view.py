"""The home room «امروز»: the first room a clerk sees, with the day's figures, their own
receipts, the last entries, the backup reminder and the closing print."""

import datetime as dt

from PySide6.QtWidgets import QLabel, QMessageBox

from charity_desktop.domain.users import Actor, Role
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.services import receipts
from charity_desktop.services.donations import record_donation
from charity_desktop.services.dto import DonationDraft
from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import MainWindow
from tests.actors import CLERK, SUPERVISOR, clerk
from tests.reports.pdf import pdf_text
from tests.ui.conftest import settle

AUDITOR = Actor("حسابرس", Role.AUDITOR)


def given_today(database, actor, rials, kind="cash"):
    return record_donation(
        database,
        DonationDraft(
            kind=kind,
            amount=str(rials),
            date=format_jalali(dt.date.today(), persian_digits=False),
            intent="ایتام",
            description="برنج" if kind == "in_kind" else "",
        ),
        actor=actor,
    ).receipt_number


def open_window(qtbot, database, actor, fake_print=None):
    window = MainWindow(database, Translator("fa"), actor, print_dialog=fake_print)
    qtbot.addWidget(window)
    window.show()
    settle(window)
    return window


def test_a_clerk_starts_on_today_with_the_days_figures_and_their_own(qtbot, persian_app, database):
    first = given_today(database, CLERK, 1_500_000)
    given_today(database, CLERK, 2_500_000)
    given_today(database, clerk("رضا"), 7_000_000)
    voided = given_today(database, clerk("رضا"), 100_000)
    receipts.void_receipt(database, voided, reason="مبلغ اشتباه بود", actor=SUPERVISOR)

    window = open_window(qtbot, database, CLERK)
    view = window.today
    assert window.pages.currentWidget() is view
    assert window.pages.tabText(0) == "امروز"
    assert view.heading.text().startswith("امروز، " + format_jalali(dt.date.today()))
    figures = view.figures.text()
    assert "رسیدهای امروز: ۳." in figures
    assert "نقدی: ۳ رسید، ۱۱٬۰۰۰٬۰۰۰ ریال." in figures
    assert "باطل‌شده‌های امروز: ۱." in figures
    assert "حضوری: ۳ رسید، نقدیِ آن ۱۱٬۰۰۰٬۰۰۰ ریال." in figures  # and by channel
    assert view.mine.text() == "رسیدهای شما امروز: ۲؛ نقدی شما: ۴٬۰۰۰٬۰۰۰ ریال."
    shown = [view.last.item(row, 0).text().strip("\u202a\u202c") for row in range(4)]
    assert view.last.rowCount() == 4 and shown[0] == voided and shown[-1] == first
    assert view.last.item(0, 6).text() == "باطل شد: مبلغ اشتباه بود"
    assert view.last.item(3, 6).text() == ""


def test_a_new_entry_shows_on_today_when_the_clerk_comes_back(qtbot, persian_app, database):
    window = open_window(qtbot, database, CLERK)
    view = window.today
    assert "رسیدهای امروز: ۰." in view.figures.text() and view.last.rowCount() == 0
    view.new_button.click()
    assert window.pages.currentWidget() is window.entry
    given_today(database, CLERK, 3_000_000)  # saved as the form would, then back home
    window.pages.setCurrentWidget(view)
    settle(window)
    assert view.last.rowCount() == 1
    assert view.mine.text() == "رسیدهای شما امروز: ۱؛ نقدی شما: ۳٬۰۰۰٬۰۰۰ ریال."


def test_the_backup_reminder_goes_once_a_backup_is_made(qtbot, persian_app, database, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    window = open_window(qtbot, database, CLERK)
    view = window.today
    assert view.backup_reminder.isVisible()
    reminder = view.backup_reminder.findChild(QLabel, "reminder_text")
    assert "هنوز هیچ پشتیبانی گرفته نشده است" in reminder.text()
    assert not view.package_reminder.isVisible()  # this office never sent a package
    view.backup_button.click()
    settle(window)
    assert len(told) == 1 and not view.backup_reminder.isVisible()


def test_todays_closing_prints_from_the_home_room(
    qtbot, persian_app, database, fake_print, tmp_path
):
    number = given_today(database, CLERK, 2_000_000)
    window = open_window(qtbot, database, CLERK, fake_print)
    window.today.closing_button.click()
    settle(window)
    ((pdf, title),) = fake_print.printed
    assert title == "گزارش بستن حساب روز " + format_jalali(dt.date.today())
    document = tmp_path / "closing.pdf"
    document.write_bytes(pdf)
    assert number in pdf_text(document)


def test_an_auditor_has_no_home_room_and_starts_on_the_donations(qtbot, persian_app, database):
    window = open_window(qtbot, database, AUDITOR)
    assert not window.pages.isTabVisible(window.pages.indexOf(window.today))
    assert window.pages.currentWidget() is window.donations
