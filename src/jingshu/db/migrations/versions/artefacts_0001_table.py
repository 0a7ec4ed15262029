"""artefacts: registered files operators read (models, word lists), stored by sha256

Revision ID: artefacts_0001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "artefacts_0001"
down_revision = "0001"
branch_labels = ("artefacts",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "artefacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("kind",
                  sa.Enum("quality_model", "pii_model", "wordlist", name="artefactkind",
                          native_enum=False, length=20),
                  nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_artefacts_organization_id_organizations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_artefacts")),
        sa.UniqueConstraint("organization_id", "sha256", "kind",
                            name=op.f("uq_artefacts_organization_id")),
    )
    op.create_index(op.f("ix_artefacts_sha256"), "artefacts", ["sha256"])


def downgrade() -> None:
    op.drop_index(op.f("ix_artefacts_sha256"), table_name="artefacts")
    op.drop_table("artefacts")
