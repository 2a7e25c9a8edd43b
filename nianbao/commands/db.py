"""``nianbao db``: bring the warehouse schema up to date (``upgrade``) or say where it stands (``status``)."""

from __future__ import annotations

import argparse

from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import schema_versions, upgrade_warehouse, where


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="数据仓库结构：升级或查看状态")
    actions = parser.add_subparsers(dest="db_action", metavar="操作")
    actions.add_parser("upgrade", help="将数据仓库结构升级到最新版本").set_defaults(func=run_upgrade)
    actions.add_parser("status", help="显示数据仓库位置与结构版本").set_defaults(func=run_status)


def run_upgrade(_args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    print(f"数据仓库已升级到版本 {upgrade_warehouse(settings)}：{where(settings.database_url)}")
    return 0


def run_status(_args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    current, head = schema_versions(settings)
    state = "已是最新" if current == head else f"待升级（最新为 {head}）"
    print(f"{where(settings.database_url)}：结构版本 {current or '未建立'}，{state}")
    return 0
