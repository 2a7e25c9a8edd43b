"""Which files to read when staff name files and folders: every file named, and inside a folder only the
report formats (PDF, Word, WPS, Excel/ET spreadsheets, web pages, text, and scans as images, read by OCR);
the other files of a folder are counted as skipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

REPORT_SUFFIXES = frozenset({".pdf", ".docx", ".doc", ".wps", ".xls", ".et", ".html", ".htm", ".txt",
                             ".png", ".jpg", ".jpeg", ".tif", ".tiff"})


@dataclass
class Selection:
    """The files to read, in a stable order, and the files of the folders that are not reports."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def select_reports(paths: list[Path]) -> Selection:
    """Files named are taken as they are; folders are searched for files in a report format."""
    selection = Selection()
    for path in paths:
        if not path.is_dir():
            selection.files.append(path)
            continue
        for candidate in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
            kept = candidate.suffix.lower() in REPORT_SUFFIXES
            (selection.files if kept else selection.skipped).append(candidate)
    return selection


def skipped_line(selection: Selection) -> str | None:
    """The Chinese line naming how many files of the folders were not in a report format, if any."""
    if not selection.skipped:
        return None
    kinds = sorted({p.suffix.lower() or "无扩展名" for p in selection.skipped})
    return (f"已跳过目录中 {len(selection.skipped)} 个非报告格式的文件（{'、'.join(kinds[:8])}"
            f"{'等' if len(kinds) > 8 else ''}）；只读取 {'、'.join(sorted(REPORT_SUFFIXES))}。")
