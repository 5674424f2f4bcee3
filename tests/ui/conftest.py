import gc

import pytest

from charity_desktop.app import configure_application
from charity_desktop.translation import Translator
from charity_desktop.ui.background import GarbageCollector


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
def background_work_finishes():
    """No worker thread may outlive its test (one still running at exit would crash Python),
    and the test's widgets are collected here, on the GUI thread."""
    yield
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone(30_000)
    gc.collect()
