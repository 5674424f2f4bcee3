"""Every table is either sealed whole into the audit chain or says why it is not."""

from charity_desktop.storage.models import Base
from charity_desktop.storage.trust import KINDS

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
