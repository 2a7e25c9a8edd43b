"""Writing the site's pages from the Jinja2 templates in ``templates/``, with autoescaping on: every
text that came from a document (titles, agency names, headings, messages quoting prose) is escaped."""

from __future__ import annotations

import hashlib
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

ENVIRONMENT = Environment(
    loader=PackageLoader("nianbao.dashboard", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def jurisdiction_path(name: str) -> str:
    """A jurisdiction's page, named by a hash so that any name makes a safe, stable file name."""
    return f"j/{hashlib.sha1(name.encode('utf-8')).hexdigest()[:12]}.html"


def agency_path(agency_id: int) -> str:
    return f"a/{agency_id}.html"


def report_path(report_id: int) -> str:
    return f"r/{report_id}.html"


ENVIRONMENT.globals.update(jurisdiction_path=jurisdiction_path, agency_path=agency_path, report_path=report_path)


def write(out: Path, path: str, template: str, **context: object) -> Path:
    """Render ``template`` to ``out/path``; ``root`` in the template leads back to the site's top."""
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    root = "../" * path.count("/")
    target.write_text(ENVIRONMENT.get_template(template).render(root=root, **context), encoding="utf-8")
    return target
