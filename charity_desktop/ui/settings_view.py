"""Settings: office details, display unit, the catalogues the entry form offers, users, and
this computer's printing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.users import Actor, Permission, Role
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.persian.money import Unit, format_number
from charity_desktop.persian.text import to_persian_digits
from charity_desktop.services import catalogue, office, users
from charity_desktop.services.catalogue import Catalogue, Entry
from charity_desktop.services.database import Database
from charity_desktop.services.dto import OfficeInfo
from charity_desktop.services.users import UserInfo
from charity_desktop.translation import N_, ROLE_LABELS, Translator
from charity_desktop.ui.desk import Desk
from charity_desktop.ui.desk_printing import load_desk_printing, save_desk_printing
from charity_desktop.ui.operations import Change, Operations, load_when_shown, refresh_when_shown
from charity_desktop.ui.widgets import ERROR_STYLE, AmountEdit, JalaliDateEdit, error_label

TITLES = {
    "intents": N_("Intents"),
    "campaigns": N_("Campaigns"),
    "counties": N_("Counties"),
    "collection_points": N_("Collection points"),
    "institutions": N_("Charity institutions"),
}


class CatalogueEditor(QGroupBox):
    """One catalogue: its names, a field to add or rename, and the buttons."""

    def __init__(self, kind: str, tr: Translator) -> None:
        super().__init__(tr(TITLES[kind]))
        self.kind = kind
        self.list = QListWidget()
        self.name = QLineEdit()
        self.add_button = QPushButton(tr("Add"))
        self.rename_button = QPushButton(tr("Rename"))
        self.message = error_label()
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.rename_button)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.list)
        self.layout_.addLayout(row)
        self.layout_.addWidget(self.message)
        self.list.currentItemChanged.connect(
            lambda item, _old: item and self.name.setText(item.data(Qt.ItemDataRole.UserRole).name)
        )

    def show_entries(self, entries: list[Entry], tr: Translator) -> None:
        self.list.clear()
        for entry in entries:
            text = to_persian_digits(entry.name)
            if entry.starts_on and entry.ends_on:
                text += "  " + tr(
                    "({first} to {last})",
                    first=format_jalali(entry.starts_on),
                    last=format_jalali(entry.ends_on),
                )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, entry)
            self.list.addItem(item)

    def selected(self) -> Entry | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


class SettingsView(QScrollArea):
    """Office details, every catalogue and the users; changes take effect in the other screens
    at once. It scrolls, so small screens (1024×700) see all of it."""

    def __init__(
        self,
        database: Database,
        tr: Translator,
        desk: Desk,
        ops: Operations,
        *,
        print_test_page: Callable[[], None],
    ) -> None:
        super().__init__()
        self.database = database
        self.tr_ = tr
        self.ops = ops
        ops.changed.connect(self._changed)
        desk.signed_in.connect(self.set_actor)
        self.office_name = QLineEdit()
        self.province = QLineEdit()
        self.county = QLineEdit()
        self.code = QLabel()
        self.unit = QComboBox()
        self.unit.addItem(tr("Toman"), Unit.TOMAN.value)
        self.unit.addItem(tr("Rial"), Unit.RIAL.value)
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setRange(0, 240)
        self.idle_minutes.setSuffix(tr(" minutes"))
        self.idle_minutes.setSpecialValueText(tr("never"))
        self.ceiling = AmountEdit()
        self.keep_choices = QCheckBox(tr("Offer each clerk their last intent and kind"))
        self.save_office = QPushButton(tr("Save office details"))
        self.save_office.clicked.connect(self._save_office)
        self.office_message = QLabel()
        self.office_message.setWordWrap(True)
        office_box = QGroupBox(tr("Office"))
        form = QFormLayout(office_box)
        form.addRow(tr("Office name"), self.office_name)
        form.addRow(tr("Office code"), self.code)
        form.addRow(tr("Province"), self.province)
        form.addRow(tr("County"), self.county)
        form.addRow(tr("Show amounts in"), self.unit)
        form.addRow(tr("Lock the window after"), self.idle_minutes)
        form.addRow(tr("Most one donation may be (rials)"), self.ceiling)
        form.addRow(tr("New donation"), self.keep_choices)
        form.addRow("", self.save_office)
        form.addRow("", self.office_message)

        self.editors = {kind: CatalogueEditor(kind, tr) for kind in TITLES}
        for kind, editor in self.editors.items():
            editor.add_button.clicked.connect(lambda _=False, k=kind: self._add(k))
            editor.rename_button.clicked.connect(lambda _=False, k=kind: self._rename(k))
        self.point_county = QComboBox()
        self.point_county.setAccessibleName(tr("County"))
        self.editors["collection_points"].layout_.insertWidget(0, self.point_county)
        self.point_county.currentIndexChanged.connect(self._show_points)
        self.campaign_dates = QCheckBox(tr("From"))
        self.campaign_from = JalaliDateEdit()
        self.campaign_to = JalaliDateEdit()
        self.campaign_from.setAccessibleName(tr("First day"))
        self.campaign_to.setAccessibleName(tr("Last day"))
        self.campaign_period = QWidget()
        dates = QHBoxLayout(self.campaign_period)
        dates.setContentsMargins(0, 0, 0, 0)
        for widget in (self.campaign_dates, self.campaign_from, QLabel(tr("to")), self.campaign_to):
            dates.addWidget(widget)
        self.editors["campaigns"].layout_.insertWidget(2, self.campaign_period)

        self.users = QListWidget()
        self.user_name = QLineEdit()
        self.user_role = QComboBox()
        self.user_role.setAccessibleName(tr("Role"))
        for role in Role:
            self.user_role.addItem(tr(ROLE_LABELS[role]), role.value)
        self.user_password = QLineEdit()
        self.user_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.user_password.setPlaceholderText(tr("Password"))
        self.add_user_button = QPushButton(tr("Add"))
        self.add_user_button.clicked.connect(self._add_user)
        self.toggle_user_button = QPushButton(tr("Disable or enable"))
        self.toggle_user_button.clicked.connect(self._toggle_user)
        self.unlock_user_button = QPushButton(tr("Unlock"))
        self.unlock_user_button.clicked.connect(self._unlock_user)
        self.reset_user_button = QPushButton(tr("Give the typed password"))
        self.reset_user_button.setAccessibleName(
            tr("Give the chosen user the password typed above")
        )
        self.reset_user_button.clicked.connect(self._reset_password)
        self.user_message = error_label()
        users_box = QGroupBox(tr("Users"))
        users_layout = QVBoxLayout(users_box)
        users_layout.addWidget(self.users)
        row = QHBoxLayout()
        for widget in (self.user_name, self.user_role, self.user_password, self.add_user_button):
            row.addWidget(widget)
        users_layout.addLayout(row)
        users_layout.addWidget(self.toggle_user_button)
        users_layout.addWidget(self.unlock_user_button)
        users_layout.addWidget(self.reset_user_button)
        users_layout.addWidget(self.user_message)

        self.printer = QComboBox()
        self.printer.setAccessibleName(tr("Printer of this computer"))
        self.direct = QCheckBox(tr("Print receipts straight away, without the preview"))
        self.test_page_button = QPushButton(tr("Print a test page"))
        self.test_page_button.clicked.connect(print_test_page)
        self.printer.activated.connect(lambda _index: self._keep_printing())
        self.direct.toggled.connect(lambda _checked: self._keep_printing())
        printing_box = QGroupBox(tr("Printing on this computer"))
        printing_form = QFormLayout(printing_box)
        printing_form.addRow(tr("Printer"), self.printer)
        printing_form.addRow("", self.direct)
        printing_form.addRow("", self.test_page_button)
        load_when_shown(self, self._show_printing)

        grid = QGridLayout()
        grid.addWidget(office_box, 0, 0)
        for position, kind in enumerate(TITLES, start=1):
            grid.addWidget(self.editors[kind], position // 3, position % 3)
        grid.addWidget(users_box, 2, 0, 1, 3)
        grid.addWidget(printing_box, 3, 0, 1, 3)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(grid)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.set_actor(desk.actor)
        load_when_shown(self, self.reload)

    def _show_printing(self) -> None:
        """This desk's printer (the system's default first) and whether it prints directly."""
        from charity_desktop.ui.printing import printer_names  # on use: see ui/__init__.py

        desk = load_desk_printing()
        self.printer.clear()
        self.printer.addItem(self.tr_("The system's default printer"), "")
        for name in printer_names():
            self.printer.addItem(name, name)
        if desk.printer and self.printer.findData(desk.printer) < 0:
            self.printer.addItem(
                self.tr_("{name} (not found now)", name=desk.printer), desk.printer
            )
        self.printer.setCurrentIndex(self.printer.findData(desk.printer))
        self.direct.blockSignals(True)
        self.direct.setChecked(desk.direct)
        self.direct.blockSignals(False)

    def _keep_printing(self) -> None:
        save_desk_printing(
            replace(
                load_desk_printing(),
                printer=self.printer.currentData() or "",
                direct=self.direct.isChecked(),
            )
        )

    def set_actor(self, actor: Actor) -> None:
        """Act for `actor` from now on, showing only the changes their role permits (the
        services refuse the others anyway); what is stored stays for everyone to read."""
        self.actor = actor
        edits = actor.may(Permission.EDIT_CATALOGUES)
        for field in (
            self.office_name,
            self.province,
            self.county,
            self.unit,
            self.idle_minutes,
            self.ceiling,
            self.keep_choices,
        ):
            field.setEnabled(edits)
        self.save_office.setVisible(edits)
        self.campaign_period.setVisible(edits)
        for editor in self.editors.values():
            for widget in (editor.name, editor.add_button, editor.rename_button):
                widget.setVisible(edits)
        manages = actor.may(Permission.MANAGE_USERS)
        for widget in (
            self.user_name,
            self.user_role,
            self.user_password,
            self.add_user_button,
            self.toggle_user_button,
            self.unlock_user_button,
            self.reset_user_button,
        ):
            widget.setVisible(manages)

    def _changed(self, changes: Change) -> None:
        if changes & (Change.OFFICE | Change.CATALOGUES | Change.USERS):
            refresh_when_shown(self, self.reload)

    def reload(self) -> None:
        """Show the office and catalogues as stored now."""
        self.ops.run(
            lambda: Stored(
                office.office_info(self.database),
                office.idle_lock_minutes(self.database),
                office.donation_ceiling(self.database),
                office.keeps_entry_choices(self.database),
                users.list_users(self.database),
                catalogue.load_catalogue(self.database),
            ),
            then=self._show,
        )

    def _show(self, stored: Stored) -> None:
        info = stored.info
        if info is None:
            return
        self.office_name.setText(info.name)
        self.province.setText(info.province)
        self.county.setText(info.county)
        self.code.setText(info.code)
        self.unit.setCurrentIndex(self.unit.findData(info.display_unit.value))
        self.idle_minutes.setValue(stored.idle_minutes)
        self.stored_ceiling = format_number(stored.ceiling_rials)
        self.ceiling.setText(self.stored_ceiling)
        self.keep_choices.setChecked(stored.keeps_choices)
        self.users.clear()
        self.accounts = {user.name: user for user in stored.users}
        for user in stored.users:
            state = "" if user.active else " " + self.tr_("(disabled)")
            item = QListWidgetItem(f"{user.name} — {self.tr_(ROLE_LABELS[user.role])}{state}")
            item.setData(Qt.ItemDataRole.UserRole, user.name)
            self.users.addItem(item)
        self.lists = stored.lists
        for kind in ("intents", "campaigns", "counties", "institutions"):
            self.editors[kind].show_entries(getattr(self.lists, kind), self.tr_)
        chosen = self.point_county.currentData()
        self.point_county.blockSignals(True)
        self.point_county.clear()
        for county in self.lists.counties:
            self.point_county.addItem(county.name, county.id)
        if chosen is not None and self.point_county.findData(chosen) >= 0:
            self.point_county.setCurrentIndex(self.point_county.findData(chosen))
        self.point_county.blockSignals(False)
        self._show_points()

    def _show_points(self) -> None:
        self.editors["collection_points"].show_entries(
            self.lists.points_of(self.point_county.currentData()), self.tr_
        )

    def _save_office(self) -> None:
        tr, actor = self.tr_, self.actor
        ceiling = self.ceiling.digits() if self.ceiling.text() != self.stored_ceiling else None
        name, province, county = self.office_name.text(), self.province.text(), self.county.text()
        unit, minutes = Unit(self.unit.currentData()), self.idle_minutes.value()
        keep_choices = self.keep_choices.isChecked()

        self.office_message.setStyleSheet(ERROR_STYLE)
        if self.ops.run(
            lambda: catalogue.save_office_settings(
                self.database,
                name=name,
                province=province,
                county=county,
                display_unit=unit,
                idle_minutes=minutes,
                ceiling=ceiling,
                keep_choices=keep_choices,
                actor=actor,
            ),
            changes=Change.OFFICE,
            label=self.office_message,
        ):
            self.office_message.setStyleSheet("")
            self.office_message.setText(tr("Saved."))

    def _add_user(self) -> None:
        name, role = self.user_name.text(), Role(self.user_role.currentData())
        password, actor = self.user_password.text(), self.actor
        if self.ops.run(
            lambda: users.add_user(self.database, name, role, password, actor=actor),
            changes=Change.USERS,
            label=self.user_message,
        ):
            self.user_name.clear()
            self.user_password.clear()

    def _chosen_user(self) -> str | None:
        item = self.users.currentItem()
        if item is None:
            self.user_message.setText(self.tr_("Choose a user."))
            return None
        return str(item.data(Qt.ItemDataRole.UserRole))

    def _toggle_user(self) -> None:
        name = self._chosen_user()
        if name is None:
            return
        active, actor = self.accounts[name].active, self.actor
        self.ops.run(
            lambda: users.set_active(self.database, name, not active, actor=actor),
            changes=Change.USERS,
            label=self.user_message,
        )

    def _unlock_user(self) -> None:
        """Lift the lock wrong passwords put on the chosen account (admins)."""
        name, actor = self._chosen_user(), self.actor
        if name is None:
            return
        chosen = name
        if self.ops.run(
            lambda: users.unlock_user(self.database, chosen, actor=actor), label=self.user_message
        ):
            self.user_message.setText(self.tr_("User {name} is unlocked.", name=chosen))

    def _reset_password(self) -> None:
        """Give the chosen account the password typed in the password field (admins); it
        also lifts a lock. The person should change it when they next sign in."""
        name, actor, password = self._chosen_user(), self.actor, self.user_password.text()
        if name is None:
            return
        chosen = name
        if self.ops.run(
            lambda: users.reset_password(self.database, chosen, password, actor=actor),
            label=self.user_message,
        ):
            self.user_password.clear()
            self.user_message.setText(
                self.tr_(
                    "{name} has a new password; they should change it when they next sign in.",
                    name=chosen,
                )
            )

    def _add(self, kind: str) -> None:
        editor, actor = self.editors[kind], self.actor
        dates = {}
        if kind == "campaigns" and self.campaign_dates.isChecked():
            dates = {"starts_on": self.campaign_from.value(), "ends_on": self.campaign_to.value()}
        parent = self.point_county.currentData() if kind == "collection_points" else None
        name = editor.name.text()
        if self.ops.run(
            lambda: catalogue.add_entry(
                self.database, kind, name, parent_id=parent, actor=actor, **dates
            ),
            changes=Change.CATALOGUES,
            label=editor.message,
        ):
            editor.name.clear()

    def _rename(self, kind: str) -> None:
        editor, actor = self.editors[kind], self.actor
        entry = editor.selected()
        if entry is None:
            editor.message.setText(self.tr_("Choose the entry to rename."))
            return
        chosen, name = entry.id, editor.name.text()
        self.ops.run(
            lambda: catalogue.rename_entry(self.database, kind, chosen, name, actor=actor),
            changes=Change.CATALOGUES,
            label=editor.message,
        )


@dataclass(frozen=True)
class Stored:
    """What the settings show, read at once."""

    info: OfficeInfo | None
    idle_minutes: int
    ceiling_rials: int
    keeps_choices: bool
    users: list[UserInfo]
    lists: Catalogue
