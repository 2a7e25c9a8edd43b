"""Long messages in numbered parts: cut at line ends so each part, with its 「（第 k/n 部分）」 heading,
stays within a platform's limit in UTF-8 bytes. The cut depends on the text only, so a resent part is
the same part."""

from __future__ import annotations

HEADING_RESERVE = 64  # bytes kept free in every part for its heading


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _pieces(line: str, limit: int) -> list[str]:
    """A line longer than ``limit`` bytes cut into pieces that fit."""
    pieces, current = [], ""
    for char in line:
        if _size(current + char) > limit:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current]


def split(text: str, limit: int) -> list[str]:
    """``text`` in parts of at most ``limit`` bytes including the heading; one part if it fits."""
    if _size(text) <= limit:
        return [text]
    budget = limit - HEADING_RESERVE
    parts, current = [], ""
    for line in text.splitlines(keepends=True):
        for piece in _pieces(line, budget):
            if current and _size(current + piece) > budget:
                parts.append(current)
                current = ""
            current += piece
    parts.append(current)
    return [f"（第 {k}/{len(parts)} 部分）\n{part}" for k, part in enumerate(parts, 1)]
