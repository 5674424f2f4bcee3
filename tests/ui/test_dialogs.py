"""The first-run and sign-in dialogs: every problem at once beside its field, messages that
are read whole, and the one default unit."""

from PySide6.QtWidgets import QDialog

from charity_desktop.domain.users import Role
from charity_desktop.services import users
from charity_desktop.services.office import DEFAULT_DISPLAY_UNIT, office_info
from charity_desktop.services.users import list_users
from charity_desktop.translation import Translator
from charity_desktop.ui.first_run import FirstRunDialog
from charity_desktop.ui.login import LoginDialog
from charity_desktop.ui.widgets import DIALOG_WIDTH

PASSWORD = "a long enough secret"


def shown(dialog, field):
    label = dialog.errors.labels[field]
    return label.text() if label.isVisible() else None


def test_the_first_run_dialog_shows_every_problem_at_once_beside_its_field(
    qtbot, persian_app, empty_database
):
    dialog = FirstRunDialog(empty_database, Translator("fa"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.unit.currentData() == DEFAULT_DISPLAY_UNIT.value  # as `init` without --unit
    dialog.name.setText("اداره بهزیستی شهرستان ابهر")
    dialog.code.setText("ab1-")
    dialog.admin_password.setText("short")
    dialog.admin_again.setText("other")
    dialog.accept()
    assert {field: shown(dialog, field) for field in dialog.errors.labels} == {
        "office_name": None,
        "office_code": "کد اداره ۲ تا ۱۰ حرف بزرگ لاتین یا رقم است و با حرف شروع می‌شود.",
        "province": "پر کردن این خانه لازم است.",
        "county": "پر کردن این خانه لازم است.",
        "name": "پر کردن این خانه لازم است.",
        "password": "گذرواژه دست‌کم ۸ نویسه می‌خواهد.",
        "password_again": "دو گذرواژه یکسان نیستند.",
    }
    assert office_info(empty_database) is None and not users.has_users(empty_database)
    dialog.province.setText("زنجان")
    dialog.province.textEdited.emit("زنجان")  # as typing does: the fixed field's message goes
    assert shown(dialog, "province") is None and shown(dialog, "county") is not None
    dialog.code.setText("AB")
    dialog.county.setText("ابهر")
    dialog.admin_name.setText("مدیر")
    dialog.admin_password.setText(PASSWORD)
    dialog.admin_again.setText(PASSWORD)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [(u.name, u.role.value) for u in list_users(empty_database)] == [("مدیر", "admin")]
    info = office_info(empty_database)
    assert (info.code, info.name, info.display_unit) == (
        "AB",
        "اداره بهزیستی شهرستان ابهر",
        DEFAULT_DISPLAY_UNIT,
    )
    assert dialog.actor is not None and dialog.actor.role is Role.ADMIN


def test_a_failed_sign_in_keeps_the_dialog_wide_and_its_message_whole(qtbot, persian_app, database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    dialog = LoginDialog(database, Translator("fa"))
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.size()
    dialog.name.setText("مدیر")
    dialog.password.setText("wrong password")
    dialog.accept()
    qtbot.waitUntil(lambda: dialog.message.isVisible())
    message = dialog.message
    assert message.text().startswith("نام یا گذرواژه نادرست است")
    assert dialog.width() >= DIALOG_WIDTH and dialog.width() >= before.width()
    # every line of the message fits: the label is as tall as its wrapped text needs
    assert message.height() >= message.heightForWidth(message.width())
    assert message.width() > dialog.width() // 2
