"""The steps of the yearly collection, each a plain function of :class:`Settings` and small values.

Inputs and outputs are ids, paths, codes and counts (JSON-serialisable), never parsed objects, so an
Airflow task can hand them to the next one through XCom:

- :func:`plan_year`: migrate the warehouse, sync the registry, list the jurisdictions to crawl;
- :func:`crawl_jurisdiction`: crawl one jurisdiction's agencies, judge each site's health, return the
  ids of the collected documents still to load;
- :func:`load_document`: parse and load one collected document (a failure is recorded with its reason);
  :func:`load_paths`: files named by hand;
- :func:`check_year`: run every rule over a year (optionally one jurisdiction) and record the findings;
- :func:`notify`: compose the 公开办's digests and deliver the outbox; :func:`tell_operators` and
  :func:`task_failed`: messages to the operators (site problems, failed tasks);
- :func:`deadline_year`: which report year's deadline a date follows;
- :func:`check_files`: check documents on their own in a throwaway warehouse.
"""

from __future__ import annotations

import json
import logging
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from crawlers.registry import Jurisdiction, load_registry
from nianbao.pipeline.errors import StepError
from nianbao.pipeline.load import load_file
from nianbao.pipeline.progress import Progress, Quiet
from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import engine_for
from nianbao.warehouse.db import describe, make_engine, transaction
from nianbao.warehouse.load import LoadResult
from nianbao.warehouse.migrate import upgrade


def registry(settings: Settings, jurisdiction: str | None = None) -> list[Jurisdiction]:
    """The registry's jurisdictions (one, if named); a bad registry is a :class:`RegistryError`."""
    return load_registry(Path(settings.registry), jurisdiction=jurisdiction, base_url=settings.base_url)


def plan_year(settings: Settings, year: int, jurisdiction: str | None = None) -> list[dict[str, Any]]:
    """Migrate the warehouse, sync the registry's agencies and list the jurisdictions to crawl."""
    from crawlers.run import on_loopback
    from nianbao.warehouse.documents import sync_agencies

    jurisdictions = registry(settings, jurisdiction)
    if settings.fast and not on_loopback(jurisdictions):
        raise StepError("--fast 会关闭限速，只能用于本机（127.0.0.1）上的测试网站")
    with engine_for(settings, upgraded=True) as engine, transaction(engine) as session:
        for item in jurisdictions:
            sync_agencies(session, item.agency_records())
    return [{"jurisdiction": j.code, "name": j.name, "year": year, "agencies": len(j.agencies)}
            for j in jurisdictions]


def crawl_jurisdiction(settings: Settings, year: int, jurisdiction: str | None, *,
                       progress: Progress | None = None) -> dict[str, Any]:
    """Crawl one jurisdiction's report columns (every jurisdiction's when None) for ``year``, record each
    entry's site health, and return the collected documents not yet loaded (``documents``: source
    document ids), the crawl's summary lines and the site problems found. A crawl that did not finish
    raises :class:`StepError`; each document collected or failure advances ``progress`` as it happens."""
    from crawlers.run import FAST_SETTINGS, crawl
    from crawlers.summary import event_line
    from nianbao.pipeline.site_health import assess
    from nianbao.warehouse.schema import SourceDocument

    progress = progress or Quiet()
    jurisdictions = registry(settings, jurisdiction)
    progress.start("crawl", None)
    summary = crawl(year, jurisdictions, database_url=settings.database_url, files_store=settings.raw_store,
                    settings=FAST_SETTINGS if settings.fast else None,
                    on_event=lambda event: progress.advance("crawl", event_line(event)))
    if not summary.finished:
        raise StepError("\n".join(summary.report()))
    shas = [document.sha256 for _, document in summary.documents()]
    with engine_for(settings) as engine, transaction(engine) as session:
        health = assess(session, summary, jurisdictions)
        pending = session.scalars(select(SourceDocument.id).where(
            SourceDocument.sha256.in_(shas), SourceDocument.status == "fetched")
            .order_by(SourceDocument.id)).all() if shas else []
    new_problems = [h.message for h in health if h.kind is not None and h.new]
    if new_problems:
        tell_operators(settings, f"nianbao 网站问题：{len(new_problems)} 个年报栏目无法正常采集",
                       "\n".join(new_problems))
    return {"jurisdiction": jurisdiction, "year": year, "documents": list(pending),
            "collected": len(shas), "report": summary.report(),
            "unregistered": [record.message() for record in summary.unregistered],
            "site_problems": [h.as_dict() for h in health if h.kind is not None]}


