"""Save a donation and produce its receipt PDF, against a bare ReportLab one-line PDF."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from benchmarks.common import BENCH, repeat, report
from charity_desktop.reports.receipt import write_receipt
from charity_desktop.services.database import open_database
from charity_desktop.services.donations import record_donation
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.services.office import set_up_office
from charity_desktop.services.receipts import print_receipt
from charity_desktop.translation import Translator


def _bare_pdf(_: int) -> None:
    canvas = Canvas(io.BytesIO())
    canvas.drawString(72, 720, "Receipt ZN-1404-000001: 12,600,000 rials")
    canvas.showPage()
    canvas.save()


def run(count: int) -> str:
    """Median and p95 over `count` receipts, each saved (fsync'd) then written as a PDF."""
    tr = Translator("fa")
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(str(Path(folder) / "bench.sqlite3"))
        set_up_office(
            database, name="اداره بهزیستی زنجان", code="ZN", province="زنجان", county="زنجان"
        )
        draft = DonationDraft(
            kind="cash",
            amount="۱۲٬۶۰۰٬۰۰۰",
            date="1404/09/30",
            intent="ایتام",
            channel="pos",
            donor=DonorDraft(name="علی رضایی", national_id="0084575948", mobile="09121234567"),
        )
        write_receipt(
            print_receipt(
                database,
                record_donation(database, draft, actor=BENCH).receipt_number or "",
                actor=BENCH,
            ),
            io.BytesIO(),
            tr=tr,
        )
        _bare_pdf(0)

        def save_and_print(_: int) -> None:
            saved = record_donation(database, draft, actor=BENCH)
            write_receipt(
                print_receipt(database, saved.receipt_number or "", actor=BENCH),
                io.BytesIO(),
                tr=tr,
            )

        baseline = repeat(_bare_pdf, count)
        measured = repeat(save_and_print, count)
        database.close()
    return report(f"save + receipt PDF ({count})", measured, baseline, "median under 50 ms")
