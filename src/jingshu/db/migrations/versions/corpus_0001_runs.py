"""corpus: recipe runs executed by the server

Revision ID: corpus_0001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "corpus_0001"
down_revision = "0001"
branch_labels = ("corpus",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corpus_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipe_name", sa.String(length=128), nullable=False),
        sa.Column("recipe_yaml", sa.Text(), nullable=False),
        sa.Column("source_version_id", sa.String(length=32), nullable=False),
        sa.Column("source_ref", sa.String(length=160), nullable=False),
        sa.Column("target_name", sa.String(length=128), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("status",
                  sa.Enum("queued", "running", "succeeded", "failed", name="runstatus",
                          native_enum=False, length=20),
                  nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("version_number", sa.Integer(), nullable=True),
        sa.Column("report", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["source_version_id"], ["dataset_versions.id"],
                                name=op.f("fk_corpus_runs_source_version_id_dataset_versions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_runs")),
    )
    op.create_index(op.f("ix_corpus_runs_created_by"), "corpus_runs", ["created_by"])
    op.create_index(op.f("ix_corpus_runs_source_version_id"), "corpus_runs",
                    ["source_version_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_corpus_runs_source_version_id"), table_name="corpus_runs")
    op.drop_index(op.f("ix_corpus_runs_created_by"), table_name="corpus_runs")
    op.drop_table("corpus_runs")
