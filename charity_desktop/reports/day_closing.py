"""The daily closing report (A4): receipts of the day, totals by kind and channel, voids apart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from charity_desktop.persian.jalali import format_jalali, format_jalali_long
from charity_desktop.persian.money import format_amount, format_number
from charity_desktop.persian.text import left_to_right, to_persian_digits
from charity_desktop.reports.text import (
    A4_MARGIN,
    BOLD,
    RtlParagraph,
    build_a4,
    register_fonts,
    rtl_table,
)
from charity_desktop.services.closing import DayClosing
from charity_desktop.translation import CHANNEL_LABELS, KIND_LABELS, Translator

WIDTH = A4[0] - 2 * A4_MARGIN


def write_day_closing(closing: DayClosing, target: Path | BinaryIO, *, tr: Translator) -> None:
    """Write the closing of `closing.day` as a PDF to `target`."""
    register_fonts()
    unit = closing.unit
    amount = lambda rials: format_amount(rials, unit)  # noqa: E731
    story = [
        RtlParagraph(closing.office_name, font=BOLD, size=14, align="center"),
        RtlParagraph(
            tr(
                "Province {province}, county {county}",
                province=closing.province,
                county=closing.county,
            ),
            align="center",
        ),
        RtlParagraph(
            tr("Daily closing of {date}", date=format_jalali_long(closing.day)),
            font=BOLD,
            size=13,
            align="center",
        ),
        RtlParagraph(
            tr(
                "Amounts in {unit}. Printed {date} at {time}.",
                unit=unit.persian_name,
                date=format_jalali(dt.date.today()),
                time=to_persian_digits(dt.datetime.now().strftime("%H:%M")),
            ),
            size=9,
            align="center",
        ),
        Spacer(1, 5 * mm),
    ]
    header = [tr("Receipt"), tr("Time"), tr("Donor"), tr("Kind"), tr("Channel"), tr("Amount")]
    widths = [34 * mm, 16 * mm, 50 * mm, 26 * mm, 26 * mm, WIDTH - 152 * mm]
    rows: list[list[str]] = [header]
    for row in closing.receipts:
        rows.append(
            [
                left_to_right(row.receipt_number or ""),
                to_persian_digits(
                    row.created_at.replace(tzinfo=dt.UTC).astimezone().strftime("%H:%M")
                ),
                row.donor_name or tr("Anonymous donor"),
                tr(KIND_LABELS[row.kind]),
                tr(CHANNEL_LABELS[row.channel]),
                amount(row.amount_rials),
            ]
        )
    rows.append(
        [
            tr("Total"),
            "",
            tr("{count} receipts", count=len(closing.receipts)),
            "",
            "",
            amount(closing.total_rials),
        ]
    )
    story += [
        rtl_table(rows, widths, number_columns=(5,), bold_rows=(len(rows) - 1,)),
        Spacer(1, 6 * mm),
    ]

    for title, entries, labels in (
        (tr("Totals by kind"), closing.by_kind, KIND_LABELS),
        (tr("Totals by channel"), closing.by_channel, CHANNEL_LABELS),
    ):
        table = [[title, tr("Count"), tr("Amount")]]
        table += [
            [tr(labels[key]), format_number(count), amount(rials)] for key, count, rials in entries
        ]  # type: ignore[index]
        story += [
            rtl_table(table, [60 * mm, 25 * mm, 45 * mm], number_columns=(1, 2)),
            Spacer(1, 5 * mm),
        ]

    story.append(RtlParagraph(tr("Voided receipts (not in any total)"), font=BOLD, size=11))
    if closing.voided:
        voided = [[tr("Receipt"), tr("Amount"), tr("Void reason"), tr("Voided by")]]
        voided += [
            [
                left_to_right(row.receipt_number or ""),
                amount(row.amount_rials),
                row.void_reason or "",
                row.voided_by or "",
            ]
            for row in closing.voided
        ]
        story.append(
            rtl_table(voided, [34 * mm, 30 * mm, WIDTH - 94 * mm, 30 * mm], number_columns=(1,))
        )
    else:
        story.append(RtlParagraph(tr("None."), size=10))
    story += [
        Spacer(1, 12 * mm),
        RtlParagraph(tr("Signature of the cashier and the supervisor:"), size=10),
        Spacer(1, 8 * mm),
        RtlParagraph(
            tr("Audit chain head: {hash}", hash=left_to_right(closing.audit_head)), size=7
        ),
    ]

    build_a4(
        target,
        story,
        title=tr("Daily closing of {date}", date=format_jalali(closing.day, persian_digits=False)),
    )
