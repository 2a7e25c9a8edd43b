"""HTML reader: a government CMS article page to ``Document`` blocks.

Decoding: BOM, else the declared ``<meta charset>`` / ``http-equiv`` charset, else strict UTF-8, else
GB18030 (declared GB2312/GBK pages are always decoded as GB18030, their superset). Page chrome (scripts,
navigation, headers and footers, menus, breadcrumbs, share bars) is removed, then the report body is
found: a known content container (``#zoom``, ``.TRS_Editor``, ``#UCAP-CONTENT``…) if one holds most of the
text, else the element with the most paragraph text, widened to take in the report title when that sits
just outside. Headings become ``TextLine(kind="heading")``, other block text ``kind="paragraph"`` (``<br>``
splits lines), data tables become ``Table`` grids with rowspan/colspan positions ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

import lxml.html
from lxml import etree

from parsers.document import Block, Document, ParseError, Table, TextLine
from parsers.limits import Deadline, Limits, format_bytes
from parsers.text import bom_encoding

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.I)
_CHARSET_WINDOW = 8192
_GB_FAMILY = {"gb2312", "gbk", "x-gbk", "gb_2312-80", "cp936", "ms936", "euc-cn", "gb18030", "csgb2312"}
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_XML_INCOMPATIBLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"\s+")

_CHROME_TAGS = {
    "script", "style", "noscript", "template", "iframe", "nav", "aside", "select", "button", "input",
    "textarea", "svg", "object", "embed", "map", "link",
}  # fmt: skip
# <header>/<footer> are chrome unless they belong to an article (then they hold its title or date).
_PAGE_SECTION_TAGS = {"header", "footer"}
_CHROME_TOKENS = {
    "header", "footer", "foot", "head", "top", "bottom", "topbar", "sidebar", "position", "location",
    "dqwz", "copyright", "links", "friendlink", "toolbar", "print", "pagination", "pager",
}  # fmt: skip
_CHROME_SUBSTRINGS = ("nav", "menu", "crumb", "share")
# An element whose id/class looks like chrome but holds more than this share of the page's text is kept:
# it wraps the body.
_CHROME_MAX_SHARE = 0.5

_CONTENT_IDS = {"zoom", "ucap-content", "content", "article", "fontzoom", "zoomcon", "info_content", "detail"}
_CONTENT_CLASSES = {
    "trs_editor", "article-content", "article_content", "content", "article", "main-content", "news_content",
    "detail", "pages_content", "view", "zoom", "txt_content", "wzy_content",
}  # fmt: skip
# A content container is trusted if it has this share of the page text; the smallest one with nearly the
# text of the largest wins (a page-wide ".content" wrapper loses to the "#zoom" inside it).
_CONTAINER_MIN_SHARE = 0.3
_CONTAINER_NEARLY_ALL = 0.8
_TITLE_MARK = "年度报告"
# Widening the body to an ancestor that holds the title may add at most this much text.
_WIDEN_FACTOR, _WIDEN_SLACK = 1.5, 500

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_BLOCK_TAGS = _HEADINGS | {
    "html", "body", "p", "div", "section", "article", "main", "header", "footer", "li", "ul", "ol", "dl",
    "dt", "dd", "blockquote", "center", "address", "figure", "figcaption", "fieldset", "form", "hr",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption",
}  # fmt: skip
_PARAGRAPH_LIKE = _HEADINGS | {"p", "table", "pre", "blockquote", "li", "center", "span", "font", "strong"}
_MAX_SPAN = 1000


def read_html(data: bytes, limits: Limits) -> Document:
    """Read an HTML page holding a report."""
    if len(data) > limits.max_html_bytes:
        raise ParseError(f"网页大小超过上限（{format_bytes(limits.max_html_bytes)}）")
    deadline = limits.deadline()
    text = _XML_INCOMPATIBLE.sub("", _XML_DECLARATION.sub("", decode_html(data)))
    try:
        root = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError("网页内容为空或无法解析") from exc
    metadata = _metadata(root)
    _remove_chrome(root)
    blocks = list(_BlockWalker(deadline).walk(_find_body(root)))
    if not blocks:
        raise ParseError("网页中没有找到正文")
    return Document(format="html", blocks=blocks, metadata=metadata)


def decode_html(data: bytes) -> str:
    """The page as text, by BOM, declared charset, strict UTF-8 or GB18030, in that order."""
    bom = bom_encoding(data)
    if bom:
        return data.decode(bom, errors="replace")
    candidates = ["utf-8", "gb18030"]
    declared = _CHARSET.search(data[:_CHARSET_WINDOW])
    if declared:
        name = declared.group(1).decode("ascii").lower()
        candidates.insert(0, "gb18030" if name in _GB_FAMILY else name)
    for encoding in dict.fromkeys(candidates):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")


def _metadata(root: lxml.html.HtmlElement) -> dict[str, str]:
    metadata = {}
    for meta in root.iter("meta"):
        name, content = meta.get("name"), meta.get("content")
        if name and content and content.strip():
            metadata[name.strip().lower()] = _clean(content)
    title = root.find(".//title")
    if title is not None and _clean(title.text_content()):
        metadata["title"] = _clean(title.text_content())
    return metadata


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text.replace("\xa0", " ")).strip()


def _text_length(element: lxml.html.HtmlElement) -> int:
    return len(_SPACES.sub("", element.text_content()))


# --- chrome --------------------------------------------------------------------------------------------


def _remove_chrome(root: lxml.html.HtmlElement) -> None:
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(element)
    page_text = max(_text_length(root), 1)
    for element in [e for e in root.iter() if isinstance(e.tag, str) and _is_chrome(e)]:
        never_content = element.tag in _CHROME_TAGS
        if never_content or _text_length(element) <= _CHROME_MAX_SHARE * page_text:
            _drop(element)


def _is_chrome(element: lxml.html.HtmlElement) -> bool:
    tag = element.tag
    if tag in _CHROME_TAGS:
        return True
    if tag in _PAGE_SECTION_TAGS:
        return not any(a.tag in ("article", "main") for a in element.iterancestors())
    if "display:none" in (element.get("style") or "").replace(" ", "").lower():
        return True
    tokens = _tokens(element)
    return bool(tokens & _CHROME_TOKENS) or any(s in t for t in tokens for s in _CHROME_SUBSTRINGS)


def _tokens(element: lxml.html.HtmlElement) -> set[str]:
    """The element's id and class names, lower-cased."""
    return set(f"{element.get('id') or ''} {element.get('class') or ''}".lower().split())


