"""team coding: row versions, key counters, assignments, the stored codebook, project settings

Every mutable row gets a version (optimistic concurrency); annotation sets get the counters their
span and event keys are drawn from, the token of their last edit (exactly-once after a dropped
connection) and when they were marked done. New tables: assignments, codebooks (one row per
version), settings (the project's id). On PostgreSQL, triggers announce changes on the channel
'annotator.<schema>' (LISTEN/NOTIFY); payloads carry ids only, never content.

New columns have server defaults, so existing rows (and Core inserts that do not name them) get
version 1 and counters 0; sets already done get their last update as the time they were done.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 16:00:00
"""

from __future__ import annotations

import datetime as dt
import uuid

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _version() -> sa.Column:
    return sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False)


def upgrade() -> None:
    with op.batch_alter_table('coders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False))
        batch_op.add_column(_version())
    with op.batch_alter_table('annotation_sets', schema=None) as batch_op:
        batch_op.add_column(_version())
        batch_op.add_column(sa.Column('span_seq', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('event_seq', sa.Integer(), server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('last_edit', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('done_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('spans', schema=None) as batch_op:
        batch_op.add_column(_version())
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(_version())
    op.execute("UPDATE annotation_sets SET done_at = updated_at WHERE status = 'done'")

    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('coder_id', sa.Integer(), nullable=False),
    sa.Column('batch', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('assigned_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('assigned_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_assignments_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['coder_id'], ['coders.id'], name=op.f('fk_assignments_coder_id_coders')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments')),
    sa.UniqueConstraint('article_id', 'coder_id', name='uq_assignments_article_coder')
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_coder_id'), ['coder_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_batch'), ['batch'], unique=False)

    op.create_table('codebooks',
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('changes', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('version', name=op.f('pk_codebooks'))
    )
    settings = op.create_table('settings',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.bulk_insert(settings, [
        {'key': 'project_id', 'value': uuid.uuid4().hex},
        {'key': 'created', 'value': dt.datetime.now(dt.UTC).isoformat(timespec='seconds')},
    ])
    if op.get_bind().dialect.name == 'postgresql':
        for statement in _NOTIFY:
            op.execute(statement)


# One channel per schema, so that projects (and test runs) sharing a database do not hear each other.
# An edit updates its set twice (the lock, then the status): the payload names the set and its
# version only, so the two are identical and PostgreSQL delivers one.
_NOTIFY = (
    """CREATE OR REPLACE FUNCTION annotator_notify_set() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('annotator.' || TG_TABLE_SCHEMA, json_build_object(
            't', 'set', 'id', NEW.id, 'a', NEW.article_id, 'c', NEW.coder_id, 'v', NEW.version)::text);
        RETURN NULL;
    END $$""",
    """CREATE OR REPLACE FUNCTION annotator_notify_table() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('annotator.' || TG_TABLE_SCHEMA, json_build_object('t', TG_TABLE_NAME)::text);
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER annotation_sets_notify_row AFTER UPDATE ON annotation_sets "
    "FOR EACH ROW EXECUTE FUNCTION annotator_notify_set()",
    "CREATE TRIGGER annotation_sets_notify AFTER INSERT OR DELETE ON annotation_sets "
    "FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify_table()",
    "CREATE TRIGGER assignments_notify AFTER INSERT OR UPDATE OR DELETE ON assignments "
    "FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify_table()",
    "CREATE TRIGGER codebooks_notify AFTER INSERT OR UPDATE OR DELETE ON codebooks "
    "FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify_table()",
    "CREATE TRIGGER coders_notify AFTER INSERT OR UPDATE OR DELETE ON coders "
    "FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify_table()",
    "CREATE TRIGGER articles_notify AFTER INSERT OR DELETE ON articles "
    "FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify_table()",
)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for table, trigger in (('annotation_sets', 'annotation_sets_notify_row'),
                               ('annotation_sets', 'annotation_sets_notify'),
                               ('assignments', 'assignments_notify'), ('codebooks', 'codebooks_notify'),
                               ('coders', 'coders_notify'), ('articles', 'articles_notify')):
            op.execute(f'DROP TRIGGER IF EXISTS {trigger} ON {table}')
        op.execute('DROP FUNCTION IF EXISTS annotator_notify_set()')
        op.execute('DROP FUNCTION IF EXISTS annotator_notify_table()')
    op.drop_table('settings')
    op.drop_table('codebooks')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_batch'))
        batch_op.drop_index(batch_op.f('ix_assignments_coder_id'))
        batch_op.drop_index(batch_op.f('ix_assignments_article_id'))
    op.drop_table('assignments')
    for table in ('events', 'spans'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
    with op.batch_alter_table('annotation_sets', schema=None) as batch_op:
        for column in ('done_at', 'last_edit', 'event_seq', 'span_seq', 'version'):
            batch_op.drop_column(column)
    with op.batch_alter_table('coders', schema=None) as batch_op:
        batch_op.drop_column('version')
        batch_op.drop_column('active')
