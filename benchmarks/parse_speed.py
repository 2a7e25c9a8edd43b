"""Parse benchmark: ``nianbao parse`` against bare pdfplumber on the same PDFs, in the same run.

    .venv/bin/python benchmarks/parse_speed.py [--rounds 3] [FILE_OR_FOLDER ...]

Default files: the fixture corpus PDFs and, when present, the real reports in ``../shared/real``.
Each contender runs in a fresh process of its own over every file ``--rounds`` times, one core:

- ``pdfplumber``: open, ``extract_text`` and ``extract_tables`` on every page (the bare baseline);
- ``nianbao``: :func:`parsers.parse.parse_path`, the full parse into the canonical model.

Prints CPU seconds, pages/s and reports/s of each, the CPU ratio (target: nianbao ≤ 1.3 × pdfplumber),
and each process's peak RSS (target: under 300 MB). Then times the CLI on the whole set at once
(``nianbao parse --json`` over a folder of copies, on all cores) and prints its wall time and the peak
RSS of its largest process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = (REPO / "tests" / "fixtures" / "corpus", REPO.parent / "shared" / "real")
TARGET_RATIO = 1.3
TARGET_RSS_MB = 300


def peak_rss_mb() -> float:
    """This process's peak resident set (VmHWM: unlike ru_maxrss it does not carry the parent's over exec)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:", 1)[1].split()[0]) / 1024


def pdf_files(sources: list[Path]) -> list[Path]:
    """The PDFs named, and those inside folders named, in a stable order."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            files.extend(sorted(source.glob("*.pdf")))
        elif source.exists():
            files.append(source)
    return files


def page_count(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def _bare_pdfplumber(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.close()


def _nianbao(path: Path) -> None:
    from parsers.parse import parse_path

    parse_path(path)


CONTENDERS = {"pdfplumber": _bare_pdfplumber, "nianbao": _nianbao}


def _many_pages() -> bytes:
    from tests.fixtures.make_bad_inputs import text_pdf

    return text_pdf(5000, "Annual report page")


def _huge_html() -> bytes:
    paragraph = "<p>本机关认真贯彻落实政府信息公开条例，主动公开政府信息。</p>\n".encode()
    return b"<html><head><meta charset='utf-8'></head><body>" + paragraph * (100 * 1024 * 1024 // len(paragraph))


def _zip_bomb() -> bytes:
    import io
    import zipfile

    import docx

    word, plain = docx.Document(), io.BytesIO()
    word.add_paragraph("一、总体情况")
    word.save(plain)
    source, out = zipfile.ZipFile(plain), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item.filename, source.read(item))
        with archive.open("word/media/padding.bin", "w", force_zip64=True) as member:
            for _ in range(1024):
                member.write(bytes(1024 * 1024))
    return out.getvalue()


HOSTILE = {"5,000-page PDF": _many_pages, "100 MB HTML page": _huge_html, "1 GB decompression bomb": _zip_bomb}


def hostile_worker(path: Path) -> dict[str, float | str]:
    """Run in a child process: parse one hostile file with the default limits."""
    from parsers.parse import ParseError, parse_path

    start = time.perf_counter()
    try:
        parse_path(path)
        outcome = "parsed (no limit hit)"
    except ParseError as error:
        outcome = str(error)
    return {"outcome": outcome, "seconds": time.perf_counter() - start,
            "rss_mb": peak_rss_mb()}


def worker(contender: str, files: list[Path], rounds: int) -> dict[str, float]:
    """Run in a child process: CPU seconds over ``rounds`` passes and this process's peak RSS."""
    work = CONTENDERS[contender]
    work(files[0])  # imports and first-use costs are not per-report costs
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        for path in files:
            work(path)
    return {
        "cpu": time.process_time() - start_cpu,
        "wall": time.perf_counter() - start_wall,
        "rss_mb": peak_rss_mb(),
    }


def run_worker(*arguments: str) -> dict:
    command = [sys.executable, __file__, *arguments]
    output = subprocess.run(command, check=True, capture_output=True, text=True, cwd=REPO,
                            env={**os.environ, "PYTHONPATH": str(REPO)}).stdout
    return json.loads(output.strip().splitlines()[-1])


def run_cli(files: list[Path], copies: int) -> tuple[float, float]:
    """Wall seconds and largest child RSS of ``nianbao parse --json`` over a folder of ``copies`` sets."""
    with tempfile.TemporaryDirectory(prefix="nianbao-parse-bench-") as folder:
        for copy in range(copies):
            for path in files:
                shutil.copy(path, Path(folder) / f"{copy:03d}-{path.name}")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run([str(REPO / ".venv" / "bin" / "nianbao"), "parse", "--json", folder],
                       check=True, stdout=subprocess.DEVNULL, cwd=REPO)
        wall = time.perf_counter() - start
        rss = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    return wall, rss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=8, help="copies of the set in the all-cores CLI run")
    parser.add_argument("--worker", choices=sorted(CONTENDERS), help=argparse.SUPPRESS)
    parser.add_argument("--hostile", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    files = pdf_files(args.sources or list(DEFAULT_SOURCES))
    if args.worker:
        print(json.dumps(worker(args.worker, files, args.rounds)))
        return 0
    if args.hostile:
        print(json.dumps(hostile_worker(args.hostile), ensure_ascii=False))
        return 0
    if not files:
        print("no PDF files found", file=sys.stderr)
        return 1
    pages = sum(page_count(p) for p in files) * args.rounds
    reports = len(files) * args.rounds
    print(f"{len(files)} PDFs, {pages // args.rounds} pages, {args.rounds} rounds, one core per contender")
    results = {name: run_worker("--worker", name, "--rounds", str(args.rounds), *map(str, files))
               for name in CONTENDERS}
    for name, result in results.items():
        print(f"{name:>10}: {result['cpu']:7.2f} s CPU  {pages / result['cpu']:7.1f} pages/s  "
              f"{reports / result['cpu']:6.2f} reports/s  peak RSS {result['rss_mb']:6.1f} MB")
    ratio = results["nianbao"]["cpu"] / results["pdfplumber"]["cpu"]
    print(f"CPU ratio nianbao / pdfplumber: {ratio:.2f} (target ≤ {TARGET_RATIO})")
    wall, rss = run_cli(files, args.copies)
    total = len(files) * args.copies
    print(f"nianbao parse --json on {os.cpu_count()} cores: {total} reports in {wall:.2f} s wall "
          f"({total / wall:.2f} reports/s, {pages // args.rounds * args.copies / wall:.1f} pages/s including "
          f"start-up), largest process peak RSS {rss:.1f} MB (target < {TARGET_RSS_MB} MB)")
    with tempfile.TemporaryDirectory(prefix="nianbao-hostile-") as folder:
        for kind, make in HOSTILE.items():
            path = Path(folder) / "hostile.bin"
            path.write_bytes(make())
            result = run_worker("--hostile", str(path))
            print(f"hostile {kind} ({path.stat().st_size / 2**20:.0f} MB): stopped in {result['seconds']:.2f} s, "
                  f"peak RSS {result['rss_mb']:.1f} MB: {result['outcome']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
