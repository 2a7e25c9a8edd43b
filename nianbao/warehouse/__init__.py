"""The warehouse: the place of record for every report, document, number and finding.

``schema`` holds the tables, ``db`` the engine and sessions, ``migrate`` the Alembic upgrade,
``load`` the loading API, ``documents`` the crawler's incremental memory and the agency registry.
"""
