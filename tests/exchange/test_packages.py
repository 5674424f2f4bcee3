import datetime as dt
import hashlib
import hmac
import json
import zipfile

import pytest
from sqlalchemy import select

from charity_desktop.domain.errors import DomainError
from charity_desktop.domain.filters import DonationFilter
from charity_desktop.domain.limits import MAX_DONATION_RIALS
from charity_desktop.domain.users import PermissionDenied
from charity_desktop.exchange.package import (
    MAX_ENTRY_BYTES,
    MAX_MANIFEST_BYTES,
    read_package,
    write_package,
)
from charity_desktop.persian.jalali import jalali_year
from charity_desktop.services import exchange as exchange_rules
from charity_desktop.services.audit_trail import audit_trail
from charity_desktop.services.backups import verify
from charity_desktop.services.catalogue import add_entry
from charity_desktop.services.database import open_database
from charity_desktop.services.demo import build_demo
from charity_desktop.services.donations import list_donations, totals
from charity_desktop.services.donors import edit_donor, search_donors
from charity_desktop.services.exchange import (
    OfficeIdentity,
    export_data,
    export_key,
    merge_data,
    office_identity,
    register_office,
)
from charity_desktop.services.office import set_up_office
from charity_desktop.services.receipts import void_receipt
from charity_desktop.services.summary import Period, summarize
from charity_desktop.storage.exchange import PARTS, RECEIPT_COLUMNS
from charity_desktop.storage.models import Donor
from charity_desktop.translation import FIELD_LABELS, MAPPING_MESSAGES, Translator
from tests.actors import ADMIN, CLERK, SUPERVISOR, supervisor
from tests.packages import merge, package, rows
from tests.raw import raw_sqlite, rehash_chain


def county_office(path, code, county, donations, seed, today):
    database = open_database(str(path))
    set_up_office(
        database, name=f"اداره بهزیستی {county}", code=code, province="زنجان", county=county
    )
    build_demo(database, donations=donations, seed=seed, actor=ADMIN, today=today)
    return database


def _offices(folder, day):
    abhar = county_office(folder / "abhar.sqlite3", "ZNA", "ابهر", 1500, 1, day)
    tarom = county_office(folder / "tarom.sqlite3", "ZNT", "طارم", 900, 2, day)
    centre = open_database(str(folder / "centre.sqlite3"))
    set_up_office(
        centre, name="اداره کل بهزیستی استان زنجان", code="ZN", province="زنجان", county="زنجان"
    )
    for county in (abhar, tarom):
        register_office(centre, office_identity(county), actor=SUPERVISOR)
    yield abhar, tarom, centre
    for database in (abhar, tarom, centre):
        database.close()


@pytest.fixture
def offices(tmp_path, request):
    """Two county offices and their provincial centre; the demo data runs up to the test's
    `today` when it asks for one, else up to this computer's date."""
    day = request.getfixturevalue("today") if "today" in request.fixturenames else dt.date.today()
    yield from _offices(tmp_path, day)


@pytest.fixture(scope="module")
def refusing(tmp_path_factory):
    """`offices` shared by the tests of packages that must be refused: each refusal leaves
    every office as it was, and each test checks that the centre is."""
    yield from _offices(tmp_path_factory.mktemp("offices"), dt.date.today())


def state(database):
    """Everything that must not change when a package is refused."""
    figures = totals(database, DonationFilter(include_voided=True))
    with database.reader() as uow:
        return [(t.count, t.rials) for t in figures], uow.donors.count(), uow.donations.count()


def rials(database):
    return sum(t.rials for t in totals(database, DonationFilter()))


def test_two_counties_merge_into_the_province_once(offices, tmp_path, today):
    abhar, tarom, centre = offices
    first = merge(centre, package(abhar, tmp_path / "abhar.zip"))
    assert first.counts["donations"] == (1500, 0)
    merge(centre, package(tarom, tmp_path / "tarom.zip"))
    assert rials(centre) == rials(abhar) + rials(tarom)
    before = state(centre)
    again = merge(centre, tmp_path / "abhar.zip")
    assert not again.changed and state(centre) == before
    year = Period.of_months(jalali_year(today), 12)
    province = summarize(centre, year)
    assert (
        province.grand_total.rials
        == summarize(abhar, year).grand_total.rials + summarize(tarom, year).grand_total.rials
    )
    assert (
        summarize(centre, year, office_code="ZNT").grand_total.rials
        == summarize(tarom, year).grand_total.rials
    )
    by_county = {line.name: line.figure.rials for line in province.by_county}
    assert by_county["ابهر"] == sum(
        line.figure.rials
        for s in (summarize(abhar, year), summarize(tarom, year))
        for line in s.by_county
        if line.name == "ابهر"
    )


