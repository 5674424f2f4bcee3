"""Work off the GUI thread: run a function on a worker thread, get its result on the GUI thread."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal, Slot


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Delivery(QObject):
    """Lives in the GUI thread, so the callbacks run there (a plain function connected to a
    signal would run in the worker's thread and touch widgets from it)."""

    def __init__(
        self, on_done: Callable[[Any], Any], on_error: Callable[[BaseException], Any]
    ) -> None:
        super().__init__()
        self.on_done = on_done
        self.on_error = on_error

    @Slot(object)
    def done(self, result: Any) -> None:
        self.on_done(result)

    @Slot(object)
    def failed(self, error: Any) -> None:
        self.on_error(error)


class Job(QRunnable):
    """One piece of work for Qt's thread pool; keep a reference until it has reported."""

    def __init__(self, work: Callable[[], Any], delivery: _Delivery) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it; the pool must not delete it under us
        self.work = work
        self.delivery = delivery
        self.signals = _Signals()
        self.signals.done.connect(delivery.done)
        self.signals.failed.connect(delivery.failed)

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # every failure reaches the GUI thread to be shown
            self.signals.failed.emit(error)
        else:
            self.signals.done.emit(result)


def run_in_background(
    work: Callable[[], Any],
    on_done: Callable[[Any], Any],
    on_error: Callable[[BaseException], Any],
) -> Job:
    """Start `work()` on Qt's thread pool; `on_done(result)` or `on_error(error)` then run on
    the GUI thread. Call it from the GUI thread."""
    job = Job(work, _Delivery(on_done, on_error))
    QThreadPool.globalInstance().start(job)
    return job


class GarbageCollector(QObject):
    """Runs Python's cycle collector on the GUI thread only.

    Left automatic, the collector may run in a worker thread and destroy widgets there, which
    crashes Qt; so automatic collection is switched off and done here on a timer instead.
    """

    def __init__(self, interval_ms: int = 1000) -> None:
        super().__init__()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(interval_ms)

    @Slot()
    def collect(self) -> None:
        """Collect the generations that are due, as Python itself would."""
        thresholds = gc.get_threshold()
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                break
