from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.users import Actor, Role
from charity_desktop.services import users
from charity_desktop.services.donations import list_donations
from charity_desktop.services.office import donation_ceiling, idle_lock_minutes
from charity_desktop.translation import Translator
from charity_desktop.ui.login import LoginDialog
from charity_desktop.ui.main_window import MainWindow
from charity_desktop.ui.settings_view import SettingsView
from tests.actors import ADMIN
from tests.ui.conftest import desk, known_donor_gives

PASSWORD = "a long enough secret"


def accounts(database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)


def test_login_dialog_signs_in_and_explains_a_refusal(qtbot, persian_app, database):
    accounts(database)
    dialog = LoginDialog(database, Translator("fa"))
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "ورود"
    dialog.name.setText("مريم")  # Arabic yeh finds the same account
    qtbot.keyClicks(dialog.password, "wrong password")
    dialog.accept()
    assert dialog.message.text() == "نام یا گذرواژه نادرست است، یا حساب غیرفعال شده است."
    assert dialog.password.text() == "" and dialog.result() != QDialog.DialogCode.Accepted
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.accept()
    assert dialog.actor == Actor("مریم", Role.CLERK)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_disabled_user_is_refused_at_the_dialog(qtbot, persian_app, database):
    accounts(database)
    users.set_active(database, "مریم", False, actor=Actor("مدیر", Role.ADMIN))
    dialog = LoginDialog(database, Translator("fa"))
    qtbot.addWidget(dialog)
    dialog.name.setText("مریم")
    dialog.password.setText(PASSWORD)
    dialog.accept()
    assert dialog.actor is None and dialog.message.text().startswith("نام یا گذرواژه نادرست")


def test_the_window_locks_after_idle_time_and_unlocks_with_the_password(
    qtbot, persian_app, database
):
    accounts(database)
    window = MainWindow(database, Translator("fa"), Actor("مریم", Role.CLERK))
    qtbot.addWidget(window)
    window.show()
    assert window.desk.idle_timer.isActive() and window.desk.idle_timer.interval() == 10 * 60_000
    window.desk.idle_timer.setInterval(50)
    window.desk.idle_timer.start()
    qtbot.waitUntil(lambda: window.desk.lock_dialog is not None, timeout=5_000)
    assert not window.centralWidget().isVisible() and not window.menuBar().isEnabled()
    dialog = window.desk.lock_dialog
    assert dialog.windowTitle() == "قفل شد — دوباره وارد شوید" and dialog.name.text() == "مریم"
    dialog.password.setText("wrong password")
    dialog.accept()
    assert window.desk.lock_dialog is dialog and not window.centralWidget().isVisible()
    dialog.name.setText("مدیر")  # another person may take the desk
    dialog.password.setText(PASSWORD)
    dialog.accept()
    assert window.desk.lock_dialog is None and window.centralWidget().isVisible()
    assert window.desk.actor == window.entry.desk.actor == Actor("مدیر", Role.ADMIN)
    assert window.data.demo_action.isVisible()  # what the admin may do is offered at once


def test_settings_manage_users_and_the_idle_lock(qtbot, persian_app, database):
    accounts(database)
    view = SettingsView(
        database,
        Translator("fa"),
        *desk(database, Actor("مدیر", Role.ADMIN)),
        print_test_page=lambda: None,
    )
    qtbot.addWidget(view)
    view.show()  # a room is read when it first shows
    view.user_name.setText("رضا")
    view.user_role.setCurrentIndex(view.user_role.findData("supervisor"))
    view.user_password.setText(PASSWORD)
    view.add_user_button.click()
    assert ("رضا", "supervisor") in [(u.name, u.role.value) for u in users.list_users(database)]
    view.users.setCurrentRow(0)
    chosen = view.users.currentItem().text().split(" — ")[0]
    view.toggle_user_button.click()
    assert not next(u for u in users.list_users(database) if u.name == chosen).active
    view.idle_minutes.setValue(3)
    view.save_office.click()
    assert idle_lock_minutes(database) == 3
    clerk_view = SettingsView(
        database,
        Translator("fa"),
        *desk(database, Actor("مریم", Role.CLERK)),
        print_test_page=lambda: None,
    )
    qtbot.addWidget(clerk_view)
    clerk_view.show()  # a room is read when it first shows
    clerk_view.user_name.setText("کسی")
    clerk_view.user_password.setText(PASSWORD)
    clerk_view.add_user_button.click()
    assert (
        clerk_view.user_message.text()
        == "مریم (کارمند ثبت) اجازه این کار را ندارد؛ تنها مدیر می‌تواند: از مدیر بخواهید."
    )


def test_a_supervisor_sets_the_ceiling_per_donation_in_settings(qtbot, persian_app, database):
    view = SettingsView(
        database,
        Translator("fa"),
        *desk(database, Actor("سرپرست", Role.SUPERVISOR)),
        print_test_page=lambda: None,
    )
    qtbot.addWidget(view)
    view.show()  # a room is read when it first shows
    assert view.ceiling.text() == "۱۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰"  # the default, ten thousand billion rials
    view.ceiling.clear()
    QTest.keyClicks(view.ceiling, "0")
    view.save_office.click()
    assert "سقف" in view.office_message.text() and donation_ceiling(database) == 10**13
    view.ceiling.clear()
    QTest.keyClicks(view.ceiling, "5000000000")
    assert view.ceiling.text() == "۵٬۰۰۰٬۰۰۰٬۰۰۰"
    view.save_office.click()
    assert view.office_message.text() == "ذخیره شد."
    assert donation_ceiling(database) == 5_000_000_000


