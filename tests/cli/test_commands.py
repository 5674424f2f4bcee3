import csv
import datetime as dt
import io
import json
import os
import re
import stat
import subprocess
import sys

import pytest

from charity_desktop.cli.main import main
from charity_desktop.exchange.package import write_package
from charity_desktop.persian.jalali import format_jalali
from charity_desktop.services.database import open_database
from charity_desktop.services.demo import build_demo
from charity_desktop.services.exchange import export_data, office_identity, register_office
from charity_desktop.services.office import set_up_office
from tests.actors import ADMIN, SUPERVISOR, clerk
from tests.raw import sqlite_path


def run(*argv, db):
    out, err = io.StringIO(), io.StringIO()
    status = main(["--db", str(db), *argv], out=out, err=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path):
    return tmp_path / "cli.sqlite3"


def init(db):
    return run(
        "init",
        "--office-name",
        "اداره بهزیستی زنجان",
        "--office-code",
        "zn",
        "--province",
        "زنجان",
        "--county",
        "زنجان",
        db=db,
    )


def test_init_then_refuses_a_second_office(db):
    assert init(db) == (0, "اداره «اداره بهزیستی زنجان» (ZN) تعریف شد.\n", "")
    status, _, err = init(db)
    assert status == 1
    assert err.strip() == "این پایگاه داده از پیش به اداره‌ای تعلق دارد؛ چیزی تغییر نکرد."


def test_init_names_each_bad_field_in_persian(db):
    status, _, err = run(
        "init",
        "--office-name",
        " ",
        "--office-code",
        "1Z",
        "--province",
        "زنجان",
        "--county",
        "زنجان",
        db=db,
    )
    assert status == 1
    assert "نام اداره: پر کردن این خانه لازم است." in err
    assert "کد اداره: کد اداره ۲ تا ۱۰ حرف بزرگ لاتین" in err


def test_database_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CHARITY_DB", str(tmp_path / "env.sqlite3"))
    out = io.StringIO()
    assert (
        main(
            [
                "init",
                "--office-name",
                "الف",
                "--office-code",
                "AB",
                "--province",
                "ب",
                "--county",
                "ج",
            ],
            out=out,
        )
        == 0
    )
    assert (tmp_path / "env.sqlite3").exists()


def test_import_dry_run_then_import_then_list(db, tmp_path):
    init(db)
    path = tmp_path / "in.csv"
    path.write_text(
        "تاریخ,نوع,مبلغ,واحد,نیت,نام خیر,کد ملی\n"
        "۱۴۰۴/۰۹/۳۰,نقدی,۱۲٬۶۰۰٬۰۰۰,تومان,ایتام,علی رضایی,0084575948\n"
        "1404/09/29,cash,=HYPERLINK(1),rial,زکات,,\n",
        encoding="utf-8-sig",
    )
    status, _, err = run("import", str(path), db=db)
    assert status == 1
    assert err.strip() == "ردیف ۳، مبلغ: مبلغ باید عددی صحیح و فقط با رقم نوشته شود."
    path.write_text(
        path.read_text(encoding="utf-8-sig").replace("=HYPERLINK(1)", "500000"), encoding="utf-8"
    )
    status, out, _ = run("import", str(path), "--dry-run", db=db)
    assert status == 0 and "بررسی آزمایشی: ۲ ردیف درست است" in out
    status, out, _ = run("import", str(path), db=db)
    assert status == 0
    assert "۲ ردیف وارد شد." in out
    assert "رسیدهای ZN-1404-000001 تا ZN-1404-000002." in out

    status, out, _ = run("donations", "list", "--from", "۱۴۰۴/۰۹/۳۰", "--to", "1404/09/30", db=db)
    assert status == 0
    assert (
        "ZN-1404-000001 | ۱۴۰۴/۰۹/۳۰ | نقدی | ۱۲۶٬۰۰۰٬۰۰۰ ریال | حضوری | ایتام | علی رضایی" in out
    )
    assert out.strip().endswith("۱ کمک، جمع ۱۲۶٬۰۰۰٬۰۰۰ ریال.")

    status, out, _ = run("donations", "list", "--format", "csv", db=db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["receipt_number"], r["date"], r["amount_rials"]) for r in rows] == [
        ("ZN-1404-000002", "1404/09/29", "500000"),
        ("ZN-1404-000001", "1404/09/30", "126000000"),
    ]


