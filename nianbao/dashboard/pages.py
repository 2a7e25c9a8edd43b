"""Writing the site's pages from the Jinja2 templates in ``templates/``, with autoescaping on: every
text that came from a document (titles, agency names, headings, messages quoting prose) is escaped."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from nianbao.checks.uncertain import badge, scan_note
from nianbao.dashboard.history import slug

ENVIRONMENT = Environment(
    loader=PackageLoader("nianbao.dashboard", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def jurisdiction_path(name: str) -> str:
    return f"j/{slug(name)}.html"


def history_path(name: str) -> str:
    """The data script of a jurisdiction's agencies (see :mod:`nianbao.dashboard.history`)."""
    return f"a/{slug(name)}.js"


def agency_path(agency_id: int, jurisdiction: str) -> str:
    """The agency page, told by its fragment which agency to draw from which jurisdiction's data."""
    return f"agency.html#{slug(jurisdiction)}/{agency_id}"


def report_path(report_id: int) -> str:
    return f"r/{report_id}.html"


ENVIRONMENT.globals.update(jurisdiction_path=jurisdiction_path, agency_path=agency_path, report_path=report_path,
                           doubt_badge=badge, scan_note=scan_note)  # a report's uncertain OCR cells in words


_INDENT = re.compile(r"\n\s+")  # the templates' indentation; no page has preformatted text


def write(out: Path, path: str, template: str, **context: object) -> Path:
    """Render ``template`` to ``out/path``; ``root`` in the template leads back to the site's top."""
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    root = "../" * path.count("/")
    html = ENVIRONMENT.get_template(template).render(root=root, **context)
    target.write_text(_INDENT.sub("\n", html), encoding="utf-8")
    return target
