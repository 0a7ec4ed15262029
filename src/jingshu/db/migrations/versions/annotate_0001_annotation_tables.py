"""annotation tables

Revision ID: annotate_0001
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "annotate_0001"
down_revision = "0001"
branch_labels = ("annotate",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "annotation_projects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("source_version_id", sa.String(length=32), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("label_schema", sa.JSON(), nullable=False),
        sa.Column("instructions", sa.Text(), nullable=False),
        sa.Column("examples", sa.JSON(), nullable=False),
        sa.Column("overlap", sa.Integer(), nullable=False),
        sa.Column("max_overlap", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("gold_rate", sa.Float(), nullable=False),
        sa.Column("lease_seconds", sa.Integer(), nullable=False),
        sa.Column("qualification_items", sa.Integer(), nullable=False),
        sa.Column("qualification_accuracy", sa.Float(), nullable=False),
        sa.Column("pause_below", sa.Float(), nullable=False),
        sa.Column("pause_min_gold", sa.Integer(), nullable=False),
        sa.Column("cost_per_answer", sa.Float(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("active", "closed", name="projectstate", native_enum=False, length=20),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organizations.id"],
            name=op.f("fk_annotation_projects_organization_id_organizations"),
        ),
        sa.ForeignKeyConstraint(
            ["source_version_id"],
            ["dataset_versions.id"],
            name=op.f("fk_annotation_projects_source_version_id_dataset_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation_projects")),
        sa.UniqueConstraint("name", name=op.f("uq_annotation_projects_name")),
    )
    op.create_table(
        "annotation_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("row_key", sa.String(length=200), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("is_gold", sa.Boolean(), nullable=False),
        sa.Column("gold_answer", sa.JSON(), nullable=True),
        sa.Column("needed", sa.Integer(), nullable=False),
        sa.Column("taken", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("label", sa.JSON(), nullable=True),
        sa.Column("label_confidence", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["annotation_projects.id"],
            name=op.f("fk_annotation_items_project_id_annotation_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation_items")),
        sa.UniqueConstraint("project_id", "row_key", name=op.f("uq_annotation_items_project_id")),
    )
    with op.batch_alter_table("annotation_items", schema=None) as batch_op:
        batch_op.create_index(
            "ix_annotation_items_queue", ["project_id", "is_gold", "done", "taken"], unique=False
        )

    op.create_table(
        "annotation_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.String(length=64), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "qualifying",
                "active",
                "failed",
                "paused",
                name="memberstate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("gold_seen", sa.Integer(), nullable=False),
        sa.Column("gold_correct", sa.Integer(), nullable=False),
        sa.Column("served", sa.Integer(), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["annotation_projects.id"],
            name=op.f("fk_annotation_members_project_id_annotation_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation_members")),
        sa.UniqueConstraint(
            "project_id", "annotator", name=op.f("uq_annotation_members_project_id")
        ),
    )
    op.create_table(
        "annotation_leases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("annotator", sa.String(length=64), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "open",
                "submitted",
                "skipped",
                "expired",
                name="leasestate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("leased_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("skip_reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["annotation_items.id"],
            name=op.f("fk_annotation_leases_item_id_annotation_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["annotation_projects.id"],
            name=op.f("fk_annotation_leases_project_id_annotation_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation_leases")),
        sa.UniqueConstraint("item_id", "annotator", name=op.f("uq_annotation_leases_item_id")),
    )
    with op.batch_alter_table("annotation_leases", schema=None) as batch_op:
        batch_op.create_index(
            "ix_annotation_leases_open", ["project_id", "state", "expires_at"], unique=False
        )

    op.create_table(
        "annotation_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("project_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("lease_id", sa.Integer(), nullable=True),
        sa.Column("annotator", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("is_gold", sa.Boolean(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "counted",
                "accepted",
                "rejected",
                "discarded",
                name="answerstate",
                native_enum=False,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("review_reason", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["annotation_items.id"],
            name=op.f("fk_annotation_answers_item_id_annotation_items"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["lease_id"],
            ["annotation_leases.id"],
            name=op.f("fk_annotation_answers_lease_id_annotation_leases"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project_id"],
            ["annotation_projects.id"],
            name=op.f("fk_annotation_answers_project_id_annotation_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_annotation_answers")),
        sa.UniqueConstraint("lease_id", name=op.f("uq_annotation_answers_lease_id")),
    )
    with op.batch_alter_table("annotation_answers", schema=None) as batch_op:
        batch_op.create_index("ix_annotation_answers_item", ["item_id", "state"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("annotation_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_annotation_answers_item")

    op.drop_table("annotation_answers")
    with op.batch_alter_table("annotation_leases", schema=None) as batch_op:
        batch_op.drop_index("ix_annotation_leases_open")

    op.drop_table("annotation_leases")
    op.drop_table("annotation_members")
    with op.batch_alter_table("annotation_items", schema=None) as batch_op:
        batch_op.drop_index("ix_annotation_items_queue")

    op.drop_table("annotation_items")
    op.drop_table("annotation_projects")