def test_csv_list_neutralises_formulas(db):
    from charity_desktop.services.database import open_database
    from charity_desktop.services.donations import record_donation
    from charity_desktop.services.dto import DonationDraft, DonorDraft

    init(db)
    record_donation(
        open_database(str(db)),
        DonationDraft(
            kind="cash",
            amount="1000",
            date="1404/09/30",
            intent="زکات",
            donor=DonorDraft(name='=HYPERLINK("x")'),
        ),
        actor=clerk("c"),
    )
    _, out, _ = run("donations", "list", "--format", "csv", db=db)
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["donor_name"] == '\'=HYPERLINK("x")'


def test_bad_date_option_is_a_persian_message(db):
    init(db)
    status, _, err = run("donations", "list", "--from", "1404/13/01", db=db)
    assert (status, err.strip()) == (1, "ماه باید بین ۱ و ۱۲ باشد.")


def test_english_messages_for_support(db):
    _status, out, _ = run(
        "--lang",
        "en",
        "init",
        "--office-name",
        "X",
        "--office-code",
        "AB",
        "--province",
        "P",
        "--county",
        "C",
        db=db,
    )
    assert out == "Office «X» (AB) is set up.\n"


def test_demo_through_the_module_entry_point(db):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "charity_desktop",
            "--db",
            str(db),
            "demo",
            "--donations",
            "2000",
            "--seed",
            "7",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "داده‌های نمونه ذخیره شد: ۲٬۰۰۰ کمک."
    _status, out, _ = run("donations", "list", "--format", "csv", db=db)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2000
    kinds = {r["kind"] for r in rows}
    channels = {r["channel"] for r in rows}
    assert kinds == {"cash", "in_kind", "service"}
    assert channels == {"desk", "pos", "bank_transfer", "ussd", "online", "collection_box"}
    assert any(r["collector"] for r in rows) and any(r["campaign"] for r in rows)
    by_year = {}
    for r in rows:
        if r["receipt_number"]:
            by_year.setdefault(r["receipt_number"][3:7], []).append(int(r["receipt_number"][8:]))
    assert len(by_year) == 2
    for numbers in by_year.values():
        assert sorted(numbers) == list(range(1, len(numbers) + 1))


def test_receipt_print_reprint_void_verify_and_day(db, tmp_path):
    from tests.reports.pdf import pdf_text, qr_codes

    init(db)
    path = tmp_path / "in.csv"
    path.write_text(
        "date,kind,amount,intent\n1404/09/30,cash,5000000,زکات\n1404/09/30,cash,7000000,ایتام\n",
        encoding="utf-8",
    )
    run("import", str(path), db=db)
    first = tmp_path / "first.pdf"
    status, out, _ = run("receipt", "print", "ZN-1404-000001", "--out", str(first), db=db)
    assert (status, out.strip()) == (0, f"رسید ZN-1404-000001 در {first} نوشته شد.")
    status, out, _ = run(
        "receipt",
        "print",
        "ZN-1404-000001",
        "--out",
        str(tmp_path / "again.pdf"),
        "--paper",
        "80mm",
        db=db,
    )
    assert out.startswith("المثنی (نوبت ۱) رسید ZN-1404-000001")
    assert "المثنی" in pdf_text(tmp_path / "again.pdf")

    [code] = qr_codes(first)
    assert run("receipt", "verify", code, db=db)[1].startswith("رسید ZN-1404-000001 معتبر است")
    status, out, _ = run("receipt", "verify", code.replace("5000000", "9000000"), db=db)
    assert status == 1 and out.startswith("نامعتبر")

    status, _, err = run("receipt", "void", "ZN-1404-000002", "--reason", "", db=db)
    assert status == 1 and "علت ابطال" in err
    status, out, _ = run("receipt", "void", "ZN-1404-000002", "--reason", "ثبت تکراری", db=db)
    assert status == 0 and "باطل شد" in out

    status, out, _ = run(
        "receipt", "day", "--date", "1404/09/30", "--out", str(tmp_path / "day.pdf"), db=db
    )
    assert (status, out.split(":")[1].split("؛")[0].strip()) == (0, "۱ رسید، ۱ باطل‌شده")
    status, _, err = run(
        "receipt", "print", "ZN-1404-000404", "--out", str(tmp_path / "x.pdf"), db=db
    )
    assert (status, err.strip()) == (1, "رسیدی با شماره ZN-1404-000404 نیست.")


