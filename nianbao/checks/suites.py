"""The rule catalogue as Great Expectations suites, run over the warehouse through GE's SQL data source.

Each rule becomes one :class:`ExpectNoRuleViolations` (an ``UnexpectedRowsExpectation`` that hands back
every unexpected row, not GE's first 200) carrying the rule id, its severity and its Chinese title.
The batch is a query asset selecting the agency-years under check (see :func:`scope_query`); the same
suites run on SQLite and PostgreSQL. A checkpoint validates and updates the local Data Docs site.

One ephemeral GE context serves the whole process (importing GE takes seconds; building it again per
check would too): data sources, assets, suites and validation definitions are added once and reused.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")  # offline: no usage statistics

import great_expectations as gx  # noqa: E402
from great_expectations.data_context.types.base import ProgressBarsConfig  # noqa: E402
from great_expectations.execution_engine import SqlAlchemyExecutionEngine  # noqa: E402
from great_expectations.expectations import UnexpectedRowsExpectation  # noqa: E402
from great_expectations.expectations.metadata_types import FailureSeverity  # noqa: E402
from great_expectations.expectations.metrics.metric_provider import metric_value  # noqa: E402
from great_expectations.expectations.metrics.query_metrics.query_table.query_table import QueryTable  # noqa: E402

from nianbao.checks.catalogue import RULES_BY_ID, Rule, Scope, rules_for  # noqa: E402
from nianbao.checks.docs import localise  # noqa: E402

SUITE_NAMES: dict[Scope, str] = {"document": "nianbao_single_document", "year": "nianbao_whole_year"}
GE_SEVERITY = {"error": FailureSeverity.CRITICAL, "warning": FailureSeverity.WARNING}


class AllUnexpectedRows(QueryTable):
    """The rows of an unexpected-rows query, all of them (GE's own metric stops at 200)."""

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
            query=cls._get_query_from_metric_value_kwargs(metric_value_kwargs),
            batch_selectable=selectable,
            execution_engine=execution_engine,
        )
        return cls._get_sqlalchemy_records_from_substituted_batch_subquery(query, execution_engine,
                                                                         fetch_all=True)


class ExpectNoRuleViolations(UnexpectedRowsExpectation):
    """A rule of the catalogue: its query returns the faults and missing inputs; none means it holds."""

    metric_dependencies: ClassVar[tuple[str, ...]] = ("nianbao_unexpected_rows.table",)

    def _validate(self, metrics: dict, runtime_configuration: dict | None = None,
                  execution_engine: Any = None) -> dict:
        rows = metrics["nianbao_unexpected_rows.table"]
        return {"success": not rows,
                "result": {"observed_value": len(rows), "details": {"unexpected_rows": rows}}}


def expectation(rule: Rule) -> ExpectNoRuleViolations:
    return ExpectNoRuleViolations(
        unexpected_rows_query=rule.query(),
        description=f"{rule.id}：{rule.title}",
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
class Violation:
    """One unexpected row of one rule."""

    rule: Rule
    row: dict


@dataclass(frozen=True)
class Validation:
    """What one check run produced: the rules run, their rows, and the Data Docs page of the run."""

    rules: tuple[Rule, ...]
    violations: list[Violation]
    docs_index: Path | None


def _name(*parts: str) -> str:
    return "n" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


class Validator:
    """The process's GE context with a local Data Docs site in ``docs_dir``."""

    def __init__(self, docs_dir: Path) -> None:
        self.docs_dir = docs_dir.resolve()
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        for site in list(self.context.list_data_docs_sites()):  # the ephemeral default, in a temp folder
            self.context.delete_data_docs_site(site)
        self.context.add_data_docs_site(
            site_name="local",
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                                  "base_directory": str(self.docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
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

    def validate(self, url: str, scope_sql: str, scope: Scope, run_name: str) -> Validation:
        """Run the ``scope`` suite over the agency-years of ``scope_sql`` in the warehouse at ``url``."""
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
                actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
                result_format={"result_format": "COMPLETE"}))
        result = checkpoint.run(run_id=gx.RunIdentifier(run_name=run_name))
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
