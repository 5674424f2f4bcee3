"""Nine-month summary (aggregation, PDF, xlsx) against a bare SQL GROUP BY on the same file."""

from __future__ import annotations

import io
import sqlite3

from benchmarks.common import Timings, demo_database, repeat
from charity_desktop.persian.jalali import jalali_year, today
from charity_desktop.reports.summary_pdf import write_summary_pdf
from charity_desktop.reports.summary_xlsx import write_summary_xlsx
from charity_desktop.services.database import open_database
from charity_desktop.services.summary import Period, summarize
from charity_desktop.translation import Translator

BARE_QUERY = """
    SELECT donated_on, kind, institution_id IS NOT NULL, county_id, intent_id, channel, campaign_id,
           count(*), sum(amount_rials)
    FROM donations
    WHERE donated_on >= ? AND donated_on <= ? AND voided_at IS NULL
    GROUP BY 1, 2, 3, 4, 5, 6, 7
"""


def run(donations: int) -> str:
    path = demo_database(donations)
    database = open_database(str(path))
    period = Period.of_months(jalali_year(today()) - 1, 9)
    previous = period.previous_year()
    tr = Translator("fa")

    def bare(_: int) -> None:
        with sqlite3.connect(path) as connection:
            for span in (period, previous):
                connection.execute(
                    BARE_QUERY, (span.first.isoformat(), span.last.isoformat())
                ).fetchall()
        connection.close()

    summaries = []
    aggregation = repeat(lambda _: summaries.append(summarize(database, period)), 3)
    baseline = repeat(bare, 3)
    summary = summaries[-1]
    pdf = repeat(lambda _: write_summary_pdf(summary, io.BytesIO(), tr=tr), 3)
    xlsx = repeat(lambda _: write_summary_xlsx(summary, io.BytesIO(), tr=tr), 3)
    whole = Timings(
        [a + p + x for a, p, x in zip(aggregation.seconds, pdf.seconds, xlsx.seconds, strict=True)]
    )
    database.close()
    ratio = aggregation.median_ms / baseline.median_ms
    return (
        f"nine-month summary ({donations:,} donations, {summary.grand_total.count:,} in the period)  "
        f"aggregation {aggregation.median_ms:7.0f} ms vs bare GROUP BY {baseline.median_ms:7.0f} ms (x{ratio:.2f}, goal within x1.5)  "
        f"pdf {pdf.median_ms:5.0f} ms  xlsx {xlsx.median_ms:5.0f} ms  whole report {whole.median_ms:7.0f} ms (goal under 3000 ms)"
    )
