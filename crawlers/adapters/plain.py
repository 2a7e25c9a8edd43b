"""Plain list pages: links in the page, and a 「下一页」 link to the next page."""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy.http import TextResponse

from crawlers.adapters.base import ListPage, clean, link_entries

_NEXT_WORDS = ("下一页", "下页", "后一页")


def parse(response: TextResponse) -> ListPage:
    page = ListPage(entries=link_entries(response.selector, response.url))
    for link in response.xpath("//a[@href]"):
        text = clean(" ".join(link.xpath(".//text()").getall()))
        if any(word in text for word in _NEXT_WORDS) or "next" in (link.attrib.get("class") or ""):
            page.more.append(urljoin(response.url, link.attrib["href"]))
    next_urls = set(page.more)
    page.entries = [entry for entry in page.entries if entry.url not in next_urls]
    return page
