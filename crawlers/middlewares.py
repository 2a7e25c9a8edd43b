"""A downloader middleware that refuses redirects a hostile or broken site could use against us.

Seen before Scrapy's RedirectMiddleware: a redirect to a host outside the registry, or back to a URL
already in the redirect chain, is not followed; the request fails with the reason.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import canonicalize_url

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class RedirectGuard:
    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler) -> RedirectGuard:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider=None) -> Response:
        location = response.headers.get("Location")
        if response.status not in REDIRECT_STATUSES or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        host = urlsplit(target).hostname or ""
        if host not in self.crawler.spider.allowed_hosts:
            raise IgnoreRequest(f"重定向到登记范围外的主机 {host}，未跟随")
        chain = {canonicalize_url(url) for url in [*request.meta.get("redirect_urls", []), request.url]}
        if canonicalize_url(target) in chain:
            raise IgnoreRequest("重定向循环，未跟随")
        return response
