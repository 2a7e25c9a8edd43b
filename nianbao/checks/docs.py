"""Data Docs that render offline: GE's pages load Bootstrap, jQuery, Font Awesome, bootstrap-table and
Vega from CDNs, which government networks often cannot reach.

After every build, :func:`localise` copies the same libraries from packages installed at setup into
``static/vendor/`` of the Data Docs folder and points every page's ``<script>`` and stylesheet at them:
Bootstrap 4 (with Popper, as ``bootstrap.bundle``), jQuery and Font Awesome from the PyPI xstatic
packages (project dependencies), bootstrap-table and Vega from the npm packages of
``expectations/docs_assets`` (``npm ci --prefix expectations/docs_assets``). A CDN reference with no
local copy (the optional dark theme, the date picker; or the npm packages when not installed) is
removed, so no page waits on the network; remote images become GE's own local logo. The index's run
time filter, a date picker whose library is not there, becomes a text box (type 2024-03-01): with the
picker missing, bootstrap-table would stop before drawing any row. GE's English
wording is put into Chinese at the same pass (:mod:`nianbao.checks.wording`).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path, PurePosixPath

import xstatic.pkg.bootstrap
import xstatic.pkg.font_awesome
import xstatic.pkg.jquery

from nianbao.checks.wording import chinese
from nianbao.resources import EXPECTATIONS

NODE_MODULES = EXPECTATIONS / "docs_assets" / "node_modules"
VENDOR = Path("static") / "vendor"

# where a library is installed → its folder under static/vendor
SOURCES: dict[str, Path] = {
    "bootstrap": Path(xstatic.pkg.bootstrap.BASE_DIR),
    "jquery": Path(xstatic.pkg.jquery.BASE_DIR),
    "font-awesome": Path(xstatic.pkg.font_awesome.BASE_DIR),
    "bootstrap-table": NODE_MODULES / "bootstrap-table" / "dist",
    "vega": NODE_MODULES / "vega" / "build",
    "vega-lite": NODE_MODULES / "vega-lite" / "build",
    "vega-embed": NODE_MODULES / "vega-embed" / "build",
}
# the end of a CDN URL → (library, file inside its folder); matched in this order
LOCAL_FILES: tuple[tuple[str, str, str], ...] = (
    ("bootstrap-table-filter-control.min.css", "bootstrap-table", "extensions/filter-control/bootstrap-table-filter-control.min.css"),
    ("bootstrap-table-filter-control.css", "bootstrap-table", "extensions/filter-control/bootstrap-table-filter-control.min.css"),
    ("bootstrap-table-filter-control.min.js", "bootstrap-table", "extensions/filter-control/bootstrap-table-filter-control.min.js"),
    ("bootstrap-table.min.css", "bootstrap-table", "bootstrap-table.min.css"),
    ("bootstrap-table.min.js", "bootstrap-table", "bootstrap-table.min.js"),
    ("bootstrap/4.3.1/css/bootstrap.min.css", "bootstrap", "css/bootstrap.min.css"),
    ("bootstrap/4.3.1/js/bootstrap.min.js", "bootstrap", "js/bootstrap.bundle.min.js"),
    ("font-awesome/6.6.0/css/all.min.css", "font-awesome", "css/all.min.css"),
    ("jquery-3.7.1.min.js", "jquery", "jquery.min.js"),
    ("vega-embed@6", "vega-embed", "vega-embed.min.js"),
    ("vega-lite@5", "vega-lite", "vega-lite.min.js"),
    ("vega@5", "vega", "vega.min.js"),
)
# bootstrap-table's own Chinese (search box, page counts), loaded right after bootstrap-table
TABLE_LOCALE = "bootstrap-table/locale/bootstrap-table-zh-CN.min.js"
_SCRIPT = re.compile(r'<script\b[^>]*\bsrc="(https?://[^"]+)"[^>]*>\s*</script>', re.IGNORECASE)
_LINK = re.compile(r'<link\b[^>]*\bhref="(https?://[^"]+)"[^>]*>', re.IGNORECASE)
_IMAGE = re.compile(r'(<img\b[^>]*\bsrc=")https?://[^"]+(")', re.IGNORECASE)


def install_assets(docs_dir: Path) -> set[str]:
    """Copy the installed libraries into the Data Docs folder; returns the libraries available."""
    available = set()
    for library, source in SOURCES.items():
        if not source.is_dir():
            continue
        target = docs_dir / VENDOR / library
        if not target.exists():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.map", "*.scss", "*.less", "*.ts"))
        available.add(library)
    return available


def _local(url: str, available: set[str]) -> str | None:
    """The vendor path of a CDN URL, or None when there is no local copy."""
    for ending, library, file in LOCAL_FILES:
        if url.endswith(ending) and library in available:
            return f"{library}/{file}"
    return None


def localise_page(html: str, prefix: str, available: set[str]) -> str:
    """One page with its CDN scripts and stylesheets pointed at ``prefix`` (the vendor folder) or removed."""

    def script(match: re.Match) -> str:
        if "popper" in match.group(1):
            return ""  # in bootstrap.bundle
        local = _local(match.group(1), available)
        if local == "bootstrap-table/bootstrap-table.min.js":
            return f'<script src="{prefix}/{local}"></script><script src="{prefix}/{TABLE_LOCALE}"></script>'
        return f'<script src="{prefix}/{local}"></script>' if local else ""

    def link(match: re.Match) -> str:
        tag = match.group(0)
        if "stylesheet" not in tag:
            return tag
        local = _local(match.group(1), available)
        return f'<link rel="stylesheet" href="{prefix}/{local}"/>' if local else ""

    html = _LINK.sub(link, _SCRIPT.sub(script, html)).replace("'filterControl': 'datepicker'", "'filterControl': 'input'")
    return _IMAGE.sub(lambda m: f"{m.group(1)}{prefix.removesuffix('vendor')}images/logo-long.png{m.group(2)}", html)


def remove_empty_folders(folder: Path) -> None:
    """Remove the empty folders under ``folder`` (GE removes a pruned run's page, not its folders)."""
    for path, _, _ in os.walk(folder, topdown=False):
        if Path(path) != folder and not any(Path(path).iterdir()):
            os.rmdir(path)


def localise(docs_dir: Path) -> None:
    """Make every page of the Data Docs folder load its scripts and styles from the folder itself, and
    speak Chinese; drop the folders pruned runs left empty."""
    remove_empty_folders(docs_dir / "validations")
    available = install_assets(docs_dir)
    vendor = docs_dir / VENDOR
    for page in docs_dir.rglob("*.html"):
        if vendor in page.parents:
            continue
        prefix = Path(os.path.relpath(vendor, page.parent)).as_posix()
        text = page.read_text(encoding="utf-8")
        localised = chinese(localise_page(text, prefix, available),
                            PurePosixPath(page.relative_to(docs_dir).as_posix()))
        if localised != text:
            page.write_text(localised, encoding="utf-8")
