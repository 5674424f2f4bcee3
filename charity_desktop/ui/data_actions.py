"""The File and Data menus' controller: imports, demo data, packages, office cards,
backups, restore and the database check. Every flow is the one the command line runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenuBar, QMessageBox, QWidget

from charity_desktop.domain.errors import ValidationFailed
from charity_desktop.domain.users import Permission
from charity_desktop.exchange import cards
from charity_desktop.exchange.importing import read_donation_file
from charity_desktop.exchange.package import export_package, merge_package
from charity_desktop.logs import log_unexpected
from charity_desktop.persian.jalali import today
from charity_desktop.services import backups, demo, donations, office
from charity_desktop.services.backups import HealthReport
from charity_desktop.services.database import Database
from charity_desktop.services.dto import ImportReport
from charity_desktop.services.exchange import MergeReport
from charity_desktop.translation import MAPPING_MESSAGES, PART_LABELS, Translator
from charity_desktop.ui.desk import Desk
from charity_desktop.ui.errors import brief, refuse_own_file
from charity_desktop.ui.operations import Change, Operations, Progress
from charity_desktop.ui.shortcuts import bind

DEMO_DONATIONS = 20_000
BACKUP_EVERY_MS = 3 * 60 * 60 * 1000  # every three hours while open, and on close


class DataActions(QObject):
    """The menus' actions; long work goes through `ops.start` behind a progress dialog."""

    def __init__(
        self,
        parent: QWidget,
        database: Database,
        tr: Translator,
        desk: Desk,
        ops: Operations,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.database, self.tr, self.desk, self.ops = database, tr, desk, ops
        self.backup_timer = QTimer(self)
        self.backup_timer.timeout.connect(lambda: self.back_up(announce=False))
        self.backup_timer.start(BACKUP_EVERY_MS)

    def fill(self, menus: QMenuBar, quit_action: QAction) -> None:
        """The File and Data menus."""
        tr = self.tr
        file_menu = menus.addMenu(tr("File"))
        self.import_action = bind(
            file_menu.addAction(tr("Import donations from a file…")), "file.import"
        )
        self.import_action.triggered.connect(lambda: self.import_file())
        self.demo_action = bind(file_menu.addAction(tr("Add demo data…")), "file.demo")
        self.demo_action.triggered.connect(lambda: self.add_demo_data())
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        data_menu = menus.addMenu(tr("Data"))
        self.export_action = bind(
            data_menu.addAction(tr("Export a package for the centre…")), "data.export"
        )
        self.export_action.triggered.connect(lambda: self.export_package())
        self.merge_action = bind(
            data_menu.addAction(tr("Merge a county office's package…")), "data.merge"
        )
        self.merge_action.triggered.connect(lambda: self.merge_package())
        self.card_action = bind(
            data_menu.addAction(tr("Save this office's identity card…")), "data.card"
        )
        self.card_action.triggered.connect(lambda: self.save_card())
        self.register_action = bind(
            data_menu.addAction(tr("Register a county office's card…")), "data.register"
        )
        self.register_action.triggered.connect(lambda: self.register_card())
        data_menu.addSeparator()
        self.backup_action = bind(data_menu.addAction(tr("Back up now")), "data.backup")
        self.backup_action.triggered.connect(lambda: self.back_up(announce=True))
        self.restore_action = bind(
            data_menu.addAction(tr("Restore from a backup…")), "data.restore"
        )
        self.restore_action.triggered.connect(lambda: self.restore_backup())
        self.verify_action = bind(data_menu.addAction(tr("Check the database")), "data.verify")
        self.verify_action.triggered.connect(self.check_database)

    def offer(self) -> None:
        """Show only what the signed-in person may do."""
        may = self.desk.actor.may
        for action, permission in (
            (self.import_action, Permission.RECORD),
            (self.demo_action, Permission.MANAGE_USERS),
            (self.export_action, Permission.EXPORT_PERSONAL),
            (self.merge_action, Permission.MERGE),
            (self.card_action, Permission.EDIT_CATALOGUES),
            (self.register_action, Permission.EDIT_CATALOGUES),
            (self.restore_action, Permission.RESTORE),
        ):
            action.setVisible(may(permission))

    def _tell(self, message: str) -> None:
        QMessageBox.information(self.parent_widget, self.tr("Charity Desktop"), message)

    def _ask_path(
        self, title: str, pattern: str, *, save: bool, suggested: str = ""
    ) -> Path | None:
        if save:
            name, _ = QFileDialog.getSaveFileName(self.parent_widget, title, suggested, pattern)
        else:
            name, _ = QFileDialog.getOpenFileName(self.parent_widget, title, "", pattern)
        return Path(name) if name else None

    # Donations in bulk

    def import_file(self, path: str | None = None, *, accept_warnings: bool = False) -> None:
        """Import a CSV or XLSX file (all rows or none); when the only problems are unusual
        values, ask whether to store the rows as they are."""
        tr = self.tr
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self.parent_widget, tr("Import donations"), "", tr("Donation files (*.csv *.xlsx)")
            )
        if not path:
            return
        chosen, actor = Path(path), self.desk.actor

        def work(progress: Progress) -> tuple[ImportReport, str]:
            report = donations.import_donations(
                self.database,
                read_donation_file(chosen),
                actor=actor,
                progress=progress,
                accept_warnings=accept_warnings,
            )
            info = office.office_info(self.database)
            return report, info.display_unit if info else office.DEFAULT_DISPLAY_UNIT

        def done(outcome: tuple[ImportReport, str]) -> None:
            report, unit = outcome
            self._tell(
                tr("{rows} rows imported.", rows=report.rows)
                + "\n"
                + tr("Total: {amount}.", amount=tr.amount(report.total_rials, unit))
            )

        def failed(error: BaseException) -> bool:
            if not (isinstance(error, ValidationFailed) and error.only_warnings):
                return False
            question = brief(tr, error, "import") + "\n\n" + tr("Import these rows as they are?")
            answer = QMessageBox.question(self.parent_widget, tr("Charity Desktop"), question)
            if answer == QMessageBox.StandardButton.Yes:
                QTimer.singleShot(0, lambda: self.import_file(str(chosen), accept_warnings=True))
            return True

        self.ops.start(
            work,
            title=tr("Importing {name}", name=chosen.name),
            changes=Change.DONATIONS | Change.DONORS,
            then=done,
            failed=failed,
        )

    def add_demo_data(self, count: int = DEMO_DONATIONS) -> None:
        """Fill the database with demo donations (Cancel keeps whole batches)."""
        actor = self.desk.actor
        self.ops.start(
            lambda progress: demo.build_demo(
                self.database, donations=count, actor=actor, today=today(), progress=progress
            ),
            title=self.tr("Adding demo data"),
            changes=Change.EVERYTHING,
            then=lambda stored: self._tell(
                self.tr("Demo data stored: {count} donations.", count=stored)
            ),
        )

    # Exchange with the centre

    def export_package(self, target: Path | None = None) -> None:
        """Write this office's package for the centre."""
        tr = self.tr
        target = target or self._ask_path(
            tr("Export a package"), tr("Packages (*.zip)"), save=True, suggested="package.zip"
        )
        if target is None or refuse_own_file(self.parent_widget, self.database, target, tr):
            return
        chosen, actor = target, self.desk.actor
        self.ops.start(
            lambda _progress: export_package(self.database, chosen, actor=actor),
            title=tr("Exporting"),
            changes=Change.SAFEKEEPING,
            then=lambda manifest: self._tell(
                tr(
                    "Package written to {file}: {count} donations ({voided} void) and {donors} donors.",
                    file=chosen.name,
                    count=manifest["counts"]["donations"],
                    voided=manifest["voided"],
                    donors=manifest["counts"]["donors"],
                )
            ),
            cancellable=False,
        )

    def merge_package(self, source: Path | None = None) -> None:
        """Check and merge a county office's package, then show what was added and updated."""
        tr = self.tr
        source = source or self._ask_path(tr("Merge a package"), tr("Packages (*.zip)"), save=False)
        if source is None:
            return
        chosen, actor = source, self.desk.actor
        self.ops.start(
            lambda _progress: merge_package(self.database, chosen, actor=actor),
            title=tr("Merging {name}", name=chosen.name),
            changes=Change.EVERYTHING,
            then=lambda report: self._tell(self._merged(report)),
            cancellable=False,
        )

    def _merged(self, report: MergeReport) -> str:
        tr = self.tr
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
        return "\n".join(lines)

    def save_card(self, target: Path | None = None) -> None:
        tr = self.tr
        target = target or self._ask_path(
            tr("Save the office card"),
            tr("Office cards (*.json)"),
            save=True,
            suggested="office-card.json",
        )
        if target is None or refuse_own_file(self.parent_widget, self.database, target, tr):
            return
        chosen, actor = target, self.desk.actor
        self.ops.run(
            lambda: cards.write_card(self.database, chosen, actor=actor),
            then=lambda identity: self._tell(
                tr(
                    "Office card of {code} written to {file}. It holds the exchange key: give it to the centre only.",
                    code=identity.code,
                    file=chosen.name,
                )
            ),
        )

    def register_card(self, source: Path | None = None) -> None:
        tr = self.tr
        source = source or self._ask_path(
            tr("Register an office card"), tr("Office cards (*.json)"), save=False
        )
        if source is None:
            return
        chosen, actor = source, self.desk.actor
        self.ops.run(
            lambda: cards.register_card(self.database, chosen, actor=actor),
            changes=Change.OFFICES,
            then=lambda identity: self._tell(
                tr(
                    "Office {code} ({name}) is registered; its packages can be merged now.",
                    code=identity.code,
                    name=identity.name,
                )
            ),
        )

    # Backups

    def back_up(self, *, announce: bool) -> None:
        """Copy the database into its backups folder (rotated), off the GUI thread; quiet
        unless `announce` (the periodic backup waits for a job under way to finish)."""
        if self.ops.job is not None and not announce:
            return
        self.ops.start(
            lambda _progress: backups.make_backup(self.database),
            title=self.tr("Backing up"),
            changes=Change.SAFEKEEPING,
            then=lambda path: (
                announce and self._tell(self.tr("Backup written to {file}.", file=str(path)))
            ),
            failed=lambda error: not announce and self._logged(error, "periodic backup"),
            cancellable=False,
        )

    def back_up_now(self) -> None:
        """Back up on the GUI thread, quietly (the window is closing: no thread may outlive
        it)."""
        self.ops.run(
            lambda: backups.make_backup(self.database),
            failed=lambda error: self._logged(error, "backup on close"),
        )

    @staticmethod
    def _logged(error: BaseException, context: str) -> bool:
        """A quiet backup's failure goes to the log only (nobody asked for it)."""
        log_unexpected(error, context)
        return True

    def restore_backup(self, source: Path | None = None, *, confirmed: bool = False) -> None:
        """Replace the database with a checked backup (the current one is kept aside), then
        show the restored data everywhere."""
        tr = self.tr
        source = source or self._ask_path(
            tr("Restore from a backup"), tr("Backups (*.sqlite3 *.db)"), save=False
        )
        if source is None:
            return
        chosen, actor = source, self.desk.actor

        def checked(report: HealthReport | None) -> None:
            if report is None or not report.sound:
                problem = report.problems[0] if report else chosen.name
                QMessageBox.warning(
                    self.parent_widget,
                    tr("Charity Desktop"),
                    tr(
                        "The backup is damaged or from a newer version ({problem}); nothing was restored.",
                        problem=problem,
                    ),
                )
                return
            question = tr(
                "Replace everything in this database with the backup {file}?", file=chosen.name
            )
            if (
                not confirmed
                and QMessageBox.question(self.parent_widget, tr("Charity Desktop"), question)
                != QMessageBox.StandardButton.Yes
            ):
                return
            self.ops.start(
                lambda _progress: backups.restore(self.database, chosen, actor=actor),
                title=tr("Restoring {name}", name=chosen.name),
                changes=Change.EVERYTHING,
                then=lambda aside: self._tell(
                    tr(
                        "Restored from {file}. The database as it was is kept at {aside}.",
                        file=chosen.name,
                        aside=str(aside),
                    )
                ),
                cancellable=False,
            )

        self.ops.start(
            lambda _progress: backups.check_backup(chosen) if chosen.is_file() else None,
            title=tr("Checking {name}", name=chosen.name),
            then=checked,
            cancellable=False,
        )

    def check_database(self) -> None:
        """The full check of the database (`verify`), off the GUI thread."""
        self.ops.start(
            lambda _progress: backups.verify(self.database),
            title=self.tr("Checking the database"),
            then=self._checked,
            cancellable=False,
        )

    def _checked(self, report: HealthReport) -> None:
        tr = self.tr
        if not report.sound:
            QMessageBox.warning(
                self.parent_widget,
                tr("Charity Desktop"),
                "\n".join(tr.finding(problem) for problem in report.problems),
            )
            return
        anchor = (
            tr("The audit chain reaches its anchor {file}.", file=str(report.anchor))
            if report.anchor
            else tr(
                "No anchor of the audit chain was found outside the database to compare it with."
            )
        )
        self._tell(
            tr(
                "The database is sound: integrity and foreign keys checked, schema {revision}, {series} receipt series without gaps.",
                revision=tr.digits(report.revision or "?"),
                series=report.series_checked,
            )
            + "\n"
            + anchor
        )
