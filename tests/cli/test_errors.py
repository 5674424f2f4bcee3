"""Whatever goes wrong on the command line ends in one line a person can act on, in the
chosen language, exit status 1 (2 for a usage mistake): never a raw traceback."""

import os
import re
import subprocess
import sys

import pytest

from charity_desktop.logs import log_file
from charity_desktop.services import receipts
from charity_desktop.services.database import open_database
from charity_desktop.services.office import DEFAULT_DISPLAY_UNIT, office_info
from tests.actors import CLERK
from tests.cli.test_commands import init, run
from tests.reports.pdf import pdf_text

# Latin words a Persian help may hold: file kinds, codes, variables and option names.
ENGLISH_WORD = re.compile(
    r"(?<![\w.-])(?!(?:ZN|PDF|PNG|QR|CD1|csv|xlsx|SQLite|CHARITY_\w+)\b)[A-Za-z]{3,}"
)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.sqlite3"
    init(path)
    return path


def receipt(db):
    run("import", str(sample(db.parent)), db=db)
    return "ZN-1404-000001"


def sample(folder):
    path = folder / "one.csv"
    path.write_text("تاریخ,نوع,مبلغ,نیت\n1404/09/30,نقدی,1000000,ایتام\n", encoding="utf-8")
    return path


def command(*argv, db, stdin=""):
    """The installed entry point in its own process, as a person types it."""
    return subprocess.run(
        [sys.executable, "-m", "charity_desktop", "--db", str(db), *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_missing_output_folder_is_one_persian_line_and_no_print_is_counted(db, tmp_path):
    number = receipt(db)
    missing = tmp_path / "no such folder" / "r.pdf"
    done = command("receipt", "print", number, "--out", str(missing), db=db)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert str(missing) in line and "وجود ندارد" in line and str(log_file()) in line
    database = open_database(str(db))
    assert (
        receipts.preview_receipt(database, number, actor=CLERK).print_number == 1
    )  # still the original
    database.close()
    status, out, _ = run("receipt", "print", number, "--out", str(tmp_path / "r.pdf"), db=db)
    assert status == 0 and "المثنی" not in out and (tmp_path / "r.pdf").exists()


def test_the_end_of_input_at_the_password_prompt_is_a_persian_line(db):
    run("user", "add", "مدیر", "--role", "admin", db=db)  # no password given: refused
    os.environ["CHARITY_NEW_PASSWORD"] = "a long enough secret"
    try:
        assert run("user", "add", "مدیر", "--role", "admin", db=db)[0] == 0
    finally:
        del os.environ["CHARITY_NEW_PASSWORD"]
    for password in (None, ""):  # none, or an empty CHARITY_PASSWORD, and no terminal
        if password is not None:
            os.environ["CHARITY_PASSWORD"] = password
        try:
            done = command("--user", "مدیر", "demo", "--donations", "5", db=db, stdin="")
        finally:
            os.environ.pop("CHARITY_PASSWORD", None)
        assert done.returncode == 2
        assert "Traceback" not in done.stderr and "EOFError" not in done.stderr
        last = done.stderr.strip().splitlines()[-1]
        assert last.startswith("گذرواژه‌ای داده نشد: CHARITY_PASSWORD را تنظیم کنید")


def test_an_unexpected_failure_is_logged_and_named_in_one_persian_line(db, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("the disk controller said no")

    monkeypatch.setattr(receipts, "verify_code", broken)
    status, _, err = run("receipt", "verify", "CD1|ZN-1404-000001|1404/09/30|1|abc", db=db)
    assert status == 1
    [line] = err.strip().splitlines()
    assert "خطایی پیش‌بینی‌نشده" in line and str(log_file()) in line
    logged = log_file().read_text(encoding="utf-8")
    assert "Traceback" in logged and "the disk controller said no" in logged


def test_help_and_usage_mistakes_are_persian(db):
    done = command("--help", db=db)
    assert done.returncode == 0
    assert done.stdout.startswith("شیوهٔ کاربرد:")
    for words in ("فرمان‌ها:", "گزینه‌ها:", "نمایش این راهنما و خروج", "تعریف ادارهٔ این پایگاه داده"):
        assert words in done.stdout
    described = [
        found.group(1)
        for line in done.stdout.splitlines()
        if (found := re.match(r"^ {2,}(?:-\S.*?|[a-z][\w-]*) {2,}(\S.*)$", line))
    ]
    assert len(described) > 15
    assert [text for text in described if ENGLISH_WORD.search(text)] == []
    mistake = command("receipt", "print", db=db)
    assert mistake.returncode == 2
    assert "این آرگومان‌ها لازم‌اند: number, --out" in mistake.stderr
    assert mistake.stderr.startswith("شیوهٔ کاربرد:")


def test_a_role_is_named_in_persian_when_it_may_not_do_something(db):
    os.environ["CHARITY_NEW_PASSWORD"] = os.environ["CHARITY_PASSWORD"] = "a long enough secret"
    try:
        run("user", "add", "مدیر", "--role", "admin", db=db)
        run("--user", "مدیر", "user", "add", "مریم", "--role", "clerk", db=db)
        number = receipt_as(db, "مریم")
        status, _, err = run(
            "--user", "مریم", "receipt", "void", number, "--reason", "ثبت تکراری", db=db
        )
    finally:
        del os.environ["CHARITY_NEW_PASSWORD"], os.environ["CHARITY_PASSWORD"]
    assert status == 1
    assert "مریم" in err and "clerk" not in err and "کارمند ثبت" in err


def receipt_as(db, user):
    status, _, err = run("--user", user, "import", str(sample(db.parent)), db=db)
    assert status == 0, err
    return "ZN-1404-000001"


def test_under_english_amounts_dates_and_digits_are_english_too(db):
    receipt(db)
    status, out, _ = run("--lang", "en", "donations", "list", db=db)
    assert status == 0
    assert "ZN-1404-000001 | 1404/09/30 | Cash | 1,000,000 rial" in out
    assert not re.search("[۰-۹٬]", out)
    status, out, _ = run("donations", "list", db=db)
    assert "۱٬۰۰۰٬۰۰۰ ریال" in out


def test_init_shows_amounts_in_the_one_default_unit(tmp_path):
    """The first-run dialog offers the same unit first (tests/ui/test_dialogs.py)."""
    path = tmp_path / "fresh.sqlite3"
    assert init(path)[0] == 0
    database = open_database(str(path))
    assert office_info(database).display_unit is DEFAULT_DISPLAY_UNIT
    database.close()


def test_documents_stay_persian_under_english_messages(db, tmp_path):
    """--lang en is for support: messages in English, but the receipt, the summary and the
    press text go to donors and the press, in Persian."""
    number = receipt(db)
    status, out, _ = run(
        "--lang", "en", "receipt", "print", number, "--out", str(tmp_path / "r.pdf"), db=db
    )
    assert status == 0 and out.startswith("Receipt ZN-1404-000001 written")
    text = pdf_text(tmp_path / "r.pdf")
    assert "رسید دریافت کمک" in text and "یک میلیون ریال" in text and "receipt" not in text
    press = tmp_path / "press.txt"
    status, _, _ = run(
        "--lang", "en", "report", "summary", "--year", "1404", "--months", "9",
        "--out", str(tmp_path / "s.pdf"), "--press", str(press), db=db,
    )  # fmt: skip
    assert status == 0
    assert not re.search("[A-Za-z]", press.read_text(encoding="utf-8"))


def test_the_window_without_a_screen_is_one_line_not_a_qt_abort(tmp_path, monkeypatch, capsys):
    from charity_desktop.launcher import main as launch

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert launch(["--db", str(tmp_path / "office.sqlite3")]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("صفحه‌نمایشی برای باز کردن پنجره نیست")
    assert not (tmp_path / "office.sqlite3").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ["receipt", "print", "ZN-1404-000001", "--out"],
        ["receipt", "day", "--date", "1404/09/30", "--out"],
        ["report", "summary", "--year", "1404", "--out"],
        ["office", "card", "--out"],
        ["export", "--out"],
    ],
    ids=["receipt", "closing", "summary", "card", "export"],
)
def test_an_output_naming_the_database_itself_is_refused_and_the_data_kept(db, argv):
    receipt(db)
    for target in (db, db.with_name(db.name + "-wal")):
        status, _, err = run(*argv, str(target), db=db)
        assert status == 1
        assert (
            err.strip() == f"{target} خودِ پایگاه داده است: پرونده‌ای دیگر برگزینید؛ چیزی نوشته نشد."
        )
    assert db.read_bytes()[:16] == b"SQLite format 3\x00"
    assert run("verify", db=db)[0] == 0
    assert "ZN-1404-000001" in run("donations", "list", db=db)[1]


def test_the_log_never_holds_a_statements_values(db, monkeypatch):
    """A database error's text reaches the log: it must not carry what was being written."""
    from sqlalchemy.exc import DBAPIError

    from charity_desktop.services.database import open_database

    database = open_database(str(db))
    try:
        with database.unit_of_work() as uow:
            uow.session.execute(
                __import__("sqlalchemy").text("INSERT INTO nowhere VALUES (:secret)"),
                {"secret": "argon2id-hash-of-a-password"},
            )
    except Exception as error:  # the storage layer turns it into a StorageError
        cause = error.__cause__
    database.close()
    assert isinstance(cause, DBAPIError)
    assert "argon2id-hash-of-a-password" not in str(cause)


def test_the_last_lang_counts_and_year_zero_is_refused(db):
    status, out, _ = run("--lang", "en", "--lang", "fa", "verify", db=db)
    assert status == 0 and out.startswith("پایگاه داده سالم است")
    status, _, err = run(
        "report", "summary", "--year", "0", "--out", str(db.parent / "s.pdf"), db=db
    )
    assert status == 1 and "سال باید بین" in err


def test_output_to_a_closed_pipe_ends_quietly(db):
    receipt(db)
    reader = subprocess.Popen(
        [sys.executable, "-m", "charity_desktop", "--db", str(db), "donations", "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None
    reader.stdout.close()  # as `| head -0` would
    _, err = reader.communicate(timeout=120)
    assert reader.returncode == 0 and "Traceback" not in err and "خطایی" not in err
