"""A quiet terminal: what libraries log (pdfminer's warnings, a page pdfplumber could not open, with its
stack) and Python warnings go to a rotating log file in the home folder, ``logs/nianbao.log`` (1 MB, five
old files kept), not to the staff's terminal; ``--verbose`` shows them on stderr as well."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path

from nianbao import home

LOG_NAME = "nianbao.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"
INSTALLED: list[logging.Handler] = []


def log_file() -> Path:
    return home.log_dir() / LOG_NAME


def configure(*, verbose: bool = False) -> Path | None:
    """Send logging and warnings to the log file (and to stderr when ``verbose``); returns the file, or
    None when its folder cannot be written (then only ``verbose`` shows anything)."""
    root = logging.getLogger()
    for handler in INSTALLED:  # those of an earlier call in this process; others' handlers stay
        root.removeHandler(handler)
        handler.close()
    INSTALLED.clear()
    root.setLevel(logging.INFO)
    logging.captureWarnings(True)
    path: Path | None = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding="utf-8", delay=True)
    except OSError:
        path, handler = None, logging.NullHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    INSTALLED.append(handler)
    if verbose:
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        INSTALLED.append(console)
    for installed in INSTALLED:
        root.addHandler(installed)
    return path
