"""accounts: registration attempts per address (throttling self-registration)

Revision ID: accounts_0003
Revises: accounts_0002
"""

import sqlalchemy as sa
from alembic import op

revision = "accounts_0003"
down_revision = "accounts_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "registration_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_attempts")),
    )
    op.create_index(op.f("ix_registration_attempts_address"), "registration_attempts",
                    ["address"])
    op.create_index(op.f("ix_registration_attempts_at"), "registration_attempts", ["at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_registration_attempts_at"), table_name="registration_attempts")
    op.drop_index(op.f("ix_registration_attempts_address"), table_name="registration_attempts")
    op.drop_table("registration_attempts")
