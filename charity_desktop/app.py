"""Composition root: opens the database, sets up Qt for Persian right-to-left, shows the window.

Start-up paints its first dialog before loading the storage, report and window modules
(SQLAlchemy alone takes longer than Qt to load), so those are imported inside `run_gui`
and `screenshots`; `python -m benchmarks startup` measures the difference.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QThreadPool, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from charity_desktop.domain.errors import DomainError
from charity_desktop.logs import failure_message, start_logging
from charity_desktop.paths import resource_dir
from charity_desktop.services.startup import signs_in_first
from charity_desktop.translation import Translator
from charity_desktop.ui.background import GarbageCollector
from charity_desktop.ui.errors import install_error_hook
from charity_desktop.ui.login import LoginDialog

if TYPE_CHECKING:
    from charity_desktop.domain.users import Actor
    from charity_desktop.services.database import Database

FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")
FONT_FAMILY = "Vazirmatn"


def configure_application(app: QApplication, tr: Translator) -> None:
    """Bundled font, direction, locale and Qt's own Persian strings, per the chosen language."""
    for name in FONT_FILES:
        QFontDatabase.addApplicationFont(str(resource_dir("resources") / "fonts" / name))
    app.setFont(QFont(FONT_FAMILY, 10))
    if tr.right_to_left:
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        QLocale.setDefault(QLocale("fa_IR"))
        qt_translator = QTranslator(app)
        if qt_translator.load(
            "qtbase_fa", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            app.installTranslator(qt_translator)
    else:
        app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        QLocale.setDefault(QLocale("en_US"))


def start_session(
    database: Database, tr: Translator, login: LoginDialog | None = None
) -> Actor | None:
    """Who works in this window: the first admin, set up with the office if either is missing
    (signed in at once), or whoever signs in (in `login`, if it is already showing); None if
    the person cancelled."""
    from charity_desktop.services import users
    from charity_desktop.services.office import office_info
    from charity_desktop.ui.first_run import FirstRunDialog

    if office_info(database) is None or not users.has_users(database):
        if login is not None:
            login.close()
        first_run = FirstRunDialog(database, tr)
        return first_run.actor if first_run.exec() == QDialog.DialogCode.Accepted else None
    login = login or LoginDialog(database, tr)
    login.attach(database)
    if login.result() == QDialog.DialogCode.Accepted:  # OK was pressed while loading
        return login.actor
    return login.actor if login.exec() == QDialog.DialogCode.Accepted else None


def run_gui(target: str, *, language: str) -> int:
    """Open the database `target`, sign someone in and show the window until it closes;
    return the application's exit status."""
    start_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    tr = Translator(language)
    configure_application(app, tr)
    install_error_hook(tr)
    collector = GarbageCollector()
    login = None
    if signs_in_first(target):
        login = LoginDialog(None, tr)
        login.show()
        app.processEvents()  # painted now; what is typed meanwhile waits in Qt's queue
    from charity_desktop.services.database import open_database
    from charity_desktop.ui.main_window import MainWindow

    try:
        database = open_database(target)
    except DomainError as error:
        if login is not None:
            login.close()
        QMessageBox.critical(None, tr("Charity Desktop"), failure_message(tr, error, "opening"))
        return 1
    actor = start_session(database, tr, login)
    if actor is None:
        database.close()
        return 0
    window = MainWindow(database, tr, actor)
    window.show_on_screen()
    status = app.exec()
    QThreadPool.globalInstance().waitForDone()
    collector.timer.stop()
    database.close()
    return status


def screenshots(out: Path, *, language: str, scale: float = 1.0) -> int:
    """Render the main screens of a demo office offscreen into `out`, at the screen scaling
    `scale` (Qt reads it when the application starts); return how many."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    from charity_desktop.ui.screenshots import take_screenshots

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    tr = Translator(language)
    configure_application(app, tr)
    collector = GarbageCollector()
    written = len(take_screenshots(app, out, tr, scale=scale))
    QThreadPool.globalInstance().waitForDone()
    collector.timer.stop()
    return written
