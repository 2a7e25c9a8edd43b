"""Resource limits for reading one document: size, pages, time and decompressed size.

Defaults suit yearly reports (a few pages to a few hundred); each can be overridden from the environment
(``NIANBAO_MAX_BYTES``, ``NIANBAO_MAX_PAGES``, ``NIANBAO_MAX_SECONDS``, ``NIANBAO_MAX_HTML_BYTES``,
``NIANBAO_MAX_DECOMPRESSED_BYTES``, ``NIANBAO_MAX_CONVERT_MEMORY``, ``NIANBAO_MAX_SCAN_PAGES``: pages read by
OCR, a few seconds each). The time limit is cooperative: readers call ``Deadline.check`` between pages or
elements, so no thread is ever killed; only a LibreOffice conversion, a process of its own, is killed at the
time limit (and held to the memory limit).
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, fields

from parsers.document import ParseError

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upper bounds a reader enforces; exceeding one is a ``ParseError``, never a partial document."""

    max_bytes: int = 50 * MB
    max_pages: int = 500
    max_seconds: float = 120.0
    max_html_bytes: int = 10 * MB
    max_decompressed_bytes: int = 200 * MB
    max_convert_memory: int = 2048 * MB  # address space of a LibreOffice conversion (old .doc/.xls)
    max_scan_pages: int = 30

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults, overridden by ``NIANBAO_<FIELD>`` variables (e.g. ``NIANBAO_MAX_PAGES=800``)."""
        env = os.environ if environ is None else environ
        values: dict[str, float | int] = {}
        for f in fields(cls):
            raw = env.get(f"NIANBAO_{f.name.upper()}")
            if raw is None or not raw.strip():
                continue
            convert = float if f.name == "max_seconds" else int
            try:
                value = convert(raw.strip())
            except ValueError:
                value = 0
            if value <= 0:
                raise ValueError(f"环境变量 NIANBAO_{f.name.upper()} 的值无效：{raw!r}（应为正数）")
            values[f.name] = value
        return cls(**values)

    def deadline(self) -> Deadline:
        """A deadline starting now, ``max_seconds`` away."""
        return Deadline(self.max_seconds)


class Deadline:
    """Elapsed-time guard for cooperative time limits."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def extend(self, seconds: float) -> None:
        """Allow ``seconds`` more (pages read by OCR take seconds each)."""
        self.seconds += seconds
        self._end += seconds

    def check(self) -> None:
        """Raise ``ParseError`` if the time is up."""
        if time.monotonic() > self._end:
            raise ParseError(f"解析超时（{self.seconds:g} 秒）")


def format_bytes(n: int) -> str:
    """A size for a Chinese message: ``50 MB``, ``512 KB``."""
    if n >= MB:
        return f"{n / MB:g} MB"
    return f"{n / 1024:g} KB"