def test_report_summary_writes_pdf_xlsx_and_press(office_with_history, tmp_path):
    db = str(sqlite_path(office_with_history))
    out, xlsx, press = tmp_path / "s.pdf", tmp_path / "s.xlsx", tmp_path / "press.txt"
    status, text, err = run(
        "report",
        "summary",
        "--year",
        "1404",
        "--months",
        "9",
        "--out",
        str(out),
        "--xlsx",
        str(xlsx),
        "--press",
        str(press),
        db=db,
    )
    assert status == 0, err
    assert text.startswith("گزارش نه ماه نخست سال ۱۴۰۴: ۵۷٬۰۰۰ ریال")  # the exact figure
    assert out.stat().st_size > 0 and xlsx.stat().st_size > 0
    assert press.read_text(encoding="utf-8").startswith("به گزارش روابط عمومی اداره بهزیستی زنجان")
    status, _, err = run("report", "summary", "--from", "1404/01/01", "--out", str(out), db=db)
    assert (status, err.strip()) == (1, "هر دو --from و --to را بدهید، یا هیچ‌کدام را.")
    status, text, _ = run(
        "report", "summary", "--from", "1404/10/01", "--to", "۱۴۰۴/۱۰/۰۱", "--out", str(out), db=db
    )
    assert status == 0 and "۹۰٬۰۰۰ ریال" in text


def test_screenshots_of_every_screen_at_both_sizes(tmp_path):
    out = tmp_path / "shots"
    previous = os.umask(0o022)  # the child inherits it: the files must be private anyway
    try:
        done = subprocess.run(
            [sys.executable, "-m", "charity_desktop", "screenshots", "--out", str(out)],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
    finally:
        os.umask(previous)
    assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in out.glob("*.png"))
    assert len(names) == 16 and "entry-1024x700.png" in names and "audit-1366x768.png" in names
    assert "today-1366x768.png" in names and "corrections-1024x700.png" in names
    if os.name == "posix":
        modes = {stat.S_IMODE(path.stat().st_mode) for path in out.glob("*.png")}
        assert modes == {0o600}, modes
        assert stat.S_IMODE(out.stat().st_mode) == 0o700
    from PySide6.QtGui import QImage

    image = QImage(str(out / "entry-1366x768.png"))
    assert (image.width(), image.height()) == (1366, 768)


def test_a_relative_database_path_works_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for _ in range(2):  # creating, then opening the existing file
        status, out, err = run("donations", "list", db="relative.db")
        assert (status, out, err) == (0, "۰ کمک، جمع ۰ ریال.\n", "")
    assert (tmp_path / "relative.db").exists()


def test_office_set_ceiling_in_tomans_for_supervisors_only(db, monkeypatch):
    from charity_desktop.services.database import open_database
    from charity_desktop.services.office import donation_ceiling

    init(db)
    monkeypatch.setenv("CHARITY_PASSWORD", "a long enough secret")
    monkeypatch.setenv("CHARITY_NEW_PASSWORD", "a long enough secret")
    assert run("user", "add", "مدیر", "--role", "admin", db=db)[0] == 0
    assert run("--user", "مدیر", "user", "add", "مریم", "--role", "clerk", db=db)[0] == 0
    status, _, err = run("--user", "مریم", "office", "set-ceiling", "1000", db=db)
    assert status == 1 and "کارمند ثبت" in err
    status, out, err = run(
        "--user", "مدیر", "office", "set-ceiling", "۵۰۰٬۰۰۰", "--unit", "toman", db=db
    )
    assert status == 0, err
    assert "۵٬۰۰۰٬۰۰۰" in out
    status, _, err = run("--user", "مدیر", "office", "set-ceiling", "0", db=db)
    assert status == 1 and "سقف" in err
    database = open_database(str(db))
    assert donation_ceiling(database) == 5_000_000
    database.close()


