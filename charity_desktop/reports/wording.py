"""How summaries are put into words: period names, growth, and the press paragraph."""

from __future__ import annotations

from decimal import Decimal

from charity_desktop.domain.enums import Channel, DonationKind
from charity_desktop.persian.jalali import MONTH_NAMES, format_jalali
from charity_desktop.persian.money import format_number, headline_amount
from charity_desktop.persian.text import left_to_right, to_persian_digits
from charity_desktop.services.summary import Figure, Line, Period, Summary
from charity_desktop.translation import CHANNEL_LABELS, KIND_LABELS, N_, Translator

SPAN_NAMES = {
    1: N_("month"),
    3: N_("three months"),
    6: N_("six months"),
    9: N_("nine months"),
    12: N_("year"),
}

# Titles of the summary's breakdowns beside the kinds, in the order reports show them.
BREAKDOWN_TITLES = {
    "county": N_("By county"),
    "intent": N_("By intent"),
    "channel": N_("By channel"),
    "campaign": N_("By campaign"),
    "month": N_("By month"),
}


def period_label(period: Period, tr: Translator) -> str:
    """ "the nine months of 1404", "Mehr to Azar 1404" or "1404/01/15 to 1404/08/20"."""
    if period.year is not None and period.first_month is not None and period.months is not None:
        year = to_persian_digits(str(period.year))
        if period.first_month == 1 and period.months in SPAN_NAMES and period.months > 1:
            return tr("the first {span} of {year}", span=tr(SPAN_NAMES[period.months]), year=year)
        first = MONTH_NAMES[period.first_month - 1]
        if period.months == 1:
            return tr("{month} {year}", month=first, year=year)
        last = MONTH_NAMES[period.first_month + period.months - 2]
        return tr("{first} to {last} {year}", first=first, last=last, year=year)
    return tr(
        "{first} to {last}", first=format_jalali(period.first), last=format_jalali(period.last)
    )


def growth_text(figure: Figure, tr: Translator) -> str:
    """ "+۴۰٫۰٪", "−۵۰٫۰٪", or "new" when last year was zero."""
    growth = figure.growth_percent
    if growth is None:
        return tr("new") if figure.rials else "—"
    sign = "+" if growth > 0 else "−" if growth < 0 else ""
    return left_to_right(f"{sign}{format_number(abs(growth))}٪")


def line_name(dimension: str, line: Line, tr: Translator) -> str:
    """The name of a breakdown line as people read it."""
    if dimension == "kind":
        return tr(KIND_LABELS[DonationKind(line.key)])
    if dimension == "channel":
        return tr(CHANNEL_LABELS[Channel(line.key)])
    if not line.key:
        return tr("not given") if dimension == "county" else tr("no campaign")
    return to_persian_digits(line.name)


def _percent(value: Decimal) -> str:
    return format_number(abs(value))


def press_paragraph(summary: Summary, tr: Translator) -> str:
    """A few Persian sentences a public-relations officer can paste as they are (office's unit)."""
    unit = summary.office.display_unit
    amounts = {line.key: headline_amount(line.figure.rials, unit) for line in summary.by_kind}
    total = summary.grand_total
    sentences = [
        tr(
            "According to {office}, people's and charity institutions' cash, in-kind and volunteer-service donations in {period} reached {total}.",
            office=summary.office.name,
            period=period_label(summary.period, tr),
            total=headline_amount(total.rials, unit),
        ),
        tr(
            "Of this, cash donations were {cash}, in-kind donations {in_kind} and volunteer services {service}, and charity institutions collected {institutions}.",
            cash=amounts["cash"],
            in_kind=amounts["in_kind"],
            service=amounts["service"],
            institutions=headline_amount(summary.institutions.rials, unit),
        ),
    ]
    growth = total.growth_percent
    if growth is None:
        sentences.append(
            tr("No donations were recorded in the same period last year to compare with.")
        )
    elif growth >= 0:
        sentences.append(
            tr(
                "This is {percent} percent more than the same period last year ({previous}).",
                percent=_percent(growth),
                previous=headline_amount(total.previous_rials, unit),
            )
        )
    else:
        sentences.append(
            tr(
                "This is {percent} percent less than the same period last year ({previous}).",
                percent=_percent(growth),
                previous=headline_amount(total.previous_rials, unit),
            )
        )
    leading = summary.leading_campaign
    if leading is not None and leading.figure.rials:
        if leading.figure.previous_rials:
            sentences.append(
                tr(
                    "The «{campaign}» campaign raised {amount}, against {previous} last year.",
                    campaign=to_persian_digits(leading.name),
                    amount=headline_amount(leading.figure.rials, unit),
                    previous=headline_amount(leading.figure.previous_rials, unit),
                )
            )
        else:
            sentences.append(
                tr(
                    "The «{campaign}» campaign raised {amount}.",
                    campaign=to_persian_digits(leading.name),
                    amount=headline_amount(leading.figure.rials, unit),
                )
            )
    return " ".join(sentences)
