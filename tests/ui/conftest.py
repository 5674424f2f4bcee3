import gc

import pytest

from charity_desktop.app import configure_application
from charity_desktop.domain.enums import DonorType
from charity_desktop.services.donations import record_donation
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.translation import Translator
from charity_desktop.ui.background import GarbageCollector
from tests.actors import clerk


def known_donor_gives(database, rials):
    """علی رضایی (national ID 0084575948, mobile 09121234567) gives `rials` on 1404/09/30."""
    return record_donation(
        database,
        DonationDraft(
            kind="cash",
            amount=str(rials),
            date="1404/09/30",
            intent="ایتام",
            donor=DonorDraft(DonorType.PERSON, "علی رضایی", "0084575948", "09121234567"),
        ),
        actor=clerk("t"),
    )


@pytest.fixture
def persian_app(qapp):
    """The application as started in Persian: right to left, fa_IR, Vazirmatn."""
    configure_application(qapp, Translator("fa"))
    yield qapp
    configure_application(qapp, Translator("en"))


@pytest.fixture
def fake_print():
    """Stands in for Qt's print preview: records each PDF and says it was printed."""
    printed = []

    def dialog(parent, pdf, title):
        printed.append((pdf, title))
        return dialog.accept

    dialog.accept = True
    dialog.printed = printed
    return dialog


@pytest.fixture(scope="session", autouse=True)
def garbage_collected_on_the_gui_thread(qapp):
    """As in the application: the cycle collector never runs in a worker thread (it would
    destroy widgets there and crash Qt)."""
    collector = GarbageCollector()
    yield
    collector.timer.stop()
    gc.enable()


@pytest.fixture(autouse=True)
def a_new_desk():
    """Each test starts on a desk with the default printing (it is kept on the computer)."""
    from charity_desktop.ui.desk_printing import DeskPrinting, save_desk_printing

    save_desk_printing(DeskPrinting())


@pytest.fixture(autouse=True)
def background_work_finishes():
    """No worker thread may outlive its test (one still running at exit would crash Python),
    no window's desk goes on watching every event of the application (each one left would
    slow every later test), and the test's widgets are collected here, on the GUI thread."""
    yield
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from charity_desktop.ui.desk import Desk

    QThreadPool.globalInstance().waitForDone(30_000)
    for widget in QApplication.topLevelWidgets():
        for left in widget.findChildren(Desk):
            left.stop()
    gc.collect()


def desk(database, actor, tr=None):
    """(desk, operations) of a bare window for `actor`: what a room needs to stand alone."""
    from PySide6.QtWidgets import QMainWindow

    from charity_desktop.ui.desk import Desk
    from charity_desktop.ui.operations import Operations

    tr = tr or Translator("fa")
    window = QMainWindow()
    ops = Operations(window, tr)
    return Desk(window, database, tr, actor, ops), ops


def settle(window, timeout=60):
    """Wait (delivering events) until the window's background work and queries are done."""
    import time

    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while window.ops.job is not None or window.ops.queries:
        assert time.monotonic() < deadline, "background work did not finish"
        QApplication.processEvents()
        time.sleep(0.005)
    QApplication.processEvents()