def test_audit_list_as_csv_filtered_for_an_auditor(db, monkeypatch):
    init(db)
    monkeypatch.setenv("CHARITY_PASSWORD", "a long enough secret")
    monkeypatch.setenv("CHARITY_NEW_PASSWORD", "a long enough secret")
    assert run("user", "add", "مدیر", "--role", "admin", db=db)[0] == 0
    for name, role in (("حسابرس", "auditor"), ("مریم", "clerk")):
        assert run("--user", "مدیر", "user", "add", name, "--role", role, db=db)[0] == 0
    status, out, _ = run("--user", "مدیر", "user", "list", db=db)
    assert "حسابرس\tحسابرس" in out  # the role, in Persian
    status, _, err = run("--user", "مریم", "audit", "list", db=db)
    assert status == 1 and "کارمند ثبت" in err
    status, out, err = run(
        "--user", "حسابرس", "audit", "list", "--user", "مدیر", "--format", "csv", db=db
    )
    assert status == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["at", "actor", "action", "entity", "entity_uuid", "details"]
    assert {row[1] for row in rows[1:]} == {"مدیر"}
    assert [row[2] for row in rows[1:]].count("user_added") == 3  # the first one, by itself
    assert re.fullmatch(r"14\d\d/\d\d/\d\d \d\d:\d\d:\d\d", rows[1][0])
    added = [json.loads(row[5]) for row in rows[1:] if row[2] == "user_added"]
    assert {details["role"] for details in added} == {"admin", "auditor", "clerk"}  # JSON
    today_ = format_jalali(dt.date.today())
    status, out, _ = run(
        "--user", "حسابرس", "audit", "list", "--from", today_, "--to", today_, db=db
    )
    assert status == 0 and "افزودن کاربر" in out and "ورود" in out
    added = next(line for line in out.splitlines() if "افزودن کاربر" in line and "مریم" in line)
    assert " | کاربر | " in added and added.endswith(
        "| نام: مریم، نقش: کارمند ثبت، سابقه‌های مهرشده: ۱"
    )
    status, out, _ = run(
        "--user", "حسابرس", "audit", "list", "--to", "1400/01/01", "--format", "csv", db=db
    )
    assert out.splitlines() == [",".join(rows[0])]
    status, _, err = run("--user", "حسابرس", "office", "set-ceiling", "1000", db=db)
    assert status == 1 and "حسابرس" in err


def test_merge_lists_how_a_packages_catalogue_entries_were_mapped(db, tmp_path, today):
    """A county package carrying the centre's intent under another name: the centre's entry
    stays as it is, and `merge` says what the package's entry was taken as."""
    init(db)
    county = open_database(str(tmp_path / "county.sqlite3"))
    set_up_office(county, name="اداره بهزیستی ابهر", code="ZNA", province="زنجان", county="ابهر")
    build_demo(county, donations=20, seed=1, actor=ADMIN, today=today)
    centre = open_database(str(db))
    register_office(centre, office_identity(county), actor=SUPERVISOR)
    zakat = next(
        r for r in export_data(centre, actor=SUPERVISOR).parts["intents"] if r["name"] == "زکات"
    )
    centre.close()
    data = export_data(county, actor=SUPERVISOR)
    data.parts["intents"].append({**zakat, "name": "نذر تازه", "name_key": "نذرتازه"})
    write_package(data, tmp_path / "abhar.zip")
    county.close()
    status, out, err = run("merge", str(tmp_path / "abhar.zip"), db=db)
    assert status == 0, err
    assert "«نذر تازه» در بسته به مدخل اداره‌ای دیگر اشاره داشت" in out
    centre = open_database(str(db))
    assert zakat in export_data(centre, actor=SUPERVISOR).parts["intents"]
    centre.close()


