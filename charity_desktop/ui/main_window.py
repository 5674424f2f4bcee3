"""The main window: it assembles the rooms (entry, donations, donors, reports, settings,
the audit trail) and the controllers of the receipts, the menus and the desk."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget

from charity_desktop.domain.users import Actor, Permission
from charity_desktop.services import office
from charity_desktop.services.database import Database
from charity_desktop.services.dto import DonationRow, OfficeInfo
from charity_desktop.translation import Translator
from charity_desktop.ui.audit_view import AuditView
from charity_desktop.ui.corrections_view import CorrectionsView
from charity_desktop.ui.data_actions import DataActions
from charity_desktop.ui.desk import Desk
from charity_desktop.ui.donation_dialog import DonationDialog
from charity_desktop.ui.donations_view import DonationsView
from charity_desktop.ui.donors_view import DonorsView
from charity_desktop.ui.entry_form import EntryForm
from charity_desktop.ui.operations import Change, Operations
from charity_desktop.ui.receipt_actions import PrintDialog, ReceiptActions
from charity_desktop.ui.reports_view import ReportsView
from charity_desktop.ui.settings_view import SettingsView

PREFERRED_SIZE = QSize(1280, 800)


class MainWindow(QMainWindow):
    """Tabs for each room of the office's work, the receipts toolbar and the menus."""

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
        self.setWindowTitle(tr("Charity Desktop"))
        self.ops = Operations(self, tr)
        self.desk = Desk(self, database, tr, actor, self.ops)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.info: OfficeInfo | None = None

        self.receipts = ReceiptActions(
            self,
            database,
            tr,
            self.desk,
            self.ops,
            selected_receipt=self._selected_receipt,
            print_dialog=print_dialog,
        )
        self.entry = EntryForm(
            database, tr, self.desk, self.ops, print_receipt=self.receipts.print_receipt
        )
        self.donations = DonationsView(database, tr, self.ops)
        self.donors = DonorsView(database, tr, self.ops)
        self.corrections = CorrectionsView(
            database, tr, self.desk, self.ops, enter_again=self.correct
        )
        self.reports = ReportsView(database, tr, self.ops)
        self.settings = SettingsView(database, tr, self.desk, self.ops)
        self.audit = AuditView(database, tr, self.desk, self.ops)
        self.pages = QTabWidget()
        for page, title in (
            (self.entry, tr("New donation")),
            (self.donations, tr("Donations")),
            (self.corrections, tr("Void requests")),
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
        self.donations.opened.connect(self.open_donation)
        self.addToolBar(self.receipts.fill(self.heading))

        quit_action = QAction(tr("Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        self.data = DataActions(self, database, tr, self.desk, self.ops)
        self.data.fill(self.menuBar(), quit_action)
        self.desk.fill(self.menuBar())
        self.statusBar().addPermanentWidget(self.desk.who)
        self.ops.changed.connect(self._changed)
        self.desk.signed_in.connect(lambda _actor: self._offer_what_the_actor_may_do())
        self._offer_what_the_actor_may_do()
        self._changed(Change.OFFICE)

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

    def _offer_what_the_actor_may_do(self) -> None:
        """Show only the changes the signed-in person's role permits (the services refuse
        the others anyway): at the start, and whenever someone signs in at the lock."""
        self.receipts.offer()
        self.data.offer()
        self.pages.setTabVisible(
            self.pages.indexOf(self.entry), self.desk.actor.may(Permission.RECORD)
        )

    def _changed(self, changes: Change) -> None:
        if changes & Change.OFFICE:
            self.ops.run(lambda: office.office_info(self.database), then=self._show_office)

    def _show_office(self, info: OfficeInfo | None) -> None:
        self.info = info
        if info is not None:
            self.heading.setText(
                self.tr_(
                    "{office} — province {province}, county {county}",
                    office=info.name,
                    province=info.province,
                    county=info.county,
                )
            )

    def _selected_receipt(self) -> str | None:
        row = self.donations.selected()
        return row.receipt_number if row is not None else None

    def correct(self, row: DonationRow) -> None:
        """Open the entry form on a copy of a voided donation, to save it again corrected."""
        self.entry.correct(row)
        self.pages.setCurrentWidget(self.entry)

    def open_donation(self, row: DonationRow) -> DonationDialog:
        """Show one donation and its receipt's actions."""
        records = self.desk.actor.may(Permission.RECORD)
        voids = self.desk.actor.may(Permission.VOID)
        dialog = DonationDialog(
            row,
            self.info.display_unit if self.info else office.DEFAULT_DISPLAY_UNIT,
            self.tr_,
            on_print=self.receipts.print_receipt if records else None,
            on_void=self.receipts.void_receipt if voids else None,
            on_correct=self.correct if records else None,
            on_request=self.receipts.request_void if records and not voids else None,
            parent=self,
        )
        dialog.open()
        return dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        """Back up on the way out, as the office's last line of defence, and stop watching;
        while a task runs the window stays open (its progress dialog says how far it is)."""
        if self.ops.job is not None:
            QMessageBox.information(
                self,
                self.tr_("Charity Desktop"),
                self.tr_("A task is still running; close the window when it has finished."),
            )
            event.ignore()
            return
        self.data.back_up_now()
        self.data.backup_timer.stop()
        self.desk.stop()
        super().closeEvent(event)
