"""``nianbao crawl --year Y``: collect the year's reports of the registry's agencies into the raw store.

Prints each report collected and each failure as it happens, then one closing line per agency. The crawl
itself runs in its own ``scrapy crawl`` process (:func:`crawlers.run.crawl`).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from crawlers.registry import DEFAULT_REGISTRY, RegistryError, load_registry
from crawlers.run import FAST_SETTINGS, CrawlError, crawl, on_loopback
from crawlers.summary import event_line
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.migrate import upgrade


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("crawl", help="按登记表采集各机构的政府信息公开工作年度报告")
    parser.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
    parser.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY,
                        help="登记表文件或目录（默认：项目自带的示例登记表）")
    parser.add_argument("--jurisdiction", help="只采集这个辖区（编码或名称）")
    parser.add_argument("--base-url", help="栏目入口的相对地址以此为准（覆盖登记表中的 base_url）")
    parser.add_argument("--raw-store", help="原始文件库位置（默认：环境变量 NIANBAO_RAW_STORE 或 var/raw）")
    parser.add_argument("--fast", action="store_true",
                        help="关闭限速，仅允许用于本机（127.0.0.1）上的测试网站")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        jurisdictions = load_registry(args.registry, jurisdiction=args.jurisdiction, base_url=args.base_url)
        if args.fast and not on_loopback(jurisdictions):
            raise CrawlError("--fast 会关闭限速，只能用于本机（127.0.0.1）上的测试网站")
        engine = make_engine()
        upgrade(engine)
        engine.dispose()
        agencies = sum(len(j.agencies) for j in jurisdictions)
        print(f"开始采集 {args.year} 年度报告：{len(jurisdictions)} 个辖区，{agencies} 个机构", flush=True)
        summary = crawl(args.year, args.registry, args.jurisdiction, base_url=args.base_url,
                        files_store=args.raw_store, settings=FAST_SETTINGS if args.fast else None,
                        on_event=lambda event: print(event_line(event), flush=True))
    except (RegistryError, CrawlError) as error:
        print(f"采集未能进行：{error}")
        return 1
    print("\n".join(summary.report()))
    return 0 if summary.finished else 1