def _load_result(result: LoadResult, **extra: Any) -> dict[str, Any]:
    return {"outcome": result.outcome, "path": result.path, "report_id": result.report_id,
            "agency": result.agency, "year": result.year, "version": result.version, "reason": result.reason,
            "notes": list(result.notes), **extra}


OUTCOME_WORDS = {"loaded": "已入库", "unchanged": "未变化", "failed": "失败"}


def load_line(result: dict[str, Any]) -> str:
    """One loaded document in words."""
    if result["outcome"] == "failed":
        return f"{OUTCOME_WORDS['failed']}：{result['url'] or result['path']}：{result['reason']}"
    where = f"{result['agency']} {result['year']} 年度 第 {result['version']} 版"
    notes = "".join(f"（{note}）" for note in result["notes"])
    return f"{OUTCOME_WORDS[result['outcome']]}：{result['path']} → {where}{notes}"


def load_paths(settings: Settings, paths: list[Path], agency_code: str | None = None, *,
               progress: Progress | None = None) -> list[dict[str, Any]]:
    """Parse and load files named by hand (``nianbao load``), each in its own transaction; each file
    done advances ``progress`` with its :func:`load_line`."""
    progress = progress or Quiet()
    progress.start("load", len(paths))
    results = []
    with engine_for(settings, upgraded=True) as engine:
        for path in paths:
            results.append(_load_result(load_file(engine, path, agency_code=agency_code), url=None))
            progress.advance("load", load_line(results[-1]))
    return results


def load_document(settings: Settings, document_id: int) -> dict[str, Any]:
    """Parse and load one collected document, credited to the agency the crawl found it for.

    Returns the outcome (``loaded``, ``unchanged`` or ``failed`` with its reason, recorded in the
    warehouse); loading the same document again changes nothing."""
    from nianbao.warehouse.schema import Agency, SourceDocument

    with engine_for(settings) as engine:
        with engine.connect() as connection:
            row = connection.execute(
                select(SourceDocument.path, SourceDocument.url, Agency.code)
                .outerjoin(Agency, Agency.id == SourceDocument.agency_id)
                .where(SourceDocument.id == document_id)).first()
        if row is None or not row.path:
            raise StepError(f"原始文件库中没有编号为 {document_id} 的文件")
        result = load_file(engine, Path(row.path), agency_code=row.code, url=row.url)
    return _load_result(result, document_id=document_id, url=row.url)


def _retention(settings: Settings):
    from nianbao.checks.suites import Retention

    return Retention(runs=settings.docs_keep_runs, days=settings.docs_keep_days)


def check_year(settings: Settings, year: int | None = None, jurisdiction: str | None = None,
               as_of: date | None = None, *, progress: Progress | None = None) -> dict[str, Any]:
    """Run every rule over the agency-years of ``year`` (all years when None), optionally of one
    jurisdiction (code or name), as of ``as_of`` (default today); record the findings. ``progress``
    advances as each rule has run, and once more when the findings are recorded."""
    from nianbao.checks.catalogue import rules_for
    from nianbao.checks.report import record
    from nianbao.checks.suites import on_rule_done, scope_query, validator

    progress = progress or Quiet()
    name = _jurisdiction_name(settings, jurisdiction)
    run_name = f"核查{year}年度" if year is not None else "核查全部年度"
    with engine_for(settings, upgraded=True) as engine:
        scope_sql = scope_query(year=year, jurisdiction=name, as_of=as_of)
        progress.start("check", len(rules_for("year")) + 1)
        with on_rule_done(lambda: progress.advance("check")):
            validation = validator(Path(settings.docs_dir)).validate(
                settings.database_url, scope_sql, "year", run_name + (f"（{name}）" if name else ""),
                keep=_retention(settings))
        with engine.connect() as connection:
            scope = [tuple(r) for r in connection.execute(text(scope_sql)).all()]
        opened, resolved = record(engine, validation, [(a, y, r) for a, y, r, _ in scope])
        where = describe(engine)
        progress.advance("check", f"{len(scope)} 个机关年度，未解决问题 {opened} 项")
    return {"year": year, "jurisdiction": jurisdiction, "agency_years": [[a, y] for a, y, _, _ in scope],
            "open": opened, "resolved": resolved, "warehouse": where,
            "docs_index": str(validation.docs_index) if validation.docs_index else None}


