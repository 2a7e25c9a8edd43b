"""Parsing API used by ``nianbao parse`` and the pipeline's loading: file bytes to ``AnnualReport``.

Free of Great Expectations and of the warehouse, so ``nianbao parse`` stays quick to start.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from nianbao.model import AnnualReport, Source
from parsers.document import ParseError
from parsers.extract import extract
from parsers.limits import Limits
from parsers.read import read_document

__all__ = ["ParseError", "parse_bytes", "parse_path"]

log = logging.getLogger(__name__)


def parse_bytes(data: bytes, *, path: str, url: str | None = None, limits: Limits | None = None) -> AnnualReport:
    """Parse one document's bytes; raises ParseError with a Chinese reason."""
    log.info("reading %s", path)  # names the document for the library warnings logged after it
    document = read_document(data, limits=limits)
    source = Source(path=path, sha256=hashlib.sha256(data).hexdigest(), format=document.format, url=url)
    return extract(document, source)


def parse_path(path: Path | str, *, limits: Limits | None = None) -> AnnualReport:
    """Parse one file; unreadable files raise ParseError too.

    Reads at most one byte past the size limit, so an oversized file is refused without being loaded.
    """
    path, limits = Path(path), limits or Limits.from_env()
    try:
        with path.open("rb") as file:
            data = file.read(limits.max_bytes + 1)
    except OSError as exc:
        raise ParseError(f"无法读取文件（{exc.strerror or exc}）") from exc
    return parse_bytes(data, path=str(path), limits=limits)
