"""The home screen: walk-in donation entry, built for speed and no mistakes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.enums import TRACKED_CHANNELS, Channel, DonationKind, DonorType
from charity_desktop.persian.errors import InvalidInput
from charity_desktop.persian.identifiers import mask_identifier
from charity_desktop.persian.jalali import jalali_year, today
from charity_desktop.persian.money import (
    MAX_RIALS,
    Unit,
    amount_in_words,
    format_number,
    parse_amount,
)
from charity_desktop.persian.text import left_to_right, to_ascii_digits
from charity_desktop.services import catalogue, donations, donors, office
from charity_desktop.services.catalogue import Catalogue
from charity_desktop.services.database import Database
from charity_desktop.services.dto import (
    DonationDraft,
    DonationRow,
    DonorDetail,
    DonorDraft,
    DonorSummary,
    OfficeInfo,
    SavedDonation,
)
from charity_desktop.translation import CHANNEL_LABELS, KIND_LABELS, Translator
from charity_desktop.ui.desk import Desk
from charity_desktop.ui.donor_dialog import DonorDialog
from charity_desktop.ui.operations import Change, Operations, refresh_when_shown
from charity_desktop.ui.widgets import (
    AmountEdit,
    FieldErrors,
    JalaliDateEdit,
    Toast,
    error_label,
    questions_the_id,
)

# Prints a saved receipt (the main window's preview and print dialog).
PrintReceipt = Callable[[str], None]
# The chosen donor's last gifts listed under their name.
HISTORY_SHOWN = 3


class EntryForm(QWidget):
    """Donor, kind, amount (with words), date, intent and where; Save or Save and print."""

    saved = Signal(object)

    def __init__(
        self,
        database: Database,
        tr: Translator,
        desk: Desk,
        ops: Operations,
        *,
        print_receipt: PrintReceipt | None = None,
    ) -> None:
        super().__init__()
        self.database = database
        self.tr_ = tr
        self.print_receipt = print_receipt
        self.desk, self.ops = desk, ops
        ops.changed.connect(self._changed)
        desk.signed_in.connect(lambda _actor: self.reload())
        self.chosen_donor: DonorSummary | None = None
        self.replaces = ""
        self.errors = FieldErrors()
        self.toast = Toast(self)

        # Donor: search as you type, or type a new one; nothing at all is anonymous.
        self.donor_search = QLineEdit()
        self.donor_search.setPlaceholderText(tr("Name, mobile or national ID"))
        self.donor_search.textEdited.connect(self._search_donors)
        self.donor_search.installEventFilter(self)
        self.donor_results = QListWidget()
        self.donor_results.setAccessibleName(tr("Donors found"))
        self.donor_results.setMaximumHeight(120)
        self.donor_results.hide()
        self.donor_results.itemActivated.connect(self._choose_donor)
        self.no_one = QLabel()
        self.no_one.setObjectName("no_one_found")
        self.no_one.setWordWrap(True)
        self.no_one.hide()
        self.prefilled: dict[QLineEdit, str] = {}  # what the search put in the new-donor fields
        self.chosen_label = QLabel()
        self.clear_donor = QPushButton(tr("Another donor"))
        self.clear_donor.clicked.connect(self._forget_donor)
        self.edit_donor_button = QPushButton(tr("Correct details…"))
        self.edit_donor_button.setAccessibleName(tr("Correct the donor's details"))
        self.edit_donor_button.clicked.connect(self.edit_chosen_donor)
        self.chosen_detail: DonorDetail | None = None  # the chosen donor's, once read
        self.donor_history = QLabel()
        self.donor_history.setObjectName("donor_history")
        self.donor_history.setWordWrap(True)
        chosen = QHBoxLayout()
        chosen.addWidget(self.chosen_label, 1)
        chosen.addWidget(self.edit_donor_button)
        chosen.addWidget(self.clear_donor)
        self.donor_name = QLineEdit()
        self.donor_name.setPlaceholderText(tr("Anonymous donor"))
        self.donor_id = QLineEdit()
        self.donor_id.setPlaceholderText(tr("10 digits (person) or 11 (legal entity)"))
        self.donor_mobile = QLineEdit()
        self.donor_mobile.setPlaceholderText("09xxxxxxxxx")
        donor_box = QGroupBox(tr("Donor"))
        donor_form = QFormLayout(donor_box)
        donor_form.addRow(tr("Search"), self.donor_search)
        donor_form.addRow("", self.donor_results)
        donor_form.addRow("", self.no_one)
        donor_form.addRow("", chosen)
        donor_form.addRow("", self.donor_history)
        # Shown when the ID is unusual (ten equal digits): ticked, the clerk confirms it.
        self.confirm_id = QCheckBox(tr("This ID is right: I checked it on the card"))
        self.confirm_id.hide()
        self.donor_id.textEdited.connect(lambda _text: self._ask_to_confirm_id(False))
        self.new_donor_rows = [
            self._row(donor_form, tr("Name"), self.donor_name, "donor_name"),
            self._row(donor_form, tr("National ID"), self.donor_id, "donor_national_id"),
            self._row(donor_form, tr("Mobile"), self.donor_mobile, "donor_mobile"),
        ]
        donor_form.addRow("", self.confirm_id)
        self._show_chosen()

        # Kind, amount, date and where.
        self.kind_buttons = QButtonGroup(self)
        kinds = QHBoxLayout()
        for index, kind in enumerate(DonationKind):
            button = QRadioButton(tr(KIND_LABELS[kind]))
            button.setProperty("kind", kind.value)
            self.kind_buttons.addButton(button, index)
            kinds.addWidget(button)
        kinds.addStretch()
        self.kind_buttons.idToggled.connect(lambda _id, on: on and self._show_kind_fields())
        self.amount = AmountEdit()
        self.amount.textChanged.connect(self._update_words)
        self.unit_label = QLabel()
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.unit_label)
        self.words = QLabel()
        self.words.setObjectName("amount_words")
        self.words.setWordWrap(True)
        self.date = JalaliDateEdit()
        self.intent = QComboBox()
        self.intent.setPlaceholderText(tr("Choose the donor's intent"))
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(tr(CHANNEL_LABELS[channel]), channel.value)
        self.tracking = QLineEdit()
        self.tracking.setPlaceholderText(tr("As the slip or the bank's message shows it"))
        self.channel.currentIndexChanged.connect(lambda _index: self._show_tracking())
        self.campaign = QComboBox()
        self.county = QComboBox()
        self.county.currentIndexChanged.connect(self._fill_points)
        self.collection_point = QComboBox()
        self.description = QLineEdit()
        self.quantity = QLineEdit()
        self.quantity_unit = QLineEdit()
        self.quantity_unit.setPlaceholderText(tr("e.g. bag, piece, kg"))
        self.hours = QLineEdit()

        gift_box = QGroupBox(tr("Donation"))
        gift_form = QFormLayout(gift_box)
        gift_form.addRow(tr("Kind"), kinds)
        amount_widget = QWidget()
        amount_widget.setLayout(amount_row)
        self.amount_row = self._row(gift_form, tr("Amount"), amount_widget, "amount")
        gift_form.addRow("", self.words)
        self._row(gift_form, tr("Date"), self.date, "date")
        self._row(gift_form, tr("Intent"), self.intent, "intent")
        self._row(gift_form, tr("Channel"), self.channel, "channel")
        self.tracking_row = self._row(
            gift_form, tr("Tracking number"), self.tracking, "tracking_number"
        )
        self._row(gift_form, tr("Campaign"), self.campaign, "campaign")
        self._row(gift_form, tr("County"), self.county, "county")
        self._row(gift_form, tr("Collection point"), self.collection_point, "collection_point")
        self.description_label = QLabel()
        self._row(gift_form, self.description_label, self.description, "description")
        self.quantity_widgets = [
            self._row(gift_form, tr("Quantity"), self.quantity, "quantity"),
            self._row(gift_form, tr("Quantity unit"), self.quantity_unit, "quantity_unit"),
        ]
        self.hours_widgets = [self._row(gift_form, tr("Hours"), self.hours, "hours")]
        self.form_layout = gift_form

        self.save_button = QPushButton(tr("Save"))
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.save_button.clicked.connect(lambda: self.save(print_after=False))
        self.save_print_button = QPushButton(tr("Save and print receipt (Ctrl+Enter)"))
        self.save_print_button.setDefault(True)
        self.save_print_button.clicked.connect(lambda: self.save(print_after=True))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=lambda: self.save(print_after=True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch()
        self.replaces_label = QLabel()
        self.replaces_label.setObjectName("replaces")
        self.replaces_label.hide()
        self.form_error = error_label()

        columns = QHBoxLayout()
        columns.addWidget(donor_box, 1)
        columns.addWidget(gift_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.replaces_label)
        layout.addLayout(columns)
        layout.addWidget(self.form_error)
        layout.addLayout(buttons)
        layout.addStretch()

        self.setFocusProxy(self.donor_search)
        self.setTabOrder(self.donor_search, self.donor_name)
        for first, second in (
            (self.donor_name, self.donor_id),
            (self.donor_id, self.donor_mobile),
            (self.donor_mobile, self.kind_buttons.button(0)),
            (self.kind_buttons.button(0), self.amount),
            (self.amount, self.date),
            (self.date, self.intent),
            (self.intent, self.channel),
            (self.channel, self.tracking),
            (self.tracking, self.campaign),
            (self.campaign, self.county),
            (self.county, self.collection_point),
            (self.collection_point, self.description),
            (self.description, self.quantity),
            (self.quantity, self.quantity_unit),
            (self.quantity_unit, self.hours),
            (self.hours, self.save_print_button),
            (self.save_print_button, self.save_button),
        ):
            self.setTabOrder(first, second)
        self._show_tracking()
        self.reload()

    def _row(
        self, form: QFormLayout, label: str | QLabel, field: QWidget, name: str
    ) -> list[QWidget]:
        """Add `field` with an error line under it; return the widgets to show or hide together."""
        holder = self.errors.holder(name, field)
        label_widget = label if isinstance(label, QLabel) else QLabel(label)
        field.setAccessibleName(label_widget.text())  # the holder hides the label's buddy
        form.addRow(label_widget, holder)
        return [label_widget, holder]

    # Catalogues and remembered choices

    def _changed(self, changes: Change) -> None:
        if changes & (Change.CATALOGUES | Change.OFFICE):
            refresh_when_shown(self, self.reload)

    def reload(self) -> None:
        """Fill the lists from the office's catalogues and this clerk's last choices."""
        name = self.desk.actor.name

        def load() -> tuple[OfficeInfo | None, Catalogue, dict[str, str]]:
            info = office.office_info(self.database)
            if info is None:
                return None, Catalogue([], [], [], [], []), {}
            return (
                info,
                catalogue.load_catalogue(self.database),
                catalogue.clerk_defaults(self.database, name),
            )

        self.ops.run(load, then=self._fill)

    def _fill(self, loaded: tuple[OfficeInfo | None, Catalogue, dict[str, str]]) -> None:
        tr = self.tr_
        info, self.catalogue, defaults = loaded
        self.unit = info.display_unit if info else Unit.RIAL
        self.unit_label.setText(tr.unit_name(self.unit))
        if info is None:
            return
        self.intent.clear()
        for entry in self.catalogue.intents:
            self.intent.addItem(entry.name, entry.name)
        for combo, entries in (
            (self.campaign, self.catalogue.campaigns),
            (self.county, self.catalogue.counties),
        ):
            combo.clear()
            combo.addItem(tr("—"), "")
            for entry in entries:
                combo.addItem(entry.name, entry.name)
        self._apply_defaults(defaults)

    def _fill_points(self) -> None:
        self.collection_point.clear()
        self.collection_point.addItem(self.tr_("—"), "")
        county = next(
            (c for c in self.catalogue.counties if c.name == self.county.currentData()), None
        )
        for point in self.catalogue.points_of(county.id if county else None) if county else []:
            self.collection_point.addItem(point.name, point.name)

    def _reapply_defaults(self) -> None:
        name = self.desk.actor.name
        self.ops.run(
            lambda: catalogue.clerk_defaults(self.database, name), then=self._apply_defaults
        )

    def _apply_defaults(self, defaults: dict[str, str]) -> None:
        """Offer the clerk's last choices; an intent not offered is left to choose (empty)
        and the kind falls back to cash."""
        for combo, key in (
            (self.intent, "intent"),
            (self.channel, "channel"),
            (self.campaign, "campaign"),
            (self.county, "county"),
            (self.collection_point, "collection_point"),
        ):
            combo.setCurrentIndex(combo.findData(defaults[key]) if key in defaults else -1)
            if combo.currentIndex() < 0 and combo is not self.intent:
                combo.setCurrentIndex(0)
        kinds = [kind.value for kind in DonationKind]
        kind = defaults.get("kind", DonationKind.CASH.value)
        self.kind_buttons.button(kinds.index(kind) if kind in kinds else 0).setChecked(True)
        self._show_kind_fields()

    def _choices(self) -> dict[str, str]:
        return {
            "intent": self.intent.currentData() or "",
            "channel": self.channel.currentData() or "",
            "campaign": self.campaign.currentData() or "",
            "county": self.county.currentData() or "",
            "collection_point": self.collection_point.currentData() or "",
            "kind": self.kind().value,
        }

    # Donor search

    def _search_donors(self, text: str) -> None:
        if not text.strip():
            self._list_donors([])
            return
        self.ops.run(
            lambda: donors.search_donors(self.database, text),
            then=lambda found: self._list_donors(found, searched=text),
        )

    def _prefill_new_donor(self, text: str) -> None:
        """Carry a search that found no one into the new donor's fields: digits as the
        mobile (09…) or the ID, anything else as the name. A field the clerk typed in
        themselves is left alone."""
        digits = to_ascii_digits(text.strip())
        if digits.isdigit() and digits.isascii():
            target = self.donor_mobile if digits.startswith("09") else self.donor_id
        else:
            target, digits = self.donor_name, text.strip()
        for field in (self.donor_name, self.donor_id, self.donor_mobile):
            value = digits if field is target else ""
            if field.text() in ("", self.prefilled.get(field, "")):
                field.setText(value)
                self.prefilled[field] = value

    def _list_donors(self, found: list[DonorSummary], *, searched: str = "") -> None:
        self.no_one.setVisible(bool(searched.strip()) and not found)
        if searched.strip() and not found:
            self.no_one.setText(
                self.tr_(
                    "No donor found for «{text}»: the details below register a new one.",
                    text=searched.strip(),
                )
            )
            self._prefill_new_donor(searched)
        self.donor_results.clear()
        for donor in found:
            shown = " — ".join(
                part
                for part in (
                    donor.name,
                    left_to_right(self.tr_.digits(mask_identifier(donor.national_id) or "")),
                    left_to_right(self.tr_.digits(donor.mobile or "")),
                )
                if part.strip("\u202a\u202c")
            )
            item = QListWidgetItem(shown)
            item.setData(Qt.ItemDataRole.UserRole, donor)
            self.donor_results.addItem(item)
        self.donor_results.setVisible(bool(found))
        if found:
            self.donor_results.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down move through the donor results and Enter picks one, without leaving the search."""
        if (
            watched is self.donor_search
            and event.type() == QEvent.Type.KeyPress
            and self.donor_results.isVisible()
        ):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = self.donor_results.currentRow() + step
                self.donor_results.setCurrentRow(max(0, min(row, self.donor_results.count() - 1)))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                self._choose_donor(self.donor_results.currentItem())
                return True
        return super().eventFilter(watched, event)

    def _choose_donor(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.chosen_donor = item.data(Qt.ItemDataRole.UserRole)
        self.donor_results.hide()
        self.no_one.hide()
        self._show_chosen()
        self.amount.setFocus()
        self._read_history(self.chosen_donor.id)

    def _read_history(self, donor_id: int) -> None:
        """Read the chosen donor's gifts off the GUI thread, for their history line."""
        self.ops.query(
            lambda: donors.donor_detail(self.database, donor_id),
            then=self._show_history,
            label=self.form_error,
        )

    def _show_history(self, detail: DonorDetail) -> None:
        if self.chosen_donor is None or self.chosen_donor.id != detail.donor.id:
            return  # another donor was chosen meanwhile
        tr = self.tr_
        self.chosen_detail = detail
        self.chosen_donor = detail.donor
        self._show_chosen()
        year = jalali_year(today())
        this_year = [row for row in detail.donations if jalali_year(row.donated_on) == year]
        cash = sum(row.amount_rials for row in this_year if row.kind is DonationKind.CASH)
        lines = [
            tr(
                "This year: {count} gifts, {amount} of them in cash.",
                count=len(this_year),
                amount=tr.amount(cash, self.unit),
            )
            if detail.donations
            else tr("No gift yet: this is the donor's first.")
        ]
        for row in detail.donations[:HISTORY_SHOWN]:
            lines.append(
                " — ".join(
                    [
                        tr.date(row.donated_on),
                        tr(KIND_LABELS[row.kind]),
                        tr.amount(row.amount_rials, self.unit),
                        row.intent or "",
                    ]
                )
            )
        self.donor_history.setText("\n".join(lines))

    def edit_chosen_donor(self) -> DonorDialog | None:
        """Open the chosen donor's details to correct them (the dialog saves them)."""
        if self.chosen_detail is None:
            return None
        dialog = DonorDialog(
            self.database, self.tr_, self.desk.actor, self.ops, self.chosen_detail, parent=self
        )
        dialog.accepted.connect(
            lambda: self.chosen_donor is not None and self._read_history(self.chosen_donor.id)
        )
        dialog.open()
        return dialog

    def _forget_donor(self) -> None:
        self.chosen_donor = None
        self.chosen_detail = None
        self.donor_history.clear()
        self.donor_search.clear()
        self.no_one.hide()
        self.prefilled.clear()
        self._show_chosen()
        self.donor_search.setFocus()

    def _show_chosen(self) -> None:
        donor = self.chosen_donor
        if donor is not None:
            identifier = mask_identifier(donor.national_id)
            self.chosen_label.setText(
                self.tr_("Donor: {name}", name=donor.name)
                + (f" — {left_to_right(self.tr_.digits(identifier))}" if identifier else "")
            )
        for widget in (self.chosen_label, self.clear_donor, self.donor_history):
            widget.setVisible(donor is not None)
        self.edit_donor_button.setVisible(self.chosen_detail is not None)
        for pair in self.new_donor_rows:
            for widget in pair:
                widget.setVisible(donor is None)

    # Kind-specific fields and the amount in words

    def _tracked(self) -> bool:
        return self.channel.currentData() in TRACKED_CHANNELS

    def _show_tracking(self) -> None:
        """The tracking number is asked only of card-reader, transfer, USSD and online gifts."""
        for widget in self.tracking_row:
            widget.setVisible(self._tracked())

    def kind(self) -> DonationKind:
        checked = self.kind_buttons.checkedButton()
        return DonationKind(checked.property("kind")) if checked else DonationKind.CASH

    def _show_kind_fields(self) -> None:
        kind = self.kind()
        tr = self.tr_
        for widget in (w for pair in self.quantity_widgets for w in pair):
            widget.setVisible(kind is DonationKind.IN_KIND)
        for widget in (w for pair in self.hours_widgets for w in pair):
            widget.setVisible(kind is DonationKind.SERVICE)
        self.description_label.setText(
            {
                DonationKind.CASH: tr("Note"),
                DonationKind.IN_KIND: tr("Goods"),
                DonationKind.SERVICE: tr("Service"),
            }[kind]
        )
        self.description.setAccessibleName(self.description_label.text())
        amount_label = self.amount_row[0]
        assert isinstance(amount_label, QLabel)
        amount_label.setText(
            tr("Amount") if kind is DonationKind.CASH else tr("Value in {unit}", unit=self.unit)
        )
        self.amount.setAccessibleName(amount_label.text())

    def _update_words(self) -> None:
        if not self.amount.text():
            self.words.clear()
            return
        try:
            rials = parse_amount(self.amount.digits(), self.unit)
        except InvalidInput as error:
            self.words.setText(self.tr_.error(error))
            return
        self.words.setText(amount_in_words(min(rials, MAX_RIALS), self.unit))

    # Saving

    def draft(self) -> DonationDraft:
        """The form as a draft for the service (which checks everything)."""
        if self.chosen_donor is not None:
            donor = DonorDraft(existing_id=self.chosen_donor.id)
        else:
            donor = DonorDraft(
                DonorType.PERSON
                if self.donor_name.text().strip() or self.donor_id.text().strip()
                else DonorType.ANONYMOUS,
                self.donor_name.text(),
                self.donor_id.text(),
                self.donor_mobile.text(),
                national_id_confirmed=self.confirm_id.isChecked(),
            )
        return DonationDraft(
            kind=self.kind(),
            amount=self.amount.digits(),
            unit=self.unit,
            date=self.date.value(),
            intent=self.intent.currentData() or "",
            channel=self.channel.currentData(),
            campaign=self.campaign.currentData() or "",
            county=self.county.currentData() or "",
            collection_point=self.collection_point.currentData() or "",
            description=self.description.text(),
            quantity=self.quantity.text() if self.kind() is DonationKind.IN_KIND else "",
            quantity_unit=self.quantity_unit.text() if self.kind() is DonationKind.IN_KIND else "",
            hours=self.hours.text() if self.kind() is DonationKind.SERVICE else "",
            tracking_number=self.tracking.text() if self._tracked() else "",
            donor=donor,
            replaces=self.replaces,
        )

    def _clear_errors(self) -> None:
        self.form_error.clear()
        self.errors.clear()

    def save(self, *, print_after: bool) -> SavedDonation | None:
        """Store the donation; show each problem next to its field, or clear for the next donor."""
        tr = self.tr_
        self._clear_errors()
        actor, choices = self.desk.actor, self._choices()
        stored: list[SavedDonation] = []
        draft = self.draft()
        if not self.ops.run(
            lambda: donations.record_donation(
                self.database, draft, actor=actor, entry_defaults=choices
            ),
            changes=Change.DONATIONS | Change.DONORS,
            then=stored.append,
            failed=self._refused,
        ):
            return None
        saved = stored[0]
        self.clear()
        message = (
            tr("Saved. Receipt {number}.", number=saved.receipt_number)
            if saved.receipt_number
            else tr("Saved (a charity institution's report has no receipt).")
        )
        self.toast.show_message(message)
        self.saved.emit(saved)
        if print_after and saved.receipt_number and self.print_receipt is not None:
            self.print_receipt(saved.receipt_number)
        return saved

    def _refused(self, error: BaseException) -> bool:
        """Each problem next to its field (the rest above the buttons); False for a failure
        that is no refusal, which the operation shows."""
        if questions_the_id(error):
            self._ask_to_confirm_id(True)  # a confirmed ID is not questioned again
        return self.errors.refusal(error, self.tr_, self.form_error)

    def _ask_to_confirm_id(self, ask: bool) -> None:
        """Show (unticked) or hide the box that confirms an unusual national ID."""
        self.confirm_id.setChecked(False)
        self.confirm_id.setVisible(ask)

    def correct(self, row: DonationRow) -> None:
        """Fill the form from a voided donation so the clerk can fix it and save it again;
        the new receipt names the one it replaces."""
        self.clear()
        self.replaces = row.receipt_number or ""
        self.replaces_label.setText(
            self.tr_("Correcting voided receipt {number}", number=self.replaces)
        )
        self.replaces_label.show()
        kinds = [kind.value for kind in DonationKind]
        self.kind_buttons.button(kinds.index(row.kind.value)).setChecked(True)
        self.amount.setText(format_number(row.amount_rials // self.unit.rials))
        self.date.set_date(row.donated_on)
        self.donor_name.setText(row.donor_name or "")
        self.donor_id.setText(self.tr_.digits(row.donor_national_id or ""))
        self.donor_mobile.setText(self.tr_.digits(row.donor_mobile or ""))
        for combo, value in (
            (self.intent, row.intent),
            (self.channel, row.channel.value),
            (self.campaign, row.campaign or ""),
            (self.county, row.county or ""),
            (self.collection_point, row.collection_point or ""),
        ):
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)
        self.description.setText(row.description or "")
        self.quantity.setText(row.quantity or "")
        self.quantity_unit.setText(row.quantity_unit or "")
        self.hours.setText(f"{row.service_minutes / 60:g}" if row.service_minutes else "")
        self.tracking.setText(row.tracking_number or "")  # freed by the void: it can be used
        self.amount.setFocus()

    def clear(self) -> None:
        """Empty the form for the next donor, keeping this clerk's usual choices."""
        self.replaces = ""
        self.replaces_label.hide()
        self._forget_donor()
        for field in (
            self.donor_name,
            self.donor_id,
            self.donor_mobile,
            self.amount,
            self.description,
            self.quantity,
            self.quantity_unit,
            self.hours,
            self.tracking,
        ):
            field.clear()
        self._ask_to_confirm_id(False)
        self._clear_errors()
        self._reapply_defaults()
        self.donor_search.setFocus()
