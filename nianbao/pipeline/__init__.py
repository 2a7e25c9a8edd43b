"""The pipeline layer: every step of the yearly collection as a plain function.

``settings`` says where the warehouse, registry and raw store are (environment, or Airflow's Connection
and Variables); ``steps`` holds the steps (plan a year, crawl one jurisdiction, load one document, check a
jurisdiction-year, notify); ``site_health`` judges each crawl of each registry entry against its history;
``run`` chains the steps without a scheduler for ``nianbao run``. The Airflow DAGs in ``dags/`` and the CLI
call exactly these functions, with small JSON-serialisable inputs and outputs (ids, paths, counts).

What the other commands ask has a module each: ``parse`` (files on their own), ``warehouse`` (where it is,
whether it is ready, its schema, the dashboard), ``findings`` (the open findings and how they read),
``queries`` (the auditors' queries), ``export`` (the auditors' year), ``outbox`` (the alert outbox);
``errors`` names every error the commands catch, so that they import nothing below the pipeline.
"""
