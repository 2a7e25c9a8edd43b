"""The crawler: a registry of sources, a Scrapy project that collects annual reports, and its runner.

``crawlers.registry`` loads ``crawlers/sources/<jurisdiction>.yaml``; ``crawlers.spiders`` holds the one
registry-driven spider with per-CMS adapters in ``crawlers.adapters``; ``crawlers.run.crawl`` runs a
crawl in its own ``scrapy crawl`` process and returns the per-agency summary (``nianbao crawl`` prints it).
The fixture site the example registry describes lives with the tests (``tests.support.fixture_site``)::

    .venv/bin/python -m tests.support.fixture_site.build var/fixture_site
    .venv/bin/python -m tests.support.fixture_site.serve var/fixture_site --port 8765 -- \
        .venv/bin/nianbao crawl --year 2024 --fast
"""