def test_a_donors_corrected_details_reach_the_centre_which_may_not_change_them(offices, tmp_path):
    abhar, _tarom, centre = offices
    merge(centre, package(abhar, tmp_path / "first.zip"))
    with abhar.reader() as uow:
        donor = uow.donors.get(1)
        uuid, name = donor.uuid, donor.name
    edit_donor(abhar, uuid, name=name + " نیا", mobile="09127654321", actor=CLERK)
    report = merge(centre, package(abhar, tmp_path / "second.zip"))
    assert report.counts["donors"] == (0, 1)  # none added, one changed
    with centre.reader() as uow:
        merged = uow.donors.by_uuid(uuid)
        assert (merged.name, merged.mobile) == (name + " نیا", "09127654321")
    assert [d.uuid for d in search_donors(centre, name + " نیا")] == [uuid]
    with pytest.raises(DomainError) as caught:
        edit_donor(centre, uuid, name="نام دیگر", actor=SUPERVISOR)
    assert "another office" in caught.value.message
    assert verify(centre).problems == []


def test_a_later_package_carries_voids_without_duplicating(offices, tmp_path):
    abhar, _, centre = offices
    merge(centre, package(abhar, tmp_path / "first.zip"))
    number = next(
        r.receipt_number for r in list_donations(abhar, DonationFilter()) if r.receipt_number
    )
    void_receipt(abhar, number, reason="ثبت تکراری", actor=supervisor("سرپرست"))
    later = merge(centre, package(abhar, tmp_path / "later.zip"))
    assert later.counts["donations"] == (0, 1)
    assert rials(centre) == rials(abhar)
    with centre.reader() as uow:
        assert uow.donations.count() == 1500
    voided = [
        r
        for r in list_donations(centre, DonationFilter(include_voided=True))
        if r.receipt_number == number
    ]
    assert voided[0].void_reason == "ثبت تکراری"


def test_a_dry_run_merges_nothing(offices, tmp_path):
    abhar, _, centre = offices
    before = state(centre)
    report = merge(centre, package(abhar, tmp_path / "abhar.zip"), dry_run=True)
    assert report.counts["donations"] == (1500, 0) and state(centre) == before


def tampered(source, target, change):
    with zipfile.ZipFile(source) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    change(contents)
    with zipfile.ZipFile(target, "w") as archive:
        for name, content in contents.items():
            archive.writestr(name, content)
    return target


@pytest.mark.parametrize(
    ("name", "spoil", "message"),
    [
        (
            "one byte changed",
            lambda p, t: t.write_bytes(
                p.read_bytes()[:2000] + bytes([p.read_bytes()[2000] ^ 1]) + p.read_bytes()[2001:]
            ),
            "damaged",
        ),
        (
            "truncated",
            lambda p, t: t.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
            "damaged",
        ),
        (
            "a byte of the donations changed",
            lambda p, t: tampered(
                p,
                t,
                lambda c: c.update(
                    {
                        "donations.jsonl": c["donations.jsonl"][:-9]
                        + bytes([c["donations.jsonl"][-9] ^ 1])
                        + c["donations.jsonl"][-8:]
                    }
                ),
            ),
            "damaged",
        ),
        ("not a zip", lambda p, t: t.write_text("hello"), "damaged"),
    ],
)
def test_a_spoiled_package_is_refused_and_changes_nothing(offices, tmp_path, name, spoil, message):
    abhar, _, centre = offices
    good = package(abhar, tmp_path / "good.zip")
    bad = tmp_path / "bad.zip"
    spoil(good, bad)
    before = state(centre)
    with pytest.raises(DomainError) as caught:
        merge(centre, bad)
    assert caught.value.message == "The package is damaged or incomplete; nothing was merged."
    assert state(centre) == before


