"""Alembic migrations of the warehouse; run them with ``nianbao db upgrade`` (see ``warehouse.migrate``)."""
