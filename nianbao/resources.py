"""Where nianbao's data files are: the rule SQL (``expectations/``), the auditors' SQL (``sql/``) and the
Alembic migrations, in a checkout and in an installed wheel alike.

The repository keeps ``expectations/`` and ``sql/`` at its top level; the wheel ships them inside the
package as ``nianbao/_data/expectations`` and ``nianbao/_data/sql`` (see ``[tool.hatch.build]`` in
pyproject.toml). Code asks this module for a folder and never walks up from its own file.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
SHIPPED = PACKAGE / "_data"  # in an installed wheel
CHECKOUT = PACKAGE.parent  # the repository root, in an editable install


class ResourceMissing(RuntimeError):
    """A data folder is neither shipped in the package nor in a checkout: the installation is broken."""


def data_dir(name: str) -> Path:
    """The folder ``name`` (``expectations`` or ``sql``), shipped or in the checkout."""
    for base in (SHIPPED, CHECKOUT):
        if (base / name).is_dir():
            return base / name
    raise ResourceMissing(f"安装不完整：找不到数据目录 {name}（应在 {SHIPPED / name}）")


EXPECTATIONS = data_dir("expectations")
SQL = data_dir("sql")
MIGRATIONS = PACKAGE / "migrations"
