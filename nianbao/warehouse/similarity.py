"""How alike two reports' narratives are: MinHash signatures over character shingles, made at load time.

The narrative is the prose of sections 一 (总体情况), 五 (存在的主要问题及改进情况) and 六 (其他需要报告的
事项), reduced to its letters: whitespace, punctuation and digits are dropped (a report copied with new
numbers still counts as copied) and so is the agency's own name. Its ``SHINGLE``-character shingles are
hashed (a polynomial hash of their code points modulo a Mersenne prime), then rehashed ``SLOTS`` times
by multiply-add modulo 2³² with odd multipliers (each a permutation of 32-bit values, computed for all
shingles at once); the signature keeps each rehash's minimum. The share of equal slots of two
signatures estimates the Jaccard similarity of their shingle sets. For finding candidate pairs without comparing every pair, the slots are also grouped into
``BANDS`` bands of ``SLOTS // BANDS`` slots, each hashed to one number: two reports share a band hash
with probability s⁴ per band, so at s = 0.8 they share at least one of 16 bands with probability
0.9998, at s = 0.3 with probability 0.12.

``copied_content`` (expectations/copied_content.sql) flags pairs whose estimate reaches
``THRESHOLD`` = 0.8: with 64 slots the estimate's standard error is about 0.05 there, so ordinary
reports written from the same template (which share perhaps a third of their shingles) stay well
below it, and a narrative copied with only names, dates and numbers changed stays well above. A
narrative shorter than ``MIN_SHINGLES`` shingles (e.g. sections reduced to 「无」) gets no signature,
and the rule reports it as unverifiable.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterable

import numpy as np

SHINGLE = 5
SLOTS = 64
BANDS = 16
THRESHOLD = 0.8
MIN_SHINGLES = 40
NARRATIVE_SECTIONS = ("overview", "problems", "other_matters")

_PRIME = (1 << 31) - 1
_BASE = 1_000_003
_rng = np.random.default_rng(20261203)
_A = _rng.integers(0, 1 << 32, size=SLOTS, dtype=np.uint32) | np.uint32(1)  # odd: a permutation
_B = _rng.integers(0, 1 << 32, size=SLOTS, dtype=np.uint32)
_NOT_LETTER = re.compile(r"[\W\d_]+")


def normalise(text: str, *, agency: str | None = None) -> str:
    """The narrative's letters only, without the agency's own name."""
    if agency:
        text = text.replace(agency, "")
    return _NOT_LETTER.sub("", text)


def narrative(section_texts: dict[str, str | None], *, agency: str | None = None) -> str:
    """The normalised narrative of a report from its section texts (keyed by section key)."""
    return normalise("".join(section_texts.get(k) or "" for k in NARRATIVE_SECTIONS), agency=agency)


def shingle_hashes(text: str) -> np.ndarray:
    """The distinct hashes of the ``SHINGLE``-character shingles of ``text``: a polynomial hash of the
    shingle's code points modulo ``_PRIME``, computed for all shingles at once."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    count = len(codes) - SHINGLE + 1
    if count <= 0:
        return np.empty(0, dtype=np.int64)
    hashes = np.zeros(count, dtype=np.int64)
    for offset in range(SHINGLE):  # below 2**31 × 2**20 + 2**21 at each step: no int64 overflow
        hashes = (hashes * _BASE + codes[offset : offset + count]) % _PRIME
    hashes.sort()  # then keep the first of each run: np.unique is many times slower on arrays this small
    return hashes[np.concatenate(([True], hashes[1:] != hashes[:-1]))]


def signature(text: str) -> list[int] | None:
    """The ``SLOTS`` MinHash values of a normalised narrative; None when it is too short to compare."""
    hashes = shingle_hashes(text)
    if len(hashes) < MIN_SHINGLES:
        return None
    rehashed = _A[:, None] * hashes.astype(np.uint32)[None, :] + _B[:, None]  # wraps modulo 2**32
    return (rehashed.min(axis=1) >> 1).astype(np.int64).tolist()  # 31 bits, to fit an SQL INTEGER


def bands(values: list[int]) -> list[int]:
    """One hash per band of ``SLOTS // BANDS`` consecutive slots (31 bits, to fit an SQL INTEGER)."""
    width = SLOTS // BANDS
    return [
        zlib.crc32(struct.pack(f"<{width}q", *values[b * width : (b + 1) * width])) & _PRIME
        for b in range(BANDS)
    ]


def signature_rows(report_id: int, values: list[int] | None) -> list[dict]:
    """The ``narrative_band`` rows of one report, none without a signature: per band, its hash and its
    ``SLOTS // BANDS`` slots (``slot_1`` …)."""
    if values is None:
        return []
    width = SLOTS // BANDS
    return [
        {"report_id": report_id, "band": b, "value": value,
         **{f"slot_{i + 1}": slot for i, slot in enumerate(values[b * width : (b + 1) * width])}}
        for b, value in enumerate(bands(values))
    ]


def estimate(a: Iterable[int], b: Iterable[int]) -> float:
    """The Jaccard estimate of two signatures (for tests and tuning; the rule computes it in SQL)."""
    pairs = list(zip(a, b, strict=True))
    return sum(x == y for x, y in pairs) / len(pairs)
