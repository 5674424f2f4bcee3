"""The main window: entry (the home screen), donations, donors, reports and settings."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QToolBar,
    QWidget,
)

from charity_desktop.domain.errors import DomainError, ValidationFailed
from charity_desktop.domain.users import Actor, Permission
from charity_desktop.exchange.importing import read_donation_file
from charity_desktop.exchange.package import merge_package, write_package
from charity_desktop.paths import private_file
from charity_desktop.persian.jalali import today
from charity_desktop.services import backups, closing, demo, donations, exchange, office, receipts
from charity_desktop.services.database import Database
from charity_desktop.services.dto import DonationRow, ImportReport
from charity_desktop.translation import (
    DOCUMENT_LANGUAGE,
    MAPPING_MESSAGES,
    PART_LABELS,
    Translator,
)
from charity_desktop.ui.audit_view import AuditView
from charity_desktop.ui.donation_dialog import DonationDialog
from charity_desktop.ui.donations_view import DonationsView
from charity_desktop.ui.donors_view import DonorsView
from charity_desktop.ui.entry_form import EntryForm
from charity_desktop.ui.errors import brief, refuse_own_file, show_failure
from charity_desktop.ui.login import LoginDialog
from charity_desktop.ui.progress import ProgressJob
from charity_desktop.ui.reports_view import ReportsView
from charity_desktop.ui.settings_view import SettingsView
from charity_desktop.ui.widgets import ask_day

# Shows a PDF for printing; returns True when it was printed.
PrintDialog = Callable[[QWidget | None, bytes, str], bool]
DEMO_DONATIONS = 20_000
ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)
BACKUP_EVERY_MS = 3 * 60 * 60 * 1000  # every three hours while open, and on close
PREFERRED_SIZE = QSize(1280, 800)


def _print_preview(parent: QWidget | None, pdf: bytes, title: str) -> bool:
    """Qt's print preview of `pdf`; True if it was printed (pdfium loads on first use)."""
    from charity_desktop.ui import printing  # on use: see ui/__init__.py

    return printing.print_with_preview(parent, pdf, title)