def test_void_request_waits_for_a_supervisor_on_the_command_line(db, tmp_path, monkeypatch):
    init(db)
    monkeypatch.setenv("CHARITY_PASSWORD", "a long enough secret")
    monkeypatch.setenv("CHARITY_NEW_PASSWORD", "a long enough secret")
    assert run("user", "add", "مدیر", "--role", "admin", db=db)[0] == 0
    for name, role in (("سرپرست", "supervisor"), ("مریم", "clerk")):
        assert run("--user", "مدیر", "user", "add", name, "--role", role, db=db)[0] == 0
    path = tmp_path / "in.csv"
    path.write_text("date,kind,amount,intent\n1404/09/30,cash,5000000,زکات\n", encoding="utf-8")
    assert run("--user", "مریم", "import", str(path), db=db)[0] == 0
    status, _, err = run(
        "--user", "مریم", "receipt", "void", "ZN-1404-000001", "--reason", "ثبت تکراری", db=db
    )
    assert status == 1 and "سرپرست" in err  # a clerk may not void directly
    status, out, err = run(
        "--user",
        "مریم",
        "receipt",
        "void-request",
        "zn-۱۴۰۴-۰۰۰۰۰۱",
        "--reason",
        "ثبت تکراری",
        db=db,
    )
    assert status == 0, err
    assert "ZN-1404-000001" in out and "سرپرست" in out
    status, out, _ = run("--user", "سرپرست", "receipt", "void-requests", db=db)
    assert "ZN-1404-000001" in out and "ثبت تکراری" in out and "مریم" in out and "در انتظار" in out
    status, _, err = run("--user", "مریم", "receipt", "void-approve", "ZN-1404-000001", db=db)
    assert status == 1
    status, out, err = run("--user", "سرپرست", "receipt", "void-approve", "ZN-1404-000001", db=db)
    assert status == 0 and "باطل شد" in out, err
    status, out, _ = run("--user", "مریم", "receipt", "void-requests", "--all", db=db)
    assert "تأیید شد" in out and "سرپرست" in out
    from charity_desktop.domain.filters import DonationFilter
    from charity_desktop.services.donations import totals

    database = open_database(str(db))
    assert sum(t.rials for t in totals(database, DonationFilter())) == 0  # voided: not counted
    database.close()


def test_user_password_and_reset_password_on_the_command_line(db, monkeypatch):
    init(db)
    monkeypatch.setenv("CHARITY_PASSWORD", "a long enough secret")
    monkeypatch.setenv("CHARITY_NEW_PASSWORD", "a long enough secret")
    assert run("user", "add", "مدیر", "--role", "admin", db=db)[0] == 0
    assert run("--user", "مدیر", "user", "add", "مریم", "--role", "clerk", db=db)[0] == 0
    monkeypatch.setenv("CHARITY_NEW_PASSWORD", "the clerk's own secret")
    status, out, err = run("--user", "مریم", "user", "password", db=db)
    assert status == 0 and "تغییر" in out, err
    status, _, _ = run("--user", "مریم", "user", "list", db=db)
    assert status == 1  # the old password no longer signs in
    monkeypatch.setenv("CHARITY_PASSWORD", "the clerk's own secret")
    assert run("--user", "مریم", "user", "list", db=db)[0] == 0
    monkeypatch.setenv("CHARITY_PASSWORD", "a long enough secret")
    monkeypatch.setenv("CHARITY_NEW_PASSWORD", "given by the admin")
    status, _, err = run("--user", "مدیر", "user", "reset-password", "مریم", db=db)
    assert status == 0, err
    monkeypatch.setenv("CHARITY_PASSWORD", "given by the admin")
    assert run("--user", "مریم", "user", "list", db=db)[0] == 0


def test_a_donor_is_found_and_corrected_on_the_command_line(db, tmp_path):
    init(db)
    path = tmp_path / "in.csv"
    path.write_text(
        "date,kind,amount,intent,donor_name,donor_national_id,donor_mobile\n"
        "1404/09/30,cash,5000000,زکات,علی رضایی,0084575948,09121234567\n",
        encoding="utf-8",
    )
    assert run("import", str(path), db=db)[0] == 0
    status, out, _ = run("donor", "find", "۰۹۱۲۱۲", db=db)
    assert status == 0 and "علی رضایی" in out and "0084575948" not in out  # the ID is masked
    uuid = out.split(" | ")[0]
    status, out, err = run(
        "donor", "edit", uuid, "--mobile", "0912 765 4321", "--name", "علي رضائي", db=db
    )
    assert status == 0, err
    assert out.strip() == "مشخصات علی رضائی ذخیره شد؛ رسیدهای صادرشده همان‌گونه که بودند می‌مانند."
    status, out, _ = run("donor", "find", "رضائی", db=db)
    assert "09127654321" in out
    status, _, err = run("donor", "edit", uuid, "--national-id", "123", db=db)
    assert status == 1 and "کد ملی" in err
    status, out, _ = run("audit", "list", db=db)
    assert "اصلاح مشخصات نیکوکار" in out
