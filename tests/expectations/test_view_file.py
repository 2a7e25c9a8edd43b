"""The checks' view file is what the newest migration creating the view creates (migrations are frozen
copies; the file is the definition the rules are written against)."""

from __future__ import annotations

import importlib.util

from nianbao.resources import EXPECTATIONS, MIGRATIONS


def test_the_view_file_is_the_newest_migrations_view() -> None:
    newest = None
    for path in sorted((MIGRATIONS / "versions").glob("0*.py")):
        spec = importlib.util.spec_from_file_location(f"migration_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if "CREATE VIEW v_check_application_row" in getattr(module, "VIEW", ""):
            newest = module.VIEW
    view = EXPECTATIONS / "views" / "v_check_application_row.sql"
    assert newest == view.read_text(encoding="utf-8")
