"""Each change an intruder can make to a SQLite file behind the program's back, and the
finding of `verify` that names it."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from charity_desktop.domain.users import Actor, Role
from charity_desktop.services.audit import ADDED, CHANGED, DELETED, KIND_NAMES
from charity_desktop.services.backups import backup_folder, make_backup, verify
from charity_desktop.services.donations import record_donation
from charity_desktop.services.dto import DonationDraft, DonorDraft
from charity_desktop.services.exchange import office_identity
from charity_desktop.services.receipts import print_receipt, void_receipt
from charity_desktop.services.users import SignInFailed, add_user, sign_in
from charity_desktop.storage.audit import entry_hash
from charity_desktop.translation import Translator
from tests.raw import raw_sqlite, rehash_chain, sqlite_path
from tests.services.test_record_donation import register_institution

pytestmark = pytest.mark.sqlite_only

ADMIN = Actor("مدیر", Role.ADMIN)
CLERK = Actor("مریم", Role.CLERK)
SUPERVISOR = Actor("سرپرست", Role.SUPERVISOR)


@pytest.fixture
def book(database):
    """An office with accounts, three receipts (the second voided, the first printed twice),
    a charity institution's report, an exchange key and a backup."""
    add_user(database, ADMIN.name, Role.ADMIN, "admin-password-1", actor=None)
    add_user(database, CLERK.name, Role.CLERK, "clerk-password-1", actor=ADMIN)
    add_user(database, SUPERVISOR.name, Role.SUPERVISOR, "super-password-1", actor=ADMIN)
    register_institution(database)
    numbers = [
        record_donation(
            database,
            DonationDraft(
                kind="cash",
                amount=str(amount),
                date="1404/09/30",
                intent="زکات",
                donor=DonorDraft(name="علی رضایی", national_id="0084575948"),
            ),
            actor=CLERK,
        ).receipt_number
        for amount in (1_000_000, 2_000_000, 3_000_000)
    ]
    record_donation(
        database,
        DonationDraft(
            kind="cash",
            amount="900000000",
            date="1404/09/30",
            intent="زکات",
            collector="موسسه خیریه نیکوکاران",
        ),
        actor=CLERK,
    )
    print_receipt(database, numbers[0], actor=CLERK)
    print_receipt(database, numbers[0], actor=CLERK)
    void_receipt(database, numbers[1], reason="ثبت تکراری", actor=SUPERVISOR)
    office_identity(database, actor=ADMIN)
    make_backup(database)
    assert verify(database).sound
    return database


def intrude(database, *statements):
    connection = raw_sqlite(database)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def findings(database):
    report = verify(database)
    fa = Translator("fa")
    for problem in report.problems:  # every finding reads in Persian, with nothing left over
        assert "{" not in fa.finding(problem)
    return [
        (p.message, p.params.get("kind"), str(p.params.get("record", ""))) for p in report.problems
    ]


def named(how, kind, record=""):
    return (how.message, KIND_NAMES[kind], record)


