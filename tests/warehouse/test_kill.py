"""A loading process killed with SIGKILL mid-transaction leaves no partial report; the next load completes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from sqlalchemy import Engine, func, select, text

from nianbao.warehouse.schema import ApplicationCell, Report

# Loads 3 reports one transaction each, then 400 in one transaction, announcing each step on stdout.
CHILD = """
import sys
from nianbao.warehouse.db import make_engine, transaction
from nianbao.warehouse.load import load_report, load_reports
from tests.support.synthetic import synthetic_report

engine = make_engine()
reports = [synthetic_report(f"被终止测试机关{i:03d}", 2023) for i in range(403)]
for report in reports[:3]:
    with transaction(engine) as session:
        load_report(session, report)
    print("committed", flush=True)
with transaction(engine) as session:
    print("batch", flush=True)
    load_reports(session, reports[3:])
    print("written", flush=True)
    sys.stdin.readline()  # hold the transaction open until killed
print("done", flush=True)
"""


def run_child(database_url: str, kill: bool) -> list[str]:
    env = {**os.environ, "NIANBAO_DATABASE_URL": database_url}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = child.stdout.readline().strip()
        if not line:
            break
        lines.append(line)
        if line == "written":
            if kill:
                child.send_signal(signal.SIGKILL)
            else:
                child.stdin.write("\n")
                child.stdin.flush()
    child.wait(timeout=60)
    return lines


def report_cells(engine: Engine) -> list[tuple[int, int]]:
    with engine.connect() as connection:
        return connection.execute(
            select(Report.id, func.count(ApplicationCell.col_key))
            .outerjoin(ApplicationCell, ApplicationCell.report_id == Report.id)
            .group_by(Report.id)
        ).all()


def test_sigkill_mid_load_leaves_no_partial_report(engine: Engine, database_url: str) -> None:
    assert run_child(database_url, kill=True) == ["committed"] * 3 + ["batch", "written"]
    cells = report_cells(engine)
    assert len(cells) == 3 and all(n == 25 * 7 for _, n in cells)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT COUNT(*) FROM source_document")) == 3
        assert connection.scalar(text("SELECT COUNT(*) FROM report_section")) == 3 * 6

    assert run_child(database_url, kill=False)[-1] == "done"
    cells = report_cells(engine)
    assert len(cells) == 403 and all(n == 25 * 7 for _, n in cells)
