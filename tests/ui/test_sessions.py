"""Sessions at a desk: who is signed in, lock now, sign out, one's own password, an admin's
reset."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidgetItem

from charity_desktop.domain.users import Actor, Role
from charity_desktop.services import audit_trail, users
from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import MainWindow
from tests.actors import ADMIN

PASSWORD = "a long enough secret"
NEW = "another long secret"
MARYAM = Actor("مریم", Role.CLERK)


def accounts(database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)


def open_window(qtbot, database, actor, fake_print):
    window = MainWindow(database, Translator("fa"), actor, print_dialog=fake_print)
    qtbot.addWidget(window)
    window.show()
    return window


def sign_in_at_the_lock(window, name, password):
    dialog = window.desk.lock_dialog
    if name is not None:
        dialog.name.setText(name)
    dialog.password.setText(password)
    dialog.accept()


def test_the_signed_in_person_is_shown_and_can_lock_now(qtbot, persian_app, database, fake_print):
    accounts(database)
    window = open_window(qtbot, database, MARYAM, fake_print)
    assert window.desk.who.text() == "کاربر: مریم (کارمند ثبت)"
    assert window.desk.who.isVisible()
    window.desk.lock_action.trigger()
    dialog = window.desk.lock_dialog
    assert dialog is not None and dialog.name.text() == "مریم"
    assert not window.centralWidget().isVisible()
    assert "پنجره قفل است" in " ".join(
        label.text() for label in dialog.findChildren(type(window.desk.who))
    )
    sign_in_at_the_lock(window, None, PASSWORD)
    assert window.desk.lock_dialog is None and window.centralWidget().isVisible()


def test_sign_out_asks_the_next_person_and_is_audited(qtbot, persian_app, database, fake_print):
    accounts(database)
    window = open_window(qtbot, database, MARYAM, fake_print)
    window.desk.sign_out_action.trigger()
    assert window.desk.lock_dialog.name.text() == ""  # whoever comes next types their name
    sign_in_at_the_lock(window, "مدیر", PASSWORD)
    assert window.desk.actor == Actor("مدیر", Role.ADMIN)
    assert window.desk.who.text() == "کاربر: مدیر (مدیر)"
    trail = audit_trail.audit_trail(database, actor=ADMIN, person="مریم")
    assert "signed_out" in [line.action for line in trail]


def test_a_person_changes_their_own_password(qtbot, persian_app, database, fake_print):
    accounts(database)
    window = open_window(qtbot, database, MARYAM, fake_print)
    dialog = window.desk.change_password()
    qtbot.addWidget(dialog)
    dialog.current.setText("not my password")
    dialog.new.setText(NEW)
    dialog.again.setText(NEW + "x")
    dialog.accept()
    assert dialog.isVisible() and dialog.result() == 0
    said = dialog.message.text()
    assert said.splitlines() == [  # both problems, each naming its field
        "گذرواژه: گذرواژهٔ کنونی نادرست است.",
        "تکرار گذرواژه: دو گذرواژه یکسان نیستند.",
    ]
    users.sign_in(database, "مریم", PASSWORD)  # nothing changed
    dialog.current.setText(PASSWORD)
    dialog.again.setText(NEW)
    dialog.accept()
    assert not dialog.isVisible()
    assert users.sign_in(database, "مریم", NEW) == MARYAM


def test_an_admin_gives_a_new_password_from_settings(qtbot, persian_app, database, fake_print):
    accounts(database)
    window = open_window(qtbot, database, ADMIN, fake_print)
    settings = window.settings
    settings.reload()
    chosen = next(
        settings.users.item(row)
        for row in range(settings.users.count())
        if settings.users.item(row).data(Qt.ItemDataRole.UserRole) == "مریم"
    )
    assert isinstance(chosen, QListWidgetItem)
    settings.users.setCurrentItem(chosen)
    settings.user_password.setText("short")
    settings.reset_user_button.click()
    assert settings.user_message.text()  # too short: said, nothing changed
    users.sign_in(database, "مریم", PASSWORD)
    settings.user_password.setText(NEW)
    settings.reset_user_button.click()
    assert settings.user_message.text() == ("گذرواژهٔ مریم تازه شد؛ در ورود بعدی آن را تغییر دهد.")
    assert users.sign_in(database, "مریم", NEW) == MARYAM