def _drop(element: etree._Element) -> None:
    """Remove an element but keep its tail text in the tree."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# --- the report body -----------------------------------------------------------------------------------


def _find_body(root: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    page = root.find("body")
    if page is None:
        page = root
    page_text = _text_length(page)
    body = _content_container(page, page_text)
    if body is None:
        body = _densest(page)
    if _TITLE_MARK in page.text_content() and _TITLE_MARK not in body.text_content():
        limit = _WIDEN_FACTOR * _text_length(body) + _WIDEN_SLACK
        for ancestor in body.iterancestors():
            if _text_length(ancestor) > limit:
                break
            if _TITLE_MARK in ancestor.text_content():
                return ancestor
    return body


def _content_container(page: lxml.html.HtmlElement, page_text: int) -> lxml.html.HtmlElement | None:
    found = []
    for element in page.iter():
        if not isinstance(element.tag, str):
            continue
        classes = set((element.get("class") or "").lower().split())
        if (element.get("id") or "").lower() in _CONTENT_IDS or classes & _CONTENT_CLASSES:
            found.append((_text_length(element), element))
    found = [(n, e) for n, e in found if n >= _CONTAINER_MIN_SHARE * page_text and n > 0]
    if not found:
        return None
    most = max(n for n, _ in found)
    return min((n, i, e) for i, (n, e) in enumerate(found) if n >= _CONTAINER_NEARLY_ALL * most)[2]


def _densest(page: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element whose own text plus paragraph-like children's text (data tables too) is largest."""
    best, best_score = page, -1
    for element in page.iter():
        if not isinstance(element.tag, str) or element.tag in _PARAGRAPH_LIKE - {"table"}:
            continue
        own = len(_SPACES.sub("", (element.text or "") + "".join(c.tail or "" for c in element)))
        score = own + sum(_text_length(c) for c in element if _is_paragraph(c))
        if score > best_score:
            best, best_score = element, score
    return best