N1, N2, N3 = "ZN-1404-000001", "ZN-1404-000002", "ZN-1404-000003"
CASES = {
    "donor renamed": (
        ["UPDATE donors SET name = 'دیگری', name_key = 'دیگری'"],
        [named(CHANGED, "donor", "دیگری")],
    ),
    "intent renamed": (
        ["UPDATE intents SET name = 'صدقه' WHERE name = 'زکات'"],
        [named(CHANGED, "intent", "صدقه")],
    ),
    "kind changed": (
        [f"UPDATE donations SET kind = 'service' WHERE receipt_number = '{N1}'"],
        [named(CHANGED, "donation", N1)],
    ),
    "channel changed": (
        [f"UPDATE donations SET channel = 'pos' WHERE receipt_number = '{N1}'"],
        [named(CHANGED, "donation", N1)],
    ),
    "donor changed": (
        [f"UPDATE donations SET donor_id = NULL WHERE receipt_number = '{N1}'"],
        [named(CHANGED, "donation", N1)],
    ),
    "tracking number given": (
        [f"UPDATE donations SET tracking_number = '628104559012' WHERE receipt_number = '{N1}'"],
        [named(CHANGED, "donation", N1)],
    ),
    "void undone": (
        [
            "UPDATE donations SET voided_at = NULL, void_reason = NULL, voided_by = NULL"
            f" WHERE receipt_number = '{N2}'"
        ],
        [named(CHANGED, "donation", N2)],
    ),
    "void added": (
        [
            "UPDATE donations SET voided_at = '2025-12-21 10:00:00.000000', void_reason = 'x',"
            f" voided_by = 'y' WHERE receipt_number = '{N3}'"
        ],
        [named(CHANGED, "donation", N3)],
    ),
    "snapshot amount changed": (
        ["UPDATE receipts SET snapshot = replace(snapshot, '1000000', '9000000')"],
        [named(CHANGED, "receipt", N1)],
    ),
    "print count reset": (
        ["UPDATE receipts SET print_count = 0 WHERE print_count > 0"],
        [named(CHANGED, "receipt", N1)],
    ),
    "amount changed": (
        [f"UPDATE donations SET amount_rials = 1 WHERE receipt_number = '{N1}'"],
        [named(CHANGED, "donation", N1)],
    ),
    "receipt numbers swapped": (
        [
            f"UPDATE donations SET receipt_number = 'X' WHERE receipt_number = '{N1}'",
            f"UPDATE donations SET receipt_number = '{N1}' WHERE receipt_number = '{N3}'",
            f"UPDATE donations SET receipt_number = '{N3}' WHERE receipt_number = 'X'",
        ],
        [named(CHANGED, "donation", N3), named(CHANGED, "donation", N1)],
    ),
    "last receipt deleted and its series lowered": (
        [
            "DELETE FROM receipts WHERE donation_id ="
            f" (SELECT id FROM donations WHERE receipt_number = '{N3}')",
            f"DELETE FROM donations WHERE receipt_number = '{N3}'",
            "UPDATE receipt_series SET last_number = last_number - 1",
        ],
        [named(CHANGED, "receipt_series", "ZN-1404")],  # and the deletions, below
    ),
    "institution report deleted": (
        ["DELETE FROM donations WHERE institution_id IS NOT NULL"],
        [],  # the deleted donation, below
    ),
    "institution deleted": (
        [
            "DELETE FROM donations WHERE institution_id IS NOT NULL",
            "DELETE FROM institutions",
        ],
        [],
    ),
    "donation added with the series raised": (
        [
            "INSERT INTO donations (uuid, office_id, kind, amount_rials, donated_on, channel,"
            " intent_id, clerk, created_at, receipt_year, receipt_sequence, receipt_number)"
            " SELECT 'aaaaaaaa-0000-4000-8000-000000000000', office_id, kind, 5000000, donated_on,"
            " channel, intent_id, clerk, created_at, receipt_year, 4, 'ZN-1404-000004'"
            f" FROM donations WHERE receipt_number = '{N3}'",
            "UPDATE receipt_series SET last_number = 4",
        ],
        [
            named(CHANGED, "receipt_series", "ZN-1404"),
            named(ADDED, "donation", "ZN-1404-000004"),
        ],
    ),
    "role raised": (
        [f"UPDATE users SET role = 'admin' WHERE name = '{CLERK.name}'"],
        [named(CHANGED, "user", CLERK.name)],
    ),
    "account disabled": (
        [f"UPDATE users SET active = 0 WHERE name = '{SUPERVISOR.name}'"],
        [named(CHANGED, "user", SUPERVISOR.name)],
    ),
    "active flag set to 2": (  # the program reads any nonzero flag as active
        [f"UPDATE users SET active = 2 WHERE name = '{CLERK.name}'"],
        [named(CHANGED, "user", CLERK.name)],
    ),
    "intent flag set to 2": (
        ["UPDATE intents SET is_active = 2 WHERE name = 'زکات'"],
        [named(CHANGED, "intent", "زکات")],
    ),
    "receipt key replaced": (
        ["UPDATE settings SET value = '" + "00" * 32 + "' WHERE key = 'receipt_key'"],
        [named(CHANGED, "setting", "receipt_key")],
    ),
    "exchange key replaced": (
        ["UPDATE offices SET exchange_key = '" + "11" * 32 + "'"],
        [named(CHANGED, "office", "ZN")],
    ),
}


def test_a_value_its_column_cannot_hold_is_named_not_a_crash(book):
    intrude(
        book, f"UPDATE donations SET donated_on = '2025-12-21 junk' WHERE receipt_number = '{N1}'"
    )
    found = findings(book)
    assert (
        "The records of {kind} hold a value the program cannot read: they were changed outside the program.",
        KIND_NAMES["donation"],
        "",
    ) in found
    assert not [f for f in found if f[0] == DELETED.message]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_verify_names_each_change_behind_the_programs_back(book, case):
    statements, expected = CASES[case]
    intrude(book, *statements)
    found = findings(book)
    for finding in expected:
        assert finding in found, found
    deleted = [f for f in found if f[0] == DELETED.message]
    if "deleted" in case:
        assert deleted and all(f[1] in list(KIND_NAMES.values()) for f in deleted), found
    if case == "institution deleted":
        assert [f for f in deleted if f[1] == KIND_NAMES["institution"]], found
    assert found, "verify said sound"


def test_the_truncated_audit_tail_is_counted_against_the_anchor(book):
    intrude(book, "DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 2 FROM audit_log)")
    report = verify(book)
    [missing] = [p for p in report.problems if "missing" in p.message]
    assert missing.params["missing"] == 2
    assert missing.params["file"] == str(book.anchor)


def test_the_backup_folders_anchor_still_counts_when_the_databases_is_deleted(book):
    intrude(book, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)")
    book.anchor.unlink()
    report = verify(book)
    [missing] = [p for p in report.problems if "missing" in p.message]
    assert missing.params["file"] == str(backup_folder(book) / "office.sqlite3.head")


