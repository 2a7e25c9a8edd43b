"""The site's styles and scripts, copied into its ``assets/`` folder at every build so that the pages
load nothing from the network: Bootstrap 4's stylesheet from the xstatic package (the same installed
copy the Data Docs use, see :mod:`nianbao.checks.docs`) and the dashboard's own CSS and script."""

from __future__ import annotations

import shutil
from pathlib import Path

from nianbao.checks.docs import SOURCES

STATIC = Path(__file__).resolve().parent / "static"
ASSETS = "assets"
# file under the site's assets/ → installed file it is copied from
FILES: dict[str, Path] = {
    "bootstrap.min.css": SOURCES["bootstrap"] / "css" / "bootstrap.min.css",
    "dashboard.css": STATIC / "dashboard.css",
    "dashboard.js": STATIC / "dashboard.js",
}


def install(out: Path) -> None:
    """Copy the assets into ``out/assets`` (replacing older copies)."""
    target = out / ASSETS
    target.mkdir(parents=True, exist_ok=True)
    for name, source in FILES.items():
        shutil.copyfile(source, target / name)
