"""``nianbao export --year Y [--jurisdiction J] (--out FILE.xlsx | --csv DIR)``: the year's tables 二, 三
and 四, open findings and compliance for auditors, as an Excel workbook or as CSV files."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.pipeline.errors import WarehouseNotReady
from nianbao.pipeline.export import export_year
from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import where


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="导出一个年度的表二、表三、表四、问题清单与发布情况（Excel 或 CSV）")
    parser.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
    parser.add_argument("--jurisdiction", help="只导出该辖区（辖区名称，如 北城区）")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, metavar="文件.xlsx", help="写入这个 Excel 文件")
    target.add_argument("--csv", type=Path, metavar="目录", help="每张表写一个 CSV 文件到这个目录")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    try:
        out = args.out.with_suffix(".xlsx") if args.out else args.csv
        sheets, written = export_year(settings, args.year, args.jurisdiction, out, as_csv=not args.out)
    except WarehouseNotReady as error:
        print(error)
        return 4
    counts = "，".join(f"{name} {rows} 行" for name, rows in sheets)
    print(f"已导出 {args.year} 年度{('（' + args.jurisdiction + '）') if args.jurisdiction else ''}：{counts}。")
    print("文件：" + "、".join(str(p) for p in written))
    print(f"数据仓库：{where(settings.database_url)}")
    return 0