def test_a_wrong_key_or_an_unknown_office_is_refused(offices, tmp_path):
    abhar, _, centre = offices
    good = package(abhar, tmp_path / "abhar.zip")
    card = office_identity(abhar)
    register_office(
        centre,
        OfficeIdentity(card.uuid, card.code, card.name, card.province, card.county, "ab" * 32),
        actor=SUPERVISOR,
        new_key=True,  # the centre now holds another key than the one abhar signs with
    )
    before = state(centre)
    with pytest.raises(DomainError) as wrong_key:
        merge(centre, good)
    assert (
        wrong_key.value.message
        == "The package's signature does not match the office's key; it was refused."
    )
    stranger = county_office(
        tmp_path / "stranger.sqlite3", "ZNK", "خدابنده", 50, 3, dt.date.today()
    )
    with pytest.raises(DomainError) as unknown:
        merge(centre, package(stranger, tmp_path / "stranger.zip"))
    assert unknown.value.params == {"code": "ZNK"}
    assert state(centre) == before
    stranger.close()


def test_an_office_cannot_merge_its_own_package(offices, tmp_path):
    abhar, _, _ = offices
    with pytest.raises(DomainError):
        merge(abhar, package(abhar, tmp_path / "own.zip"))


def test_a_package_since_a_date_carries_only_later_donations(offices, tmp_path, today):
    abhar, _, centre = offices
    first_day = today - dt.timedelta(days=30)
    data = export_data(abhar, first_day, actor=SUPERVISOR)
    assert data.parts["donations"] and all(
        d["donated_on"] >= first_day.isoformat() for d in data.parts["donations"]
    )
    write_package(data, tmp_path / "since.zip")
    assert merge(centre, tmp_path / "since.zip").counts["donations"][0] == len(
        data.parts["donations"]
    )


def rewrite_history(database):
    """What a forger with the file would do: change an old entry and recompute every hash."""

    def change(seq, details):
        if seq == 2:
            details["receipts"] = ["ZN-1404-999999"]  # another receipt than was issued
        return details

    rehash_chain(database, change)


def test_a_rewritten_office_history_is_caught_by_the_centre(offices, tmp_path):
    abhar, _, centre = offices
    merge(centre, package(abhar, tmp_path / "first.zip"))
    rewrite_history(abhar)
    before = state(centre)
    with pytest.raises(DomainError) as caught:
        merge(centre, package(abhar, tmp_path / "second.zip"))
    assert caught.value.message.startswith("The office's history was rewritten")
    assert state(centre) == before


def test_a_package_whose_chain_was_edited_is_refused(offices, tmp_path):
    abhar, _, centre = offices

    good = package(abhar, tmp_path / "good.zip")
    # as if the signature were good: the centre still recomputes every hash of the chain
    manifest, parts = read_package(good, lambda uuid: bytes.fromhex(office_identity(abhar).key))
    parts = rows(parts)
    parts["audit"][0]["fields"][1] = "someone else"
    with pytest.raises(DomainError) as caught:
        merge_data(
            centre,
            manifest["office"]["uuid"],
            parts,
            actor=SUPERVISOR,
            audit_head=manifest["audit_head"],
        )
    assert (
        caught.value.message
        == "The office's audit chain in this package is broken; it was refused."
    )


def test_an_office_with_an_empty_trail_can_send_the_same_package_twice(offices, tmp_path):
    """An office database from before the audit trail has an empty chain (its head is the genesis)."""
    abhar, _, centre = offices
    with raw_sqlite(abhar) as connection:
        connection.execute("DELETE FROM audit_log")
    connection.close()
    path = package(abhar, tmp_path / "old.zip")
    merge(centre, path)
    assert not merge(centre, path).changed


def hostile_merge(centre, abhar, tmp_path, change):
    """Merge abhar's own, correctly signed package after `change(parts)` edited its rows,
    as a county that signs with its own key but carries other offices' UUIDs would."""
    return merge(centre, package(abhar, tmp_path / "hostile.zip"), change)


@pytest.fixture
def centre_with_donations(offices, today):
    abhar, tarom, centre = offices
    build_demo(centre, donations=20, seed=4, actor=ADMIN, today=today)
    return abhar, tarom, centre


def own_rows(database, part):
    return export_data(database, actor=SUPERVISOR).parts[part]


