"""Persistence: SQLModel tables, engine set-up, unit of work, Alembic migrations, backups."""
