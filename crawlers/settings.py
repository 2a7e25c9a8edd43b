"""Scrapy settings of the annual report crawler: polite, bounded, and with no control ports open.

Production politeness is the default; tests and the benchmark override single settings with ``-s``
through :func:`crawlers.run.crawl`. ``NIANBAO_CRAWL_HTTPCACHE=1`` turns on the HTTP cache for
development.
"""

from __future__ import annotations

import os

from nianbao import home

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

USER_AGENT = (
    "nianbao-crawler/0.1 (+collects 政府信息公开工作年度报告 for the oversight office; "
    "honours robots.txt; contact: the 公开办 named in the registry)"
)
ROBOTSTXT_OBEY = True

# Never expose a control surface from an unattended crawl (Scrapy 2.19 starts RemoteControl by default).
REMOTE_CONTROL_ENABLED = False
TELNETCONSOLE_ENABLED = False

# Politeness: few parallel requests per site, adaptive delay.
CONCURRENT_REQUESTS = 16
# Each response yields a handful of requests or items; Scrapy's default of 100 parallel item workers per
# response only costs tasks.
CONCURRENT_ITEMS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # each delay drawn from 0.5–1.5 × DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Bounds.
DOWNLOAD_TIMEOUT = 60
DOWNLOAD_MAXSIZE = 40 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
REDIRECT_MAX_TIMES = 5
MEDIA_ALLOW_REDIRECTS = True

DOWNLOADER_MIDDLEWARES = {
    "crawlers.middlewares.RedirectGuard": 650,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.RobotsTxtMiddleware": 100,
}
ITEM_PIPELINES = {
    "crawlers.pipelines.RawStorePipeline": 100,
    "crawlers.pipelines.WarehousePipeline": 200,
}
# Local folders are made absolute so the paths remembered in the warehouse hold from any directory.
FILES_STORE = home.raw_store()
if "://" not in FILES_STORE:
    FILES_STORE = os.path.abspath(FILES_STORE)

HTTPCACHE_ENABLED = os.environ.get("NIANBAO_CRAWL_HTTPCACHE") == "1"
HTTPCACHE_DIR = str(home.home() / "httpcache")  # absolute: no scrapy.cfg above the cwd
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"

LOG_LEVEL = "INFO"