def test_the_window_offers_only_the_changes_the_signed_in_role_may_make(
    qtbot, persian_app, database
):
    known_donor_gives(database, 1_000_000)
    accounts(database)
    users.add_user(database, "حسابرس", Role.AUDITOR, PASSWORD, actor=ADMIN)
    (row,) = list_donations(database, DonationFilter())
    login = LoginDialog(database, Translator("fa"))
    qtbot.addWidget(login)
    login.name.setText("حسابرس")
    login.password.setText(PASSWORD)
    login.accept()
    window = MainWindow(database, Translator("fa"), login.actor)
    qtbot.addWidget(window)
    window.show()
    settings = window.settings
    entry_tab = window.pages.indexOf(window.entry)
    clerks = [window.receipts.print_action, window.receipts.paper_action, window.data.import_action]
    others = [
        window.receipts.void_action,
        window.data.demo_action,
        window.data.export_action,
        window.data.merge_action,
        window.data.card_action,
        window.data.register_action,
        window.data.restore_action,
    ]
    edits = [
        settings.save_office,
        settings.campaign_period,
        *(button for e in settings.editors.values() for button in (e.add_button, e.rename_button)),
    ]
    manages = [
        settings.add_user_button,
        settings.toggle_user_button,
        settings.unlock_user_button,
        settings.reset_user_button,
    ]

    def buttons_of_the_donation():
        dialog = window.open_donation(row)
        qtbot.addWidget(dialog)
        return {button.text() for button in dialog.findChildren(QPushButton)} - {"بستن", "&بستن"}

    # The auditor reads everything and is offered no change.
    assert not any(
        action.isVisible() for action in [*clerks, *others, window.receipts.request_action]
    )
    assert window.receipts.closing_action.isVisible() and window.data.verify_action.isVisible()
    assert (
        not window.pages.isTabVisible(entry_tab)
        and window.pages.currentWidget() is not window.entry
    )
    assert all(widget.isHidden() for widget in edits + manages)
    window.pages.setCurrentWidget(settings)  # read when it first shows
    assert not settings.office_name.isEnabled() and settings.users.count() == 3
    assert buttons_of_the_donation() == set()

    window.desk.lock()  # a clerk takes the desk: the clerk's own actions are offered
    window.desk.lock_dialog.name.setText("مریم")
    window.desk.lock_dialog.password.setText(PASSWORD)
    window.desk.lock_dialog.accept()
    assert window.desk.actor == Actor("مریم", Role.CLERK)
    assert all(action.isVisible() for action in clerks)
    assert not any(action.isVisible() for action in others)
    assert window.pages.isTabVisible(entry_tab)
    assert all(widget.isHidden() for widget in edits + manages)
    assert buttons_of_the_donation() == {"چاپ رسید", "درخواست ابطال…"}
    assert window.receipts.request_action.isVisible()  # a clerk asks; a supervisor voids

    window.desk.lock()  # and an admin, everything
    window.desk.lock_dialog.name.setText("مدیر")
    window.desk.lock_dialog.password.setText(PASSWORD)
    window.desk.lock_dialog.accept()
    assert all(action.isVisible() for action in clerks + others)
    assert not window.receipts.request_action.isVisible()
    assert not any(widget.isHidden() for widget in edits + manages)
    assert settings.office_name.isEnabled()
    assert buttons_of_the_donation() == {"چاپ رسید", "ابطال رسید…", "ابطال و ثبت دوباره…"}


def test_the_lock_hides_open_dialogs_and_a_new_idle_time_applies_at_once(
    qtbot, persian_app, database
):
    known_donor_gives(database, 5_000_000)  # before the accounts: by a clerk of no account
    accounts(database)
    window = MainWindow(database, Translator("fa"), Actor("مدیر", Role.ADMIN))
    qtbot.addWidget(window)
    window.show()
    dialog = window.open_donation(window.donations.model.rows[0])
    assert dialog.isVisible()
    window.desk.lock()
    assert not dialog.isVisible()  # the donor's name and ID are not left over the lock
    window.desk.lock_dialog.password.setText(PASSWORD)
    window.desk.lock_dialog.accept()
    assert dialog.isVisible() and window.desk.lock_dialog is None
    dialog.close()
    window.pages.setCurrentWidget(window.settings)
    window.settings.idle_minutes.setValue(1)
    window.settings.save_office.click()
    assert idle_lock_minutes(database) == 1 and window.desk.idle_timer.interval() == 60_000


def test_the_window_stays_open_while_a_task_runs(qtbot, persian_app, database, monkeypatch):
    import threading

    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    window = MainWindow(database, Translator("fa"), ADMIN)
    qtbot.addWidget(window)
    window.show()
    release = threading.Event()
    window.ops.start(lambda progress: release.wait(10), title="کار")
    assert not window.close() and window.isVisible()
    assert shown == ["کاری هنوز در جریان است؛ پس از پایان آن پنجره را ببندید."]
    release.set()
    qtbot.waitUntil(lambda: window.ops.job is None, timeout=10_000)
    assert window.close()
