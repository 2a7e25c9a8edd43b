"""Reading accuracy: the share of table cells read exactly, per fixture class and in all.

    .venv/bin/python benchmarks/reading_accuracy.py [FOLDER ...]

Default folders: ``tests/fixtures/reading`` (the reading classes of issue 14) and ``tests/fixtures/corpus``.
A folder holds documents, their ``.truth.json`` and a ``MANIFEST.json``; a truth cell counts as exact when
the parsed report holds the same value at the same table, row and column (a row the parser did not read
loses all its cells). Prints, per folder and class, cells exact / cells in the truth and the documents
whose every cell is exact; a cell read with another value than the truth's counts as wrong (a
guess), one not read at all as unread.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from parsers.parse import ParseError, parse_path  # noqa: E402

DEFAULT = (REPO / "tests" / "fixtures" / "reading", REPO / "tests" / "fixtures" / "corpus")


def cells(table: dict) -> dict[tuple[str, ...], object]:
    """Every cell of a table as (row, column) → value; table 四's cells as (key,) → value."""
    out: dict[tuple[str, ...], object] = {}
    for row, value in table.items():
        if isinstance(value, dict):
            out.update({(row, col): v for col, v in value.items()})
        else:
            out[(row,)] = value
    return out


def score(path: Path, truth: dict) -> tuple[int, int, int]:
    """Cells exact, cells read but wrong, and cells in the truth, for one document."""
    try:
        tables = json.loads(parse_path(path).to_json())["tables"]
    except ParseError:
        tables = {}
    exact = wrong = total = 0
    for name, table in truth["tables"].items():
        got = cells(tables.get(name, {}))
        for key, value in cells(table).items():
            total += 1
            exact += key in got and got[key] == value
            wrong += key in got and got[key] != value
    return exact, wrong, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path, default=list(DEFAULT))
    args = parser.parse_args()
    for folder in args.folders:
        documents = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))["documents"]
        by_class: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        for entry in documents:
            truth = json.loads((folder / entry["truth"]).read_text(encoding="utf-8"))
            exact, wrong, total = score(folder / entry["file"], truth)
            for name in (entry.get("class", entry["format"]), "all"):
                tally = by_class[name]
                for position, count in enumerate((exact, wrong, total, exact == total, 1)):
                    tally[position] += count
            print(f"  {entry['file']}: {exact}/{total} exact, {wrong} wrong")
        for name, (exact, wrong, total, whole, count) in sorted(by_class.items(), key=lambda item: item[0] == "all"):
            print(f"{folder.name} {name:>12}: {100 * exact / total:6.2f} % of table cells exact "
                  f"({exact}/{total}, {wrong} read wrong, the rest unread), {whole}/{count} documents whole")
    return 0


if __name__ == "__main__":
    sys.exit(main())
