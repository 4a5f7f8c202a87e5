"""Persistence: the tables (SQLAlchemy Core), engine set-up, unit of work, Alembic migrations, backups."""
