"""sandbox: declared column domains, budget ledgers, released queries

Revision ID: sandbox_0001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "sandbox_0001"
down_revision = "0001"
branch_labels = ("sandbox",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sandbox_configs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("columns", sa.JSON(), nullable=False),
        sa.Column("epsilon_total", sa.Float(), nullable=False),
        sa.Column("max_epsilon_per_query", sa.Float(), nullable=False),
        sa.Column("min_count", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dataset_id"], ["datasets.id"],
                                name=op.f("fk_sandbox_configs_dataset_id_datasets"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_configs")),
        sa.UniqueConstraint("dataset_id", name=op.f("uq_sandbox_configs_dataset_id")),
    )
    op.create_table(
        "sandbox_ledgers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("epsilon_total", sa.Float(), nullable=False),
        sa.Column("epsilon_spent", sa.Float(), nullable=False),
        sa.Column("queries", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["dataset_id"], ["datasets.id"],
                                name=op.f("fk_sandbox_ledgers_dataset_id_datasets"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_sandbox_ledgers_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_ledgers")),
        sa.UniqueConstraint("dataset_id", "user_id", name=op.f("uq_sandbox_ledgers_dataset_id")),
    )
    op.create_table(
        "sandbox_queries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ledger_id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.String(length=32), nullable=False),
        sa.Column("version_id", sa.String(length=32), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("epsilon", sa.Float(), nullable=False),
        sa.Column("status",
                  sa.Enum("reserved", "released", "failed", name="querystatus",
                          native_enum=False, length=20),
                  nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["ledger_id"], ["sandbox_ledgers.id"],
                                name=op.f("fk_sandbox_queries_ledger_id_sandbox_ledgers"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sandbox_queries")),
    )


def downgrade() -> None:
    op.drop_table("sandbox_queries")
    op.drop_table("sandbox_ledgers")
    op.drop_table("sandbox_configs")
