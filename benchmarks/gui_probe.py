"""Child process of the start-up benchmark: `python -m benchmarks.gui_probe MODE [DATABASE]`.

Prints ``first <wall-clock seconds>`` at the first paint of any window, then
``painted <wall-clock seconds> <peak RSS in MB>`` at the main window's, and exits:
- ``bare``: a bare PySide6 QMainWindow;
- ``app``: the application as `charity-desktop --db DATABASE` starts it; its sign-in dialog is
  answered with the user `bench` and `PASSWORD` once the database is open (as when a person
  types: the window loads what it needs meanwhile), and it also prints ``ok <wall-clock
  seconds>`` when OK is pressed and ``argon2 <seconds>`` that the password check itself took;
- ``list``: as ``app``, then the donations list opened and 50 pages scrolled in, totals done.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QModelIndex, QObject, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

from benchmarks.memory import peak_megabytes

PASSWORD = "benchmark password"


class FirstPaint(QObject):
    """Reports the first paints, signs in, does the extra work of the mode, then exits."""

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode
        self.first_seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.first_seen:
            self.first_seen = True
            print(f"first {time.time():.6f}", flush=True)
        if event.type() == QEvent.Type.Show and type(watched).__name__ == "LoginDialog":
            QTimer.singleShot(0, lambda: sign_in_once_open(watched))
        if event.type() == QEvent.Type.Paint and isinstance(watched, QMainWindow):
            painted = time.time()
            if self.mode == "list":
                open_long_list(watched)
            print(f"painted {painted:.6f} {peak_megabytes():.1f}", flush=True)
            os._exit(0)
        return False


def sign_in_once_open(dialog: QObject) -> None:
    """Type the name and password, and press OK once the database is open."""
    if dialog.database is None:  # type: ignore[attr-defined]
        QTimer.singleShot(10, lambda: sign_in_once_open(dialog))
        return
    from charity_desktop.services import users

    class TimedHasher(type(users._hasher)):  # type: ignore[misc]
        def verify(self, hash: str, password: str) -> bool:
            started = time.perf_counter()
            try:
                return bool(super().verify(hash, password))
            finally:
                print(f"argon2 {time.perf_counter() - started:.6f}", flush=True)

    users._hasher = TimedHasher()
    dialog.name.setText("bench")  # type: ignore[attr-defined]
    dialog.password.setText(PASSWORD)  # type: ignore[attr-defined]
    print(f"ok {time.time():.6f}", flush=True)
    dialog.accept()  # type: ignore[attr-defined]


def open_long_list(window: QMainWindow) -> None:
    """Show the donations page, scroll 50 pages into it and wait for its totals."""
    donations = window.donations  # type: ignore[attr-defined]
    window.pages.setCurrentWidget(donations)  # type: ignore[attr-defined]
    app = QApplication.instance()
    assert app is not None
    for _ in range(50):
        donations.model.fetchMore(QModelIndex())
        app.processEvents()
    QThreadPool.globalInstance().waitForDone()
    app.processEvents()


def main() -> None:
    mode = sys.argv[1]
    app = QApplication(sys.argv)
    probe = FirstPaint(mode)
    app.installEventFilter(probe)
    if mode == "bare":
        window = QMainWindow()
        window.resize(1280, 800)
        window.show()
        app.exec()
    else:
        from charity_desktop.launcher import main as charity_desktop

        charity_desktop(["--db", sys.argv[2]])
    sys.exit("no main window was painted")


if __name__ == "__main__":
    main()
