"""governance: requests to lower a dataset's protection, decided by a second person

Revision ID: governance_0001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "governance_0001"
down_revision = "0001"
branch_labels = ("governance",)
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=20)


def _tier() -> sa.Enum:
    return _enum("opentier", "unconditional", "conditional", "not_open")


def _grade() -> sa.Enum:
    return _enum("grade", "general", "important", "core")


def _level() -> sa.Enum:
    return _enum("sensitivity", "L1", "L2", "L3", "L4")


def upgrade() -> None:
    op.create_table(
        "regrade_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("from_tier", _tier(), nullable=False),
        sa.Column("from_grade", _grade(), nullable=False),
        sa.Column("from_sensitivity", _level(), nullable=False),
        sa.Column("to_tier", _tier(), nullable=False),
        sa.Column("to_grade", _grade(), nullable=False),
        sa.Column("to_sensitivity", _level(), nullable=False),
        sa.Column("status", _enum("regradestatus", "pending", "approved", "rejected"),
                  nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["dataset_id"], ["datasets.id"],
                                name=op.f("fk_regrade_requests_dataset_id_datasets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_regrade_requests")),
    )
    op.create_index(op.f("ix_regrade_requests_dataset_id"), "regrade_requests",
                    ["dataset_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_regrade_requests_dataset_id"), table_name="regrade_requests")
    op.drop_table("regrade_requests")
