"""Per-CMS list adapters: each turns one list response into report candidates and further list pages.

``ADAPTERS`` maps the registry's ``cms`` value to its adapter; detail pages are the same everywhere and
are read by :mod:`crawlers.adapters.detail`.
"""

from __future__ import annotations

from crawlers.adapters import hanweb, plain, trs_wcm
from crawlers.adapters.base import ListAdapter

ADAPTERS: dict[str, ListAdapter] = {"plain": plain, "trs_wcm": trs_wcm, "hanweb": hanweb}