def test_a_package_cannot_rewrite_the_centres_receipt(centre_with_donations, tmp_path):
    abhar, _, centre = centre_with_donations
    theirs = next(row for row in own_rows(centre, "donations") if row["receipt_number"])
    before = state(centre), own_rows(centre, "donations")
    with pytest.raises(DomainError) as caught:
        hostile_merge(
            centre, abhar, tmp_path, lambda p: p["donations"].append({**theirs, "amount_rials": 1})
        )
    assert caught.value.message.startswith("The package names {record} «{name}»")
    assert caught.value.params["name"] == theirs["receipt_number"]
    assert "رسید" in Translator("fa").error(caught.value) or "کمک" in Translator("fa").error(
        caught.value
    )
    assert (state(centre), own_rows(centre, "donations")) == before


def test_a_package_cannot_touch_the_receipt_of_a_centre_donation(centre_with_donations, tmp_path):
    abhar, _, centre = centre_with_donations
    theirs = own_rows(centre, "receipts")[0]
    before = own_rows(centre, "receipts")
    with pytest.raises(DomainError) as caught:
        hostile_merge(
            centre, abhar, tmp_path, lambda p: p["receipts"].append({**theirs, "print_count": 0})
        )
    assert caught.value.params["record"].message == "the receipt"
    assert own_rows(centre, "receipts") == before


def test_a_package_cannot_rename_another_countys_donor(offices, tmp_path):
    abhar, tarom, centre = offices
    merge(centre, package(tarom, tmp_path / "tarom.zip"))
    donor = package_rows(centre, tmp_path / "tarom.zip", "donors")[0]
    before = state(centre)
    with pytest.raises(DomainError) as caught:
        hostile_merge(
            centre,
            abhar,
            tmp_path,
            lambda p: p["donors"].append({**donor, "name": "نام دیگر", "name_key": "نامدیگر"}),
        )
    assert caught.value.params["name"] == donor["name"]
    assert "اهداکننده" in Translator("fa").error(caught.value) or "نیکوکار" in Translator(
        "fa"
    ).error(caught.value)
    assert state(centre) == before
    assert merge(centre, package(tarom, tmp_path / "again.zip")).changed is False


def package_rows(centre, path, part):
    return list(read_package(path, lambda uuid: export_key(centre, uuid))[1][part])


def test_a_package_never_renames_the_centres_intent_it_is_mapped(offices, tmp_path):
    abhar, _, centre = offices
    zakat = next(row for row in own_rows(centre, "intents") if row["name"] == "زکات")
    charity = next(row for row in own_rows(centre, "intents") if row["name"] != "زکات")

    def change(parts):
        parts["intents"] += [
            {**zakat, "name": "نذر تازه", "name_key": "نذرتازه"},  # renamed: mapped by name
            {**charity, "sort_order": 99},  # the same name: the office's own entry
        ]

    first = hostile_merge(centre, abhar, tmp_path, change)
    centre_intents = {row["uuid"]: row for row in own_rows(centre, "intents")}
    assert centre_intents[zakat["uuid"]] == zakat and centre_intents[charity["uuid"]] == charity
    assert {(m.part, m.name, m.target, m.owner) for m in first.mappings} == {
        ("intents", "نذر تازه", "نذر تازه", "new"),
        ("intents", charity["name"], charity["name"], "own"),
    }
    shown = Translator("fa")(MAPPING_MESSAGES["new"], part="نیات", name="نذر تازه", target="")
    assert "نذر تازه" in shown
    before = state(centre)
    again = hostile_merge(centre, abhar, tmp_path, change)
    assert not again.changed and state(centre) == before
    assert {(m.name, m.owner) for m in again.mappings} == {
        ("نذر تازه", "own"),  # the entry the first merge made
        (charity["name"], "own"),
    }


def test_a_centre_intent_the_county_has_none_of_maps_to_the_centres(offices, tmp_path):
    abhar, _, centre = offices
    add_entry(centre, "intents", "کمک ویژه استان", actor=SUPERVISOR)
    theirs = next(r for r in own_rows(centre, "intents") if r["name"] == "کمک ویژه استان")
    report = hostile_merge(
        centre,
        abhar,
        tmp_path,
        lambda p: p["intents"].append({**theirs, "is_active": False}),
    )
    assert ("intents", "کمک ویژه استان", "کمک ویژه استان", "centre") in {
        (m.part, m.name, m.target, m.owner) for m in report.mappings
    }


