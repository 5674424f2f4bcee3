"""The audit-trail viewer: filters by person, record and day; Solar Hijri dates and Persian
digits; a clerk is told why it stays empty."""

from __future__ import annotations

import datetime as dt
import os
import re

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from charity_desktop.domain.users import Actor, Role
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.services.receipts import void_receipt
from charity_desktop.translation import Translator
from charity_desktop.ui.audit_view import AuditView
from charity_desktop.ui.main_window import MainWindow
from tests.actors import SUPERVISOR, clerk
from tests.ui.conftest import desk, known_donor_gives

AUDITOR = Actor("حسابرس", Role.AUDITOR)


def cells(view, row):
    return [view.table.item(row, column).text() for column in range(view.table.columnCount())]


def test_the_audit_view_filters_by_person_record_and_day(qtbot, persian_app, database, tmp_path):
    first = known_donor_gives(database, 1_000_000)
    second = known_donor_gives(database, 2_000_000)
    void_receipt(database, second.receipt_number, reason="ثبت تکراری", actor=SUPERVISOR)
    view = AuditView(database, Translator("fa"), *desk(database, AUDITOR))
    qtbot.addWidget(view)
    view.resize(1366, 500)
    view.show()
    view.apply()
    assert view.table.rowCount() == 4  # the office set up, two donations, a void
    time, person, action, record, details = cells(view, 0)
    assert (person, action) == ("سرپرست", "ابطال رسید")
    assert time.startswith(format_jalali(dt.date.today())) and not re.search("[0-9]", time)
    assert record.startswith("کمک") and second.uuid in record
    codes = details.replace(second.uuid, "").replace("ZN-1404-000002", "")
    assert "ثبت تکراری" in details and not re.search("[0-9]", codes)  # codes keep their digits
    assert details.startswith("شماره رسید: ZN-1404-000002، علت: ثبت تکراری، سابقه‌های مهرشده: ")
    assert view.count.text() == "۴ ردپا."
    QTest.keyClicks(view.person, "t")
    QTest.keyClick(view.person, Qt.Key.Key_Return)
    assert [cells(view, row)[2] for row in range(view.table.rowCount())] == ["ثبت کمک"] * 2
    view.person.clear()
    view.record.setText(first.receipt_number)
    view.show_button.click()
    assert view.table.rowCount() == 1 and first.uuid in cells(view, 0)[3]
    view.record.clear()
    view.dated.setChecked(True)
    view.date_from.set_date(dt.date.today() + dt.timedelta(days=1))
    view.date_to.set_date(dt.date.today() + dt.timedelta(days=2))
    view.show_button.click()
    assert view.table.rowCount() == 0
    view.date_from.set_date(dt.date.today())
    view.show_button.click()
    assert view.table.rowCount() == 4
    view.grab().save(str(tmp_path / "audit.png"))
    if os.environ.get("AUDIT_VIEW_PNG"):  # to look at it: AUDIT_VIEW_PNG=/tmp/audit.png
        view.grab().save(os.environ["AUDIT_VIEW_PNG"])


def test_a_clerk_is_told_why_the_trail_stays_closed(qtbot, persian_app, database):
    known_donor_gives(database, 1_000)
    view = AuditView(database, Translator("fa"), *desk(database, clerk("مریم")))
    qtbot.addWidget(view)
    view.apply()
    assert view.table.rowCount() == 0 and "اجازه" in view.message.text()


def test_the_window_has_the_audit_tab_and_opens_it_for_an_auditor(qtbot, persian_app, database):
    window = MainWindow(database, Translator("fa"), AUDITOR)
    qtbot.addWidget(window)
    window.pages.setCurrentWidget(window.audit)
    assert window.pages.tabText(window.pages.currentIndex()) == "ردپای تغییرات"
    assert window.audit.table.rowCount() >= 1
