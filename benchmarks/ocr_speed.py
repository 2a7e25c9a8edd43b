"""OCR benchmark: seconds per scanned page and peak RSS, on the scans the tests use.

    .venv/bin/python benchmarks/ocr_speed.py [--scans N]

Makes the scanned reports of ``tests/fixtures/make_scans.py`` (rendered from the corpus PDFs), then in a
fresh process of its own parses the first ``N`` of them (default all) with
:func:`parsers.parse.parse_bytes`, the engine on :data:`parsers.ocr.THREADS` threads. Prints wall and
CPU seconds per page, the first page's extra time (engine start), cell accuracy against the truth files,
how many values were marked uncertain and how many of those were wrong (the flag's precision), and the
process's peak RSS. Targets: under 5 s per page on two idle cores, under 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

TARGET_SECONDS_PER_PAGE = 5.0
TARGET_RSS_MB = 1536


def peak_rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:", 1)[1].split()[0]) / 1024


def worker(count: int) -> dict:
    import pypdfium2 as pdfium

    from parsers.parse import parse_bytes
    from tests.fixtures.make_scans import CORPUS, SCANS, make
    from tests.test_scans import got, truth_cells

    pages = cells = right = flagged = flagged_wrong = wrong_unflagged = 0
    stamped_cells = stamped_right = 0
    wall = cpu = 0.0
    for scan in SCANS[:count]:
        data = make(scan)
        start, start_cpu = time.perf_counter(), time.process_time()
        report = parse_bytes(data, path=scan.file_name)
        wall, cpu = wall + time.perf_counter() - start, cpu + time.process_time() - start_cpu
        pages += len(pdfium.PdfDocument(CORPUS / scan.source))
        truth = json.loads(scan.truth.read_text(encoding="utf-8"))
        for table, row, column, value in truth_cells(truth):
            cells += 1
            ok = got(report, table, row, column) == value
            right += ok
            stamped_cells, stamped_right = stamped_cells + scan.stamp, stamped_right + (ok and scan.stamp)
            reading = report.readings.get(table, {}).get(row, {}).get(column)
            if reading is not None and reading.uncertain:
                flagged += 1
                flagged_wrong += not ok
            elif not ok:
                wrong_unflagged += 1
    return {"pages": pages, "wall": wall, "cpu": cpu, "cells": cells, "right": right, "flagged": flagged,
            "flagged_wrong": flagged_wrong, "wrong_unflagged": wrong_unflagged, "rss_mb": peak_rss_mb(),
            "stamped_cells": stamped_cells, "stamped_right": stamped_right}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=None, help="how many scans (default: all)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.scans or 10**6)))
        return
    command = [sys.executable, __file__, "--worker"] + (["--scans", str(args.scans)] if args.scans else [])
    result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    per_page = result["wall"] / result["pages"]
    precision = result["flagged_wrong"] / result["flagged"] if result["flagged"] else 1.0
    print(f"scanned pages        {result['pages']}")
    print(f"seconds per page     {per_page:.2f} wall, {result['cpu'] / result['pages']:.2f} CPU"
          f"  (target < {TARGET_SECONDS_PER_PAGE:g} s)")
    print(f"cell accuracy        {result['right']}/{result['cells']} = {result['right'] / result['cells']:.2%}")
    clear, clear_right = result["cells"] - result["stamped_cells"], result["right"] - result["stamped_right"]
    if result["stamped_cells"]:
        print(f"  without a stamp    {clear_right}/{clear} = {clear_right / clear:.2%}")
        print(f"  under a stamp      {result['stamped_right']}/{result['stamped_cells']}"
              f" = {result['stamped_right'] / result['stamped_cells']:.2%}")
    print(f"uncertain cells      {result['flagged']} (of them wrong: {result['flagged_wrong']}, "
          f"precision {precision:.0%}); wrong and not marked: {result['wrong_unflagged']}")
    print(f"peak RSS             {result['rss_mb']:.0f} MB  (target < {TARGET_RSS_MB} MB)")


if __name__ == "__main__":
    main()
