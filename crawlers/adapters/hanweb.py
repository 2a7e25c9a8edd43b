"""Hanweb columns: the column page names its list endpoint; ``dataproxy.jsp`` returns XML records.

The column page carries the ``dataproxy.jsp`` address and its ``columnid``/``unitid``/``webid``; the
endpoint answers ``startrecord``…``endrecord`` with ``<totalrecord>`` and CDATA ``<record>`` HTML
snippets. The XML is parsed with external entities, DTD loading and network access off.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

from lxml import etree
from parsel import Selector
from scrapy.http import TextResponse

from crawlers.adapters.base import ListPage, link_entries

PER_REQUEST = 45
_ENDPOINT = re.compile(r"""["']([^"']*dataproxy\.jsp)[^"']*["']""")
_PARAM = re.compile(r"""\b(columnid|unitid|webid)\s*[:=]\s*["']?(\d+)""")


class ListDataError(ValueError):
    """The list endpoint's answer is not the XML a Hanweb site sends."""


def safe_xml(body: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        raise ListDataError("列表数据不是有效的 XML") from exc
    if root is None:
        raise ListDataError("列表数据为空")
    return root


def _data_url(endpoint: str, params: dict[str, str], start: int) -> str:
    query = {**params, "startrecord": start, "endrecord": start + PER_REQUEST - 1, "perpage": 15}
    return f"{endpoint}?{urlencode(query)}"


def parse(response: TextResponse) -> ListPage:
    if urlsplit(response.url).path.endswith("dataproxy.jsp"):
        return _parse_records(response)
    endpoint = _ENDPOINT.search(response.text)
    params = dict(_PARAM.findall(response.text))
    if endpoint is None or "columnid" not in params:
        return ListPage(entries=link_entries(response.selector, response.url))
    return ListPage(more=[_data_url(urljoin(response.url, endpoint.group(1)), params, 1)])


def _parse_records(response: TextResponse) -> ListPage:
    root = safe_xml(response.body)
    snippets = ["".join(record.itertext()) for record in root.iter("record")]
    page = ListPage(entries=link_entries(Selector(text="<ul>" + "".join(snippets) + "</ul>"), response.url))
    total = root.findtext("totalrecord")
    query = {key: values[0] for key, values in parse_qs(urlsplit(response.url).query).items()}
    end = int(query.get("endrecord", "0"))
    if total is not None and total.strip().isdigit() and end < int(total):
        endpoint = response.url.split("?", 1)[0]
        rest = {k: v for k, v in query.items() if k not in ("startrecord", "endrecord", "perpage")}
        page.more = [_data_url(endpoint, rest, end + 1)]
    return page
