"""Pictures of the main screens, rendered offscreen from a demo office, for the README and review."""

from __future__ import annotations

import tempfile
from pathlib import Path

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
DEMO_DONATIONS = 5_000


def _settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def take_screenshots(app: QApplication, out: Path, tr: Translator) -> list[Path]:
    """Write entry, donations, donor, reports, settings and audit-trail screens at each size
    in `SIZES`."""
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
            ("entry", window.entry),
            ("donations", window.donations),
            ("donor", window.donors),
            ("reports", window.reports),
            ("settings", window.settings),
            ("audit", window.audit),
        )
        for width, height in SIZES:
            window.resize(width, height)
            for name, page in pages:
                window.pages.setCurrentWidget(page)
                _settle(app)
                path = private_file(out / f"{name}-{width}x{height}.png")
                window.grab().save(str(path))
                written.append(path)
        window.close()
        database.close()
    return written
