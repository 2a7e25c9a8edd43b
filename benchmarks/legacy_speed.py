"""Old-format benchmark: seconds per .doc/.wps/.xls report converted by LibreOffice and parsed.

    .venv/bin/python benchmarks/legacy_speed.py [--rounds 2]

Builds the old-format twins of the corpus's DOCX reports (tests/fixtures/make_legacy.py), then in one
fresh process parses each of them ``--rounds`` times with :func:`parsers.parse.parse_path`. The first
document is the cold one (openpyxl imported, LibreOffice's first start in this process); every later one
is warm (still a LibreOffice process and profile of its own, as every conversion has). Prints wall and
CPU seconds (this process and the LibreOffice processes) per document and LibreOffice's peak RSS; then
shows that the text formats never import the conversion path.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def worker(files: list[Path], rounds: int) -> list[dict]:
    """Run in a fresh process: wall and CPU seconds of every parse, in order."""
    from parsers.parse import parse_path

    timings = []
    for _ in range(rounds):
        for path in files:
            start_wall, start_cpu = time.perf_counter(), _cpu()
            parse_path(path)
            timings.append({"file": path.name, "wall": time.perf_counter() - start_wall, "cpu": _cpu() - start_cpu})
    children_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return [*timings, {"libreoffice_peak_rss_mb": children_rss}]


def text_path_imports() -> str:
    """Whether reading a text report imports the conversion path (it must not)."""
    probe = ("import sys; from parsers.parse import parse_path; "
             f"parse_path({str(REPO / 'tests/fixtures/corpus/text-culture-2021.txt')!r}); "
             "print(sorted(m for m in ('openpyxl', 'parsers.office', 'parsers.sheet') if m in sys.modules))")
    return subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                          cwd=REPO).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--worker", nargs="*", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(worker(args.worker, args.rounds)))
        return 0
    sys.path.insert(0, str(REPO))  # the fixture generator lives with the tests
    from tests.fixtures.make_legacy import build

    with tempfile.TemporaryDirectory(prefix="nianbao-legacy-bench-") as folder:
        files = build(Path(folder))
        output = subprocess.run([sys.executable, __file__, "--rounds", str(args.rounds), "--worker", *map(str, files)],
                                check=True, capture_output=True, text=True, cwd=REPO,
                                env={**os.environ, "PYTHONPATH": str(REPO)}).stdout
    *timings, rss = json.loads(output.strip().splitlines()[-1])
    cold, warm = timings[0], timings[1:]
    print(f"cold: {cold['file']}: {cold['wall']:.2f} s wall, {cold['cpu']:.2f} s CPU")
    for suffix in (".doc", ".wps", ".xls"):
        runs = [t for t in warm if t["file"].endswith(suffix)]
        print(f"warm {suffix}: {len(runs)} documents, {sum(t['wall'] for t in runs) / len(runs):.2f} s wall, "
              f"{sum(t['cpu'] for t in runs) / len(runs):.2f} s CPU per document")
    print(f"LibreOffice peak RSS {rss['libreoffice_peak_rss_mb']:.0f} MB; os.cpu_count() = {os.cpu_count()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"modules of the conversion path imported by a text report's parse: {text_path_imports()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
