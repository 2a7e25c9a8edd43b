"""Data Docs are rebuilt on every check run and load no script or stylesheet from the network."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Engine

from nianbao.checks.docs import localise_page
from nianbao.warehouse.db import transaction
from nianbao.warehouse.load import load_report
from tests.support.synthetic import synthetic_report

ASSET = re.compile(r'<(?:script\b[^>]*\bsrc|link\b[^>]*\bhref)="([^"]+)"', re.IGNORECASE)


def test_data_docs_render_offline(engine: Engine, check, docs_dir: Path) -> None:
    with transaction(engine) as session:
        load_report(session, synthetic_report("酉局", 2023))
    check(2023)
    pages = list(docs_dir.rglob("*.html"))
    assert (docs_dir / "index.html") in pages and any("validations" in p.parts for p in pages)
    for page in pages:
        if "vendor" in page.parts:
            continue
        text = page.read_text(encoding="utf-8")
        references = ASSET.findall(text)
        assert references, page
        for reference in references:
            assert not reference.startswith(("http:", "https:", "//")), (page, reference)
            if "static/vendor/" in reference:
                assert (page.parent / reference).resolve().is_file(), (page, reference)
        assert "bootstrap.bundle.min.js" in text and "jquery.min.js" in text


def test_cdn_references_without_local_copy_are_dropped() -> None:
    html = ('<link rel="stylesheet" href="https://maxcdn.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css"/>'
            '<script src="https://unpkg.com/bootstrap-table@1.19.1/dist/bootstrap-table.min.js"></script>'
            '<script src="https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.12.9/umd/popper.min.js"></script>')
    assert localise_page(html, "static/vendor", {"bootstrap"}) == (
        '<link rel="stylesheet" href="static/vendor/bootstrap/css/bootstrap.min.css"/>')
