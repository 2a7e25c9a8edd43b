"""TRS WCM columns: ``index.html``, ``index_1.html`` …; the page count is only in ``createPageHTML(…)``.

The script call is ``createPageHTML(count, current, "index", "html")``; the first page names all others.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from scrapy.http import TextResponse

from crawlers.adapters.base import ListPage, link_entries

_PAGER = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w-]+)[\"']\s*,\s*[\"'](\w+)[\"']")


def parse(response: TextResponse) -> ListPage:
    page = ListPage(entries=link_entries(response.selector, response.url))
    match = _PAGER.search(response.text)
    if match is not None and int(match.group(2)) == 0:
        count, prefix, suffix = int(match.group(1)), match.group(3), match.group(4)
        page.more = [urljoin(response.url, f"{prefix}_{n}.{suffix}") for n in range(1, count)]
    return page