def _jurisdiction_name(settings: Settings, jurisdiction: str | None) -> str | None:
    """The warehouse keys agencies by jurisdiction name; a registry code is turned into its name."""
    if jurisdiction is None:
        return None
    try:
        return registry(settings, jurisdiction)[0].name
    except ValueError:
        return jurisdiction


def notify(settings: Settings, year: int | None = None, jurisdiction: str | None = None) -> dict[str, Any]:
    """Compose the digests due for the year's findings (one jurisdiction, or all) and deliver what the
    outbox holds; returns what was composed and delivered (:func:`nianbao.alerts.notify`), and where
    email goes (``mail_to``). An alert setting that cannot be used is a :class:`StepError`."""
    from nianbao.alerts import notify as send
    from nianbao.alerts.channels.mailconfig import describe as mail_destination
    from nianbao.alerts.settings import SettingError

    jurisdictions = registry(settings, jurisdiction)
    with engine_for(settings, upgraded=True) as engine:
        try:
            return send(engine, registry=jurisdictions, year=year, jurisdiction=jurisdiction) | {
                "mail_to": mail_destination()}
        except SettingError as error:
            raise StepError(str(error)) from error


def tell_operators(settings: Settings, subject: str, text: str) -> None:
    """A message to the operators (not the 公开办) through the alert outbox; failures are logged."""
    from nianbao.alerts import alert_operators

    with engine_for(settings) as engine:
        alert_operators(subject, text, engine=engine)


def task_failed(settings: Settings, dag_id: str, task_id: str, map_index: int, run_id: str, reason: str) -> str:
    """Tell the operators that a scheduled task failed and why; returns the message."""
    which = f"{task_id}[{map_index}]" if map_index >= 0 else task_id
    message = f"nianbao 任务失败：{dag_id}.{which}（运行 {run_id}）：{reason}"
    logging.getLogger("nianbao.pipeline").error(message)
    tell_operators(settings, f"nianbao 任务失败：{dag_id}.{which}", message)
    return message


def deadline_year(day: date) -> int:
    """The report year whose deadlines (31 January, 31 March) fall in ``day``'s year."""
    return day.year - 1


def check_files(settings: Settings, paths: list[Path]) -> dict[str, Any]:
    """Check documents on their own in a temporary SQLite warehouse; the run goes to the Data Docs of
    ``settings.docs_dir`` (the command's own folder, never the warehouse's).

    ``documents``: one result per file, ``status`` 'ok' with the parse object (``report``, with its
    ``findings``) or 'failed' with its ``reason``; ``docs_index``: the Data Docs index."""
    from nianbao.checks.report import as_json, findings
    from nianbao.checks.suites import validator
    from nianbao.warehouse.schema import Report

    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="nianbao-check-") as folder:
        url = f"sqlite:///{Path(folder) / 'check.db'}"
        engine = make_engine(url)
        upgrade(engine)
        loaded = {}
        for path in paths:
            result = load_file(engine, path)
            if result.outcome == "failed":
                results.append({"path": str(path), "status": "failed", "reason": result.reason})
            else:
                loaded[len(results)] = result.report_id
                results.append({"path": str(path), "status": "ok"})
        scope_sql = ("SELECT r.agency_id, r.year, r.id AS report_id, "
                     f"'{date.today().isoformat()}' AS as_of FROM report r")
        validation = validator(Path(settings.docs_dir)).validate(
            url, scope_sql, "document", f"单独核查{len(paths)}份文件", keep=_retention(settings))
        found = {key[2]: records for key, records in findings(validation.violations).items()}
        with engine.connect() as connection:
            canonical = {i: j for i, j in connection.execute(select(Report.id, Report.canonical_json))}
        engine.dispose()
    for index, report_id in loaded.items():
        report = json.loads(canonical[report_id])
        report["source"]["path"] = results[index]["path"]
        report["findings"] = as_json(found.get(report_id, []))
        results[index]["report"] = report
    return {"documents": results, "docs_index": str(validation.docs_index) if validation.docs_index else None}
