"""project gazetteer: places a project loads with ``annotator gazetteer add`` (issue #13)

One new table, nothing else changes: ``gazetteer_places``, the project's own places (villages the
bundled GeoNames data lacks), shared by the team on PostgreSQL.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-20 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('gazetteer_places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('geonameid', sa.BigInteger(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('alternate_names', sa.Text(), nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('admin1', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('admin2', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('admin3', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=False),
    sa.Column('longitude', sa.Float(), nullable=False),
    sa.Column('population', sa.BigInteger(), nullable=False),
    sa.Column('feature', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gazetteer_places'))
    )
    with op.batch_alter_table('gazetteer_places', schema=None) as batch_op:
        batch_op.create_index('ix_gazetteer_places_country_name', ['country', 'name'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('gazetteer_places', schema=None) as batch_op:
        batch_op.drop_index('ix_gazetteer_places_country_name')

    op.drop_table('gazetteer_places')
