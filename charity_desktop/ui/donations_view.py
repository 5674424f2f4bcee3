"""Every donation, filtered and sorted, fetched a page at a time so a million rows stay quick."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.enums import DonationKind
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.logs import failure_message
from charity_desktop.persian.jalali import format_jalali, jalali_to_date, jalali_year, today
from charity_desktop.persian.money import Unit, format_amount
from charity_desktop.persian.text import search_key, to_persian_digits
from charity_desktop.services import catalogue, donations, office
from charity_desktop.services.catalogue import Catalogue
from charity_desktop.services.database import Database
from charity_desktop.services.dto import DonationRow, OfficeInfo
from charity_desktop.translation import CHANNEL_LABELS, KIND_LABELS, N_, Translator
from charity_desktop.ui.operations import (
    Change,
    Operations,
    load_when_shown,
    refresh_when_shown,
)
from charity_desktop.ui.widgets import JalaliDateEdit

PAGE = 300
Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    N_("Receipt"),
    N_("Date"),
    N_("Kind"),
    N_("Amount"),
    N_("Channel"),
    N_("Intent"),
    N_("Donor"),
    N_("County"),
    N_("Campaign"),
    N_("Collector"),
)
SORTABLE = {1: "date", 3: "amount"}


class DonationsModel(QAbstractTableModel):
    """Rows of `list_donations`, fetched `PAGE` at a time as the view scrolls (keyset paging)."""

    def __init__(self, database: Database, tr: Translator, ops: Operations) -> None:
        super().__init__()
        self.database = database
        self.ops = ops
        self.tr_ = tr
        self.rows: list[DonationRow] = []
        self.criteria = DonationFilter(include_voided=True)
        self.sort_key = "date"
        self.descending = True
        self.exhausted = False
        self.unit = Unit.RIAL

    def reset(self, criteria: DonationFilter, unit: Unit) -> None:
        """Start again from the first page with new criteria."""
        self.beginResetModel()
        self.criteria, self.unit = criteria, unit
        self.rows, self.exhausted = [], False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and not self.exhausted

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self.exhausted:
            return
        criteria, sort, descending = self.criteria, self.sort_key, self.descending
        after = self.rows[-1] if self.rows else None
        self.ops.run(
            lambda: donations.list_donations(
                self.database, criteria, limit=PAGE, sort=sort, descending=descending, after=after
            ),
            then=self._add,
            failed=lambda _error: setattr(self, "exhausted", True) or False,
        )

    def _add(self, page: list[DonationRow]) -> None:
        self.exhausted = len(page) < PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
            self.rows.extend(page)
            self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Date and amount sort in the database; other columns keep the current order."""
        if column not in SORTABLE:
            return
        self.sort_key = SORTABLE[column]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reset(self.criteria, self.unit)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr_(COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and row.voided_at is not None:
            return QColor("#b42318")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        tr = self.tr_
        column = index.column()
        if column == 0:
            number = row.receipt_number or ""
            return tr("{number} (void)", number=number) if row.voided_at else number
        values = (
            None,
            format_jalali(row.donated_on),
            tr(KIND_LABELS[row.kind]),
            format_amount(row.amount_rials, self.unit),
            tr(CHANNEL_LABELS[row.channel]),
            row.intent,
            row.donor_name or tr("Anonymous donor"),
            row.county or "",
            to_persian_digits(row.campaign or ""),
            row.institution or tr("This office"),
        )
        return values[column]


# The rows the columns are fitted to.
FITTED_ROWS = 40
# How long the list waits after the last key typed in its search before it follows.
TYPING_PAUSE_MS = 300


class DonationsView(QWidget):
    """Filters over the list, the totals of what is shown, and the list itself."""

    opened = Signal(object)

    def __init__(self, database: Database, tr: Translator, ops: Operations) -> None:
        super().__init__()
        self.database = database
        self.tr_ = tr
        self.ops = ops
        self.model = DonationsModel(database, tr, ops)
        ops.changed.connect(self._changed)

        self.use_dates = QCheckBox(tr("From"))
        self.date_from = JalaliDateEdit()
        self.date_to = JalaliDateEdit()
        self.date_from.setAccessibleName(tr("First day"))
        self.date_to.setAccessibleName(tr("Last day"))
        year = jalali_year(today())
        self.date_from.set_date(jalali_to_date(year, 1, 1))
        self.kind = QComboBox()
        self.intent = QComboBox()
        self.campaign = QComboBox()
        self.county = QComboBox()
        self.collector = QComboBox()
        self.text = QLineEdit()
        self.text.setPlaceholderText(tr("Donor, national ID or receipt number"))
        self.text.setAccessibleName(self.text.placeholderText())
        self.text.returnPressed.connect(self.apply)
        # The list follows the filters as they change; typing waits for a pause.
        self.typing = QTimer(self)
        self.typing.setSingleShot(True)
        self.typing.setInterval(TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.apply)
        self.text.textEdited.connect(lambda _text: self.typing.start())
        self.apply_button = QPushButton(tr("Filter"))
        self.apply_button.clicked.connect(self.apply)
        dates_and_text = QHBoxLayout()
        for widget in (
            self.use_dates,
            self.date_from,
            QLabel(tr("to")),
            self.date_to,
            self.text,
            self.apply_button,
        ):
            dates_and_text.addWidget(widget)
        dates_and_text.setStretch(4, 1)
        lists = QHBoxLayout()
        for widget, name in (
            (self.kind, tr("Kind")),
            (self.intent, tr("Intent")),
            (self.campaign, tr("Campaign")),
            (self.county, tr("County")),
            (self.collector, tr("Collector")),
        ):
            widget.setAccessibleName(name)
            lists.addWidget(widget, 1)
            widget.activated.connect(lambda _index: self.apply())
        self.use_dates.toggled.connect(lambda _checked: self.apply())
        for edit in (self.date_from, self.date_to):
            edit.editingFinished.connect(lambda: self.use_dates.isChecked() and self.apply())
        self.asked: DonationFilter | None = None  # the criteria whose totals are awaited

        self.table = QTableView()
        self.table.setAccessibleName(tr("Donations"))
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        # Columns fit the first rows, not every row of the page (a page is hundreds of rows).
        self.table.horizontalHeader().setResizeContentsPrecision(FITTED_ROWS)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(
            lambda index: self.opened.emit(self.model.rows[index.row()])
        )
        self.totals = QLabel()
        self.totals.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(dates_and_text)
        layout.addLayout(lists)
        layout.addWidget(self.table)
        layout.addWidget(self.totals)
        self.unit = office.DEFAULT_DISPLAY_UNIT
        load_when_shown(self, self.reload)

    def _changed(self, changes: Change) -> None:
        if changes & (Change.CATALOGUES | Change.OFFICE):
            refresh_when_shown(self, self.reload)
        elif changes & (Change.DONATIONS | Change.DONORS):
            refresh_when_shown(self, self.apply)

    def reload(self) -> None:
        """Refill the filter lists from the catalogues and show the list again."""
        self.ops.run(
            lambda: (office.office_info(self.database), catalogue.load_catalogue(self.database)),
            then=self._fill,
        )

    def _fill(self, loaded: tuple[OfficeInfo | None, Catalogue]) -> None:
        tr = self.tr_
        info, lists = loaded
        if info is None:
            return
        self.unit = info.display_unit
        self.kind.clear()
        self.kind.addItem(tr("Every kind"), None)
        for kind in DonationKind:
            self.kind.addItem(tr(KIND_LABELS[kind]), kind.value)
        for combo, everything, entries in (
            (self.intent, tr("Every intent"), lists.intents),
            (self.campaign, tr("Every campaign"), lists.campaigns),
            (self.county, tr("Every county"), lists.counties),
        ):
            combo.clear()
            combo.addItem(everything, None)
            for entry in entries:
                combo.addItem(to_persian_digits(entry.name), entry.id)
        self.collector.clear()
        self.collector.addItem(tr("Every collector"), None)
        self.collector.addItem(tr("This office"), "office")
        for entry in lists.institutions:
            self.collector.addItem(entry.name, entry.id)
        self.apply()

    def criteria(self) -> DonationFilter:
        collector = self.collector.currentData()
        dates: tuple[dt.date | None, dt.date | None] = (None, None)
        if self.use_dates.isChecked():
            dates = (self.date_from.value(), self.date_to.value())
        text = self.text.text().strip()
        return DonationFilter(
            date_from=dates[0],
            date_to=dates[1],
            kind=DonationKind(self.kind.currentData()) if self.kind.currentData() else None,
            intent_id=self.intent.currentData(),
            campaign_id=self.campaign.currentData(),
            county_id=self.county.currentData(),
            institution_id=collector if isinstance(collector, int) else None,
            office_only=collector == "office",
            text=search_key(text) if text else None,
            include_voided=True,
        )

    def apply(self) -> None:
        """Show the first page at once; count the totals of everything matching off the GUI
        thread (totals of criteria changed meanwhile are dropped when they come)."""
        self.typing.stop()
        criteria = self.asked = self.criteria()
        self.model.reset(criteria, self.unit)
        self.table.resizeColumnsToContents()
        self.totals.setText(self.tr_("Counting…"))
        self.ops.query(
            lambda: donations.totals(self.database, criteria),
            then=lambda totals: criteria is self.asked and self._show_totals(totals),
            failed=self._show_error,
        )

    def _show_totals(self, totals: list[Any]) -> None:
        tr = self.tr_
        count = sum(t.count for t in totals)
        rials = sum(t.rials for t in totals)
        parts = [
            tr(
                "{kind}: {amount}",
                kind=tr(KIND_LABELS[t.kind]),
                amount=format_amount(t.rials, self.unit),
            )
            for t in totals
            if t.count
        ]
        self.totals.setText(
            tr(
                "{count} donations, total {amount}.",
                count=count,
                amount=format_amount(rials, self.unit, with_unit=True),
            )
            + ("  " + " — ".join(parts) if parts else "")
            + "  "
            + tr("(voided receipts are listed in red and left out of the totals)")
        )

    def _show_error(self, error: BaseException) -> bool:
        self.totals.setText(failure_message(self.tr_, error, "totals"))
        return True

    def selected(self) -> DonationRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None
