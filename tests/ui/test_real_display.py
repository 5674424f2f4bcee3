"""The window on a real X display (Xvfb), through Qt's xcb platform as a desktop shows it: the
libraries the README names are enough, and the window fits a 1366×768 screen."""

import os
import shutil
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from tests.raw import sqlite_path

SCREEN = (1366, 768)
SHOW_AND_GRAB = """
import sys
from PySide6.QtWidgets import QApplication
from charity_desktop.app import configure_application
from charity_desktop.domain.users import Actor, Role
from charity_desktop.services.database import open_database
from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import MainWindow

app = QApplication([])
tr = Translator("fa")
configure_application(app, tr)
database = open_database(sys.argv[1])
window = MainWindow(database, tr, Actor("مدیر", Role.ADMIN))
window.show_on_screen()
for _ in range(40):
    app.processEvents()
frame = window.frameGeometry()
screen = app.primaryScreen()
screen.grabWindow(0).save(sys.argv[2])
print(app.platformName(), frame.x(), frame.y(), frame.width(), frame.height(), flush=True)
window.close()
database.close()
"""


@pytest.fixture
def display(tmp_path):
    """A virtual X screen of 1366×768 (Xvfb), for as long as the test runs."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (Debian package xvfb; .ci/run installs it)")
    read, write = os.pipe()
    server = subprocess.Popen(
        [
            xvfb,
            "-displayfd",
            str(write),
            "-screen",
            "0",
            f"{SCREEN[0]}x{SCREEN[1]}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def test_the_window_shows_on_a_real_display_and_fits_it(display, database, tmp_path):
    shot = tmp_path / "screen.png"
    environment = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    done = subprocess.run(
        [sys.executable, "-c", SHOW_AND_GRAB, str(sqlite_path(database)), str(shot)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    platform, x, y, width, height = done.stdout.split()
    assert platform == "xcb"
    assert int(x) >= 0 and int(y) >= 0
    assert int(x) + int(width) <= SCREEN[0] and int(y) + int(height) <= SCREEN[1]
    image = QImage(str(shot))
    assert (image.width(), image.height()) == SCREEN
    colours = {
        image.pixel(px, py) for px in range(0, SCREEN[0], 37) for py in range(0, SCREEN[1], 23)
    }
    assert len(colours) > 5  # the window's widgets and text, not an empty screen
