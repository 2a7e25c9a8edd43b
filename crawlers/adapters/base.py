"""What every list adapter returns, and the link reading the HTML list families share."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import TextResponse

from crawlers.recognise import find_date


@dataclass(frozen=True)
class ListEntry:
    """One item of a column: its title, where it points and the date printed next to it."""

    title: str
    url: str
    published_on: date | None = None


@dataclass
class ListPage:
    entries: list[ListEntry] = field(default_factory=list)
    more: list[str] = field(default_factory=list)  # further list pages or list-data URLs


class ListAdapter(Protocol):
    def parse(self, response: TextResponse) -> ListPage: ...


def clean(text: str | None) -> str:
    return " ".join((text or "").split())


def link_entries(selector: Selector, base_url: str) -> list[ListEntry]:
    """Every ``<a href>`` of ``selector`` whose title is not empty, dated from its list row."""
    entries = []
    for link in selector.xpath("//a[@href]"):
        href = (link.attrib.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        title = clean(link.attrib.get("title")) or clean(" ".join(link.xpath(".//text()").getall()))
        if not title:
            continue
        row = link.xpath("ancestor::*[self::li or self::tr or self::dd][1]")
        row_text = clean(" ".join(row.xpath(".//text()").getall())) if row else ""
        entries.append(ListEntry(title=title, url=urljoin(base_url, href), published_on=find_date(row_text)))
    return entries
