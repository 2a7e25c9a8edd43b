"""Notify benchmark: compose the digest of a city of 500 agencies with 2,000 open findings.

    .venv/bin/python benchmarks/notify_speed.py [--agencies 500] [--findings 2000] [--backends sqlite,postgresql]

Each back end gets a fresh warehouse (see load_speed.py) holding one report per agency (synthetic, with
a source address) and the findings spread over the agencies and rules, a quarter of them unverifiable;
one agency in ten has no report (one ``report_missing`` finding each). Times, with the target of 5 s for the
first: composing the digest of all findings (rendered as text, HTML and Markdown, written as outbox
rows for two email addresses and a robot, with the findings' notices); composing again (nothing new);
composing the reminders past the grace period (all 2,000 again); and delivering the email rows into a
local Maildir. Prints the digest's size.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from load_speed import throwaway_database
from sqlalchemy import insert, select

from crawlers.registry import Jurisdiction
from nianbao.alerts import compose, deliver
from nianbao.checks.catalogue import RULES
from nianbao.warehouse.db import make_engine, transaction
from nianbao.warehouse.documents import sync_agencies
from nianbao.warehouse.load import load_reports
from nianbao.warehouse.migrate import upgrade
from nianbao.warehouse.schema import Agency, AlertOutbox, Finding, Report
from tests.support.synthetic import synthetic_report

YEAR = 2024
NOW = datetime(2026, 12, 1, 8)


def city(agencies: int) -> Jurisdiction:
    return Jurisdiction.model_validate({
        "code": "bench", "name": "基准市",
        "office": {"name": "基准市政务公开办", "alert_recipients": ["gkb@bench.example.cn", "zwgk@bench.example.cn"],
                   "robots": [{"platform": "wecom", "url": "BENCH_WECOM_URL"}]},
        "agencies": [{"code": f"b{i:04d}", "name": f"基准市第{i:04d}局", "level": "市级部门",
                      "deadline_kind": "department", "cms": "plain", "entry": f"http://127.0.0.1/b{i:04d}/"}
                     for i in range(agencies)]})


def populate(url: str, jurisdiction: Jurisdiction, findings: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    with transaction(engine) as session:
        sync_agencies(session, jurisdiction.agency_records())
        reports = []
        for i, source in enumerate(jurisdiction.agencies):
            if i % 10 == 9:
                continue  # no report: report_missing
            report = synthetic_report(source.name, YEAR)
            report.published_on, report.source.url = date(YEAR + 1, 1, 20), f"{source.entry}nb{YEAR}.html"
            reports.append(report)
        load_reports(session, reports)
    with engine.connect() as connection:
        ids = dict(connection.execute(select(Agency.name, Agency.id)).all())
        report_of = dict(connection.execute(select(Report.agency_id, Report.id)).all())
    common = {"year": YEAR, "first_seen": NOW - timedelta(days=1), "last_seen": NOW, "status": "open"}
    without = [a for a in ids.values() if a not in report_of]
    rows = [{**common, "rule_id": "report_missing", "severity": "error", "agency_id": agency, "report_id": None,
             "location": "", "expected": f"{YEAR + 1}-01-31", "actual": NOW.date().isoformat(),
             "message": f"截至 {NOW.date()} 未见本机关该年度的政府信息公开工作年度报告（发布期限为 {YEAR + 1}-01-31）。"}
            for agency in without]
    rules = [r for r in RULES if r.scope == "document"]
    published = sorted(report_of.items())
    for n in range(findings - len(rows)):
        agency, report = published[n % len(published)]
        rule = rules[n % len(rules)]
        rows.append({**common, "rule_id": rule.id, "severity": "unverifiable" if n % 4 == 3 else rule.severity,
                     "agency_id": agency, "report_id": report, "location": str(n), "expected": str(n + 3),
                     "actual": str(n), "message": f"表三第 {n} 处：各项相加为 {n + 3}，但「总计」填报为 {n}。"})
    with transaction(engine) as session:
        session.execute(insert(Finding), rows)
    engine.dispose()


def timed(label: str, action) -> object:
    began = time.perf_counter()
    result = action()
    print(f"  {label}: {time.perf_counter() - began:.2f} s")
    return result


def run(backend: str, agencies: int, findings: int) -> None:
    jurisdiction = city(agencies)
    with throwaway_database(backend) as url, tempfile.TemporaryDirectory() as mail:
        populate(url, jurisdiction, findings)
        engine = make_engine(url)
        print(f"{backend}: {agencies} agencies, {findings} open findings")
        [digest] = timed("compose, all findings new (target < 5 s)",
                         lambda: compose(engine, registry=[jurisdiction], now=NOW))
        with engine.connect() as connection:
            text, html = connection.execute(select(AlertOutbox.body, AlertOutbox.html)
                                            .where(AlertOutbox.channel == "email")).first()
        print(f"  digest: {digest.counts}; text {len(text.encode()) / 1024:.0f} KiB, html {len(html.encode()) / 1024:.0f} KiB")
        timed("compose again, nothing new", lambda: compose(engine, registry=[jurisdiction], now=NOW))
        timed("compose reminders past the grace period",
              lambda: compose(engine, registry=[jurisdiction], now=NOW + timedelta(days=15)))
        os.environ["NIANBAO_SMTP_URL"] = f"maildir://{Path(mail) / 'box'}"
        with engine.begin() as connection:  # the robot has no receiver here
            connection.execute(AlertOutbox.__table__.delete().where(AlertOutbox.channel != "email"))
        outcomes = timed("deliver the email rows into a Maildir", lambda: deliver(engine, now=NOW + timedelta(days=15)))
        print(f"  delivered {sum(o.state == 'delivered' for o in outcomes)} of {len(outcomes)}")
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--findings", type=int, default=2000)
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        run(backend, args.agencies, args.findings)


if __name__ == "__main__":
    main()
