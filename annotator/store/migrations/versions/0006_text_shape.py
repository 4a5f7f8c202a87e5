"""text shape: what showing a long article's text needs, stored with it (issue #9)

Two nullable columns on ``articles``, nothing else changes: ``astral_at`` (the code-point
positions of the text's astral characters, comma-separated) and ``may_rtl`` (whether it may hold
right-to-left letters), filled when a long article is stored (``annotator.domain.text_shape``).
Articles stored before keep them empty: their shape is worked out when they are opened, as before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-21 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("astral_at", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("may_rtl", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_column("may_rtl")
        batch_op.drop_column("astral_at")
