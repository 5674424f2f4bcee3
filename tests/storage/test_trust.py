"""Every table is either sealed whole into the audit chain or says why it is not."""

import datetime as dt
import hashlib
import json

from hypothesis import given
from hypothesis import strategies as st

from charity_desktop.domain.enums import DonorType
from charity_desktop.storage.audit import SEALED
from charity_desktop.storage.exchange import PARTS, RECEIPT_COLUMNS
from charity_desktop.storage.models import Base, Donor, Receipt
from charity_desktop.storage.repositories import bulk_insert
from charity_desktop.storage.trust import (
    BY_MODEL,
    BY_NAME,
    KINDS,
    canonical_json,
    digest,
    live_records,
)

# Tables outside the seals, and why: the chain itself, a derived index rebuilt at will, and
# Alembic's own stamp.
NOT_SEALED = {"audit_log", "donor_search_terms", "alembic_version"}


def test_every_table_is_sealed_or_named_as_not():
    sealed = {kind.table.name for kind in KINDS}
    assert sealed | NOT_SEALED >= set(Base.metadata.tables)
    assert not sealed & NOT_SEALED


def test_every_column_of_a_sealed_table_is_in_its_seal():
    """A column added to a sealed table must join its seal (and the migration seal it anew)."""
    for kind in KINDS:
        assert set(kind.table.columns.keys()) == set(kind.content), kind.name
        assert set(kind.identity) <= set(kind.content) and kind.label in kind.table.columns


VALUES = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.text(st.characters(exclude_categories=("Cs",)))
    | st.dates()
    | st.datetimes()
)


def _json_text(value):
    return json.dumps(
        value, ensure_ascii=False, separators=(",", ":"), default=lambda v: v.isoformat()
    )


@given(st.sampled_from(KINDS), st.lists(VALUES, max_size=12))
def test_a_digest_is_that_of_the_canonical_json_the_format_names(kind, values):
    """The seals in every database ever written hold this text's digest: a faster encoder
    may write it, never another text (empty columns added later are left out at the end)."""
    content = [kind.name, *values]
    for _column in kind.later:
        if content[-1] is None:
            content.pop()
    text = _json_text(content)
    assert digest(kind, values) == hashlib.sha256(text.encode()).hexdigest()[:24]


def test_a_column_added_later_keeps_older_seals_and_is_sealed_once_it_holds_something():
    [donation] = [kind for kind in KINDS if kind.name == "donation"]
    assert donation.content[-len(donation.later) :] == donation.later
    before = [1, "uuid", 1, "cash", 1000]  # a record as sealed before the column existed
    assert digest(donation, [*before, None]) == digest(donation, before)
    assert digest(donation, [*before, "628104559012"]) != digest(donation, before)


DETAILS = st.recursive(
    VALUES | st.integers(),  # beyond 64 bits too: json writes those
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text() | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(DETAILS)
def test_canonical_json_is_the_text_json_writes(value):
    """Audit entries' details and hashes are this text: every chain ever written hashes it."""
    assert canonical_json(value) == _json_text(value).encode()


def test_records_sealed_from_what_was_written_match_what_is_read_back(database):
    """An insert seals exact rows from their values and reads the others back: either way
    the seal is the digest `verify` recomputes from the stored record."""
    with database.unit_of_work() as uow:
        office = uow.offices.home()
        exact = {
            "office_id": office.id,
            "donor_type": "person",
            "name": "علی رضایی",
            "name_key": "علیرضایی",
            "national_id": "0084575948",
            "mobile": None,
            "address": "زنجان\nخیابان امام",
            "created_at": dt.datetime(2025, 1, 1, 10, 0, 0, 123456),
        }
        # an enum member is not exactly a str: this row is read back, not sealed from its value
        other = {**exact, "donor_type": DonorType.LEGAL, "name": "شرکت", "name_key": "شرکت"}
        other.pop("national_id")
        bulk_insert(uow.session, Donor, [exact])
        bulk_insert(uow.session, Donor, [other])
        uow.audit.append("test", "donors_added", "donor", None, {})
        uow.commit()
    with database.reader() as uow:
        sealed = json.loads(list(uow.audit.entries())[-1].details)[SEALED]["donor"]
        live = {
            identity: found
            for identity, found, _ in live_records(uow.session.connection(), BY_NAME["donor"])
        }
    assert len(sealed) == 2
    assert sealed == {identity: live[identity] for identity in sealed}


def test_a_merge_writes_every_sealed_column_of_what_it_inserts():
    """A merge seals the records it inserts from the values it writes (`exact=True`): each
    part must therefore write every column its seal covers but the key."""
    for part, carried in PARTS.items():
        kind = BY_MODEL[carried.model]
        written = {"uuid", "office_id", *carried.columns, *carried.references}
        assert set(kind.content) - {"id"} == written, part
    receipt = BY_MODEL[Receipt]
    assert set(receipt.content) - {"id"} == {"donation_id", *RECEIPT_COLUMNS}
