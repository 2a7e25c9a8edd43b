"""The crawler: a registry of sources, a Scrapy project that collects annual reports, and its runner.

``crawlers.registry`` loads ``crawlers/sources/<jurisdiction>.yaml``; ``crawlers.spiders`` holds the one
registry-driven spider with per-CMS adapters in ``crawlers.adapters``; ``crawlers.run.crawl`` runs a
crawl in its own ``scrapy crawl`` process and returns the per-agency summary.
"""
