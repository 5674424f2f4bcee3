"""clerks' requests that a receipt be voided, decided by a supervisor

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "void_requests",
        sa.Column("donation_id", sa.Integer(), nullable=False),
        sa.Column("receipt_number", sa.String(length=30), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'refused')", name=op.f("ck_void_requests_status")
        ),
        sa.ForeignKeyConstraint(
            ["donation_id"], ["donations.id"], name=op.f("fk_void_requests_donation_id_donations")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_void_requests_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_void_requests")),
        sa.UniqueConstraint("uuid", name=op.f("uq_void_requests_uuid")),
    )
    op.create_index(
        op.f("ix_void_requests_donation_id"), "void_requests", ["donation_id"], unique=False
    )
    op.create_index(
        op.f("ix_void_requests_office_id"), "void_requests", ["office_id"], unique=False
    )
    op.create_index(op.f("ix_void_requests_status"), "void_requests", ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("void_requests")
