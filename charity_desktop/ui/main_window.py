"""The main window: it assembles the rooms (today, entry, donations, void requests, donors,
reports, settings, the audit trail) and the controllers of the receipts, the menus and the
desk."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QTabWidget, QWidget

from charity_desktop.domain.users import Actor, Permission
from charity_desktop.persian.jalali import today
from charity_desktop.services.database import Database
from charity_desktop.services.dto import DonationRow
from charity_desktop.translation import Translator
from charity_desktop.ui.audit_view import AuditView
from charity_desktop.ui.corrections_view import CorrectionsView
from charity_desktop.ui.data_actions import DataActions
from charity_desktop.ui.desk import Desk
from charity_desktop.ui.donation_dialog import DonationDialog
from charity_desktop.ui.donations_view import DonationsView
from charity_desktop.ui.donors_view import DonorsView
from charity_desktop.ui.entry_form import EntryForm
from charity_desktop.ui.operations import Operations
from charity_desktop.ui.receipt_actions import PrintDialog, ReceiptActions
from charity_desktop.ui.reports_view import ReportsView
from charity_desktop.ui.settings_view import SettingsView
from charity_desktop.ui.shortcuts import bind
from charity_desktop.ui.today_view import TodayView
from charity_desktop.ui.widgets import show_at_size

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
        self.receipts = ReceiptActions(
            self,
            database,
            tr,
            self.desk,
            self.ops,
            selected_receipt=self._selected_receipt,
            print_dialog=print_dialog,
        )
        self.data = DataActions(self, database, tr, self.desk, self.ops)
        self.today = TodayView(
            database,
            tr,
            self.desk,
            self.ops,
            new_donation=lambda: self.go_to(self.entry),
            print_closing=lambda: self.receipts.print_day_closing(today()),
            back_up=lambda: self.data.back_up(announce=True),
            export_package=lambda: self.data.export_package(),
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
        self.settings = SettingsView(
            database, tr, self.desk, self.ops, print_test_page=self.receipts.print_test_page
        )
        self.audit = AuditView(database, tr, self.desk, self.ops)
        self.pages = QTabWidget()
        rooms = QMenu(tr("Rooms"), self)
        self.room_actions: dict[QWidget, QAction] = {}
        for page, title, name in (
            (self.today, tr("Today"), "today"),
            (self.entry, tr("New donation"), "entry"),
            (self.donations, tr("Donations"), "donations"),
            (self.corrections, tr("Void requests"), "corrections"),
            (self.donors, tr("Donors"), "donors"),
            (self.reports, tr("Reports"), "reports"),
            (self.settings, tr("Settings"), "settings"),
            (self.audit, tr("Audit trail"), "audit"),
        ):
            self.pages.addTab(page, title)
            action = self.room_actions[page] = bind(rooms.addAction(title), f"room.{name}")
            action.triggered.connect(lambda _checked=False, room=page: self.go_to(room))
        self.setCentralWidget(self.pages)
        self.pages.currentChanged.connect(
            lambda _index: self.pages.currentWidget() is self.audit and self.audit.apply()
        )
        self.donations.opened.connect(self.open_donation)
        self.addToolBar(self.receipts.fill())

        quit_action = bind(QAction(tr("Quit"), self), "file.quit")
        quit_action.triggered.connect(self.close)
        self.data.fill(self.menuBar(), quit_action)
        self.menuBar().addMenu(rooms)
        self.desk.fill(self.menuBar())
        self.statusBar().addPermanentWidget(self.desk.who)
        self.desk.signed_in.connect(lambda _actor: self._offer_what_the_actor_may_do())
        self._offer_what_the_actor_may_do()

    def show_on_screen(self) -> None:
        """Show the window at its preferred size, or maximised on a smaller screen."""
        show_at_size(self, PREFERRED_SIZE)

    def go_to(self, room: QWidget) -> None:
        """Bring `room` to the front, with the keyboard in its first field."""
        if self.pages.isTabVisible(self.pages.indexOf(room)):
            self.pages.setCurrentWidget(room)
            room.setFocus()

    def _offer_what_the_actor_may_do(self) -> None:
        """Show only the changes the signed-in person's role permits (the services refuse
        the others anyway): at the start, and whenever someone signs in at the lock."""
        self.receipts.offer()
        self.data.offer()
        may = self.desk.actor.may
        records = may(Permission.RECORD)
        for room, shown in (
            (self.today, records),
            (self.entry, records),
            (self.audit, may(Permission.READ_AUDIT)),
        ):
            self.pages.setTabVisible(self.pages.indexOf(room), shown)
            self.room_actions[room].setVisible(shown)
        if not self.pages.isTabVisible(self.pages.currentIndex()):
            self.pages.setCurrentWidget(self.today if records else self.donations)

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
            self.receipts.unit,
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
