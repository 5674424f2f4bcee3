"""How summaries are put into words: period names, growth, and the press paragraph."""

from __future__ import annotations

from decimal import Decimal

from charity_desktop.domain.enums import Channel, DonationKind
from charity_desktop.persian.jalali import MONTH_NAMES
from charity_desktop.persian.money import (
    Headline,
    format_number,
    headline_amount,
    headline_amounts,
    headline_percent,
)
from charity_desktop.persian.text import left_to_right, to_persian_digits
from charity_desktop.services.summary import Figure, Line, Period, Summary
from charity_desktop.translation import CHANNEL_LABELS, KIND_LABELS, N_, Translator

SPAN_NAMES = {
    1: N_("month"),
    3: N_("three months"),
    6: N_("six months"),
    9: N_("nine months"),
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
    """ "the year 1404", "the first nine months of 1404", "Mehr to Azar 1404" or
    "1404/01/15 to 1404/08/20"."""
    if period.year is not None and period.first_month is not None and period.months is not None:
        year = tr.digits(str(period.year))
        if period.first_month == 1 and period.months == 12:
            return tr("the year {year}", year=year)
        if period.first_month == 1 and period.months in SPAN_NAMES and period.months > 1:
            return tr("the first {span} of {year}", span=tr(SPAN_NAMES[period.months]), year=year)
        first = MONTH_NAMES[period.first_month - 1]
        if period.months == 1:
            return tr("{month} {year}", month=first, year=year)
        last = MONTH_NAMES[period.first_month + period.months - 2]
        return tr("{first} to {last} {year}", first=first, last=last, year=year)
    if period.first == period.last:
        return tr.date(period.first)
    return tr("{first} to {last}", first=tr.date(period.first), last=tr.date(period.last))


def summary_label(summary: Summary, tr: Translator) -> str:
    """The summary's period and what its figures are narrowed to: "the first nine months of
    1404, county ابهر" (nothing is added for the whole database)."""
    label = period_label(summary.period, tr)
    if summary.office_scope:
        label = tr("{period}, {office}", period=label, office=summary.office_scope)
    if summary.county_scope:
        label = tr("{period}, county {county}", period=label, county=summary.county_scope)
    return label


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


# How each kind of the office's donations is named in the press paragraph's list of parts.
PART_PHRASES = {
    DonationKind.CASH: N_("{amount} in cash donations"),
    DonationKind.IN_KIND: N_("{amount} in in-kind donations"),
    DonationKind.SERVICE: N_("{amount} in volunteer services"),
}


def _listed(items: list[str], tr: Translator) -> str:
    """ "a", "a and b", "a, b and c" in the language of `tr`."""
    if len(items) == 1:
        return items[0]
    *first, last = items
    head = first[0]
    for item in first[1:]:
        head = tr(N_("{first}, {second}"), first=head, second=item)
    return tr(N_("{first} and {last}"), first=head, last=last)


def press_amounts(summary: Summary) -> Headline:
    """The press paragraph's amounts: the kinds of the office sector, then the charity
    institutions, and their total, rounded together so that they add up."""
    rials = [line.figure.rials for line in summary.by_kind] + [summary.institutions.rials]
    return headline_amounts(rials, summary.office.display_unit)


def press_paragraph(summary: Summary, tr: Translator) -> str:
    """A few Persian sentences a public-relations officer can paste as they are (office's unit).

    Amounts are worded as `persian.money.headline_amounts` rounds them (parts to one step,
    the total no higher than the parts, "بیش از" when it is rounded); parts of zero are left out.
    """
    unit = summary.office.display_unit
    total = summary.grand_total
    office = summary.office.name
    period = summary_label(summary, tr)
    if not total.rials:
        sentences = [
            tr(
                "According to {office}, no donations were recorded in {period}.",
                office=office,
                period=period,
            )
        ]
    else:
        amounts = press_amounts(summary)
        *kinds, institutions = amounts.parts
        office_parts = [
            tr(PART_PHRASES[DonationKind(line.key)], amount=amount)
            for line, amount in zip(summary.by_kind, kinds, strict=True)
            if amount
        ]
        sentences = [
            tr(
                "According to {office}, people's and charity institutions' cash, in-kind and volunteer-service donations in {period} reached {total}.",
                office=office,
                period=period,
                total=amounts.total,
            )
        ]
        if office_parts and institutions:
            sentences.append(
                tr(
                    "Of this, {parts} were given to the office, and charity institutions collected {institutions}.",
                    parts=_listed(office_parts, tr),
                    institutions=institutions,
                )
            )
        elif office_parts:
            sentences.append(
                tr("Of this, {parts} were given to the office.", parts=_listed(office_parts, tr))
            )
        else:
            sentences.append(tr("All of it was collected by charity institutions."))
    growth = total.growth_percent
    previous = headline_amount(total.previous_rials, unit)
    if growth is None:
        sentences.append(
            tr("No donations were recorded in the same period last year to compare with.")
        )
    elif headline_percent(growth) == headline_percent(Decimal(0)):
        sentences.append(
            tr("This is as much as in the same period last year ({previous}).", previous=previous)
        )
    else:
        message = (
            N_("This is {percent} percent more than the same period last year ({previous}).")
            if growth > 0
            else N_("This is {percent} percent less than the same period last year ({previous}).")
        )
        sentences.append(tr(message, percent=headline_percent(growth), previous=previous))
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
