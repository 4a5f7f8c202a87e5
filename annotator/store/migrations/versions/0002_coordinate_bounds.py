"""coordinate bounds: latitude and longitude checked like the other bounded event fields

The field definitions (annotator.domain.fields) bound latitude to -90..90 and longitude to
-180..180; the model enforced that, the events table did not. On SQLite batch mode rebuilds the
events table (schema.upgrade turns foreign keys off meanwhile, so evidence rows are kept).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 10:00:00
"""

from __future__ import annotations

from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_check_constraint(
            op.f('ck_events_latitude'), 'latitude IS NULL OR latitude BETWEEN -90 AND 90'
        )
        batch_op.create_check_constraint(
            op.f('ck_events_longitude'), 'longitude IS NULL OR longitude BETWEEN -180 AND 180'
        )


def downgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_events_longitude'), type_='check')
        batch_op.drop_constraint(op.f('ck_events_latitude'), type_='check')
