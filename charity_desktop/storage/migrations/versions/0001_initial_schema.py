"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "offices",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("province", sa.String(length=100), nullable=False),
        sa.Column("county", sa.String(length=100), nullable=False),
        sa.Column("is_home", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
        sa.UniqueConstraint("code", name=op.f("uq_offices_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_offices_uuid")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "campaigns",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=True),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_campaigns_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("office_id", "name_key", name=op.f("uq_campaigns_office_id_name_key")),
        sa.UniqueConstraint("uuid", name=op.f("uq_campaigns_uuid")),
    )
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaigns_office_id"), ["office_id"], unique=False)

    op.create_table(
        "counties",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_counties_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counties")),
        sa.UniqueConstraint("office_id", "name_key", name=op.f("uq_counties_office_id_name_key")),
        sa.UniqueConstraint("uuid", name=op.f("uq_counties_uuid")),
    )
    with op.batch_alter_table("counties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counties_office_id"), ["office_id"], unique=False)

    op.create_table(
        "donors",
        sa.Column("donor_type", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("national_id", sa.String(length=11), nullable=True),
        sa.Column("mobile", sa.String(length=11), nullable=True),
        sa.Column("address", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.CheckConstraint("donor_type IN ('person', 'legal')", name=op.f("ck_donors_donor_type")),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_donors_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_donors")),
        sa.UniqueConstraint("uuid", name=op.f("uq_donors_uuid")),
    )
    with op.batch_alter_table("donors", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_donors_mobile"), ["mobile"], unique=False)
        batch_op.create_index(batch_op.f("ix_donors_name_key"), ["name_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_donors_national_id"), ["national_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_donors_office_id"), ["office_id"], unique=False)

    op.create_table(
        "institutions",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("license_number", sa.String(length=50), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_institutions_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_institutions")),
        sa.UniqueConstraint(
            "office_id", "name_key", name=op.f("uq_institutions_office_id_name_key")
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_institutions_uuid")),
    )
    with op.batch_alter_table("institutions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_institutions_office_id"), ["office_id"], unique=False)

    op.create_table(
        "intents",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_key", sa.String(length=100), nullable=False),
        sa.Column("is_religious", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_intents_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intents")),
        sa.UniqueConstraint("office_id", "name_key", name=op.f("uq_intents_office_id_name_key")),
        sa.UniqueConstraint("uuid", name=op.f("uq_intents_uuid")),
    )
    with op.batch_alter_table("intents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_intents_office_id"), ["office_id"], unique=False)

    op.create_table(
        "receipt_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_receipt_series_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt_series")),
        sa.UniqueConstraint("office_id", "year", name=op.f("uq_receipt_series_office_id_year")),
    )
    op.create_table(
        "collection_points",
        sa.Column("county_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["county_id"], ["counties.id"], name=op.f("fk_collection_points_county_id_counties")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_collection_points_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_collection_points")),
        sa.UniqueConstraint(
            "county_id", "name_key", name=op.f("uq_collection_points_county_id_name_key")
        ),
        sa.UniqueConstraint("uuid", name=op.f("uq_collection_points_uuid")),
    )
    with op.batch_alter_table("collection_points", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_collection_points_county_id"), ["county_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_collection_points_office_id"), ["office_id"], unique=False
        )

    op.create_table(
        "donations",
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("amount_rials", sa.BigInteger(), nullable=False),
        sa.Column("donated_on", sa.Date(), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("intent_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("county_id", sa.Integer(), nullable=True),
        sa.Column("collection_point_id", sa.Integer(), nullable=True),
        sa.Column("institution_id", sa.Integer(), nullable=True),
        sa.Column("donor_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("quantity", sa.String(length=20), nullable=True),
        sa.Column("quantity_unit", sa.String(length=30), nullable=True),
        sa.Column("service_minutes", sa.Integer(), nullable=True),
        sa.Column("clerk", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("receipt_year", sa.Integer(), nullable=True),
        sa.Column("receipt_sequence", sa.Integer(), nullable=True),
        sa.Column("receipt_number", sa.String(length=30), nullable=True),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.CheckConstraint(
            "channel IN ('desk', 'pos', 'bank_transfer', 'ussd', 'online', 'collection_box')",
            name=op.f("ck_donations_channel"),
        ),
        sa.CheckConstraint(
            "kind IN ('cash', 'in_kind', 'service')", name=op.f("ck_donations_kind")
        ),
        sa.CheckConstraint(
            "(institution_id IS NULL) = (receipt_number IS NOT NULL)",
            name=op.f("ck_donations_receipt_if_office"),
        ),
        sa.CheckConstraint("amount_rials > 0", name=op.f("ck_donations_amount_positive")),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_donations_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["collection_point_id"],
            ["collection_points.id"],
            name=op.f("fk_donations_collection_point_id_collection_points"),
        ),
        sa.ForeignKeyConstraint(
            ["county_id"], ["counties.id"], name=op.f("fk_donations_county_id_counties")
        ),
        sa.ForeignKeyConstraint(
            ["donor_id"], ["donors.id"], name=op.f("fk_donations_donor_id_donors")
        ),
        sa.ForeignKeyConstraint(
            ["institution_id"],
            ["institutions.id"],
            name=op.f("fk_donations_institution_id_institutions"),
        ),
        sa.ForeignKeyConstraint(
            ["intent_id"], ["intents.id"], name=op.f("fk_donations_intent_id_intents")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_donations_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_donations")),
        sa.UniqueConstraint(
            "office_id",
            "receipt_year",
            "receipt_sequence",
            name=op.f("uq_donations_office_id_receipt_year_receipt_sequence"),
        ),
        sa.UniqueConstraint("receipt_number", name=op.f("uq_donations_receipt_number")),
        sa.UniqueConstraint("uuid", name=op.f("uq_donations_uuid")),
    )
    with op.batch_alter_table("donations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_donations_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_donations_county_id"), ["county_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_donations_donated_on"), ["donated_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_donations_donor_id"), ["donor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_donations_intent_id"), ["intent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_donations_office_id"), ["office_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("donations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_donations_office_id"))
        batch_op.drop_index(batch_op.f("ix_donations_intent_id"))
        batch_op.drop_index(batch_op.f("ix_donations_donor_id"))
        batch_op.drop_index(batch_op.f("ix_donations_donated_on"))
        batch_op.drop_index(batch_op.f("ix_donations_county_id"))
        batch_op.drop_index(batch_op.f("ix_donations_campaign_id"))

    op.drop_table("donations")
    with op.batch_alter_table("collection_points", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_collection_points_office_id"))
        batch_op.drop_index(batch_op.f("ix_collection_points_county_id"))

    op.drop_table("collection_points")
    op.drop_table("receipt_series")
    with op.batch_alter_table("intents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intents_office_id"))

    op.drop_table("intents")
    with op.batch_alter_table("institutions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_institutions_office_id"))

    op.drop_table("institutions")
    with op.batch_alter_table("donors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_donors_office_id"))
        batch_op.drop_index(batch_op.f("ix_donors_national_id"))
        batch_op.drop_index(batch_op.f("ix_donors_name_key"))
        batch_op.drop_index(batch_op.f("ix_donors_mobile"))

    op.drop_table("donors")
    with op.batch_alter_table("counties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counties_office_id"))

    op.drop_table("counties")
    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaigns_office_id"))

    op.drop_table("campaigns")
    op.drop_table("settings")
    op.drop_table("offices")
