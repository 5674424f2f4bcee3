import csv
import zipfile

import openpyxl
import pytest

from charity_desktop.domain.errors import ValidationFailed
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.exchange import importing
from charity_desktop.exchange.importing import read_donation_file
from charity_desktop.services.donations import import_donations, list_donations, totals
from tests.actors import clerk

HEADER = [
    "date",
    "kind",
    "amount",
    "unit",
    "donor_name",
    "donor_national_id",
    "intent",
    "channel",
    "county",
]
GOOD = [
    "1404/09/30",
    "cash",
    "1000000",
    "rial",
    "علی رضایی",
    "0084575948",
    "ایتام",
    "desk",
    "زنجان",
]


def write_csv(path, header, rows, *, bom=False):
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def refusal(path):
    with pytest.raises(ValidationFailed) as caught:
        read_donation_file(path)
    return [(p.row, p.field, p.message) for p in caught.value.problems]


def import_file(database, path, **options):
    return import_donations(database, read_donation_file(path), actor=clerk("clerk"), **options)


def stored_count(database):
    return sum(t.count for t in totals(database, DonationFilter()))


def test_ten_thousand_rows_with_one_bad_row_store_nothing_then_all(database, tmp_path):
    rows = [[*GOOD[:2], str(1000 + i), *GOOD[3:]] for i in range(10_000)]
    rows[5000][5] = "0084575949"  # wrong check digit, file row 5002
    path = write_csv(tmp_path / "donations.csv", HEADER, rows)
    with pytest.raises(ValidationFailed) as caught:
        import_file(database, path)
    assert [(p.row, p.field) for p in caught.value.problems] == [(5002, "donor_national_id")]
    assert stored_count(database) == 0
    with database.reader() as uow:
        assert uow.receipts.last_number(uow.offices.home().id, 1404) == 0
        assert uow.donors.count() == 0

    rows[5000][5] = "0084575948"
    path = write_csv(tmp_path / "donations.csv", HEADER, rows)
    report = import_file(database, path)
    assert report.rows == 10_000
    assert report.total_rials == sum(1000 + i for i in range(10_000))
    assert report.receipts == ("ZN-1404-000001", "ZN-1404-010000")
    with database.reader() as uow:
        office_id = uow.offices.home().id
        assert uow.donations.receipt_sequences(office_id, 1404) == list(range(1, 10_001))
        assert uow.donors.count() == 1


def test_every_bad_row_is_named_with_its_column(database, tmp_path, fa):
    rows = [GOOD, [*GOOD[:2], "۱۲x", *GOOD[3:]], [*GOOD[:6], "نیت ناشناس", *GOOD[7:]], GOOD]
    path = write_csv(tmp_path / "bad.csv", HEADER, rows)
    with pytest.raises(ValidationFailed) as caught:
        import_file(database, path)
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "amount"), (4, "intent")]
    message = fa.error(caught.value)
    assert "ردیف ۳، مبلغ: مبلغ باید عددی صحیح" in message
    assert "ردیف ۴، نیت: اداره نیتی با نام «نیت ناشناس» ندارد." in message
    assert stored_count(database) == 0


def test_persian_headers_words_and_digits_with_bom(database, tmp_path):
    header = ["تاریخ", "نوع", "مبلغ", "واحد", "نام خیر", "کد ملی", "نیت", "روش پرداخت", "شهرستان"]
    rows = [
        [
            "۱۴۰۴/۰۹/۳۰",
            "نقدی",
            "۱۲٬۶۰۰٬۰۰۰",
            "تومان",
            "علي رضايي",
            "۰۰۸۴۵۷۵۹۴۸",
            "ايتام",
            "کارتخوان",
            "زنجان",
        ],
        ["1404/09/29", "غیر نقدی", "5,000,000", "ریال", "", "", "جهیزیه", "حضوری", "زنجان"],
    ]
    rows[1] += []
    path = write_csv(tmp_path / "fa.csv", header, rows, bom=True)
    with pytest.raises(ValidationFailed) as caught:
        import_file(database, path)
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "description")]
    header.append("شرح")
    rows[0].append("")
    rows[1].append("پتو")
    import_file(database, write_csv(tmp_path / "fa.csv", header, rows, bom=True))
    first, second = list_donations(database, DonationFilter())
    assert (second.amount_rials, second.channel.value, second.intent) == (
        126_000_000,
        "pos",
        "ایتام",
    )
    assert (first.kind.value, first.description, first.donor_name) == ("in_kind", "پتو", None)


def test_unknown_missing_and_repeated_columns_are_refused(tmp_path):
    path = write_csv(
        tmp_path / "x.csv",
        ["date", "kind", "amount", "colour", "amount"],
        [["1", "2", "3", "4", "5"]],
    )
    found = refusal(path)
    assert (None, "columns", "Unknown column «{name}».") in found
    assert (None, "columns", "The column «{name}» appears twice.") in found
    assert (None, "columns", "The required column «{name}» is missing.") in found