def test_a_chain_rebuilt_after_a_change_is_caught_by_the_anchor(book):
    """The intruder knows the program: changes an amount, seals it anew and rehashes the
    whole chain, so that every record and every link checks out."""
    intrude(book, f"UPDATE donations SET amount_rials = 1 WHERE receipt_number = '{N1}'")
    with book.reader() as uow:
        digests = {
            identity: digest
            for kind, identity, digest, _ in uow.audit.records()
            if kind == "donation"
        }

    def reseal(_, details):
        for identity in details.get("sealed", {}).get("donation", {}):
            details["sealed"]["donation"][identity] = digests[identity]
        return details

    rehash_chain(book, reseal)
    report = verify(book)
    assert [p.message for p in report.problems] == [
        "The audit chain was rebuilt: entry {entry} is not the one its anchor {file} recorded."
    ]


def test_a_damaged_anchor_is_named(book):
    book.anchor.write_text("not an anchor")
    assert [p.message for p in verify(book).problems] == ["The audit anchor {file} is damaged."]


def test_an_older_backup_restores_and_a_neighbour_verifies_against_its_own_anchors(book):
    """The backups folder's anchor counts one database's chain: an older backup of it still
    restores, and another database beside it is not compared with it."""
    from charity_desktop.services.backups import restore
    from charity_desktop.services.database import open_database
    from charity_desktop.services.office import set_up_office

    older = sorted(backup_folder(book).glob("charity-*.sqlite3"))[0]
    record_donation(
        book,
        DonationDraft(kind="cash", amount="5000", date="1404/09/30", intent="زکات"),
        actor=CLERK,
    )
    make_backup(book)
    neighbour = open_database(str(sqlite_path(book).with_name("neighbour.sqlite3")))
    set_up_office(neighbour, name="اداره دیگر", code="ZX", province="زنجان", county="زنجان")
    assert verify(neighbour).sound, verify(neighbour).problems
    neighbour.close()
    restore(book, older, actor=ADMIN)
    assert verify(book).sound, verify(book).problems


def test_a_copy_of_the_file_elsewhere_verifies_against_its_own_anchor(book, tmp_path):
    """Anchors belong to a file: a copy moved without its anchor has none to compare with."""
    from charity_desktop.services.database import open_database

    copy = tmp_path / "copy" / "office.sqlite3"
    copy.parent.mkdir()
    shutil.copy(sqlite_path(book), copy)
    moved = open_database(str(copy))
    report = verify(moved)
    assert report.sound and report.anchor is None
    moved.close()


def test_a_forged_restore_entry_sets_no_anchor_aside(book):
    """Only a restore through the program rewrites the anchors: an entry claiming a restore,
    appended to a shortened chain, leaves the anchors counting what they counted."""
    from charity_desktop.storage.audit import entry_fields

    intrude(book, "DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 3 FROM audit_log)")
    connection = raw_sqlite(book)
    seq, previous = connection.execute(
        "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
    ).fetchone()

    class Entry:
        at = dt.datetime(2099, 1, 1)
        actor, action, entity, entity_uuid, details = (
            "x",
            "database_restored",
            "database",
            None,
            "{}",
        )

    digest = entry_hash(previous, entry_fields(Entry))
    connection.execute(
        "INSERT INTO audit_log (seq, at, actor, action, entity, entity_uuid, details, prev_hash,"
        " hash) VALUES (?, '2099-01-01 00:00:00.000000', 'x', 'database_restored', 'database',"
        " NULL, '{}', ?, ?)",
        (seq + 1, previous, digest),
    )
    connection.commit()
    connection.close()
    assert [p for p in verify(book).problems if "missing" in p.message]


def test_an_upgraded_database_is_anchored_at_once(tmp_path):
    from charity_desktop.services.database import open_database

    fixture = Path(__file__).parent.parent / "storage" / "fixtures" / "schema_0008.sqlite3"
    copy = tmp_path / "old.sqlite3"
    shutil.copy(fixture, copy)
    database = open_database(str(copy))
    report = verify(database)
    assert report.sound and report.anchor == database.anchor
    database.close()


def test_an_account_changed_behind_the_program_cannot_sign_in(book):
    """A clerk raised to admin with sqlite3 is refused at sign-in (verify names the change);
    the others sign in as before, and the refusal is on the trail."""
    intrude(book, f"UPDATE users SET role = 'admin' WHERE name = '{CLERK.name}'")
    with pytest.raises(SignInFailed) as caught:
        sign_in(book, CLERK.name, "clerk-password-1", sleep=lambda _: None)
    assert caught.value.message.startswith("This account was changed outside the program")
    assert sign_in(book, SUPERVISOR.name, "super-password-1") == SUPERVISOR
    with book.reader() as uow:
        assert "sign_in_refused_changed" in [e.action for e in uow.audit.entries()]