class MainWindow(QMainWindow):
    """Tabs for each room of the office's work, the receipt actions and the long jobs."""

    def __init__(
        self,
        database: Database,
        tr: Translator,
        actor: Actor,
        *,
        print_dialog: PrintDialog | None = None,
    ) -> None:
        super().__init__()
        self.database = database
        self.tr_ = tr
        self.documents = Translator(DOCUMENT_LANGUAGE)  # receipts and closings are Persian
        self.print_dialog = print_dialog or _print_preview
        self.actor = actor
        self.job: ProgressJob | None = None
        self.setWindowTitle(tr("Charity Desktop"))
        self.heading = QLabel()
        self.heading.setObjectName("heading")

        self.entry = EntryForm(database, tr, actor, print_receipt=self.print_receipt)
        self.donations = DonationsView(database, tr)
        self.donors = DonorsView(database, tr)
        self.reports = ReportsView(database, tr)
        self.settings = SettingsView(database, tr, actor)
        self.audit = AuditView(database, tr, actor)
        self.pages = QTabWidget()
        for page, title in (
            (self.entry, tr("New donation")),
            (self.donations, tr("Donations")),
            (self.donors, tr("Donors")),
            (self.reports, tr("Reports")),
            (self.settings, tr("Settings")),
            (self.audit, tr("Audit trail")),
        ):
            self.pages.addTab(page, title)
        self.setCentralWidget(self.pages)
        self.pages.currentChanged.connect(
            lambda _index: self.pages.currentWidget() is self.audit and self.audit.apply()
        )
        self.entry.saved.connect(lambda _saved: self.donations.apply())
        self.donations.opened.connect(self.open_donation)
        self.settings.changed.connect(self._catalogues_changed)

        toolbar = QToolBar(tr("Receipts"))
        toolbar.setObjectName("receipts")
        self.print_action = QAction(tr("Print receipt"), self)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(self.print_selected)
        self.void_action = QAction(tr("Void receipt…"), self)
        self.void_action.triggered.connect(self.void_selected)
        self.paper = QComboBox()
        self.paper.addItem(tr("A5 sheet"), "a5")
        self.paper.addItem(tr("80 mm roll"), "80mm")
        toolbar.addWidget(self.heading)
        toolbar.addSeparator()
        toolbar.addAction(self.print_action)
        self.paper_action = toolbar.addWidget(self.paper)
        toolbar.addAction(self.void_action)
        toolbar.addSeparator()
        self.closing_action = QAction(tr("Daily closing…"), self)
        self.closing_action.triggered.connect(lambda: self.print_day_closing())
        toolbar.addAction(self.closing_action)
        self.addToolBar(toolbar)

        file_menu = self.menuBar().addMenu(tr("File"))
        self.import_action = file_menu.addAction(tr("Import donations from a file…"))
        self.import_action.triggered.connect(self.import_file)
        self.demo_action = file_menu.addAction(tr("Add demo data…"))
        self.demo_action.triggered.connect(self.add_demo_data)
        file_menu.addSeparator()
        file_menu.addAction(tr("Quit"), QKeySequence.StandardKey.Quit, self.close)
        data_menu = self.menuBar().addMenu(tr("Data"))
        self.export_action = data_menu.addAction(tr("Export a package for the centre…"))
        self.export_action.triggered.connect(lambda: self.export_package())
        self.merge_action = data_menu.addAction(tr("Merge a county office's package…"))
        self.merge_action.triggered.connect(lambda: self.merge_package())
        self.card_action = data_menu.addAction(tr("Save this office's identity card…"))
        self.card_action.triggered.connect(lambda: self.save_card())
        self.register_action = data_menu.addAction(tr("Register a county office's card…"))
        self.register_action.triggered.connect(lambda: self.register_card())
        data_menu.addSeparator()
        self.backup_action = data_menu.addAction(tr("Back up now"))
        self.backup_action.triggered.connect(lambda: self.back_up(announce=True))
        self.restore_action = data_menu.addAction(tr("Restore from a backup…"))
        self.restore_action.triggered.connect(lambda: self.restore_backup())
        self.verify_action = data_menu.addAction(tr("Check the database"))
        self.verify_action.triggered.connect(self.check_database)
        self.backup_timer = QTimer(self)
        self.backup_timer.timeout.connect(lambda: self.back_up(announce=False))
        self.backup_timer.start(BACKUP_EVERY_MS)
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        self.lock_dialog: LoginDialog | None = None
        self.restart_idle_timer()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._offer_what_the_actor_may_do()
        self.refresh()

    def show_on_screen(self) -> None:
        """Show the window at its preferred size, centred in the screen's free area (without
        task bars), or filling that area, maximised, when it is smaller than that."""
        available = self.screen().availableGeometry()
        if (
            available.width() < PREFERRED_SIZE.width()
            or available.height() < PREFERRED_SIZE.height()
        ):
            self.showMaximized()
            frame, inner = self.frameGeometry(), self.geometry()
            if frame != available:  # no window manager (yet) maximised it: fill the area
                self.setGeometry(
                    available.adjusted(
                        inner.left() - frame.left(),
                        inner.top() - frame.top(),
                        inner.right() - frame.right(),
                        inner.bottom() - frame.bottom(),
                    )
                )
            return
        self.resize(PREFERRED_SIZE)
        frame = self.frameGeometry()
        frame.moveCenter(available.center())
        self.move(frame.topLeft())
        self.show()

    # Idle lock

    def restart_idle_timer(self) -> None:
        """Count the idle time again from now (the office's setting, 0: never lock)."""
        minutes = office.idle_lock_minutes(self.database)
        if minutes:
            self.idle_timer.start(minutes * 60_000)
        else:
            self.idle_timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.lock_dialog is None and self.idle_timer.isActive():
            self.idle_timer.start()
        return False

    def lock(self) -> None:
        """Hide everything until someone signs in again (the same person or another)."""
        if self.lock_dialog is not None:
            return
        self.centralWidget().hide()
        self.menuBar().setEnabled(False)
        for toolbar in self.findChildren(QToolBar):
            toolbar.setEnabled(False)
        self.lock_dialog = LoginDialog(
            self.database, self.tr_, name=self.actor.name, locked=True, parent=self
        )
        self.lock_dialog.accepted.connect(self._unlock)
        self.lock_dialog.rejected.connect(self.close)
        self.lock_dialog.open()

    def _unlock(self) -> None:
        assert self.lock_dialog is not None and self.lock_dialog.actor is not None
        self.actor = self.entry.actor = self.audit.actor = self.lock_dialog.actor
        self._offer_what_the_actor_may_do()
        self.lock_dialog = None
        self.centralWidget().show()
        self.menuBar().setEnabled(True)
        for toolbar in self.findChildren(QToolBar):
            toolbar.setEnabled(True)
        self.entry.reload()
        self.restart_idle_timer()

    def _offer_what_the_actor_may_do(self) -> None:
        """Show only the changes the signed-in person's role permits (the services refuse
        the others anyway): at the start, and whenever someone signs in at the lock."""
        may = self.actor.may
        for action, permission in (
            (self.print_action, Permission.RECORD),
            (self.paper_action, Permission.RECORD),
            (self.void_action, Permission.VOID),
            (self.import_action, Permission.RECORD),
            (self.demo_action, Permission.MANAGE_USERS),
            (self.export_action, Permission.EXPORT_PERSONAL),
            (self.merge_action, Permission.MERGE),
            (self.card_action, Permission.EDIT_CATALOGUES),
            (self.register_action, Permission.EDIT_CATALOGUES),
            (self.restore_action, Permission.RESTORE),
        ):
            action.setVisible(may(permission))
        self.pages.setTabVisible(self.pages.indexOf(self.entry), may(Permission.RECORD))
        self.settings.set_actor(self.actor)

    def refresh(self) -> None:
        """Show the office in the toolbar."""
        info = office.office_info(self.database)
        if info is not None:
            self.heading.setText(
                self.tr_(
                    "{office} — province {province}, county {county}",
                    office=info.name,
                    province=info.province,
                    county=info.county,
                )
            )

    def _catalogues_changed(self) -> None:
        self.refresh()
        self.entry.reload()
        self.donations.reload()
        self.reports.reload()

    def _explain(self, message: str) -> None:
        QMessageBox.warning(self, self.tr_("Charity Desktop"), message)

    # Receipts

    def print_receipt(self, number: str) -> None:
        """Preview receipt `number`; a print is counted only when it is really printed."""
        tr = self.tr_
        try:
            copy = receipts.preview_receipt(self.database, number, actor=self.actor)
            pdf = io.BytesIO()
            from charity_desktop.reports.receipt import write_receipt  # on use: see ui/__init__.py

            write_receipt(copy, pdf, paper=self.paper.currentData(), tr=self.documents)
            if self.print_dialog(self, pdf.getvalue(), tr("Receipt {number}", number=number)):
                receipts.print_receipt(self.database, number, actor=self.actor)
        except DomainError as error:
            self._explain(tr.error(error))

    def print_day_closing(self, day: dt.date | None = None) -> None:
        """Preview and print the closing of `day` (asked, today by default)."""
        tr = self.tr_
        if day is None:
            day = ask_day(self, tr("Daily closing"), tr("The closing of which day?"))
            if day is None:
                return
        try:
            from charity_desktop.reports.day_closing import write_day_closing  # on use

            pdf = io.BytesIO()
            write_day_closing(closing.day_closing(self.database, day), pdf, tr=self.documents)
        except DomainError as error:
            self._explain(tr.error(error))
            return
        self.print_dialog(self, pdf.getvalue(), tr("Daily closing of {date}", date=day))

    def void_receipt(self, number: str) -> bool:
        """Ask for a reason and void receipt `number`; True when it was voided."""
        tr = self.tr_
        reason, accepted = QInputDialog.getText(
            self, tr("Void receipt {number}", number=number), tr("Why is this receipt voided?")
        )
        if not accepted:
            return False
        try:
            receipts.void_receipt(self.database, number, reason=reason, actor=self.actor)
        except DomainError as error:
            self._explain(tr.error(error))
            return False
        self.donations.apply()
        return True

    def _selected_receipt(self) -> str | None:
        row = self.donations.selected()
        if row is None or row.receipt_number is None:
            self._explain(self.tr_("Select a donation that has a receipt."))
            return None
        return row.receipt_number

    def print_selected(self) -> None:
        number = self._selected_receipt()
        if number:
            self.print_receipt(number)

    def void_selected(self) -> None:
        number = self._selected_receipt()
        if number:
            self.void_receipt(number)

    def correct(self, row: DonationRow) -> None:
        """Open the entry form on a copy of a voided donation, to save it again corrected."""
        self.entry.correct(row)
        self.pages.setCurrentWidget(self.entry)

    def open_donation(self, row: DonationRow) -> DonationDialog:
        """Show one donation and its receipt's actions."""
        info = office.office_info(self.database)
        assert info is not None
        records, voids = self.actor.may(Permission.RECORD), self.actor.may(Permission.VOID)
        dialog = DonationDialog(
            row,
            info.display_unit,
            self.tr_,
            on_print=self.print_receipt if records else None,
            on_void=self.void_receipt if voids else None,
            on_correct=self.correct if records else None,
            parent=self,
        )
        dialog.open()
        return dialog

    # Data: exchange and backups

    def _ask_path(
        self, title: str, pattern: str, *, save: bool, suggested: str = ""
    ) -> Path | None:
        if save:
            name, _ = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        else:
            name, _ = QFileDialog.getOpenFileName(self, title, "", pattern)
        return Path(name) if name else None

    def export_package(self, target: Path | None = None) -> None:
        """Write this office's package for the centre behind a progress dialog."""
        tr = self.tr_
        target = target or self._ask_path(
            tr("Export a package"), tr("Packages (*.zip)"), save=True, suggested="package.zip"
        )
        if target is None or refuse_own_file(self, self.database, target, tr):
            return
        chosen = target

        def work(progress: Callable[[int, int], bool]) -> dict[str, Any]:
            return write_package(exchange.export_data(self.database, actor=self.actor), chosen)

        self.job = ProgressJob(
            self,
            tr("Exporting"),
            work,
            tr,
            on_done=lambda manifest: self._finished(
                tr(
                    "Package written to {file}: {count} donations ({voided} void) and {donors} donors.",
                    file=chosen.name,
                    count=manifest["counts"]["donations"],
                    voided=manifest["voided"],
                    donors=manifest["counts"]["donors"],
                )
            ),
            on_error=self._failed,
        )

    def merge_package(self, source: Path | None = None) -> None:
        """Check and merge a county office's package, then show what was added and updated."""
        tr = self.tr_
        source = source or self._ask_path(tr("Merge a package"), tr("Packages (*.zip)"), save=False)
        if source is None:
            return
        chosen = source

        def work(progress: Callable[[int, int], bool]) -> exchange.MergeReport:
            return merge_package(self.database, chosen, actor=self.actor)

        def done(report: Any) -> None:
            lines = [
                tr(
                    "Package of {code} ({name}) merged:",
                    code=report.office_code,
                    name=report.office_name,
                )
            ]
            lines += [
                tr(
                    "{part}: {added} added, {updated} updated",
                    part=tr(PART_LABELS[part]),
                    added=added,
                    updated=updated,
                )
                for part, (added, updated) in report.counts.items()
            ]
            lines += [
                tr(
                    MAPPING_MESSAGES[mapping.owner],
                    part=tr(PART_LABELS[mapping.part]),
                    name=mapping.name,
                    target=mapping.target,
                )
                for mapping in report.mappings
            ]
            if not report.changed:
                lines.append(tr("Nothing new: this package was merged before."))
            self._finished("\n".join(lines))

        self.job = ProgressJob(
            self,
            tr("Merging {name}", name=chosen.name),
            work,
            tr,
            on_done=done,
            on_error=self._failed,
        )

    def save_card(self, target: Path | None = None) -> None:
        tr = self.tr_
        target = target or self._ask_path(
            tr("Save the office card"),
            tr("Office cards (*.json)"),
            save=True,
            suggested="office-card.json",
        )
        if target is None or refuse_own_file(self, self.database, target, tr):
            return
        try:
            identity = exchange.office_card(self.database, actor=self.actor)
        except DomainError as error:
            self._explain(self.tr_.error(error))
            return
        private_file(target).write_text(
            json.dumps(dataclasses.asdict(identity), ensure_ascii=False, indent=1), encoding="utf-8"
        )
        QMessageBox.information(
            self,
            tr("Charity Desktop"),
            tr(
                "Office card of {code} written to {file}. It holds the exchange key: give it to the centre only.",
                code=identity.code,
                file=target.name,
            ),
        )

    def register_card(self, source: Path | None = None) -> None:
        tr = self.tr_
        source = source or self._ask_path(
            tr("Register an office card"), tr("Office cards (*.json)"), save=False
        )
        if source is None:
            return
        try:
            card = json.loads(source.read_text(encoding="utf-8"))
            identity = exchange.OfficeIdentity(
                **{f.name: str(card[f.name]) for f in dataclasses.fields(exchange.OfficeIdentity)}
            )
            exchange.register_office(self.database, identity, actor=self.actor)
        except (OSError, ValueError, KeyError, TypeError):
            self._explain(tr("This is not an office identity card."))
            return
        except DomainError as error:
            self._explain(tr.error(error))
            return
        QMessageBox.information(
            self,
            tr("Charity Desktop"),
            tr(
                "Office {code} ({name}) is registered; its packages can be merged now.",
                code=identity.code,
                name=identity.name,
            ),
        )

    def back_up(self, *, announce: bool) -> Path | None:
        """Copy the database into its backups folder (rotated); quiet unless `announce`."""
        try:
            path = backups.make_backup(self.database)
        except (DomainError, OSError) as error:
            if announce:
                self._explain(self.tr_.error(error))
            return None
        if announce:
            QMessageBox.information(
                self,
                self.tr_("Charity Desktop"),
                self.tr_("Backup written to {file}.", file=str(path)),
            )
        return path

    def restore_backup(self, source: Path | None = None, *, confirmed: bool = False) -> bool:
        """Replace the database with a checked backup (the current one is kept aside), then
        show the restored data everywhere. True when it was restored."""
        tr = self.tr_
        source = source or self._ask_path(
            tr("Restore from a backup"), tr("Backups (*.sqlite3 *.db)"), save=False
        )
        if source is None:
            return False
        report = backups.check_backup(source) if source.is_file() else None
        if report is None or not report.sound:
            problem = report.problems[0] if report else source.name
            self._explain(
                tr(
                    "The backup is damaged or from a newer version ({problem}); nothing was restored.",
                    problem=problem,
                )
            )
            return False
        question = tr(
            "Replace everything in this database with the backup {file}?", file=source.name
        )
        if (
            not confirmed
            and QMessageBox.question(self, tr("Charity Desktop"), question)
            != QMessageBox.StandardButton.Yes
        ):
            return False
        try:
            aside = backups.restore(self.database, source, actor=self.actor)
        except DomainError as error:
            self._explain(tr.error(error))
            return False
        self._catalogues_changed()
        QMessageBox.information(
            self,
            tr("Charity Desktop"),
            tr(
                "Restored from {file}. The database as it was is kept at {aside}.",
                file=source.name,
                aside=str(aside),
            ),
        )
        return True

    def check_database(self) -> None:
        tr = self.tr_
        report = backups.verify(self.database)
        if report.sound:
            QMessageBox.information(
                self,
                tr("Charity Desktop"),
                tr(
                    "The database is sound: integrity and foreign keys checked, schema {revision}, {series} receipt series without gaps.",
                    revision=tr.digits(report.revision or "?"),
                    series=report.series_checked,
                )
                + "\n"
                + (
                    tr("The audit chain reaches its anchor {file}.", file=str(report.anchor))
                    if report.anchor
                    else tr(
                        "No anchor of the audit chain was found outside the database to compare it with."
                    )
                ),
            )
        else:
            self._explain("\n".join(tr.finding(problem) for problem in report.problems))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Back up on the way out, as the office's last line of defence, and stop watching."""
        self.back_up(announce=False)
        self.idle_timer.stop()
        self.backup_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)

    # Long work

    def _finished(self, message: str) -> None:
        self.job = None
        self._catalogues_changed()
        QMessageBox.information(self, self.tr_("Charity Desktop"), message)

    def _failed(self, error: BaseException) -> None:
        self.job = None
        show_failure(self, self.tr_, error, "background work")

    def import_file(self, path: str | None = None, *, accept_warnings: bool = False) -> None:
        """Import a CSV or XLSX file (all rows or none) behind a progress dialog; when the only
        problems are unusual values, ask whether to store the rows as they are."""
        tr = self.tr_
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("Import donations"), "", tr("Donation files (*.csv *.xlsx)")
            )
        if not path:
            return
        chosen = Path(path)

        def work(progress: Callable[[int, int], bool]) -> ImportReport:
            return donations.import_donations(
                self.database,
                read_donation_file(chosen),
                actor=self.actor,
                progress=progress,
                accept_warnings=accept_warnings,
            )

        def done(report: Any) -> None:
            info = office.office_info(self.database)
            unit = info.display_unit if info else office.DEFAULT_DISPLAY_UNIT
            self._finished(
                tr("{rows} rows imported.", rows=report.rows)
                + "\n"
                + tr("Total: {amount}.", amount=tr.amount(report.total_rials, unit))
            )

        def failed(error: BaseException) -> None:
            if not (isinstance(error, ValidationFailed) and error.only_warnings):
                self._failed(error)
                return
            self.job = None
            question = brief(tr, error, "import") + "\n\n" + tr("Import these rows as they are?")
            if (
                QMessageBox.question(self, tr("Charity Desktop"), question)
                == QMessageBox.StandardButton.Yes
            ):
                self.import_file(str(chosen), accept_warnings=True)

        self.job = ProgressJob(
            self,
            tr("Importing {name}", name=chosen.name),
            work,
            tr,
            on_done=done,
            on_error=failed,
        )

    def add_demo_data(self, count: int = DEMO_DONATIONS) -> None:
        """Fill the database with demo donations behind a progress dialog (Cancel keeps whole batches)."""
        tr = self.tr_

        def work(progress: Callable[[int, int], bool]) -> int:
            return demo.build_demo(
                self.database,
                donations=count,
                actor=self.actor,
                today=today(),
                progress=progress,
            )

        self.job = ProgressJob(
            self,
            tr("Adding demo data"),
            work,
            tr,
            on_done=lambda stored: self._finished(
                tr("Demo data stored: {count} donations.", count=stored)
            ),
            on_error=self._failed,
        )
