"""donor search terms

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23

The table starts empty: the services fill it when they open the database (they alone
know how search terms are derived from a name).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "donor_search_terms",
        sa.Column(
            "term",
            sa.String(length=200).with_variant(sa.String(length=200, collation="C"), "postgresql"),
            nullable=False,
        ),
        sa.Column("donor_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["donor_id"],
            ["donors.id"],
            name=op.f("fk_donor_search_terms_donor_id_donors"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("term", "donor_id", name=op.f("pk_donor_search_terms")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("donor_search_terms", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_donor_search_terms_donor_id_term"), ["donor_id", "term"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("donor_search_terms", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_donor_search_terms_donor_id_term"))

    op.drop_table("donor_search_terms")
