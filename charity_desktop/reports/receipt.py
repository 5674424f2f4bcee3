"""The donor's receipt: A5 sheet or 80 mm thermal roll, Persian, with a QR check code."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.barcode.qr import QrCode
from reportlab.lib import colors
from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm

from charity_desktop.domain.enums import DonationKind
from charity_desktop.paths import private_file
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.persian.money import Unit, amount_in_words, format_amount, format_number
from charity_desktop.persian.text import left_to_right, to_persian_digits
from charity_desktop.reports.text import (
    BOLD,
    REGULAR,
    PersianCanvas,
    draw_centred,
    draw_right,
    register_fonts,
    wrap,
)
from charity_desktop.services.receipts import ReceiptCopy
from charity_desktop.translation import CHANNEL_LABELS, KIND_LABELS, N_, Translator

PAPERS = ("a5", "80mm")


@dataclass(frozen=True)
class _Paper:
    width: float
    height: float | None  # None: a roll, as long as the content
    margin: float
    size: float
    qr_size: float


_PAPERS = {
    "a5": _Paper(A5[0], A5[1], 12 * mm, 10.5, 30 * mm),
    "80mm": _Paper(80 * mm, None, 4 * mm, 8.5, 28 * mm),
}


def paper_size(paper: str, *, tallest: float) -> tuple[float, float]:
    """The page of `paper` ("a5" or "80mm") in points; a roll is cut at `tallest`."""
    sheet = _PAPERS[paper]
    return sheet.width, sheet.height or tallest


# The amount's label by kind and by the receipt's unit, for a label that names the unit
# (a toman receipt must not say «ارزش ریالی»).
AMOUNT_LABELS = {
    (DonationKind.CASH, Unit.RIAL): N_("Amount"),
    (DonationKind.CASH, Unit.TOMAN): N_("Amount"),
    (DonationKind.IN_KIND, Unit.RIAL): N_("Value of the goods in rials"),
    (DonationKind.IN_KIND, Unit.TOMAN): N_("Value of the goods in tomans"),
    (DonationKind.SERVICE, Unit.RIAL): N_("Value of the service in rials"),
    (DonationKind.SERVICE, Unit.TOMAN): N_("Value of the service in tomans"),
}


@dataclass(frozen=True)
class _Line:
    text: str
    font: str = REGULAR
    size_step: float = 0
    centred: bool = False
    gap_before: float = 0
    color: colors.Color = colors.black


def _time(moment: object) -> str:
    return to_persian_digits(moment.strftime("%H:%M"))  # type: ignore[attr-defined]


def _quantity(text: str) -> str:
    """A stored quantity ("2", "2.5") as people read it ("۲", "۲٫۵")."""
    try:
        return format_number(Decimal(text))
    except InvalidOperation:  # not a number: printed as it was stored
        return to_persian_digits(text)


def _lines(copy: ReceiptCopy, tr: Translator) -> list[_Line]:
    lines = [
        _Line(copy.office_name, BOLD, 2, centred=True),
        _Line(
            tr(
                "Province {province}, county {county}",
                province=copy.office_province,
                county=copy.office_county,
            ),
            centred=True,
        ),
        _Line(tr("Donation receipt"), BOLD, 1, centred=True, gap_before=4),
    ]
    if copy.is_reprint:
        reprint_colour = colors.HexColor("#9a3412")
        lines += [
            _Line(
                tr("DUPLICATE (reprint {count})", count=copy.print_number - 1),
                BOLD,
                centred=True,
                color=reprint_colour,
            ),
            _Line(
                tr(
                    "printed {date} at {time}",
                    date=format_jalali(copy.printed_at.date()),
                    time=_time(copy.printed_at),
                ),
                centred=True,
                color=reprint_colour,
            ),
        ]
    pair = N_("{label}: {value}")
    add = lambda label, value: lines.append(_Line(tr(pair, label=tr(label), value=value)))  # noqa: E731
    lines.append(
        _Line(
            tr(pair, label=tr("Receipt number"), value=left_to_right(copy.number)),
            BOLD,
            gap_before=6,
        )
    )
    issued = tr("issued at {time}", time=_time(copy.issued_at))
    add(N_("Date"), f"{format_jalali(copy.donated_on)}   {issued}")
    add(N_("Donor"), copy.donor_name or tr("Anonymous donor"))
    if copy.donor_id_masked:
        add(N_("National ID"), left_to_right(to_persian_digits(copy.donor_id_masked)))
    add(N_("Kind"), tr(KIND_LABELS[copy.kind]))
    add(N_("Intent"), to_persian_digits(copy.intent))
    add(N_("Channel"), tr(CHANNEL_LABELS[copy.channel]))
    if copy.tracking_number:
        add(N_("Tracking number"), left_to_right(copy.tracking_number))
    if copy.campaign:
        add(N_("Campaign"), to_persian_digits(copy.campaign))
    if copy.county or copy.collection_point:
        place = "، ".join(p for p in (copy.county, copy.collection_point) if p)
        add(N_("Place"), to_persian_digits(place))
    if copy.kind is DonationKind.CASH and copy.description:
        add(N_("Note"), copy.description)
    if copy.kind is DonationKind.IN_KIND:
        add(N_("Goods"), copy.description or "")
        if copy.quantity:
            add(N_("Quantity"), f"{_quantity(copy.quantity)} {copy.quantity_unit or ''}".strip())
    if copy.kind is DonationKind.SERVICE:
        add(N_("Service"), copy.description or "")
        hours = Decimal(copy.service_minutes or 0) / 60
        add(N_("Hours"), format_number(hours.quantize(Decimal("0.01")).normalize()))
    amount_label = AMOUNT_LABELS[copy.kind, copy.unit]
    lines.append(
        _Line(
            tr(
                pair,
                label=tr(amount_label),
                value=format_amount(copy.amount_rials, copy.unit, with_unit=True),
            ),
            BOLD,
            3,
            gap_before=6,
        )
    )
    lines.append(
        _Line(tr(pair, label=tr("In words"), value=amount_in_words(copy.amount_rials, copy.unit)))
    )
    lines.append(_Line(tr(pair, label=tr("Clerk"), value=copy.clerk), gap_before=4))
    if copy.replaces:
        lines.append(
            _Line(
                tr(
                    "This receipt replaces the voided receipt {number}.",
                    number=left_to_right(copy.replaces),
                ),
                BOLD,
            )
        )
    if copy.voided_at:
        lines.append(
            _Line(
                tr(
                    "VOID since {date}: {reason}",
                    date=format_jalali(copy.voided_at.date()),
                    reason=copy.void_reason or "",
                ),
                BOLD,
                gap_before=4,
                color=colors.red,
            )
        )
    return lines


def _layout(lines: list[_Line], paper: _Paper) -> list[tuple[_Line, list[str], float]]:
    text_width = paper.width - 2 * paper.margin
    laid = []
    for line in lines:
        size = paper.size + line.size_step
        laid.append((line, wrap(line.text, line.font, size, text_width), size))
    return laid


def write_receipt(
    copy: ReceiptCopy, target: Path | BinaryIO, *, paper: str = "a5", tr: Translator
) -> None:
    """Write the receipt as a one-page PDF on `paper` ("a5" or "80mm") to `target`."""
    register_fonts()
    sheet = _PAPERS[paper]
    laid = _layout(_lines(copy, tr), sheet)
    leading = 1.55
    body = sum(line.gap_before + len(parts) * size * leading for line, parts, size in laid)
    signature_block = 16 * mm
    footer = sheet.qr_size + 10 * mm
    height = sheet.height or (sheet.margin * 2 + body + signature_block + footer)
    canvas = PersianCanvas(
        str(private_file(target)) if isinstance(target, Path) else target,
        pagesize=(sheet.width, height),
    )
    canvas.setTitle(copy.number)
    canvas.setAuthor("Charity Desktop")
    right = sheet.width - sheet.margin
    centre = sheet.width / 2
    y = height - sheet.margin
    for line, parts, size in laid:
        y -= line.gap_before
        canvas.setFillColor(line.color)
        for part in parts:
            y -= size * leading
            if line.centred:
                draw_centred(canvas, centre, y + size * 0.4, part, line.font, size)
            else:
                draw_right(canvas, right, y + size * 0.4, part, line.font, size)
    canvas.setFillColor(colors.black)
    y -= signature_block
    canvas.setLineWidth(0.5)
    canvas.line(sheet.margin, y + 4 * mm, centre - 4 * mm, y + 4 * mm)
    draw_right(
        canvas, right, y + 5 * mm, tr("Stamp and signature of the office:"), REGULAR, sheet.size
    )
    qr_x = sheet.margin if sheet.height else centre - sheet.qr_size / 2
    qr_y = sheet.margin + 5 * mm
    # The flowable paints straight onto the canvas; the widget builds a drawing of
    # hundreds of shapes and encodes the code twice, most of a receipt's time.
    QrCode(copy.qr_text, qrLevel="M", width=sheet.qr_size, height=sheet.qr_size).drawOn(
        canvas, qr_x, qr_y
    )
    canvas.setFont(REGULAR, sheet.size - 1.5)
    canvas.drawCentredString(qr_x + sheet.qr_size / 2, qr_y - 3.5 * mm, copy.check_code)
    if sheet.height:
        draw_right(
            canvas,
            right,
            qr_y + sheet.qr_size / 2,
            tr("Scan the code to check this receipt."),
            REGULAR,
            sheet.size - 1,
        )
    if copy.voided_at:
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.85, 0, 0, alpha=0.35))
        canvas.translate(centre, height / 2)
        canvas.rotate(35)
        draw_centred(canvas, 0, 0, tr("VOID"), BOLD, sheet.width / 4.5)
        canvas.restoreState()
    canvas.showPage()
    canvas.save()