def test_unregistered_names_are_created_only_when_asked(database, tmp_path):
    header = [*HEADER, "campaign", "collector", "collection_point"]
    rows = [
        [*GOOD[:8], "ابهر", "جشن نیکوکاری ۱۴۰۴", "", "پایگاه مرکزی"],
        [*GOOD[:8], "زنجان", "", "موسسه خیریه امید", ""],
    ]
    path = write_csv(tmp_path / "new.csv", header, rows)
    with pytest.raises(ValidationFailed) as caught:
        import_file(database, path)
    assert {(p.row, p.field) for p in caught.value.problems} == {
        (2, "county"),
        (2, "campaign"),
        (3, "collector"),
    }
    report = import_file(database, path, create_missing=True)
    assert report.created == {
        "counties": ["ابهر"],
        "campaigns": ["جشن نیکوکاری 1404"],  # stored with ASCII digits, shown with Persian
        "collection_points": ["پایگاه مرکزی"],
        "institutions": ["موسسه خیریه امید"],
    }
    assert report.receipts == ("ZN-1404-000001", "ZN-1404-000001")  # the institution's row has none


def test_dry_run_stores_nothing(database, tmp_path):
    path = write_csv(tmp_path / "ok.csv", HEADER, [GOOD, GOOD])
    report = import_file(database, path, dry_run=True, create_missing=True)
    assert (report.rows, report.dry_run) == (2, True)
    assert stored_count(database) == 0
    with database.reader() as uow:
        assert uow.donors.count() == 0


def test_xlsx_with_real_dates_and_numbers(database, tmp_path):
    import datetime as dt

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(
        [
            dt.date(2025, 12, 21),
            "cash",
            2500000,
            "rial",
            "علی رضایی",
            "0084575948",
            "ایتام",
            "online",
            "زنجان",
        ]
    )
    sheet.append([None] * len(HEADER))
    sheet.append(["1404/09/29", "cash", 1500000.0, None, None, None, "زکات", None, None])
    path = tmp_path / "donations.xlsx"
    workbook.save(path)
    report = import_file(database, path)
    assert (report.rows, report.total_rials) == (2, 4_000_000)
    dates = sorted(row.donated_on for row in list_donations(database, DonationFilter()))
    assert dates == [dt.date(2025, 12, 20), dt.date(2025, 12, 21)]


def test_broken_files_are_refused_with_a_message(tmp_path):
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    assert refusal(tmp_path / "broken.xlsx") == [
        (None, "file", "The Excel file is damaged or is not an .xlsx file.")
    ]
    (tmp_path / "latin1.csv").write_bytes("date,kind\n1404/01/01,caf\xe9\n".encode("latin-1"))
    assert refusal(tmp_path / "latin1.csv")[0][2].startswith("The file is not UTF-8 text")
    (tmp_path / "empty.csv").write_bytes(b"")
    assert refusal(tmp_path / "empty.csv") == [(None, "file", "The file is empty.")]
    (tmp_path / "data.txt").write_text("x")
    assert refusal(tmp_path / "data.txt") == [
        (None, "file", "Only .csv and .xlsx files can be imported.")
    ]
    assert refusal(tmp_path / "missing.csv") == [(None, "file", "The file {name} cannot be read.")]
    write_csv(tmp_path / "header_only.csv", HEADER, [])
    assert refusal(tmp_path / "header_only.csv") == [
        (None, "file", "The file has no rows to import.")
    ]
    write_csv(tmp_path / "wide.csv", HEADER, [[*GOOD, "extra"]])
    assert refusal(tmp_path / "wide.csv") == [
        (2, "columns", "This row has more cells than the header.")
    ]


def test_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as entry,
    ):
        for _ in range(20):
            entry.write(b"\0" * 1_000_000)
    assert refusal(path) == [
        (None, "file", "The Excel file unpacks to far more than it holds; it was refused.")
    ]


def test_files_over_the_size_bound_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "MAX_FILE_BYTES", 100)
    path = write_csv(tmp_path / "big.csv", HEADER, [GOOD] * 10)
    assert refusal(path) == [(None, "file", "The file is larger than {limit} MB.")]


def test_semicolon_separated_csv(database, tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text(";".join(HEADER) + "\n" + ";".join(GOOD) + "\n", encoding="utf-8")
    assert import_file(database, path).rows == 1


def test_a_tracking_number_in_a_number_cell_is_refused_and_one_typed_as_text_kept(
    database, tmp_path
):
    """A spreadsheet keeps 15 digits of a number and no leading zero: 6281045590123456789
    would be stored as another bank's reference, so only a text cell is taken."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["date", "kind", "amount", "intent", "channel", "tracking_number"])
    sheet.append(["1404/09/29", "cash", 1000, "زکات", "pos", 6281045590123456789])
    sheet.append(["1404/09/29", "cash", 1000, "زکات", "pos", True])
    sheet.append(["1404/09/29", "cash", 1000, "زکات", "pos", "0062810455901"])
    path = tmp_path / "slips.xlsx"
    workbook.save(path)
    with pytest.raises(ValidationFailed) as caught:
        read_donation_file(path)
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (2, "tracking_number"),
        (3, "tracking_number"),
    ]
    sheet.delete_rows(2, 2)
    workbook.save(path)
    report = import_file(database, path)
    assert report.rows == 1
    [row] = list_donations(database, DonationFilter())
    assert row.tracking_number == "0062810455901"