def signed(manifest, key):
    """`manifest` signed with `key` as an office would sign it."""
    unsigned = {k: v for k, v in manifest.items() if k != "signature"}
    text = json.dumps(unsigned, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return {**unsigned, "signature": hmac.new(key, text.encode(), hashlib.sha256).hexdigest()}


def rebuilt(source, target, manifest=None, members=None):
    """The package at `source` again at `target`, with another manifest or other members."""
    with zipfile.ZipFile(source) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    if manifest is not None:
        contents["manifest.json"] = json.dumps(manifest).encode()
    contents.update(members or {})
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in contents.items():
            archive.writestr(name, content)
    return target


def manifest_of(path):
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


def test_the_signature_is_checked_before_any_data_file_is_read(offices, tmp_path):
    abhar, _, centre = offices
    good = package(abhar, tmp_path / "good.zip")
    forged = {**manifest_of(good), "signature": "00" * 32}
    bad = rebuilt(good, tmp_path / "bad.zip", forged, {"donations.jsonl": b"x" * 100_000})
    with zipfile.ZipFile(bad) as archive:  # a data file that fails if it is read at all
        info = archive.getinfo("donations.jsonl")
    data = bytearray(bad.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start : start + 8] = b"\xff" * 8
    bad.write_bytes(bytes(data))
    with pytest.raises(DomainError) as caught:
        merge(centre, bad)
    assert caught.value.message.startswith("The package's signature does not match")


def test_an_oversized_manifest_or_oversized_files_are_refused_unread(offices, tmp_path):
    abhar, _, centre = offices
    good = package(abhar, tmp_path / "good.zip")
    key = bytes.fromhex(office_identity(abhar).key)
    manifest = manifest_of(good)
    padded = signed({**manifest, "padding": " " * (MAX_MANIFEST_BYTES + 1)}, key)
    files = {**manifest["files"]}
    files["donations.jsonl"] = {**files["donations.jsonl"], "size": MAX_ENTRY_BYTES + 1}
    huge = signed({**manifest, "files": files}, key)
    for name, spoiled in [("padded", padded), ("huge", huge)]:
        with pytest.raises(DomainError) as caught:
            merge(centre, rebuilt(good, tmp_path / f"{name}.zip", spoiled))
        assert (
            caught.value.message == "The package unpacks to far more than it holds; it was refused."
        )


def test_a_data_file_longer_than_declared_is_refused(offices, tmp_path):
    abhar, _, centre = offices
    good = package(abhar, tmp_path / "good.zip")
    with zipfile.ZipFile(good) as archive:
        longer = archive.read("donations.jsonl") + b"\0" * 100
    key = bytes.fromhex(office_identity(abhar).key)
    manifest = manifest_of(good)
    files = {**manifest["files"]}
    files["donations.jsonl"] = {**files["donations.jsonl"], "stored": len(longer)}
    bad = rebuilt(good, tmp_path / "bad.zip", signed({**manifest, "files": files}, key))
    bad = rebuilt(bad, tmp_path / "bad2.zip", members={"donations.jsonl": longer})
    with pytest.raises(DomainError) as caught:
        merge(centre, bad)
    assert caught.value.message == "The package is damaged or incomplete; nothing was merged."


def test_a_package_is_encrypted_and_an_old_unencrypted_one_is_refused(offices, tmp_path):
    abhar, _, centre = offices
    good = package(abhar, tmp_path / "good.zip")
    donor = export_data(abhar, actor=SUPERVISOR).parts["donors"][0]["name"].encode()
    raw = good.read_bytes()
    assert donor not in raw and b"amount_rials" not in raw.split(b"manifest.json")[0]
    with zipfile.ZipFile(good) as archive:
        assert all(donor not in archive.read(name) for name in archive.namelist())
    key = bytes.fromhex(office_identity(abhar).key)
    old = signed({**manifest_of(good), "format": "charity-desktop-package/1"}, key)
    with pytest.raises(DomainError) as caught:
        merge(centre, rebuilt(good, tmp_path / "old.zip", old))
    assert caught.value.message.startswith("This package was made by an older version")
    assert "رمز" in Translator("fa").error(caught.value)


def test_a_clerk_may_not_export_a_package(offices):
    abhar, _, _ = offices
    with pytest.raises(PermissionDenied):
        export_data(abhar, actor=CLERK)


def test_a_late_package_is_told_apart_from_a_rewritten_history(offices, tmp_path):
    abhar, _, centre = offices
    first = package(abhar, tmp_path / "first.zip")
    merge(centre, first)
    number = next(
        r.receipt_number for r in list_donations(abhar, DonationFilter()) if r.receipt_number
    )
    older = package(abhar, tmp_path / "older.zip")  # never merged: the next one overtakes it
    void_receipt(abhar, number, reason="ثبت تکراری", actor=supervisor("سرپرست"))
    merge(centre, package(abhar, tmp_path / "newer.zip"))
    before = state(centre)
    for late in (first, older):
        with pytest.raises(DomainError) as caught:
            merge(centre, late)
        assert caught.value.message.startswith("This package is older than one already merged")
        assert "قدیمی‌تر" in Translator("fa").error(caught.value)
        assert state(centre) == before


def test_line_breaks_stay_allowed_in_descriptions_and_addresses(offices, tmp_path):
    abhar, _, centre = offices

    def change(parts):
        parts["donations"][0]["description"] = "سطر یک\n\tسطر دو"

    assert hostile_merge(centre, abhar, tmp_path, change).counts["donations"][0] == 1500


def _first_receipt_row(parts):
    return next(row for row in parts["donations"] if row["receipt_number"])


def _squat(number):
    def change(parts):
        row = _first_receipt_row(parts)
        year, sequence = number.split("-")[1:]
        row.update(receipt_number=number, receipt_year=int(year), receipt_sequence=int(sequence))

    return change


def _snapshot_lie(parts):
    receipt = parts["receipts"][0]
    snapshot = json.loads(receipt["snapshot"])
    receipt["snapshot"] = json.dumps({**snapshot, "amount_rials": snapshot["amount_rials"] * 9})


@pytest.mark.parametrize(
    "change",
    [
        _squat("ZN-1404-999999"),  # a number the centre will issue
        _squat("ZNT-1404-999998"),  # one another county will
        lambda p: _first_receipt_row(p).update(receipt_sequence=2**62),
        lambda p: _first_receipt_row(p).update(donated_on="0001-01-01"),
        lambda p: _first_receipt_row(p).update(donated_on="9999-12-31"),
        _snapshot_lie,
        lambda p: p["receipts"][0].update(snapshot="not json"),
        lambda p: _first_receipt_row(p).update(uuid="x" * 36),
        lambda p: _first_receipt_row(p).update(intent_uuid="not a uuid"),
    ],
    ids=[
        "centre's number",
        "another county's number",
        "huge sequence",
        "year 1",
        "year 9999",
        "snapshot lies",
        "snapshot not json",
        "a uuid that is none",
        "a reference that is no uuid",
    ],
)
def test_a_signed_package_with_numbers_or_days_no_office_could_issue_is_refused(
    refusing, tmp_path, change
):
    """A county signing with its own key cannot take receipt numbers the centre or another
    office will issue, stop `verify` with an endless series, store a day no report can show,
    or have the centre reprint what its frozen receipt claims instead of the donation."""
    abhar, _, centre = refusing
    before = state(centre)
    with pytest.raises(DomainError) as caught:
        hostile_merge(centre, abhar, tmp_path, change)
    assert caught.value.message.startswith("The package is damaged: {field} in row"), caught.value
    assert state(centre) == before
    assert verify(centre).sound


@pytest.mark.parametrize("part", ["donors", "receipts"])
def test_a_row_that_is_not_a_record_is_refused_in_persian(offices, tmp_path, part):
    abhar, _, centre = offices
    with pytest.raises(DomainError) as caught:
        hostile_merge(centre, abhar, tmp_path, lambda p: p[part].append(["not", "a", "record"]))
    assert "{row}" in caught.value.message


def test_a_card_with_another_key_for_a_registered_office_needs_to_say_so(offices):
    """Whoever holds the key the centre knows is that office: a card swapping it is refused,
    unless the supervisor says the office made a new key; then the swap is on the trail."""
    import dataclasses

    abhar, _, centre = offices
    card = office_identity(abhar)
    forged = dataclasses.replace(card, key="ab" * 32)
    with pytest.raises(DomainError) as caught:
        register_office(centre, forged, actor=SUPERVISOR)
    assert caught.value.message.startswith("The card gives office {code} another key")
    assert export_key(centre, card.uuid) == bytes.fromhex(card.key)
    register_office(centre, forged, actor=SUPERVISOR, new_key=True)
    assert export_key(centre, card.uuid) == bytes.fromhex("ab" * 32)
    with centre.reader() as uow:
        assert uow.audit.last_details("office_registered", card.uuid)["key_replaced"] is True


@pytest.mark.parametrize(
    ("part", "column", "value", "field"),
    [
        ("donors", "name", "علی\0رضایی", "name"),
        ("campaigns", "name", "پویش\a", "name"),
        ("donations", "clerk", "مریم\n", "clerk"),
        ("donations", "description", "سطر\u0085", "description"),
        ("donations", "amount_rials", MAX_DONATION_RIALS + 1, "amount"),
        ("donors", "name", " \u200c ", "name"),
        ("donors", "name", "\u202e\u202c", "name"),
        ("intents", "name", "", "name"),
        ("donors", "national_id", "1234567890", "donor_national_id"),
        ("donors", "national_id", "۰۰۸۴۵۷۵۹۴۸", "donor_national_id"),
        ("donors", "mobile", "12345", "donor_mobile"),
        ("donors", "donor_type", "robot", "donor_type"),
        ("donors", "address", "خیابان " * 100, "donor_address"),
        ("donations", "kind", "gift", "kind"),
        ("donations", "channel", "pigeon", "channel"),
        ("donations", "created_at", "2025-01-01T10:00:00+03:30", "created_at"),
        ("donations", "description", "ا" * 501, "description"),
        ("receipts", "issued_at", "2025-01-01T10:00:00Z", "issued_at"),
        ("donations", "amount_rials", 0, "amount"),
        ("donations", "amount_rials", "5000", "amount"),
        ("donations", "amount_rials", 5000.0, "amount"),
        ("donations", "clerk", "\u2060", "clerk"),
        ("donations", "clerk", None, "clerk"),
        ("donations", "quantity", "۱" * 30, "quantity"),
        ("donations", "service_minutes", 2**40, "hours"),
        ("donations", "void_reason", "ثبت تکراری", "void_reason"),
        ("donations", "donor_uuid", "00000000-0000-4000-8000-000000000000", "donor_name"),
        ("donors", "name", "ن" * 201, "name"),
        ("intents", "sort_order", 2**40, "sort_order"),
        ("receipts", "print_count", -5, "print_count"),
        ("donations", "tracking_number", "rrn-1", "tracking_number"),
        ("donations", "tracking_number", 628104559012, "tracking_number"),
    ],
)
def test_a_merged_row_is_held_to_what_the_form_accepts(
    refusing, tmp_path, part, column, value, field
):
    """A county signing with its own key cannot store what no clerk could type: control
    characters, an amount above the ceiling, an empty name, an invalid ID, a code of no
    vocabulary, a time in another zone, a long text."""
    abhar, _, centre = refusing
    before = state(centre)

    def change(parts):
        parts[part][0][column] = value

    with pytest.raises(DomainError) as caught:
        hostile_merge(centre, abhar, tmp_path, change)
    assert caught.value.message.startswith("The package is damaged: {field} in row {row}")
    assert caught.value.params["field"].message == FIELD_LABELS[field]
    assert caught.value.params["row"] == 1
    assert state(centre) == before


def test_a_tracking_number_no_form_gave_is_refused(refusing, tmp_path):
    """A county cannot give a desk gift a tracking number, nor change a gift's number away
    from the one its frozen receipt holds."""
    abhar, _, centre = refusing
    before = state(centre)

    def on_a_desk_gift(parts):
        parts["donations"][0].update(channel="desk", tracking_number="628104559012")

    def behind_the_receipt(parts):
        parts["donations"][0].update(channel="pos", tracking_number="628104559012")

    for change, field in ((on_a_desk_gift, "tracking_number"), (behind_the_receipt, "snapshot")):
        with pytest.raises(DomainError) as caught:
            hostile_merge(centre, abhar, tmp_path, change)
        assert caught.value.params["field"].message == FIELD_LABELS[field]
    assert state(centre) == before


def test_a_merged_name_is_stored_as_the_form_would_store_it(offices, tmp_path):
    abhar, _, centre = offices

    def change(parts):
        parts["donors"][0]["name"] = "علي  \u202eرضايي\u202c"  # Arabic letters, an override

    hostile_merge(centre, abhar, tmp_path, change)
    with centre.reader() as uow:
        names = set(uow.session.scalars(select(Donor.name)))
    assert "علی رضایی" in names
    assert not any("\u202e" in name or "ي" in name for name in names)


def test_every_column_a_merge_refuses_is_named_in_persian():
    carried = {
        part: {"uuid", *kind.columns, *(c.removesuffix("_id") + "_uuid" for c in kind.references)}
        for part, kind in PARTS.items()
    }
    carried["receipts"] = {"donation_uuid", *RECEIPT_COLUMNS}
    for part, columns in carried.items():
        for column in columns:
            name = column.removesuffix("_uuid")
            assert exchange_rules.COLUMN_FIELDS.get(name, name) in FIELD_LABELS, (part, column)


def test_a_record_longer_than_any_is_refused_as_it_is_read(offices, tmp_path):
    """A signed package of one endless line (5 MB here, up to the 1 GB a file may declare)
    is refused once the line passes what a record can hold, not gathered first."""
    abhar, _, centre = offices
    before = state(centre)
    data = export_data(abhar, actor=SUPERVISOR)
    data.parts["donations"][0]["description"] = "ا" * 2_500_000
    write_package(data, tmp_path / "long.zip")
    with pytest.raises(DomainError) as caught:
        merge(centre, tmp_path / "long.zip")
    assert caught.value.message == "The package is damaged or incomplete; nothing was merged."
    assert state(centre) == before


def _snapshot(change):
    def spoil(parts):
        receipt = parts["receipts"][0]
        snapshot = json.loads(receipt["snapshot"])
        change(snapshot)
        receipt["snapshot"] = json.dumps(snapshot)

    return spoil


@pytest.mark.parametrize(
    "change",
    [
        _snapshot(lambda s: s.update(unit="gold")),
        _snapshot(lambda s: s.update(channel="crypto")),
        _snapshot(lambda s: s.pop("donor")),
        _snapshot(lambda s: s["donor"].update(name="\u001b[2J")),
        _snapshot(lambda s: s.update(description="\u202eگزارش")),
        lambda parts: parts["donations"].append(dict(parts["donations"][0])),
    ],
    ids=["unit", "channel", "no donor", "escape code", "override", "twice"],
)
def test_a_frozen_receipt_the_centre_could_not_print_or_a_record_carried_twice_is_refused(
    refusing, tmp_path, change
):
    abhar, _, centre = refusing
    before = state(centre)
    with pytest.raises(DomainError) as caught:
        hostile_merge(centre, abhar, tmp_path, change)
    assert caught.value.message.startswith("The package is damaged: {field} in row {row}")
    assert state(centre) == before


def test_a_void_the_centre_merged_is_never_undone_by_a_later_package(offices, tmp_path):
    """A county that clears a void behind the program (its own verify would say so) cannot
    bring the receipt back into the centre's totals with its next package."""
    abhar, _, centre = offices
    number = next(
        r.receipt_number for r in list_donations(abhar, DonationFilter()) if r.receipt_number
    )
    void_receipt(abhar, number, reason="ثبت تکراری", actor=supervisor("سرپرست"))
    merge(centre, package(abhar, tmp_path / "voided.zip"))
    before = state(centre)
    with raw_sqlite(abhar) as connection:
        connection.execute(
            "UPDATE donations SET voided_at = NULL, void_reason = NULL, voided_by = NULL"
            " WHERE receipt_number = ?",
            (number,),
        )
    connection.close()
    with pytest.raises(DomainError) as caught:
        merge(centre, package(abhar, tmp_path / "unvoided.zip"))
    assert caught.value.params["field"].message == FIELD_LABELS["voided_at"]
    assert state(centre) == before


def test_the_centres_trail_finds_a_merged_receipt_by_its_number(offices, tmp_path):
    """The merge's entry seals the donations it wrote by UUID and never names their receipts:
    an auditor asking for a receipt number still finds the merge that brought it."""
    abhar, _, centre = offices
    merge(centre, package(abhar, tmp_path / "first.zip"))
    number = next(
        r.receipt_number for r in list_donations(abhar, DonationFilter()) if r.receipt_number
    )
    lines = audit_trail(centre, actor=SUPERVISOR, record=number)
    assert [line.action for line in lines] == ["package_merged"]
