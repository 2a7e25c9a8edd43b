"""``nianbao run`` without a scheduler: plan, crawl, load exactly what the crawl collected, check the
year, notify the 公开办; the same step functions the DAGs call.

Progress goes to a :class:`~nianbao.pipeline.progress.Progress` (the CLI draws it); a stage that fails is recorded with its reason
and the run goes on where it can: a failed crawl of one jurisdiction does not stop the others, a
document that cannot be read is recorded and the rest are loaded.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from nianbao.pipeline import steps
from nianbao.pipeline.progress import STAGES, Progress, Quiet
from nianbao.pipeline.settings import Settings


@dataclass
class RunSummary:
    """What one run did, stage by stage; ``failures`` are (stage, reason) of stages that did not run whole."""

    year: int
    crawls: list[dict[str, Any]] = field(default_factory=list)
    loads: list[dict[str, Any]] = field(default_factory=list)
    check: dict[str, Any] | None = None
    notify: dict[str, Any] | None = None
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage

    @property
    def ok(self) -> bool:
        return not self.failures

    def lines(self) -> list[str]:
        """The closing summary in Chinese."""
        outcomes = Counter(load["outcome"] for load in self.loads)
        problems = [p for crawl in self.crawls for p in crawl["site_problems"]]
        lines = [f"{self.year} 年度运行结果："]
        lines.append(f"  采集：收集报告 {sum(c['collected'] for c in self.crawls)} 份，"
                     f"待入库 {len(self.loads)} 份；网站问题 {len(problems)} 个")
        lines += [f"    网站问题：{p['message']}" for p in problems]
        lines += [f"    {message}" for crawl in self.crawls for message in crawl["unregistered"]]
        lines.append(f"  解析入库：新入库 {outcomes['loaded']} 份，未变化 {outcomes['unchanged']} 份，"
                     f"失败 {outcomes['failed']} 份")
        lines += [f"    失败：{load['url'] or load['path']}：{load['reason']}"
                  for load in self.loads if load["outcome"] == "failed"]
        lines += [f"    注意：{load['url'] or load['path']}：{note}" for load in self.loads for note in load["notes"]]
        if self.check is not None:
            lines.append(f"  核查：{len(self.check['agency_years'])} 个机关年度，未解决问题 {self.check['open']} 项，"
                         f"本次已解决 {self.check['resolved']} 项")
            lines.append(f"  数据仓库：{self.check['warehouse']}")
            if self.check["docs_index"]:
                lines.append(f"  数据文档（Data Docs）：{self.check['docs_index']}")
        if self.notify is not None:
            deliveries = Counter(d["state"] for d in self.notify["deliveries"])
            lines.append(f"  告警：新编写通报 {len(self.notify['digests'])} 份；发送成功 {deliveries['delivered']} 条，"
                         f"待重试 {deliveries['pending']} 条，放弃 {deliveries['failed']} 条；邮件发往 {self.notify['mail_to']}")
        lines += [f"  未完成：{STAGES[stage]}：{reason}" for stage, reason in self.failures]
        if self.seconds:
            lines.append("  用时：" + "，".join(f"{STAGES[stage]} {seconds:.1f} 秒" for stage, seconds in self.seconds.items()))
        lines.append("运行完成。" if self.ok else f"运行未全部完成：{len(self.failures)} 个步骤出错。")
        return lines


def _load_all(settings: Settings, document_ids: list[int], progress: Progress, jobs: int) -> list[dict]:
    progress.start("load", len(document_ids))
    results = []
    if jobs > 1 and len(document_ids) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(document_ids))) as pool:
            for result in pool.map(steps.load_document, [settings] * len(document_ids), document_ids):
                results.append(result)
                progress.advance("load", steps.load_line(result))
    else:
        for document_id in document_ids:
            results.append(steps.load_document(settings, document_id))
            progress.advance("load", steps.load_line(results[-1]))
    return results


def run(settings: Settings, year: int, jurisdiction: str | None = None, *, progress: Progress | None = None,
        jobs: int | None = None) -> RunSummary:
    """The whole yearly collection for ``year``: crawl, load, check, notify."""
    progress = progress or Quiet()
    summary = RunSummary(year)
    began = time.perf_counter()
    steps.plan_year(settings, year, jurisdiction)
    # One crawl process for every jurisdiction of the run: Scrapy spreads the sites itself, and each
    # further process would cost its start-up (the DAG maps one per jurisdiction to spread them on workers).
    try:
        summary.crawls.append(steps.crawl_jurisdiction(settings, year, jurisdiction, progress=progress))
    except Exception as error:  # noqa: BLE001 - reported as the stage's failure; the next run loads what it kept
        summary.failures.append(("crawl", str(error)))
    began = _lap(summary, "crawl", began)
    documents = [d for crawl in summary.crawls for d in crawl["documents"]]
    summary.loads = _load_all(settings, documents, progress, jobs or os.cpu_count() or 1)
    began = _lap(summary, "load", began)
    try:
        summary.check = steps.check_year(settings, year, jurisdiction, progress=progress)
    except Exception as error:  # noqa: BLE001 - reported as the stage's failure
        summary.failures.append(("check", str(error)))
    began = _lap(summary, "check", began)
    progress.start("notify", 1)
    try:
        summary.notify = steps.notify(settings, year, jurisdiction)
    except Exception as error:  # noqa: BLE001 - reported as the stage's failure; the outbox keeps what is due
        summary.failures.append(("notify", str(error)))
    progress.advance("notify")
    _lap(summary, "notify", began)
    return summary


def _lap(summary: RunSummary, stage: str, began: float) -> float:
    now = time.perf_counter()
    summary.seconds[stage] = now - began
    return now
