"""The rule catalogue as Great Expectations suites, run over the warehouse through GE's SQL data source.

Each rule becomes one :class:`ExpectNoRuleViolations` (an ``UnexpectedRowsExpectation`` that hands back
every unexpected row, not GE's first 200, with the agency's name and the report's version and source)
carrying the rule id, its severity and its Chinese title; its Data Docs table lists those rows
(:mod:`nianbao.checks.evidence`). The batch is a query asset selecting the agency-years under check (see
:func:`scope_query`); the same suites run on SQLite and PostgreSQL. A checkpoint validates and updates the
Data Docs site.

One GE context per Data Docs folder serves the whole process (importing GE takes seconds; building it
again per check would too): data sources, assets, suites and validation definitions live in memory and
are added once; the validation results go to GE's validation results store in the folder itself
(``validation_results/``), so the site's index lists every run kept. Before each run the results beyond
the :class:`Retention` (the newest runs, the last days) are removed, and GE's index builder drops their
pages.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # offline: no usage statistics

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import (  # noqa: E402
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)
from great_expectations.execution_engine import SqlAlchemyExecutionEngine  # noqa: E402
from great_expectations.expectations import UnexpectedRowsExpectation  # noqa: E402
from great_expectations.expectations.metadata_types import FailureSeverity  # noqa: E402
from great_expectations.expectations.metrics.metric_provider import metric_value  # noqa: E402
from great_expectations.expectations.metrics.query_metrics.query_table.query_table import QueryTable  # noqa: E402
from great_expectations.render import LegacyDiagnosticRendererType, RenderedTableContent  # noqa: E402
from great_expectations.render.renderer.renderer import renderer  # noqa: E402

from nianbao.checks import evidence, uncertain  # noqa: E402
from nianbao.checks.catalogue import RULES_BY_ID, SEVERITY_WORDS, Rule, Scope, rules_for  # noqa: E402
from nianbao.checks.docs import localise  # noqa: E402
from nianbao.checks.results import Validation, Violation  # noqa: E402

SUITE_NAMES: dict[Scope, str] = {"document": "nianbao_single_document", "year": "nianbao_whole_year"}
GE_SEVERITY = {"error": FailureSeverity.CRITICAL, "warning": FailureSeverity.WARNING}
RESULTS = "validation_results"  # GE's validation results store, inside the Data Docs folder
SITE = "local"
# Who and which report an unexpected row concerns, joined to a rule's rows by the metric.
WHO = ("SELECT f.*, a.name AS agency, r.version AS report_version, COALESCE(d.url, d.path) AS report_source "
       "FROM ({rows}) f LEFT JOIN agency a ON a.id = f.agency_id LEFT JOIN report r ON r.id = f.report_id "
       "LEFT JOIN source_document d ON d.id = r.source_document_id")


_rule_done: ContextVar[Callable[[], None] | None] = ContextVar("nianbao_rule_done", default=None)


@contextmanager
def on_rule_done(callback: Callable[[], None]) -> Iterator[None]:
    """Call ``callback`` each time a rule's query has run, within this block (GE runs them one by one)."""
    token = _rule_done.set(callback)
    try:
        yield
    finally:
        _rule_done.reset(token)


class AllUnexpectedRows(QueryTable):
    """The rows of an unexpected-rows query, all of them (GE's own metric stops at 200), each with the
    agency's name and the report's version and source (:data:`WHO`)."""

    metric_name = "nianbao_unexpected_rows.table"
    value_keys = ("unexpected_rows_query",)
    query_param_name: ClassVar[str] = "unexpected_rows_query"

    @metric_value(engine=SqlAlchemyExecutionEngine)
    def _sqlalchemy(cls, execution_engine, metric_domain_kwargs, metric_value_kwargs, metrics,
                    runtime_configuration) -> list[dict]:
        from great_expectations.core.metric_domain_types import MetricDomainTypes

        selectable, _, _ = execution_engine.get_compute_domain(metric_domain_kwargs,
                                                                domain_type=MetricDomainTypes.TABLE)
        query = cls._get_substituted_batch_subquery_from_query_and_batch_selectable(
            query=WHO.replace("{rows}", cls._get_query_from_metric_value_kwargs(metric_value_kwargs)),
            batch_selectable=selectable,
            execution_engine=execution_engine,
        )
        rows = cls._get_sqlalchemy_records_from_substituted_batch_subquery(query, execution_engine,
                                                                           fetch_all=True)
        if (callback := _rule_done.get()) is not None:
            callback()
        return rows


