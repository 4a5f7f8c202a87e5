"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 15:13:05.537004
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('language', sqlmodel.sql.sqltypes.AutoString(length=35), nullable=False),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('content_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_articles_content_hash')),
    sa.UniqueConstraint('external_id', name=op.f('uq_articles_external_id'))
    )
    op.create_table('coders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coders')),
    sa.UniqueConstraint('name', name=op.f('uq_coders_name'))
    )
    op.create_table('id_counters',
    sa.Column('prefix', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('prefix', name=op.f('pk_id_counters'))
    )
    op.create_table('annotation_sets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('coder', 'gold')", name=op.f('ck_annotation_sets_kind')),
    sa.CheckConstraint("status IN ('not_started', 'in_progress', 'done')", name=op.f('ck_annotation_sets_status')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_annotation_sets_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coder_id'], ['coders.id'], name=op.f('fk_annotation_sets_coder_id_coders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotation_sets')),
    sa.UniqueConstraint('article_id', 'coder_id', 'kind', name='uq_annotation_sets_article_coder_kind')
    )
    with op.batch_alter_table('annotation_sets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annotation_sets_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_annotation_sets_coder_id'), ['coder_id'], unique=False)
        batch_op.create_index('uq_annotation_sets_one_gold', ['article_id'], unique=True, sqlite_where=sa.text("kind = 'gold'"), postgresql_where=sa.text("kind = 'gold'"))

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('event_id_cnty', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('event_date', sa.Date(), nullable=True),
    sa.Column('time_precision', sa.Integer(), nullable=True),
    sa.Column('event_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sub_event_type', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('actor1', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('assoc_actor_1', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('inter1', sa.Integer(), nullable=True),
    sa.Column('actor2', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('assoc_actor_2', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('inter2', sa.Integer(), nullable=True),
    sa.Column('civilian_targeting', sa.Boolean(), nullable=False),
    sa.Column('country', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('admin1', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('admin2', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('admin3', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('geo_precision', sa.Integer(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('source_scale', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('fatalities', sa.Integer(), nullable=True),
    sa.Column('tags', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.CheckConstraint('fatalities IS NULL OR fatalities >= 0', name=op.f('ck_events_fatalities')),
    sa.CheckConstraint('geo_precision IS NULL OR geo_precision BETWEEN 1 AND 3', name=op.f('ck_events_geo_precision')),
    sa.CheckConstraint('inter1 IS NULL OR inter1 BETWEEN 1 AND 8', name=op.f('ck_events_inter1')),
    sa.CheckConstraint('inter2 IS NULL OR inter2 BETWEEN 1 AND 8', name=op.f('ck_events_inter2')),
    sa.CheckConstraint('time_precision IS NULL OR time_precision BETWEEN 1 AND 3', name=op.f('ck_events_time_precision')),
    sa.ForeignKeyConstraint(['set_id'], ['annotation_sets.id'], name=op.f('fk_events_set_id_annotation_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('event_id_cnty', name=op.f('uq_events_event_id_cnty')),
    sa.UniqueConstraint('set_id', 'key', name='uq_events_set_key')
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_set_id'), ['set_id'], unique=False)

    op.create_table('spans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('start_offset', sa.Integer(), nullable=False),
    sa.Column('end_offset', sa.Integer(), nullable=False),
    sa.Column('label', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.CheckConstraint('start_offset >= 0 AND end_offset > start_offset', name=op.f('ck_spans_offsets')),
    sa.ForeignKeyConstraint(['set_id'], ['annotation_sets.id'], name=op.f('fk_spans_set_id_annotation_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spans')),
    sa.UniqueConstraint('set_id', 'key', name='uq_spans_set_key')
    )
    with op.batch_alter_table('spans', schema=None) as batch_op:
        batch_op.create_index('ix_spans_set_start', ['set_id', 'start_offset'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('span_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_evidence_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['span_id'], ['spans.id'], name=op.f('fk_evidence_span_id_spans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('event_id', 'field', 'span_id', name='uq_evidence_event_field_span')
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_span_id'), ['span_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_span_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_event_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('spans', schema=None) as batch_op:
        batch_op.drop_index('ix_spans_set_start')

    op.drop_table('spans')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_set_id'))

    op.drop_table('events')
    with op.batch_alter_table('annotation_sets', schema=None) as batch_op:
        batch_op.drop_index('uq_annotation_sets_one_gold', sqlite_where=sa.text("kind = 'gold'"), postgresql_where=sa.text("kind = 'gold'"))
        batch_op.drop_index(batch_op.f('ix_annotation_sets_coder_id'))
        batch_op.drop_index(batch_op.f('ix_annotation_sets_article_id'))

    op.drop_table('annotation_sets')
    op.drop_table('id_counters')
    op.drop_table('coders')
    op.drop_table('articles')
