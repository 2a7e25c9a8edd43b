"""Reading one table cell or token as the number it says.

Accepts what agencies print: ``+123``, ``-5``, full-width digits, ``2623.7200 万元（计划）``, ``1,234``.
A cell printed blank, 「/」 or 「—」 reads as :data:`BLANK` (stored as ``None``, never as 0). Amounts are
read in 万元, the unit of the canonical ``amount_10k_yuan`` keys: one printed in 元 (in its cell, or else
in its column's header) is converted.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from nianbao.model import Number

BLANK = None

_NUMBER = re.compile(
    r"^(?P<sign>[+\-−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"(?P<unit>万元|元|件|个|项|条|次|份)?(?:\((?:计划|预算|预计|合同|含\w{0,6})\))?$"
)
_BLANK_MARKS = frozenset({"", "/", "-", "--", "—", "——", "－", "―", "─", "\\", "无", "空"})
# A number followed by its unit or a note, printed with a space between: glued before tokenising.
_UNIT_GAP = re.compile(r"(\d)\s+(万元|元)")
_NOTE_GAP = re.compile(r"(\d(?:万元|元)?)\s*([（(](?:计划|预算|预计|合同)[）)])")


def normalize(text: str) -> str:
    """NFKC (full-width digits and brackets to ASCII) with the look-alike dashes folded."""
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("\uff0d", "-")


def glue_units(text: str) -> str:
    """Join 「295.4 万元」 and 「2623.72 （计划）」 into single tokens."""
    return _NOTE_GAP.sub(r"\1\2", _UNIT_GAP.sub(r"\1\2", text))


def is_blank(token: str) -> bool:
    return normalize(token).strip() in _BLANK_MARKS


def read_number(token: str) -> Number | None:
    """The number a token says, or ``None`` if it is not a number (blank marks are not numbers here)."""
    text = normalize(token).strip().replace(" ", "")
    match = _NUMBER.match(text)
    if not match:
        return None
    digits = match["int"].replace(",", "")
    sign = -1 if match["sign"] == "-" else 1
    if match["frac"] and int(match["frac"][1:] or 0) != 0:
        return sign * float(digits + match["frac"])
    return sign * int(digits)


def read_amount(token: str, header_unit: str | None = None) -> Number | None:
    """An amount in 万元: the unit printed in the cell wins, then ``header_unit`` (「万元」 or 「元」), else 万元."""
    value = read_value(token)
    if value is None:
        return None
    match = _NUMBER.match(normalize(token).strip().replace(" ", ""))
    unit = match["unit"] if match and match["unit"] in ("万元", "元") else header_unit
    if unit != "元":
        return value
    converted = Decimal(str(value)) / 10000
    return int(converted) if converted == converted.to_integral_value() else float(converted)


def is_value(token: str) -> bool:
    """Whether a token is a table value: a number or a blank mark."""
    return is_blank(token) or read_number(token) is not None


def read_value(token: str) -> Number | None:
    """A table value: the number, or ``None`` for a blank mark."""
    return None if is_blank(token) else read_number(token)
