"""The window over a large database: open, first page, deep pages, sort, totals (its peak
memory is measured in a fresh process by `startup`)."""

from __future__ import annotations

import os
import sqlite3
import sys
import time

from benchmarks.common import BENCH, demo_database, repeat


def run(donations: int) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QApplication, QMainWindow

    from charity_desktop.app import configure_application
    from charity_desktop.domain.filters import DonationFilter
    from charity_desktop.services.database import open_database
    from charity_desktop.services.donations import totals
    from charity_desktop.translation import Translator
    from charity_desktop.ui.main_window import MainWindow

    path = demo_database(donations)
    app = QApplication.instance() or QApplication(sys.argv)
    tr = Translator("fa")
    configure_application(app, tr)
    database = open_database(str(path))

    def bare_window(_: int) -> None:
        window = QMainWindow()
        window.show()
        app.processEvents()
        window.close()

    def bare_page(_: int) -> None:
        with sqlite3.connect(path) as connection:
            connection.execute(
                "SELECT * FROM donations ORDER BY donated_on DESC, id DESC LIMIT 300"
            ).fetchall()
        connection.close()

    windows = []

    def open_window(_: int) -> None:
        window = MainWindow(database, tr, BENCH)
        window.pages.setCurrentWidget(window.donations)
        window.show()
        app.processEvents()
        windows.append(window)

    opening = repeat(open_window, 3)
    baseline_window = repeat(bare_window, 3)
    model = windows[-1].donations.model
    pages = repeat(lambda _: model.fetchMore(QModelIndex()), 50)
    loaded = model.rowCount()
    baseline_page = repeat(bare_page, 10)
    sort = repeat(lambda _: model.sort(3), 3)
    started = time.perf_counter()
    totals(database, DonationFilter())
    totals_seconds = time.perf_counter() - started
    database.close()
    return (
        f"window over {donations:,} donations  open {opening.median_ms:6.0f} ms (bare QMainWindow {baseline_window.median_ms:5.1f} ms)  "
        f"next page of 300: median {pages.median_ms:5.1f} ms p95 {pages.p95_ms:5.1f} ms up to {loaded:,} rows "
        f"(bare SELECT LIMIT 300 {baseline_page.median_ms:5.1f} ms)  sort by amount {sort.median_ms:6.0f} ms  "
        f"totals (off the GUI thread) {totals_seconds * 1000:6.0f} ms"
    )
