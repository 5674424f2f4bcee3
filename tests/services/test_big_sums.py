"""Sums of rials stay exact however large: no summary or total fails on big numbers."""

from __future__ import annotations

from charity_desktop.domain.filters import DonationFilter
from charity_desktop.services.donations import import_donations, totals
from charity_desktop.services.office import set_donation_ceiling
from charity_desktop.services.summary import Period, summarize
from tests.actors import clerk, supervisor
from tests.conftest import history_draft

LARGEST = 999_999_999_999_999  # the largest amount a file may hold
ROWS = 9_300  # together more than 2**63 rials


def test_nine_thousand_of_the_largest_amounts_sum_exactly(database):
    set_donation_ceiling(database, str(LARGEST), actor=supervisor("s"))
    drafts = [history_draft("1404/02/01", LARGEST) for _ in range(ROWS)]
    drafts.append(history_draft("1404/02/02", LARGEST, collector="موسسه خیریه امید"))
    import_donations(
        database, list(enumerate(drafts, start=2)), actor=clerk("t"), create_missing=True
    )
    expected = ROWS * LARGEST
    assert expected + LARGEST > 2**63
    summary = summarize(database, Period.of_months(1404, 3))
    assert summary.office_total.rials == expected
    assert summary.grand_total.rials == expected + LARGEST
    assert summary.grand_total.count == ROWS + 1
    assert {line.key: line.figure.rials for line in summary.by_kind}["cash"] == expected
    cash = {line.kind.value: line.rials for line in totals(database, DonationFilter())}
    assert cash["cash"] == expected + LARGEST
