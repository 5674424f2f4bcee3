"""The daily closing report (A4): the day's receipts by kind, with both of their times, totals
by kind and channel, the cash each clerk hands over, and voids apart.

Cash, goods and services are never added together: the only sums of money are cash.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from charity_desktop.domain.enums import Channel, DonationKind
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
from charity_desktop.services.closing import ClosingReceipt, DayClosing, Tally
from charity_desktop.translation import CHANNEL_LABELS, KIND_LABELS, N_, Translator

WIDTH = A4[0] - 2 * A4_MARGIN
SIZE = 8  # the receipts' tables: seven columns on A4
# Per kind: the title of its receipts, the name of their amount, and the line of their sum.
SECTIONS = {
    DonationKind.CASH: (N_("Cash receipts"), N_("Amount"), N_("Cash in all")),
    DonationKind.IN_KIND: (
        N_("In-kind receipts"),
        N_("Value"),
        N_("Value of the goods in all (not cash)"),
    ),
    DonationKind.SERVICE: (
        N_("Volunteer-service receipts"),
        N_("Value"),
        N_("Value of the services in all (not cash)"),
    ),
}


def _time(moment: dt.datetime) -> str:
    return to_persian_digits(moment.strftime("%H:%M"))


def entered(row: ClosingReceipt, day: dt.date) -> str:
    """When the receipt was entered: its time, and its date as well when that is not `day`."""
    if row.entered_at.date() == day:
        return _time(row.entered_at)
    return f"{format_jalali(row.entered_at.date())} {_time(row.entered_at)}"


def _receipts(closing: DayClosing, kind: DonationKind, tr: Translator) -> list[Any]:
    """The title and table of the day's receipts of one kind, with their sum."""
    rows = [row for row in closing.receipts if row.kind is kind]
    if not rows:
        return []
    title, amount_name, total_name = SECTIONS[kind]
    header = [
        tr("Receipt"),
        tr("Donation date"),
        tr("Entered"),
        tr("Donor"),
        tr("Channel"),
        tr("Clerk"),
        tr(amount_name),
    ]
    table: list[list[str]] = [header]
    for row in rows:
        table.append(
            [
                left_to_right(row.receipt_number),
                format_jalali(row.donated_on),
                entered(row, closing.day),
                row.donor_name or tr("Anonymous donor"),
                tr(CHANNEL_LABELS[row.channel]),
                row.clerk,
                format_amount(row.amount_rials, closing.unit),
            ]
        )
    tally = closing.by_kind[kind]
    table.append(
        [
            tr("{count} receipts", count=tally.count),
            "",
            "",
            tr(total_name),
            "",
            "",
            format_amount(tally.rials, closing.unit),
        ]
    )
    widths = [28 * mm, 19 * mm, 25 * mm, 0, 22 * mm, 24 * mm, 22 * mm]
    widths[3] = WIDTH - sum(widths)
    return [
        CondPageBreak(30 * mm),
        RtlParagraph(tr(title), font=BOLD, size=11),
        rtl_table(table, widths, size=SIZE, number_columns=(6,), bold_rows=(-1,)),
        Spacer(1, 5 * mm),
    ]


def _totals(closing: DayClosing, tr: Translator) -> list[Any]:
    """Totals by kind, and by channel with each kind in its own column."""
    amount = lambda tally: format_amount(tally.rials, closing.unit)  # noqa: E731
    kinds = [[tr("Totals by kind"), tr("Count"), tr("Amount or value")]]
    kinds += [
        [tr(KIND_LABELS[kind]), format_number(tally.count), amount(tally)]
        for kind, tally in closing.by_kind.items()
    ]
    story: list[Any] = [
        CondPageBreak(30 * mm),
        rtl_table(kinds, [60 * mm, 25 * mm, 45 * mm], number_columns=(1, 2)),
        Spacer(1, 5 * mm),
    ]
    if closing.by_channel:
        channels = [
            [
                tr("Totals by channel"),
                tr("Count"),
                tr("Cash"),
                tr("Goods (value)"),
                tr("Services (value)"),
            ]
        ]
        for channel, by_kind in closing.by_channel.items():
            channels.append(
                [
                    tr(CHANNEL_LABELS[channel]),
                    format_number(sum(tally.count for tally in by_kind.values())),
                    *(amount(by_kind[kind]) for kind in DonationKind),
                ]
            )
        story += [
            CondPageBreak(30 * mm),
            rtl_table(
                channels, [45 * mm, 20 * mm, 38 * mm, 38 * mm, 38 * mm], number_columns=(1, 2, 3, 4)
            ),
            Spacer(1, 5 * mm),
        ]
    return story


