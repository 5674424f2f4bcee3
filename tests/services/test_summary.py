from decimal import Decimal

import pytest

from charity_desktop.domain.errors import DomainError
from charity_desktop.persian.jalali import parse_jalali
from charity_desktop.services.summary import Period, campaign_family, summarize


def test_nine_months_figures_and_growth(office_with_history):
    summary = summarize(office_with_history, Period.of_months(1404, 9))
    assert (summary.period.first, summary.period.last) == (
        parse_jalali("1404/01/01"),
        parse_jalali("1404/09/30"),
    )
    assert (summary.previous.first, summary.previous.last) == (
        parse_jalali("1403/01/01"),
        parse_jalali("1403/09/30"),
    )
    kinds = {line.key: line.figure for line in summary.by_kind}
    assert (kinds["cash"].rials, kinds["in_kind"].rials, kinds["service"].rials) == (
        1_000,
        2_000,
        4_000,
    )
    assert (kinds["cash"].previous_rials, kinds["in_kind"].previous_rials) == (2_000, 0)
    assert kinds["cash"].growth_percent == Decimal("-50.0")
    assert kinds["in_kind"].growth_percent is None  # new: nothing last year
    assert summary.office_total.rials == 7_000
    assert summary.institutions.rials == 50_000 and summary.institutions.previous_rials == 0
    assert summary.grand_total == type(summary.grand_total)(4, 57_000, 2, 2_000)
    assert summary.grand_total.growth_percent == Decimal("2750.0")
    assert summary.voided.count == 1 and summary.voided.rials == 700
    assert (summary.donors.count, summary.donors.previous_count) == (2, 1)
    assert (summary.new_donors.count, summary.new_donors.previous_count) == (1, 1)
    assert summary.average_gift.rials == 57_000 // 4


def test_every_breakdown_sums_to_the_grand_total(office_with_history):
    summary = summarize(office_with_history, Period.of_months(1404, 9))
    total = summary.grand_total
    for name, lines in summary.breakdowns():
        assert sum(line.figure.rials for line in lines) == total.rials, name
        assert sum(line.figure.previous_rials for line in lines) == total.previous_rials, name
        assert sum(line.figure.count for line in lines) == total.count, name
    assert (
        sum(line.figure.rials for line in summary.by_kind) + summary.institutions.rials
        == total.rials
    )


def test_campaigns_pair_with_last_years_edition(office_with_history):
    summary = summarize(office_with_history, Period.of_months(1404, 9))
    leading = summary.leading_campaign
    assert leading.name == "جشن نیکوکاری 1404"
    assert (leading.figure.rials, leading.figure.previous_rials) == (1_000, 500)
    assert campaign_family("جشن نیکوکاری ۱۴۰۳") == campaign_family("جشن نيكوكاري 1404")


def test_months_and_counties(office_with_history):
    summary = summarize(office_with_history, Period.of_months(1404, 9))
    months = {line.name: line.figure for line in summary.by_month}
    assert months["آذر"].rials == 4_000 and months["آذر"].previous_rials == 1_500
    assert months["فروردین"].previous_rials == 500
    counties = {line.name: line.figure.rials for line in summary.by_county}
    assert counties == {"زنجان": 55_000, "ابهر": 2_000}
    only_abhar = summarize(office_with_history, Period.of_months(1404, 9), county="ابهر")
    assert only_abhar.grand_total.rials == 2_000


def test_one_day_past_the_nine_months_is_out_and_the_year_has_it(office_with_history):
    year = summarize(office_with_history, Period.of_months(1404, 12))
    assert year.grand_total.rials == 57_000 + 90_000
    assert year.grand_total.previous_rials == 2_000 + 80_000
    winter = summarize(
        office_with_history, Period.between(parse_jalali("1404/10/01"), parse_jalali("1404/10/01"))
    )
    assert winter.grand_total.rials == 90_000 and winter.grand_total.previous_rials == 80_000


def test_periods_are_checked():
    with pytest.raises(DomainError):
        Period.of_months(1404, 4, first_month=10)
    with pytest.raises(DomainError):
        Period.between(parse_jalali("1404/02/01"), parse_jalali("1404/01/01"))
    assert Period.of_months(1403, 12).last == parse_jalali("1403/12/30")  # a leap year
    assert Period.between(
        parse_jalali("1403/12/30"), parse_jalali("1403/12/30")
    ).previous_year().first == parse_jalali("1402/12/29")


def test_one_month_and_a_span_across_new_year(office_with_history):
    azar = summarize(office_with_history, Period.of_months(1404, 1, 9))
    assert (azar.grand_total.rials, azar.grand_total.previous_rials) == (4_000, 1_500)
    assert [line.name for line in azar.by_month] == ["آذر"]
    winter = summarize(
        office_with_history, Period.between(parse_jalali("1403/12/01"), parse_jalali("1404/01/31"))
    )
    assert winter.grand_total.rials == 1_000
    assert [line.name for line in winter.by_month] == ["فروردین"]
