"""A query's columns and rows as an aligned table for the terminal (Chinese headers, coded values in
words), as CSV or as JSON (column identifiers and values as stored)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from nianbao.checks.labels import column_title, value_word
from nianbao.tabulate import render


def plain(value: object) -> object:
    """A database value as plain Python, the same on both back ends: whole numbers (counts, stored as
    floats or summed as Decimals) become int, other Decimals float, booleans 0 or 1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def as_table(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    return render([column_title(c) for c in columns],
                  [[value_word(c, plain(v)) for c, v in zip(columns, row, strict=True)] for row in rows])


def as_csv(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([plain(v) for v in row] for row in rows)
    return out.getvalue()


def _json_value(value: object) -> object:
    value = plain(value)
    return value.isoformat() if isinstance(value, date | datetime) else value


def as_json(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A JSON array with one object per row, keyed by column identifier."""
    return json.dumps([{c: _json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows],
                      ensure_ascii=False, indent=1)
