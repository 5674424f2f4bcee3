"""audit entries numbered, one entry per previous hash

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

`seq` numbers the chain (what an anchor outside the database counts); a unique `prev_hash`
makes a fork of the chain impossible whatever the desks do. Upgrading an older database
also seals every trusted record once (`storage.schema.ensure_schema`).
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("seq", sa.Integer(), nullable=True))
    audit = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("seq", sa.Integer))
    connection = op.get_bind()
    ids = [row[0] for row in connection.execute(sa.select(audit.c.id).order_by(audit.c.id))]
    update = sa.update(audit).where(audit.c.id == sa.bindparam("key")).values(seq=sa.bindparam("n"))
    for start in range(0, len(ids), 5000):
        connection.execute(
            update,
            [{"key": key, "n": start + i + 1} for i, key in enumerate(ids[start : start + 5000])],
        )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_audit_log_seq"), ["seq"])
        batch_op.create_unique_constraint(batch_op.f("uq_audit_log_prev_hash"), ["prev_hash"])


def downgrade() -> None:
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_audit_log_prev_hash"), type_="unique")
        batch_op.drop_constraint(batch_op.f("uq_audit_log_seq"), type_="unique")
        batch_op.drop_column("seq")
