"""The publish dates printed on list and report pages.

Which titles are annual reports, of which year and agency, is read by :mod:`nianbao.titles`, which the
parser shares.
"""

from __future__ import annotations

import re
from datetime import date

_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def find_date(text: str) -> date | None:
    """The first valid calendar date written as 2025-01-20, 2025/1/20, 2025.01.20 or 2025年1月20日."""
    for match in _DATE.finditer(text):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None
