"""Drawing the pipeline's progress (:class:`nianbao.pipeline.progress.Progress`): bars with count, rate
and time left on a terminal (``rich``), plain lines with the same figures in logs and pipes."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from nianbao.pipeline.progress import STAGES, Progress


def figures(done: int, total: int | None, seconds: float) -> str:
    """E.g. 3/10，1.5 项/秒，约剩 5 秒 (without a total: 第 3 项，1.5 项/秒)."""
    rate = done / seconds if seconds > 0 else 0.0
    count = f"{done}/{total}" if total is not None else f"第 {done} 项"
    parts = [count, f"{rate:.1f} 项/秒"]
    if total is not None and rate > 0:
        parts.append(f"约剩 {max(total - done, 0) / rate:.0f} 秒")
    return "，".join(parts)


class PlainProgress:
    """Progress as plain lines, for logs and pipes: one line per stage started and per item done."""

    def __init__(self) -> None:
        self.stages: dict[str, tuple[int | None, float, int]] = {}  # stage → (total, start, done)

    def start(self, stage: str, total: int | None) -> None:
        self.stages[stage] = (total, time.monotonic(), 0)
        print(f"{STAGES[stage]}：" + ("开始" if total is None else f"共 {total} 项"), flush=True)

    def advance(self, stage: str, note: str | None = None) -> None:
        total, began, done = self.stages[stage]
        self.stages[stage] = (total, began, done + 1)
        line = f"  {STAGES[stage]} {figures(done + 1, total, time.monotonic() - began)}"
        print(line + (f"：{note}" if note else ""), flush=True)


class RichProgress:
    """Progress bars on a terminal, one per stage (count, rate, time left); notes print above them."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TimeRemainingColumn())
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.progress.stop()

    def start(self, stage: str, total: int | None) -> None:
        self.tasks[stage] = self.progress.add_task(STAGES[stage], total=total, rate="")

    def advance(self, stage: str, note: str | None = None) -> None:
        task = self.tasks[stage]
        self.progress.advance(task)
        speed = self.progress.tasks[task].speed
        self.progress.update(task, rate=f"{speed:.1f} 项/秒" if speed else "")
        if note:
            self.progress.console.print(note, markup=False, highlight=False)


@contextmanager
def terminal_progress() -> Iterator[Progress]:
    """Bars when standard output is a terminal, plain lines otherwise."""
    if sys.stdout.isatty():
        with RichProgress() as progress:
            yield progress
    else:
        yield PlainProgress()
