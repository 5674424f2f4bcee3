"""The audit trail: who did what to which record and when, filtered by person, record and day
(for auditors, supervisors and admins; others see why not)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from charity_desktop.domain.errors import DomainError
from charity_desktop.persian.text import left_to_right
from charity_desktop.services import audit_trail
from charity_desktop.services.database import Database
from charity_desktop.services.dto import AuditLine
from charity_desktop.translation import AUDIT_ACTION_LABELS, Translator
from charity_desktop.ui.desk import Desk
from charity_desktop.ui.operations import Operations
from charity_desktop.ui.widgets import JalaliDateEdit, error_label, fill_table, read_only_table

# Rows the table shows at once; narrow the filters to reach older entries.
SHOWN = 1000


class AuditView(QWidget):
    """Filters above, the entries newest first below."""

    def __init__(self, database: Database, tr: Translator, desk: Desk, ops: Operations) -> None:
        super().__init__()
        self.database = database
        self.tr_ = tr
        self.desk, self.ops = desk, ops
        self.person = QLineEdit()
        self.person.setPlaceholderText(tr("Done by"))
        self.record = QLineEdit()
        self.record.setPlaceholderText(tr("Record: kind, UUID or receipt number"))
        self.dated = QCheckBox(tr("From"))
        self.date_from = JalaliDateEdit()
        self.date_to = JalaliDateEdit()
        self.date_from.setAccessibleName(tr("First day"))
        self.date_to.setAccessibleName(tr("Last day"))
        self.show_button = QPushButton(tr("Show"))
        self.show_button.clicked.connect(self.apply)
        for field in (self.person, self.record):
            field.setAccessibleName(field.placeholderText())
            field.returnPressed.connect(self.apply)
        filters = QHBoxLayout()
        for widget in (
            self.person,
            self.record,
            self.dated,
            self.date_from,
            QLabel(tr("to")),
            self.date_to,
            self.show_button,
        ):
            filters.addWidget(widget)
        self.count = QLabel()
        self.message = error_label()
        self.table = read_only_table(
            [tr("Time"), tr("Done by"), tr("Action"), tr("Record"), tr("Details")],
            name=tr("Audit trail"),
        )
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(self.count)
        layout.addWidget(self.table)

    def apply(self) -> None:
        """Show the entries matching the filters (or why this person may not see them)."""
        dated = self.dated.isChecked()
        actor = self.desk.actor
        date_from = self.date_from.value() if dated else None
        date_to = self.date_to.value() if dated else None
        person, record = self.person.text(), self.record.text()
        self.ops.run(
            lambda: audit_trail.audit_trail(
                self.database,
                actor=actor,
                date_from=date_from,
                date_to=date_to,
                person=person,
                record=record,
                limit=SHOWN,
            ),
            then=self._show,
            failed=self._refused,
        )

    def _refused(self, error: BaseException) -> bool:
        if not isinstance(error, DomainError):
            return False
        self.table.setRowCount(0)
        self.count.clear()
        self.message.setText(self.tr_.error(error))
        return True

    def _show(self, lines: list[AuditLine]) -> None:
        self.message.clear()
        fill_table(self.table, (self._cells(line) for line in lines))
        self.count.setText(self.tr_("{count} audit entries.", count=len(lines)))

    def _cells(self, line: AuditLine) -> list[str]:
        tr = self.tr_
        action = AUDIT_ACTION_LABELS.get(line.action)
        record = tr.audit_record(line.entity)
        if line.entity_uuid:
            record += " " + left_to_right(line.entity_uuid)
        return [
            tr.moment(line.at),
            line.actor,
            tr(action) if action else line.action,
            record,
            tr.audit_details(line.details),
        ]
