"""``nianbao export --year Y [--jurisdiction J] (--out FILE.xlsx | --csv DIR)``: the year's tables 二, 三
and 四, open findings and compliance for auditors, as an Excel workbook or as CSV files."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.warehouse.db import describe, make_engine
from nianbao.warehouse.migrate import WarehouseNotReady, require_ready


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("export", help="导出一个年度的表二、表三、表四、问题清单与发布情况（Excel 或 CSV）")
    parser.add_argument("--year", type=int, required=True, help="报告年度，如 2024")
    parser.add_argument("--jurisdiction", help="只导出该辖区（辖区名称，如 北城区）")
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, metavar="文件.xlsx", help="写入这个 Excel 文件")
    target.add_argument("--csv", type=Path, metavar="目录", help="每张表写一个 CSV 文件到这个目录")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from nianbao.export.workbook import write_csv, write_xlsx
    from nianbao.export.year import year_sheets

    engine = make_engine()
    try:
        require_ready(engine)
        sheets = year_sheets(engine, args.year, args.jurisdiction)
    except WarehouseNotReady as error:
        print(error)
        return 4
    finally:
        engine.dispose()
    counts = "，".join(f"{sheet.name} {len(sheet.rows)} 行" for sheet in sheets)
    written = [write_xlsx(sheets, args.out.with_suffix(".xlsx"))] if args.out else write_csv(sheets, args.csv)
    print(f"已导出 {args.year} 年度{('（' + args.jurisdiction + '）') if args.jurisdiction else ''}：{counts}。")
    print("文件：" + "、".join(str(p) for p in written))
    print(f"数据仓库：{describe(engine)}")
    return 0
