"""annotation rights: grants that allow annotation; the grant a project was made under

Revision ID: annotate_0002
Revises: annotate_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "annotate_0002"
down_revision = "annotate_0001"
branch_labels = None
depends_on = ("circulation_0001",)


def upgrade() -> None:
    with op.batch_alter_table("circulation_grants") as batch:
        batch.add_column(sa.Column("annotate", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("annotation_projects") as batch:
        batch.add_column(sa.Column("grant_id", sa.String(length=32), nullable=True))
        batch.create_foreign_key("fk_annotation_projects_grant_id", "circulation_grants",
                                 ["grant_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("annotation_projects") as batch:
        batch.drop_constraint("fk_annotation_projects_grant_id", type_="foreignkey")
        batch.drop_column("grant_id")
    with op.batch_alter_table("circulation_grants") as batch:
        batch.drop_column("annotate")