def _is_paragraph(element: lxml.html.HtmlElement) -> bool:
    if element.tag == "table":
        return not _is_layout_table(element)
    return isinstance(element.tag, str) and element.tag in _PARAGRAPH_LIKE


# --- blocks --------------------------------------------------------------------------------------------


class _BlockWalker:
    """Walks an element in document order, turning block text into lines and data tables into grids."""

    def __init__(self, deadline: Deadline) -> None:
        self._deadline = deadline
        self._buffer: list[str] = []
        self._kind: Literal["heading", "paragraph"] = "paragraph"

    def walk(self, element: lxml.html.HtmlElement) -> Iterator[Block]:
        yield from self._visit(element)
        yield from self._flush()

    def lines(self, element: lxml.html.HtmlElement) -> list[str]:
        """The text lines of an element (for a table cell)."""
        return [b.text for b in self.walk(element) if isinstance(b, TextLine)]

    def _flush(self) -> Iterator[Block]:
        text = _clean("".join(self._buffer))
        self._buffer.clear()
        if text:
            yield TextLine(text, kind=self._kind)

    def _visit(self, element: lxml.html.HtmlElement) -> Iterator[Block]:
        self._deadline.check()
        tag = element.tag
        if not isinstance(tag, str):
            return
        if tag == "br":
            yield from self._flush()
            return
        if tag == "table" and not _is_layout_table(element):
            yield from self._flush()
            rows = _grid(element, self._deadline)
            if rows:
                yield Table(rows)
            return
        if tag == "pre":
            yield from self._flush()
            lines = (line.strip() for line in element.text_content().splitlines())
            yield from (TextLine(line, kind="paragraph") for line in lines if line)
            return
        block = tag in _BLOCK_TAGS
        if block:
            yield from self._flush()
        outer = self._kind
        if tag in _HEADINGS:
            self._kind = "heading"
        if element.text:
            self._buffer.append(element.text)
        for child in element:
            yield from self._visit(child)
            if child.tail:
                self._buffer.append(child.tail)
        if block:
            yield from self._flush()
        self._kind = outer


def _is_layout_table(table: lxml.html.HtmlElement) -> bool:
    """A table used for page layout: it holds other tables, or just one cell."""
    if next(table.iterdescendants("table"), None) is not None:
        return True
    return sum(1 for _ in table.iter("td", "th")) <= 1


def _grid(table: lxml.html.HtmlElement, deadline: Deadline) -> list[list[str | None]]:
    """The table's cells on a grid; positions a rowspan/colspan covers (after its first) are ``None``."""
    rows = list(table.iter("tr"))
    filled: dict[tuple[int, int], str | None] = {}
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.iterchildren("td", "th"):
            while (r, c) in filled:
                c += 1
            rowspan = _span(cell.get("rowspan"), default_to=len(rows) - r)
            colspan = _span(cell.get("colspan"), default_to=1)
            for dr in range(min(rowspan, len(rows) - r)):
                for dc in range(colspan):
                    filled[(r + dr, c + dc)] = None
            filled[(r, c)] = "\n".join(_BlockWalker(deadline).lines(cell))
            c += colspan
    if not filled:
        return []
    width = max(c for _, c in filled) + 1
    return [[filled.get((r, c), "") for c in range(width)] for r in range(len(rows))]


def _span(value: str | None, default_to: int) -> int:
    """A rowspan/colspan attribute; 0 (rowspan: to the end of the table) means ``default_to``."""
    try:
        span = int((value or "1").strip())
    except ValueError:
        return 1
    if span == 0:
        return max(default_to, 1)
    return min(max(span, 1), _MAX_SPAN)
