"""accounts: self-registration awaiting an organization admin's approval

Revision ID: accounts_0002
Revises: accounts_0001
"""

import sqlalchemy as sa
from alembic import op

revision = "accounts_0002"
down_revision = "accounts_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("org_admin", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.create_table(
        "registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("status", sa.Enum("pending", "approved", "rejected",
                                    name="registrationstatus", native_enum=False, length=20),
                  nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_registrations_user_id_users"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["organization_id"], ["organizations.id"],
                                name=op.f("fk_registrations_organization_id_organizations")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registrations")),
        sa.UniqueConstraint("user_id", name=op.f("uq_registrations_user_id")),
    )
    op.create_index(op.f("ix_registrations_organization_id"), "registrations",
                    ["organization_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_registrations_organization_id"), table_name="registrations")
    op.drop_table("registrations")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("org_admin")
