"""corpus: each run names the job (jobs table) that executes it

Revision ID: corpus_0002
Revises: corpus_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "corpus_0002"
down_revision = "corpus_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("corpus_runs") as batch:
        batch.add_column(sa.Column("job_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_corpus_runs_job_id"), ["job_id"])


def downgrade() -> None:
    with op.batch_alter_table("corpus_runs") as batch:
        batch.drop_index(batch.f("ix_corpus_runs_job_id"))
        batch.drop_column("job_id")
