"""``nianbao notify``: compose the digests due for the 公开办 and deliver what is waiting in the outbox.

``nianbao notify [--year Y] [--jurisdiction J] [--registry FILE]`` prints each digest written and each
message sent (or why not); run again, it sends nothing new. ``nianbao notify --status`` lists the
outbox: messages waiting, given up, and the latest delivered.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.pipeline import steps
from nianbao.pipeline.errors import RegistryError, StepError
from nianbao.pipeline.settings import DEFAULT_REGISTRY, Settings
from nianbao.pipeline.warehouse import where
from nianbao.tabulate import render

CHANNEL_WORDS = {"email": "邮件", "wecom": "企业微信", "dingtalk": "钉钉", "feishu": "飞书"}
OUTCOME_WORDS = {"delivered": "已送达", "pending": "未送达，稍后重试", "failed": "未送达，已放弃"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("notify", help="向公开办发送核查通报（邮件、企业微信、钉钉、飞书）")
    parser.add_argument("--year", type=int, help="只通报该年度的问题（默认：全部年度）")
    parser.add_argument("--jurisdiction", help="只通报这个辖区（编码或名称）")
    parser.add_argument("--registry", type=Path,
                        help=f"登记表文件或目录（默认：NIANBAO_REGISTRY、nianbao.toml 或项目自带的示例登记表 {DEFAULT_REGISTRY}）")
    parser.add_argument("--status", action="store_true", help="只列出发件箱状态，不发送")
    parser.set_defaults(func=run)


def _time(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def show_status(settings: Settings) -> int:
    from nianbao.pipeline.outbox import STATE_WORDS, outbox  # imported here: the alerts only for this command

    outbox_rows, counts = outbox(settings)
    if not counts:
        print("发件箱为空：尚未生成任何通报。")
        return 0
    rows = [(r.id, r.jurisdiction or "（运维）", CHANNEL_WORDS.get(r.channel, r.channel), r.recipient,
             STATE_WORDS.get(r.state, r.state), r.attempts,
             _time(r.next_attempt_at) if r.state == "pending" else _time(r.delivered_at), r.last_error or "")
            for r in outbox_rows]
    print(render(["编号", "辖区", "渠道", "收件人", "状态", "尝试次数", "下次尝试/送达时间（UTC）", "最近错误"], rows))
    print("合计：" + "，".join(f"{STATE_WORDS.get(state, state)} {n} 条" for state, n in sorted(counts.items())))
    return 0


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env(registry=args.registry)
    if args.status:
        return show_status(settings)
    try:
        summary = steps.notify(settings, args.year, args.jurisdiction)
    except (RegistryError, StepError) as error:
        print(f"通报未能进行：{error}")
        return 1
    for digest in summary["digests"]:
        print(f"已生成通报（编号 {digest['id']}）：{digest['subject']}")
    if not summary["digests"]:
        print("没有新的变化，本次不生成通报。")
    for item in summary["deliveries"]:
        to = f"{CHANNEL_WORDS.get(item['channel'], item['channel'])} {item['recipient']}"
        reason = f"（{item['reason']}）" if item["reason"] else ""
        print(f"  {item['jurisdiction'] or '运维'} → {to}：{OUTCOME_WORDS[item['state']]}{reason}")
    waiting = sum(c["pending"] for channels in summary["channels"].values() for c in channels.values())
    sent = len([d for d in summary["deliveries"] if d["state"] == "delivered"])
    print(f"本次送达 {sent} 条，发件箱中待发送 {waiting} 条。数据仓库：{where(settings.database_url)}")
    if any(d["channel"] == "email" for d in summary["deliveries"]):
        print(f"邮件发往：{summary['mail_to']}")
    return 1 if any(d["state"] == "failed" for d in summary["deliveries"]) else 0