class ExpectNoRuleViolations(UnexpectedRowsExpectation):
    """A rule of the catalogue: its query returns the faults and missing inputs; none means it holds.
    Each failing row gets the pages of the uncertain OCR cells among its inputs (:func:`uncertain.mark`),
    read on the run's own connection, so its finding and its Data Docs line say the same."""

    metric_dependencies: ClassVar[tuple[str, ...]] = ("nianbao_unexpected_rows.table",)

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None,
                  execution_engine: Any = None) -> dict:
        rows = [dict(row) for row in metrics["nianbao_unexpected_rows.table"]]
        if rows:
            with execution_engine.get_connection() as connection:
                uncertain.mark(connection, [Violation(RULES_BY_ID[self.meta["rule_id"]], row) for row in rows])
        return {"success": not rows,
                "result": {"observed_value": len(rows), "details": {"unexpected_rows": rows}}}

    @classmethod
    @renderer(renderer_type=LegacyDiagnosticRendererType.UNEXPECTED_TABLE)
    def _unexpected_rows_table(cls, configuration: Any = None, result: Any = None,
                               runtime_configuration: dict | None = None) -> list[RenderedTableContent] | None:
        """The Data Docs table of a failed rule: one line per unexpected row, in Chinese."""
        rows = ((result.result if result is not None else None) or {}).get("details", {}).get("unexpected_rows")
        if not rows:
            return None
        rule = RULES_BY_ID[result.expectation_config.meta["rule_id"]]
        header, table, note = evidence.table(rule, rows)
        return [RenderedTableContent(table=table, header_row=header, header=note,
                                     styling={"body": {"classes": ["table-bordered", "table-sm", "mt-3"]}})]


def expectation(rule: Rule) -> ExpectNoRuleViolations:
    return ExpectNoRuleViolations(
        unexpected_rows_query=rule.query(),
        description=f"{rule.id}：{rule.title}",
        notes=f"性质：{SEVERITY_WORDS[rule.severity]}。处理建议：{rule.advice}",
        severity=GE_SEVERITY[rule.severity],
        meta={"rule_id": rule.id, "severity": rule.severity},
    )


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def scope_query(*, year: int | None = None, jurisdiction: str | None = None, as_of: date | None = None) -> str:
    """The agency-years under check: the current reports of the year(s), and the agencies of the registry
    without one (for ``report_missing``), optionally of one jurisdiction; all years with reports when
    ``year`` is None. Columns: agency_id, year, report_id (NULL for no report), as_of."""
    as_of_text = f"'{(as_of or date.today()).isoformat()}'"
    in_years = f"r.year = {int(year)}" if year is not None else "r.year IN (SELECT DISTINCT year FROM report)"
    years = f"SELECT {int(year)} AS year" if year is not None else "SELECT DISTINCT year FROM report"
    of = f" AND a.parent_jurisdiction = {_sql_text(jurisdiction)}" if jurisdiction else ""
    return (
        f"SELECT r.agency_id, r.year, r.id AS report_id, {as_of_text} AS as_of FROM report r "
        f"JOIN agency a ON a.id = r.agency_id WHERE r.is_current AND {in_years}{of} "
        f"UNION ALL SELECT a.id, y.year, NULL, {as_of_text} FROM agency a CROSS JOIN ({years}) y "
        "WHERE a.in_registry AND NOT EXISTS (SELECT 1 FROM report x WHERE x.agency_id = a.id AND x.year = y.year "
        f"AND x.is_current){of}"
    )


@dataclass(frozen=True)
class Retention:
    """Which runs the Data Docs keep: the newest ``runs`` (this one included), none older than ``days``."""

    runs: int
    days: int


