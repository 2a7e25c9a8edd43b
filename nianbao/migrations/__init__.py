"""Alembic migrations of the warehouse; run them with ``nianbao db upgrade`` (see ``warehouse.migrate``).

Each migration is frozen: it carries the constants and helpers it needs and imports nothing of nianbao, so
today's code never changes what an old migration does. Migrations change tables only; the views are
created from their SQL files by the runner once the database is at the newest revision.
"""
