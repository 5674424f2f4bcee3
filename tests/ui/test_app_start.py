"""The application as a person starts it (`charity-desktop --db FILE`): set-up or sign-in
dialogs, then the main window for whoever signed in, until it is closed."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from charity_desktop.domain.users import Actor, Role
from charity_desktop.launcher import main, window_options
from charity_desktop.services import users
from charity_desktop.services.database import open_database
from charity_desktop.services.office import office_info, set_up_office
from charity_desktop.translation import Translator
from charity_desktop.ui.first_run import FirstRunDialog
from charity_desktop.ui.login import LoginDialog
from charity_desktop.ui.main_window import MainWindow
from tests.actors import ADMIN

PASSWORD = "a long enough secret"


def act_on_windows(steps):
    """Poll the screen; give each dialog or window that shows up to the step for its type.

    Returns what each step saw, in order (a step returns what to record). A step that fails
    is recorded as its exception and ends the run: raised in a timer, it would otherwise
    wait on the application's error dialog for ever."""
    seen = []

    def tick():
        for widget in [QApplication.activeModalWidget(), *QApplication.topLevelWidgets()]:
            if widget is None or not widget.isVisible():
                continue
            for kind, step in list(steps.items()):
                if isinstance(widget, kind):
                    try:
                        seen.append(step(widget))
                    except Exception as failure:
                        seen.append(failure)
                        QApplication.closeAllWindows()
                        QApplication.exit(1)
                    if kind is MainWindow:
                        del steps[kind]
                    return

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    return timer, seen


def test_a_new_database_is_set_up_and_its_admin_works_in_the_window(persian_app, tmp_path):
    path = tmp_path / "new.sqlite3"

    def set_up(dialog):
        dialog.name.setText("اداره بهزیستی ابهر")
        dialog.code.setText("ZNA")
        dialog.province.setText("زنجان")
        dialog.county.setText("ابهر")
        dialog.admin_name.setText("مدير")  # Arabic yeh, normalised
        dialog.admin_password.setText(PASSWORD)
        dialog.admin_again.setText(PASSWORD)
        dialog.accept()
        return "set up"

    def work(window):
        actor = window.desk.actor
        assert window.isVisible() and window.pages.currentWidget() is window.today
        window.close()
        return actor

    timer, seen = act_on_windows({FirstRunDialog: set_up, MainWindow: work})
    status = main(["--db", str(path)])
    timer.stop()
    assert status == 0
    assert seen == ["set up", Actor("مدیر", Role.ADMIN)]
    database = open_database(str(path))
    assert office_info(database).code == "ZNA" and users.has_users(database)
    database.close()


def test_an_office_with_accounts_asks_who_signs_in(persian_app, tmp_path):
    path = tmp_path / "office.sqlite3"
    database = open_database(str(path))
    set_up_office(database, name="اداره بهزیستی زنجان", code="ZN", province="زنجان", county="زنجان")
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    users.add_user(database, "مریم", Role.CLERK, PASSWORD, actor=ADMIN)
    database.close()
    attempts = []

    def sign_in(dialog):
        dialog.name.setText("مریم")
        dialog.password.setText("wrong" if not attempts else PASSWORD)
        attempts.append(dialog.password.text())
        dialog.accept()
        return dialog.message.text()

    def work(window):
        window.close()
        return window.desk.actor

    timer, seen = act_on_windows({LoginDialog: sign_in, MainWindow: work})
    status = main(["--db", str(path)])
    timer.stop()
    assert status == 0
    assert seen[0].startswith("نام یا گذرواژه نادرست")  # the wrong password, explained
    assert seen[-1] == Actor("مریم", Role.CLERK)


def test_cancelling_the_sign_in_closes_without_a_window(persian_app, tmp_path):
    path = tmp_path / "office.sqlite3"
    database = open_database(str(path))
    set_up_office(database, name="اداره بهزیستی زنجان", code="ZN", province="زنجان", county="زنجان")
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    database.close()

    def cancel(dialog):
        dialog.reject()
        return "cancelled"

    def work(window):
        window.close()
        return "window"

    timer, seen = act_on_windows({LoginDialog: cancel, MainWindow: work})
    assert main(["--db", str(path)]) == 0
    timer.stop()
    assert seen == ["cancelled"]


@pytest.mark.parametrize(
    ("argv", "window"),
    [
        ([], {}),
        (["--db", "office.sqlite3"], {"db": "office.sqlite3"}),
        (["--db=x.sqlite3", "--lang", "en"], {"db": "x.sqlite3", "lang": "en"}),
        (["--lang", "de"], None),  # the command line explains the mistake
        (["--db"], None),
        (["--user", "مریم"], None),
        (["--help"], None),
        (["summary", "--months", "9"], None),
        (["--db", "x", "demo"], None),
    ],
)
def test_only_window_options_skip_the_command_line(argv, window):
    assert window_options(argv) == window


def test_ok_pressed_while_the_database_loads_signs_in_once_it_is_open(qtbot, persian_app, database):
    users.add_user(database, "مدیر", Role.ADMIN, PASSWORD, actor=None)
    dialog = LoginDialog(None, Translator("fa"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("مدیر")
    dialog.password.setText(PASSWORD)
    dialog.accept()  # the program is still loading
    assert dialog.isVisible() and dialog.actor is None
    dialog.attach(database)
    assert dialog.actor == Actor("مدیر", Role.ADMIN) and not dialog.isVisible()
