"""Export benchmark: the auditors' workbook and CSV files of one year, from a warehouse of synthetic reports.

    .venv/bin/python benchmarks/export_speed.py [--reports 20000] [--backends sqlite,postgresql]

Loads ``--reports`` synthetic reports over the years of ``load_speed`` into a fresh database per back end
(see ``load_speed.py``), then times, for the latest year city-wide and for one jurisdiction: reading the
five sheets from the warehouse, writing the .xlsx, and writing the CSV files; prints the rows and the
workbook's size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from load_speed import YEARS, load, throwaway_database

from nianbao.export.workbook import write_csv, write_xlsx
from nianbao.export.year import year_sheets
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.migrate import upgrade


def bench(backend: str, url: str, total: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    seconds = load(engine, total, 500, 1 if backend == "sqlite" else 3)
    print(f"{backend}: {total} reports loaded in {seconds:.1f} s")
    year = YEARS[-1]
    for jurisdiction in (None, "第3区"):
        began = time.perf_counter()
        sheets = year_sheets(engine, year, jurisdiction)
        read = time.perf_counter() - began
        with tempfile.TemporaryDirectory() as folder:
            began = time.perf_counter()
            path = write_xlsx(sheets, Path(folder) / "export.xlsx")
            xlsx = time.perf_counter() - began
            began = time.perf_counter()
            write_csv(sheets, Path(folder) / "csv")
            csv = time.perf_counter() - began
            size = path.stat().st_size
        rows = "，".join(f"{s.name} {len(s.rows)}" for s in sheets)
        print(f"  {year} {jurisdiction or 'city-wide'}: read {read:.2f} s, xlsx {xlsx:.2f} s ({size / 1e6:.1f} MB),"
              f" csv {csv:.2f} s; rows: {rows}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        with throwaway_database(backend) as url:
            bench(backend, url, args.reports)


if __name__ == "__main__":
    main()