def _cash_by_clerk(closing: DayClosing, tr: Translator) -> list[Any]:
    """Each clerk's cash: the desk's, which the clerk hands over, then each other channel's."""
    story: list[Any] = [
        CondPageBreak(30 * mm),
        RtlParagraph(tr("Cash each clerk took in"), font=BOLD, size=11),
    ]
    if not closing.cash_by_clerk:
        return [*story, RtlParagraph(tr("None."), size=10), Spacer(1, 5 * mm)]
    others = [
        channel
        for channel in Channel
        if channel is not Channel.DESK
        and any(channel in clerk.by_channel for clerk in closing.cash_by_clerk)
    ]
    header = [tr("Clerk"), tr("At the desk: to hand over")]
    header += [tr("{channel} (not handed over)", channel=tr(CHANNEL_LABELS[c])) for c in others]
    amount = lambda tally: format_amount(tally.rials, closing.unit)  # noqa: E731
    table = [header]
    for clerk in closing.cash_by_clerk:
        table.append(
            [
                clerk.clerk,
                amount(clerk.to_hand_over),
                *(amount(clerk.by_channel.get(c, Tally())) for c in others),
            ]
        )
    cash = closing.by_channel
    table.append(
        [
            tr("Cash in all"),
            *(
                amount(cash.get(c, {}).get(DonationKind.CASH, Tally()))
                for c in (Channel.DESK, *others)
            ),
        ]
    )
    figure_width = min(40 * mm, (WIDTH - 40 * mm) / (1 + len(others)))
    widths = [40 * mm] + [figure_width] * (1 + len(others))
    numbers = tuple(range(1, len(widths)))
    return [
        *story,
        rtl_table(table, widths, number_columns=numbers, bold_rows=(-1,)),
        RtlParagraph(
            tr(
                "The clerk hands over the cash taken at the desk; cash by card reader, transfer and the other channels is shown apart."
            ),
            size=8,
        ),
        Spacer(1, 5 * mm),
    ]


def _voided(closing: DayClosing, tr: Translator) -> list[Any]:
    story: list[Any] = [
        CondPageBreak(30 * mm),
        RtlParagraph(tr("Voided receipts (not in any total)"), font=BOLD, size=11),
    ]
    if not closing.voided:
        return [*story, RtlParagraph(tr("None."), size=10)]
    voided = [[tr("Receipt"), tr("Kind"), tr("Amount"), tr("Void reason"), tr("Voided by")]]
    voided += [
        [
            left_to_right(row.receipt_number),
            tr(KIND_LABELS[row.kind]),
            format_amount(row.amount_rials, closing.unit),
            row.void_reason or "",
            row.voided_by or "",
        ]
        for row in closing.voided
    ]
    widths = [30 * mm, 24 * mm, 28 * mm, WIDTH - 112 * mm, 30 * mm]
    return [*story, rtl_table(voided, widths, number_columns=(2,))]


def write_day_closing(closing: DayClosing, target: Path | BinaryIO, *, tr: Translator) -> None:
    """Write the closing of `closing.day` as a PDF to `target`."""
    register_fonts()
    now = dt.datetime.now()
    story: list[Any] = [
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
                unit=closing.unit.persian_name,
                date=format_jalali(now.date()),
                time=_time(now),
            ),
            size=9,
            align="center",
        ),
        Spacer(1, 5 * mm),
    ]
    if not closing.receipts:
        story += [RtlParagraph(tr("No receipts on this day."), size=10), Spacer(1, 5 * mm)]
    for kind in DonationKind:
        story += _receipts(closing, kind, tr)
    story += _totals(closing, tr)
    story += _cash_by_clerk(closing, tr)
    story += _voided(closing, tr)
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
