"""Loading one file: the pipeline reads and parses it and hands the canonical report to the warehouse.

One transaction per document, so a document is loaded whole or not at all; bytes already loaded are not
parsed again; a document that cannot be read, parsed or placed is recorded as failed with its reason.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Engine

from nianbao.warehouse.db import transaction
from nianbao.warehouse.load import LoadError, LoadResult, load_report, record_failure, unchanged_result


def load_file(
    engine: Engine, path: Path, *, agency_code: str | None = None, url: str | None = None
) -> LoadResult:
    """Parse one file and load it in its own transaction; a failure is recorded, never half-loaded."""
    from parsers.parse import ParseError, parse_bytes  # imported here: the PDF stack is only needed to parse

    try:
        data = path.read_bytes()
    except OSError as error:
        return LoadResult("failed", str(path), reason=f"无法读取文件：{error.strerror or error}")
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction(engine) as session:
        unchanged = unchanged_result(session, sha256, str(path))
    if unchanged is not None:
        return unchanged
    try:
        report = parse_bytes(data, path=str(path), url=url)
        with transaction(engine) as session:
            return load_report(session, report, agency_code=agency_code, url=url)
    except (ParseError, LoadError) as error:
        reason = str(error)
    with transaction(engine) as session:
        document_id = record_failure(session, path=str(path), sha256=sha256, reason=reason, url=url)
    return LoadResult("failed", str(path), document_id, reason=reason)
