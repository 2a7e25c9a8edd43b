"""Every test works in the project's ``var/`` unless it names its own warehouse or home: the per-user
data folder (the default ``NIANBAO_HOME``) and a developer's ``nianbao.toml`` are never touched."""

from __future__ import annotations

import os
from pathlib import Path

os.environ["NIANBAO_HOME"] = str(Path(__file__).resolve().parents[1] / "var")
os.environ.pop("NIANBAO_CONFIG", None)
