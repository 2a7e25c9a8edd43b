"""Downloader middlewares: a guard against redirects, and robots.txt obeyed by every request.

:class:`RedirectGuard` is seen before Scrapy's RedirectMiddleware: a redirect to a host outside the
registry, or back to a URL already in the redirect chain, is not followed; the request fails with the
reason. :class:`RobotsTxtMiddleware` replaces Scrapy's own (see there).
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares import robotstxt
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
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


class RobotsTxtMiddleware(robotstxt.RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every request that waits for robots.txt getting the rules.

    In Scrapy 2.19 the requests waiting while a host's robots.txt is fetched all await the same Deferred
    through ``Deferred.asFuture``, whose callback passes None down the chain: only the first waiter gets
    the parser and the others are let through unchecked (on a portal hosting many agencies, most of
    them). Here each waiter gets a Deferred of its own.
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)
        mine: Deferred[RobotParser | None] = Deferred()

        def relay(parser: RobotParser | None) -> RobotParser | None:
            mine.callback(parser)
            return parser

        pending.addCallback(relay)
        return await maybe_deferred_to_future(mine)
