"""Pictures of the main screens, rendered offscreen from a demo office, for the README and review."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from charity_desktop.domain.users import Actor, Role
from charity_desktop.paths import private_file, private_folder
from charity_desktop.persian.jalali import today
from charity_desktop.services.database import open_database
from charity_desktop.services.demo import build_demo
from charity_desktop.services.donors import search_donors
from charity_desktop.services.summary import summarize
from charity_desktop.translation import Translator
from charity_desktop.ui.main_window import MainWindow

SIZES = ((1366, 768), (1024, 700))
SCALED_SCREEN = (1920, 1080)  # the screen a scaled set is rendered for, in pixels
DEMO_DONATIONS = 5_000


def _settle(app: QApplication) -> None:
    """Deliver events until the rooms' background reads have reported."""
    for _ in range(5):
        QThreadPool.globalInstance().waitForDone()
        app.processEvents()


def take_screenshots(
    app: QApplication, out: Path, tr: Translator, *, scale: float = 1.0
) -> list[Path]:
    """Write today, entry, donations, void requests, donor, reports, settings and audit-trail
    screens at each size in `SIZES`, or, for a scaled application (`scale`, Qt's
    QT_SCALE_FACTOR), filling a 1920×1080 screen at that scale."""
    if scale == 1.0:
        sizes = [(width, height, f"{width}x{height}") for width, height in SIZES]
    else:
        width, height = SCALED_SCREEN
        name = f"{width}x{height}-{round(scale * 100)}pct"
        sizes = [(round(width / scale), round(height / scale), name)]
    private_folder(out)
    written = []
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "demo.sqlite3"))
        admin = Actor("مدیر سامانه", Role.ADMIN)
        build_demo(database, donations=DEMO_DONATIONS, seed=11, actor=admin, today=today())
        window = MainWindow(database, tr, admin, print_dialog=lambda *_: False)
        donor = max(search_donors(database, "علی", limit=50), key=lambda d: d.id)
        form = window.entry
        form.donor_search.setText(donor.name.split()[0])
        form._search_donors(form.donor_search.text())
        form.amount.setText("12600000")
        form.amount.textEdited.emit(form.amount.text())
        window.donors.search.setText(donor.name)
        window.donors.find(donor.name)
        window.donors.show_donor(donor)
        window.reports.show_summary(summarize(database, window.reports.period()))
        window.reports.tabs.setCurrentIndex(5)
        window.audit.apply()
        window.show()
        pages = (
            ("today", window.today),
            ("entry", window.entry),
            ("donations", window.donations),
            ("corrections", window.corrections),
            ("donor", window.donors),
            ("reports", window.reports),
            ("settings", window.settings),
            ("audit", window.audit),
        )
        for width, height, size_name in sizes:
            window.resize(width, height)
            for name, page in pages:
                window.pages.setCurrentWidget(page)
                _settle(app)
                path = private_file(out / f"{name}-{size_name}.png")
                window.grab().save(str(path))
                written.append(path)
        window.close()
        database.close()
    return written
