"""The site's styles and scripts, copied into its ``assets/`` folder at every build so that the pages
load nothing from the network: Bootstrap 4's stylesheet from the xstatic package (the same installed
copy the Data Docs use, see :mod:`nianbao.checks.docs`), the dashboard's own CSS and script, and
``tables.js``, the layouts' table skeletons (:mod:`nianbao.dashboard.tables`) written at each build."""

from __future__ import annotations

import shutil
from pathlib import Path

from nianbao.checks.docs import SOURCES
from nianbao.dashboard.embed import script_json
from nianbao.dashboard.tables import skeletons_json

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
    (target / "tables.js").write_text(f"window.NIANBAO_TABLES = {script_json(skeletons_json())};\n",
                                      encoding="utf-8")
