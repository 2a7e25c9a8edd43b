"""``nianbao crawl --year Y``: collect the year's reports of the registry's agencies into the raw store.

Shows each report collected and each failure as it happens (a count and rate with them), then one closing
line per agency and the site problems found. The crawl itself runs in its own ``scrapy crawl`` process.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.commands.progress import terminal_progress
from nianbao.pipeline import steps
from nianbao.pipeline.errors import CrawlError, RegistryError, StepError
from nianbao.pipeline.settings import DEFAULT_REGISTRY, Settings


def add_source_options(parser: argparse.ArgumentParser) -> None:
    """The options ``crawl`` and ``run`` share: year, registry, jurisdiction, raw store, politeness."""
    parser.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
    parser.add_argument("--registry", type=Path, help=f"登记表文件或目录（默认：项目自带的示例登记表 {DEFAULT_REGISTRY}）")
    parser.add_argument("--jurisdiction", help="只处理这个辖区（编码或名称）")
    parser.add_argument("--raw-store", help="原始文件库位置（默认：NIANBAO_RAW_STORE、nianbao.toml 或数据目录下的 raw）")
    parser.add_argument("--fast", action="store_true",
                        help="关闭限速，仅允许用于本机（127.0.0.1）上的测试网站")
    parser.add_argument("--base-url", help="栏目入口的相对地址以此为准（覆盖登记表中的 base_url）")


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings.from_env(registry=args.registry, raw_store=args.raw_store, fast=args.fast or None,
                             base_url=args.base_url)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("crawl", help="按登记表采集各机构的政府信息公开工作年度报告")
    add_source_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    try:
        plan = steps.plan_year(settings, args.year, args.jurisdiction)
        agencies = sum(item["agencies"] for item in plan)
        print(f"开始采集 {args.year} 年度报告：{len(plan)} 个辖区，{agencies} 个机构", flush=True)
        with terminal_progress() as progress:
            result = steps.crawl_jurisdiction(settings, args.year, args.jurisdiction, progress=progress)
    except (RegistryError, CrawlError, StepError) as error:
        print(f"采集未能进行：{error}")
        return 1
    print("\n".join(result["report"]))
    for problem in result["site_problems"]:
        print(f"网站问题：{problem['message']}")
    return 0
