"""The reports view: pick a Solar Hijri period, see the tables and charts, export them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.errors import DomainError
from charity_desktop.persian.jalali import FIRST_YEAR, LAST_YEAR, MONTH_NAMES, jalali_year, today
from charity_desktop.persian.money import format_amount, format_number, headline_amount
from charity_desktop.persian.text import to_persian_digits
from charity_desktop.reports.wording import (
    BREAKDOWN_TITLES,
    growth_text,
    line_name,
    press_paragraph,
    summary_label,
)
from charity_desktop.services import catalogue, exchange, office
from charity_desktop.services.database import Database
from charity_desktop.services.summary import PRESET_MONTHS, Figure, Period, Summary, summarize
from charity_desktop.translation import DOCUMENT_LANGUAGE, N_, Translator
from charity_desktop.ui.bar_chart import BarChart
from charity_desktop.ui.errors import refuse_own_file
from charity_desktop.ui.operations import Change, Operations, refresh_when_shown

PRESET_NAMES = {
    1: N_("One month"),
    3: N_("Three months"),
    6: N_("Six months"),
    9: N_("Nine months"),
    12: N_("Whole year"),
}
CHARTED = ("county", "month")


class ReportsView(QWidget):
    """Period picker, summary tables and charts, and PDF/Excel/press exports."""

    def __init__(self, database: Database, tr: Translator, ops: Operations) -> None:
        super().__init__()
        self.database = database
        self.tr_ = tr
        self.ops = ops
        self.documents = Translator(DOCUMENT_LANGUAGE)  # the PDF, workbook and press text
        self.summary: Summary | None = None
        ops.changed.connect(self._changed)

        self.year = QSpinBox()
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(jalali_year(today()))
        self.span = QComboBox()
        for months in PRESET_MONTHS:
            self.span.addItem(tr(PRESET_NAMES[months]), months)
        self.span.setCurrentIndex(PRESET_MONTHS.index(9))
        self.first_month = QComboBox()
        for number, name in enumerate(MONTH_NAMES, start=1):
            self.first_month.addItem(name, number)
        self.office = QComboBox()
        self.county = QComboBox()
        self.show_button = QPushButton(tr("Show"))
        self.show_button.clicked.connect(self.calculate)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.hide()
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.cancel)
        self._request = 0
        picker = QHBoxLayout()
        for label, widget in (
            (tr("Year"), self.year),
            (tr("Span"), self.span),
            (tr("From month"), self.first_month),
            (tr("Office"), self.office),
            (tr("County"), self.county),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)  # read with the field by screen readers
            picker.addWidget(caption)
            picker.addWidget(widget)
        picker.addWidget(self.show_button)
        picker.addWidget(self.progress)
        picker.addWidget(self.cancel_button)
        picker.addStretch()

        self.headline = QLabel()
        self.headline.setObjectName("headline")
        self.headline.setWordWrap(True)
        self.tabs = QTabWidget()
        self.tables: dict[str, QTableWidget] = {}
        self.charts: dict[str, BarChart] = {}
        for dimension, title in (("kind", N_("Kind")), *BREAKDOWN_TITLES.items()):
            page = QWidget()
            layout = QVBoxLayout(page)
            table = QTableWidget(0, 5)
            table.setAccessibleName(tr(title))
            self._set_headers(table, self.year.value(), self.year.value() - 1)
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.verticalHeader().hide()
            table.horizontalHeader().setStretchLastSection(True)
            layout.addWidget(table)
            self.tables[dimension] = table
            if dimension in CHARTED:
                chart = BarChart()
                layout.addWidget(chart)
                self.charts[dimension] = chart
            self.tabs.addTab(page, tr(title))
        self.press = QPlainTextEdit()
        self.press.setReadOnly(True)
        self.tabs.addTab(self.press, tr("For the press"))

        self.export_pdf = QPushButton(tr("Save PDF…"))
        self.export_xlsx = QPushButton(tr("Save Excel…"))
        self.copy_press = QPushButton(tr("Copy press text"))
        self.export_pdf.clicked.connect(lambda: self.export("pdf"))
        self.export_xlsx.clicked.connect(lambda: self.export("xlsx"))
        self.copy_press.clicked.connect(
            lambda: QGuiApplication.clipboard().setText(self.press.toPlainText())
        )
        exports = QHBoxLayout()
        for button in (self.export_pdf, self.export_xlsx, self.copy_press):
            button.setEnabled(False)
            exports.addWidget(button)
        exports.addStretch()

        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addWidget(self.headline)
        layout.addWidget(self.tabs)
        layout.addLayout(exports)
        self.reload()

    def _changed(self, changes: Change) -> None:
        if changes & (Change.CATALOGUES | Change.OFFICE | Change.OFFICES):
            refresh_when_shown(self, self.reload)

    def reload(self) -> None:
        """The offices and counties a summary can be narrowed to (a centre holds many)."""

        def counties() -> list[str]:
            if office.office_info(self.database) is None:
                return []
            return sorted(
                {entry.name for entry in catalogue.load_catalogue(self.database).counties}
            )

        self.ops.run(
            lambda: (exchange.registered_offices(self.database), counties()), then=self._fill_lists
        )

    def _fill_lists(self, loaded: tuple[list[exchange.OfficeIdentity], list[str]]) -> None:
        tr = self.tr_
        offices, counties = loaded
        self.office.clear()
        self.office.addItem(tr("Every office"), None)
        for known in offices:
            self.office.addItem(f"{known.name} ({known.code})", known.code)
        self.county.clear()
        self.county.addItem(tr("Every county"), None)
        for name in counties:
            self.county.addItem(name, name)

    def period(self) -> Period:
        return Period.of_months(
            self.year.value(), self.span.currentData(), self.first_month.currentData()
        )

    def calculate(self) -> None:
        """Compute the summary off the GUI thread; the view fills in when it is ready."""
        try:
            period = self.period()
        except DomainError as error:
            self._explain(self.tr_.error(error))
            return
        self._busy(True)
        self._request += 1
        request = self._request
        office_code, county = self.office.currentData(), self.county.currentData()
        self.ops.query(
            lambda: summarize(self.database, period, office_code=office_code, county=county),
            then=lambda summary: request == self._request and self.show_summary(summary),
            failed=lambda error: request != self._request or self._failed(error),
        )

    def _busy(self, busy: bool) -> None:
        self.show_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def cancel(self) -> None:
        """Stop waiting for the summary being computed; its result, when it comes, is dropped."""
        self._request += 1
        self._busy(False)

    def _failed(self, error: BaseException) -> bool:
        self._busy(False)
        return False  # shown by the operation

    def _explain(self, message: str) -> None:
        QMessageBox.warning(self, self.tr_("Charity Desktop"), message)

    def show_summary(self, summary: Summary) -> None:
        """Fill every table, chart and the press text from `summary`."""
        tr = self.tr_
        self.summary = summary
        self._busy(False)
        unit = summary.office.display_unit
        total = summary.grand_total
        self.headline.setText(
            tr(
                "{period}: {total} ({growth} against last year)",
                period=summary_label(summary, tr),
                total=headline_amount(total.rials, unit),
                growth=growth_text(total, tr),
            )
        )
        kinds = [(line_name("kind", line, tr), line.figure) for line in summary.by_kind]
        kinds += [
            (tr("Office sector in all"), summary.office_total),
            (tr("Charity institutions"), summary.institutions),
        ]
        self._fill("kind", kinds, total)
        years = [
            to_persian_digits(str(jalali_year(p.first))) for p in (summary.period, summary.previous)
        ]
        for dimension, lines in summary.breakdowns():
            named = [(line_name(dimension, line, tr), line.figure) for line in lines]
            self._fill(dimension, named, total)
            if dimension in self.charts:
                self.charts[dimension].set_data(
                    [(name, figure.rials, figure.previous_rials) for name, figure in named[:12]],
                    (years[0], years[1]),
                )
        self.press.setPlainText(press_paragraph(summary, self.documents))
        for button in (self.export_pdf, self.export_xlsx, self.copy_press):
            button.setEnabled(True)

    def _set_headers(self, table: QTableWidget, year: int, last_year: int) -> None:
        """The columns' names: the line, count, this year's and last year's amount, growth."""
        tr = self.tr_
        table.setHorizontalHeaderLabels(
            [
                "",
                tr("Count"),
                tr("Amount {year}", year=tr.digits(str(year))),
                tr("Amount {year}", year=tr.digits(str(last_year))),
                tr("Growth"),
            ]
        )

    def _fill(self, dimension: str, lines: list[tuple[str, Figure]], total: Figure) -> None:
        tr = self.tr_
        assert self.summary is not None
        unit = self.summary.office.display_unit
        years = [jalali_year(p.first) for p in (self.summary.period, self.summary.previous)]
        table = self.tables[dimension]
        self._set_headers(table, *years)
        rows = [*lines, (tr("Total"), total)]
        table.setRowCount(len(rows))
        for index, (name, figure) in enumerate(rows):
            values = (
                name,
                format_number(figure.count),
                format_amount(figure.rials, unit),
                format_amount(figure.previous_rials, unit),
                growth_text(figure, tr),
            )
            for column, value in enumerate(values):
                table.setItem(index, column, QTableWidgetItem(value))
        table.resizeColumnsToContents()

    def export(self, kind: str) -> None:
        """Ask where to save, then write the PDF or the workbook."""
        if self.summary is None:
            return
        tr = self.tr_
        pattern = tr("PDF files (*.pdf)") if kind == "pdf" else tr("Excel files (*.xlsx)")
        name, _ = QFileDialog.getSaveFileName(
            self, tr("Save the summary"), f"summary.{kind}", pattern
        )
        if not name or refuse_own_file(self, self.database, Path(name), tr):
            return
        path, summary, documents = Path(name), self.summary, self.documents
        self.ops.start(
            lambda _progress: _write_summary(kind, summary, path, documents),
            title=tr("Save the summary"),
            cancellable=False,
        )


def _write_summary(kind: str, summary: Summary, path: Path, documents: Translator) -> None:
    if kind == "pdf":
        from charity_desktop.reports.summary_pdf import write_summary_pdf  # on use: ui/__init__.py

        write_summary_pdf(summary, path, tr=documents)
    else:
        from charity_desktop.reports.summary_xlsx import write_summary_xlsx  # on use

        write_summary_xlsx(summary, path, tr=documents)
