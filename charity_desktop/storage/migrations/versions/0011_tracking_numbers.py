"""the bank's or card reader's tracking number of card-reader, transfer, USSD and online gifts

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("donations", sa.Column("tracking_number", sa.String(length=40), nullable=True))
    op.create_index(
        op.f("ix_donations_tracking_number"), "donations", ["tracking_number"], unique=False
    )


def downgrade() -> None:
    with op.batch_alter_table("donations") as batch_op:
        batch_op.drop_index(batch_op.f("ix_donations_tracking_number"))
        batch_op.drop_column("tracking_number")
