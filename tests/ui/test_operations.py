"""The operation helper: where work runs, how failures show and who hears of changes."""

import threading

from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from charity_desktop.domain.errors import DomainError
from charity_desktop.translation import Translator
from charity_desktop.ui.operations import Change, Operations


def operations(qtbot, monkeypatch):
    shown = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda parent, title, text: shown.append(text))
    parent = QWidget()
    qtbot.addWidget(parent)
    ops = Operations(parent, Translator("fa"))
    changes = []
    ops.changed.connect(changes.append)
    return ops, shown, changes


def test_quick_work_runs_here_and_says_what_changed(qtbot, monkeypatch):
    ops, shown, changes = operations(qtbot, monkeypatch)
    got = []
    assert ops.run(lambda: threading.current_thread(), then=got.append, changes=Change.DONORS)
    assert got == [threading.main_thread()] and changes == [Change.DONORS] and shown == []


def test_a_refusal_is_shown_in_persian_and_changes_nothing(qtbot, monkeypatch):
    ops, shown, changes = operations(qtbot, monkeypatch)

    def refuse():
        raise DomainError("Select a donation that has a receipt.")

    assert not ops.run(refuse, changes=Change.DONATIONS)
    assert shown == ["کمکی را برگزینید که رسید دارد."] and changes == []
    label = QLabel("old")
    assert not ops.run(refuse, label=label)
    assert label.text() == "کمکی را برگزینید که رسید دارد." and len(shown) == 1
    assert ops.run(lambda: None, label=label) and label.text() == ""


def test_an_unexpected_failure_names_the_log(qtbot, monkeypatch):
    ops, shown, _ = operations(qtbot, monkeypatch)
    assert not ops.run(lambda: 1 / 0)
    assert len(shown) == 1 and ".log" in shown[0]


def test_long_work_runs_off_the_gui_thread_behind_a_dialog(qtbot, monkeypatch):
    ops, shown, changes = operations(qtbot, monkeypatch)
    release, got = threading.Event(), []

    def work(progress):
        progress(1, 2)
        release.wait(10)
        return threading.current_thread()

    assert ops.start(work, title="کار", then=got.append, changes=Change.EVERYTHING)
    assert ops.job is not None and ops.dialog.labelText() == "کار"
    assert not ops.start(lambda progress: None, title="دیگری")  # one job at a time
    assert shown == ["کار دیگری هنوز در جریان است؛ صبر کنید تا تمام شود."]
    qtbot.waitUntil(lambda: ops.dialog.maximum() == 2)
    release.set()
    qtbot.waitUntil(lambda: ops.job is None, timeout=10_000)
    assert got and got[0] is not threading.main_thread() and changes == [Change.EVERYTHING]


def test_cancel_stops_the_work_at_its_next_step(qtbot, monkeypatch):
    ops, shown, _ = operations(qtbot, monkeypatch)
    steps, got = [], []

    def work(progress):
        for step in range(1000):
            if not progress(step, 1000):
                return step
            steps.append(step)
            threading.Event().wait(0.005)
        return None

    ops.start(work, title="کار", then=got.append)
    ops.dialog.show()
    qtbot.waitUntil(lambda: len(steps) > 3)
    ops.dialog.findChild(QPushButton).click()
    qtbot.waitUntil(lambda: ops.job is None, timeout=10_000)
    assert got and got[0] is not None and got[0] < 1000 and shown == []


def test_queries_run_beside_a_job_and_report_their_failures(qtbot, monkeypatch):
    ops, shown, _ = operations(qtbot, monkeypatch)
    got = []
    ops.query(lambda: 41 + 1, then=got.append)
    ops.query(lambda: 1 / 0, then=got.append)
    qtbot.waitUntil(lambda: not ops.queries, timeout=10_000)
    assert got == [42] and len(shown) == 1 and ".log" in shown[0]


def test_reports_wait_while_held_and_come_in_order_on_release(qtbot, monkeypatch):
    """The window is locked: a job that finishes meanwhile shows nothing over the lock."""
    ops, shown, changes = operations(qtbot, monkeypatch)
    got = []
    ops.hold()
    ops.start(lambda progress: "done", title="کار", then=got.append, changes=Change.DONATIONS)
    ops.query(lambda: 1 / 0, then=got.append)
    qtbot.waitUntil(lambda: ops.job is None and not ops.queries, timeout=10_000)
    qtbot.wait(50)
    assert got == [] and shown == [] and changes == []
    ops.release()
    assert got == ["done"] and changes == [Change.DONATIONS] and len(shown) == 1
