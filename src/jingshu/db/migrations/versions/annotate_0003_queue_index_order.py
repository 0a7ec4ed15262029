"""the item queue's index ends with the id: the next item is the first unlocked one read
in (taken, id) order, not the best of all open items sorted on every request

Revision ID: annotate_0003
Revises: annotate_0002
"""

from alembic import op

revision = "annotate_0003"
down_revision = "annotate_0002"
branch_labels = None
depends_on = None

OLD = ["project_id", "is_gold", "done", "taken"]


def upgrade() -> None:
    with op.batch_alter_table("annotation_items") as batch:
        batch.drop_index("ix_annotation_items_queue")
        batch.create_index("ix_annotation_items_queue", [*OLD, "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("annotation_items") as batch:
        batch.drop_index("ix_annotation_items_queue")
        batch.create_index("ix_annotation_items_queue", OLD, unique=False)
