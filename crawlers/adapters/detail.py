"""Detail pages: the report's title, its 发布日期, the 来源 (who published it), and either its attachments
or the HTML body itself.

Attachments are links to ``.pdf .doc .docx .wps .xls .et`` files or to download scripts (``downfile.jsp?filename=…``);
when a report is attached in several formats the one the readers handle best is taken. Links to other web
pages are not attachments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import parse_qs, urljoin, urlsplit

from scrapy.http import TextResponse

from crawlers.adapters.base import clean
from crawlers.filenames import suffix_of
from crawlers.recognise import find_date

# Best first: what the readers parse most reliably (old formats need a LibreOffice conversion; a
# spreadsheet often holds the tables without the report's text).
FORMAT_PREFERENCE = (".docx", ".pdf", ".doc", ".wps", ".xls", ".et")
DOWNLOAD_SCRIPTS = ("downfile.jsp", "download.jsp", "downloadfile", "filedown")
_DATE_LABELS = ("发布日期", "发布时间", "成文日期", "日期")
_TITLE_XPATHS = (
    "//meta[@name='ArticleTitle']/@content",
    "//h1//text()",
    "//*[contains(@class,'title')]//text()",
    "//title/text()",
)
_DATE_XPATHS = ("//meta[@name='PubDate']/@content", "//meta[@name='pubdate']/@content")
_SOURCE_XPATHS = ("//meta[@name='ContentSource']/@content", "//meta[@name='contentsource']/@content")
_SOURCE_LABEL = re.compile(r"(?:来源|发布机构|发布单位)[:：]\s*(\S{2,40})")


@dataclass(frozen=True)
class Attachment:
    url: str
    name: str
    suffix: str | None  # None: a download script that does not say; the download's file name will


@dataclass(frozen=True)
class DetailPage:
    title: str
    published_on: date | None
    source: str | None  # the publishing agency the page names (ContentSource, 「来源：」)
    attachments: list[Attachment]

    def best_attachment(self) -> Attachment | None:
        ranked = sorted(self.attachments, key=lambda a: FORMAT_PREFERENCE.index(a.suffix)
                        if a.suffix in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE))
        return ranked[0] if ranked else None


def _title(response: TextResponse) -> str:
    for xpath in _TITLE_XPATHS:
        text = clean(" ".join(response.xpath(xpath).getall()))
        if text:
            return text
    return ""


def _published_on(response: TextResponse) -> date | None:
    for xpath in _DATE_XPATHS:
        found = find_date(response.xpath(xpath).get() or "")
        if found:
            return found
    text = clean(" ".join(response.xpath("//body//text()").getall()))
    for label in _DATE_LABELS:
        at = text.find(label)
        if at >= 0 and (found := find_date(text[at : at + 40])):
            return found
    return None


def _source(response: TextResponse) -> str | None:
    for xpath in _SOURCE_XPATHS:
        found = clean(response.xpath(xpath).get())
        if found:
            return found
    match = _SOURCE_LABEL.search(clean(" ".join(response.xpath("//body//text()").getall())))
    return match.group(1) if match else None


def attachment(url: str, text: str) -> Attachment | None:
    """What ``url`` (linked with ``text``) is as an attachment: a document file, a download script, or None."""
    parts = urlsplit(url)
    suffix = suffix_of(parts.path)
    if suffix in FORMAT_PREFERENCE:
        return Attachment(url=url, name=text, suffix=suffix)
    if suffix is None and any(script in parts.path.lower() for script in DOWNLOAD_SCRIPTS):
        names = parse_qs(parts.query).get("filename", [])
        named = (suffix_of(names[0]) if names else None) or suffix_of(text)
        return Attachment(url=url, name=text, suffix=named if named in FORMAT_PREFERENCE else None)
    return None


def parse(response: TextResponse) -> DetailPage:
    attachments: dict[str, Attachment] = {}
    for link in response.xpath("//a[@href]"):
        text = clean(" ".join(link.xpath(".//text()").getall())) or clean(link.attrib.get("title"))
        found = attachment(urljoin(response.url, link.attrib["href"].strip()), text)
        if found is not None:
            attachments.setdefault(found.url, found)
    return DetailPage(title=_title(response), published_on=_published_on(response), source=_source(response),
                      attachments=list(attachments.values()))
