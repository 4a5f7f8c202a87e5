"""adjudication: provenance of gold spans, events and fields; notes sending an article back to a coder

Two new tables, nothing else changes: ``provenance`` (one row per gold span, event or field that was
decided, per rejected coder span, and for who closed a gold set) and ``review_notes``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('provenance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('coders', sa.JSON(), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('strategy', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.CheckConstraint("kind IN ('span', 'event', 'field', 'rejected', 'closed')", name=op.f('ck_provenance_kind')),
    sa.CheckConstraint("origin IN ('agreed', 'accepted', 'edited')", name=op.f('ck_provenance_origin')),
    sa.ForeignKeyConstraint(['set_id'], ['annotation_sets.id'], name=op.f('fk_provenance_set_id_annotation_sets'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_provenance')),
    sa.UniqueConstraint('set_id', 'kind', 'key', 'field', name='uq_provenance_set_kind_key_field')
    )
    with op.batch_alter_table('provenance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_provenance_set_id'), ['set_id'], unique=False)

    op.create_table('review_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('sent_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_review_notes_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coder_id'], ['coders.id'], name=op.f('fk_review_notes_coder_id_coders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_notes'))
    )
    with op.batch_alter_table('review_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_notes_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_notes_coder_id'), ['coder_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('review_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_notes_coder_id'))
        batch_op.drop_index(batch_op.f('ix_review_notes_article_id'))
    op.drop_table('review_notes')
    with op.batch_alter_table('provenance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_provenance_set_id'))
    op.drop_table('provenance')