def _name(*parts: str) -> str:
    return "n" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def _context(docs_dir: Path):
    """An in-memory GE context whose validation results and Data Docs site live in ``docs_dir``."""
    config = DataContextConfig(store_backend_defaults=InMemoryStoreBackendDefaults(),
                               progress_bars=ProgressBarsConfig(globally=False))
    config.stores[config.validation_results_store_name]["store_backend"] = {
        "class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir / RESULTS)}
    config.data_docs_sites = {SITE: {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }}
    return gx.get_context(project_config=config, mode="ephemeral")


class Validator:
    """The process's GE context for the Data Docs site in ``docs_dir``."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir.resolve()
        self.context = _context(self.docs_dir)
        self.suites = {}
        for scope, name in SUITE_NAMES.items():
            suite = self.context.suites.add(gx.ExpectationSuite(name=name))
            for rule in rules_for(scope):
                suite.add_expectation(expectation(rule))
            self.suites[scope] = suite

    def _batch_definition(self, url: str, scope_sql: str):
        source_name = _name("source", url)
        try:
            source = self.context.data_sources.get(source_name)
        except (KeyError, ValueError, LookupError):
            source = self.context.data_sources.add_sql(name=source_name, connection_string=url)
        asset_name = _name("scope", scope_sql)
        try:
            asset = source.get_asset(asset_name)
        except LookupError:
            asset = source.add_query_asset(name=asset_name, query=scope_sql)
            asset.add_batch_definition_whole_table("scope")
        return asset.get_batch_definition("scope")

    def prune(self, keep: Retention, now: datetime) -> None:
        """Remove the stored results beyond ``keep``, leaving room for one more run. Their pages go when
        the index is next built (GE drops pages whose result is gone)."""
        store = self.context.validation_results_store
        keys = sorted(store.list_keys(), key=lambda key: key.run_id.run_time, reverse=True)
        oldest = now - timedelta(days=keep.days)
        removed = [key for position, key in enumerate(keys)
                   if position >= keep.runs - 1 or key.run_id.run_time < oldest]
        for key in removed:
            store.remove_key(key)

    def validate(self, url: str, scope_sql: str, scope: Scope, run_name: str, *, keep: Retention,
                 run_time: datetime | None = None) -> Validation:
        """Run the ``scope`` suite over the agency-years of ``scope_sql`` in the warehouse at ``url`` as the
        run ``run_name`` (its title in the Data Docs) at ``run_time`` (default now), keeping its result
        and those of earlier runs within ``keep``."""
        run_time = run_time or datetime.now(UTC)
        self.prune(keep, run_time)
        batch_definition = self._batch_definition(url, scope_sql)
        suite = self.suites[scope]
        name = _name("validation", url, scope_sql, scope)
        try:
            definition = self.context.validation_definitions.get(name)
        except Exception:  # noqa: BLE001 - GE raises its own not-found error types
            definition = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch_definition, suite=suite))
        try:
            checkpoint = self.context.checkpoints.get(name)
        except Exception:  # noqa: BLE001 - GE raises its own not-found error types
            checkpoint = self.context.checkpoints.add(gx.Checkpoint(
                name=name, validation_definitions=[definition],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=[SITE])],
                result_format={"result_format": "COMPLETE"}))
        run_id = gx.RunIdentifier(run_name=run_name.replace("/", "／"), run_time=run_time)  # a folder's name
        result = checkpoint.run(run_id=run_id)
        violations = []
        for suite_result in result.run_results.values():
            for expectation_result in suite_result.results:
                if expectation_result.exception_info.get("raised_exception"):
                    raise RuntimeError(expectation_result.exception_info.get("exception_message"))
                rule = RULES_BY_ID[expectation_result.expectation_config.meta["rule_id"]]
                rows = (expectation_result.result or {}).get("details", {}).get("unexpected_rows", [])
                violations += [Violation(rule, dict(row)) for row in rows]
        localise(self.docs_dir)
        index = self.docs_dir / "index.html"
        return Validation(rules_for(scope), violations, index if index.exists() else None)


@cache
def validator(docs_dir: Path) -> Validator:
    """The process's :class:`Validator` for a Data Docs folder, built once."""
    return Validator(docs_dir)
