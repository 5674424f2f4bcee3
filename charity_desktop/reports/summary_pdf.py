"""The period summary as an A4 PDF: headline, tables right to left, bar and pie charts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Spacer

from charity_desktop.persian.jalali import format_jalali, jalali_parts
from charity_desktop.persian.money import (
    Unit,
    format_amount,
    format_number,
    scale_of,
)
from charity_desktop.persian.text import to_persian_digits
from charity_desktop.reports.text import (
    A4_MARGIN,
    BOLD,
    REGULAR,
    RtlParagraph,
    build_a4,
    new_drawing,
    register_fonts,
    rtl_table,
    visual,
)
from charity_desktop.reports.wording import (
    BREAKDOWN_TITLES,
    growth_text,
    line_name,
    press_amounts,
    press_paragraph,
    summary_label,
)
from charity_desktop.services.summary import Figure, Line, Summary
from charity_desktop.translation import N_, Translator

WIDTH = A4[0] - 2 * A4_MARGIN
THIS_YEAR = colors.HexColor("#1f6f8b")
LAST_YEAR = colors.HexColor("#a9c6d3")
# What a chart's values are counted in, by their scale (one: plain units).
SCALE_LABELS = {
    1000: N_("thousand {unit}"),
    10**6: N_("million {unit}"),
    10**9: N_("billion {unit}"),
}
PIE_COLOURS = [colors.HexColor(c) for c in ("#1f6f8b", "#e5a33d", "#6a9f58", "#b5534c", "#7e6bb0")]


def _years(summary: Summary) -> tuple[str, str]:
    return (
        to_persian_digits(str(jalali_parts(summary.period.first)[0])),
        to_persian_digits(str(jalali_parts(summary.previous.first)[0])),
    )


def _figure_row(name: str, figure: Figure, unit: Unit, tr: Translator) -> list[str]:
    return [
        name,
        format_number(figure.count),
        format_amount(figure.rials, unit),
        format_amount(figure.previous_rials, unit),
        growth_text(figure, tr),
    ]


def _table(
    title: str,
    lines: list[tuple[str, Figure]],
    total: Figure | None,
    summary: Summary,
    tr: Translator,
) -> Any:
    unit = summary.office.display_unit
    this_year, last_year = _years(summary)
    header = [
        title,
        tr("Count"),
        tr("Amount {year}", year=this_year),
        tr("Amount {year}", year=last_year),
        tr("Growth"),
    ]
    rows = [header] + [_figure_row(name, figure, unit, tr) for name, figure in lines]
    bold = []
    if total is not None:
        rows.append(_figure_row(tr("Total"), total, unit, tr))
        bold.append(len(rows) - 1)
    widths = [WIDTH - 125 * mm, 20 * mm, 37 * mm, 37 * mm, 31 * mm]
    return rtl_table(rows, widths, number_columns=(1, 2, 3, 4), bold_rows=bold)


def _bar_chart(
    title: str, lines: list[Line], dimension: str, summary: Summary, tr: Translator
) -> Drawing:
    """Bars of this year beside last year's, categories right to left.

    Values are counted in the thousands, millions or billions of the largest bar, so the
    axis reads "۱۲٫۵" rather than a row of zeros or of long numbers.
    """
    unit = summary.office.display_unit
    shown = list(reversed(lines[:12]))
    largest = max(max(line.figure.rials, line.figure.previous_rials) for line in shown)
    scale = scale_of(largest // unit.rials)
    drawing = new_drawing(WIDTH, 75 * mm)
    drawing.add(String(WIDTH, 70 * mm, visual(title), fontName=BOLD, fontSize=10, textAnchor="end"))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 18 * mm, 14 * mm, WIDTH - 24 * mm, 48 * mm
    chart.data = [
        [line.figure.rials / (scale * unit.rials) for line in shown],
        [line.figure.previous_rials / (scale * unit.rials) for line in shown],
    ]
    chart.categoryAxis.categoryNames = [visual(line_name(dimension, line, tr)) for line in shown]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.angle = 30 if len(shown) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(shown) > 6 else "n"
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda value: format_number(
        Decimal(f"{value:.2f}").normalize()
    )
    chart.bars[0].fillColor = THIS_YEAR
    chart.bars[1].fillColor = LAST_YEAR
    chart.barSpacing = 1
    chart.groupSpacing = 6
    drawing.add(chart)
    this_year, last_year = _years(summary)
    legend = Legend()
    legend.x, legend.y = 20 * mm, 70 * mm
    legend.fontName = REGULAR
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [(THIS_YEAR, visual(this_year)), (LAST_YEAR, visual(last_year))]
    drawing.add(legend)
    drawing.add(
        String(
            18 * mm,
            64 * mm,
            visual(
                tr(SCALE_LABELS[scale], unit=unit.persian_name) if scale > 1 else unit.persian_name
            ),
            fontName=REGULAR,
            fontSize=7,
            textAnchor="middle",
        )
    )
    return drawing


def _pie(summary: Summary, tr: Translator) -> Drawing:
    """Shares of cash, in-kind, services (office) and institutions in this period."""
    parts = [(line_name("kind", line, tr), line.figure.rials) for line in summary.by_kind]
    parts.append((tr("Charity institutions"), summary.institutions.rials))
    parts = [(name, rials) for name, rials in parts if rials > 0]
    total = sum(rials for _, rials in parts) or 1
    drawing = new_drawing(WIDTH, 62 * mm)
    drawing.add(
        String(
            WIDTH,
            57 * mm,
            visual(tr("Share of each kind")),
            fontName=BOLD,
            fontSize=10,
            textAnchor="end",
        )
    )
    if not parts:
        return drawing
    pie = Pie()
    pie.x, pie.y, pie.width, pie.height = WIDTH - 95 * mm, 4 * mm, 48 * mm, 48 * mm
    pie.data = [rials for _, rials in parts]
    pie.labels = None
    pie.slices.strokeColor = colors.white
    for index in range(len(parts)):
        pie.slices[index].fillColor = PIE_COLOURS[index % len(PIE_COLOURS)]
    drawing.add(pie)
    legend = Legend()
    legend.x, legend.y = 10 * mm, 46 * mm
    legend.fontName = REGULAR
    legend.fontSize = 9
    legend.alignment = "right"
    legend.colorNamePairs = [
        (
            PIE_COLOURS[index % len(PIE_COLOURS)],
            visual(f"{name} ({format_number(round(rials * 100 / total))}٪)"),
        )
        for index, (name, rials) in enumerate(parts)
    ]
    drawing.add(legend)
    return drawing


def write_summary_pdf(summary: Summary, target: Path | BinaryIO, *, tr: Translator) -> None:
    """Write the whole summary (headline, tables, charts, press paragraph) as an A4 PDF."""
    register_fonts()
    unit = summary.office.display_unit
    total = summary.grand_total
    growth = growth_text(total, tr)
    story: list[Any] = [
        RtlParagraph(summary.office.name, font=BOLD, size=15, align="center"),
        RtlParagraph(
            tr("Public donations in {period}", period=summary_label(summary, tr)),
            font=BOLD,
            size=13,
            align="center",
        ),
        RtlParagraph(
            tr(
                "{first} to {last}, beside {previous_first} to {previous_last}. Amounts in {unit}. Printed {printed}.",
                first=format_jalali(summary.period.first),
                last=format_jalali(summary.period.last),
                previous_first=format_jalali(summary.previous.first),
                previous_last=format_jalali(summary.previous.last),
                unit=unit.persian_name,
                printed=format_jalali(summary.printed_at.date()),
            ),
            size=9,
            align="center",
        ),
        Spacer(1, 4 * mm),
        RtlParagraph(
            tr(
                "In all: {total} ({growth} against last year)",
                total=press_amounts(summary).total,
                growth=growth,
            ),
            font=BOLD,
            size=14,
            align="center",
            color=THIS_YEAR,
        ),
        Spacer(1, 4 * mm),
    ]
    kinds = [(line_name("kind", line, tr), line.figure) for line in summary.by_kind]
    kinds += [
        (tr("Office sector in all"), summary.office_total),
        (tr("Charity institutions"), summary.institutions),
    ]
    story += [_table(tr("Kind"), kinds, total, summary, tr), Spacer(1, 4 * mm), _pie(summary, tr)]

    average = summary.average_gift
    people = [
        (tr("Donors"), summary.donors),
        (tr("New donors"), summary.new_donors),
        (tr("Number of donations"), Figure(total.count, 0, total.previous_count, 0)),
    ]
    rows = [[tr("Donors and gifts"), tr("This year"), tr("Last year")]]
    rows += [[name, format_number(f.count), format_number(f.previous_count)] for name, f in people]
    rows.append(
        [
            tr("Average gift"),
            format_amount(average.rials, unit),
            format_amount(average.previous_rials, unit),
        ]
    )
    rows.append(
        [
            tr("Voided receipts (left out of every figure)"),
            tr(
                "{count}: {amount}",
                count=summary.voided.count,
                amount=format_amount(summary.voided.rials, unit),
            ),
            tr(
                "{count}: {amount}",
                count=summary.voided.previous_count,
                amount=format_amount(summary.voided.previous_rials, unit),
            ),
        ]
    )
    story += [
        Spacer(1, 4 * mm),
        rtl_table(rows, [WIDTH - 100 * mm, 50 * mm, 50 * mm], number_columns=(1, 2)),
    ]

    charts = {"county", "month"}
    for dimension, lines in summary.breakdowns():
        title = tr(BREAKDOWN_TITLES[dimension])
        table = _table(
            title,
            [(line_name(dimension, line, tr), line.figure) for line in lines],
            total,
            summary,
            tr,
        )
        story += [CondPageBreak(60 * mm), Spacer(1, 5 * mm), table]
        if dimension in charts and lines:
            story.append(_bar_chart(title, lines, dimension, summary, tr))

    story += [
        CondPageBreak(50 * mm),
        Spacer(1, 6 * mm),
        RtlParagraph(tr("For the press"), font=BOLD, size=11),
        RtlParagraph(press_paragraph(summary, tr), size=10, leading=18),
    ]
    build_a4(
        target,
        story,
        title=f"{summary.office.code} {format_jalali(summary.period.first, persian_digits=False)}",
    )
