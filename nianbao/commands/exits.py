"""The exit status of every ``nianbao`` command, shown at the end of its ``--help`` for scripts.

One convention for all: 0 done, 1 some items failed (each named in the output), 2 wrong arguments or
the work could not start, 3 findings reached ``--fail-on``, 4 the warehouse is missing or not set up.
"""

from __future__ import annotations

USAGE = "2  参数有误（用法错误）"
NO_WAREHOUSE = "4  数据仓库不存在或尚未建立结构（按提示运行 nianbao db upgrade）"

EXIT_CODES: dict[str, tuple[str, ...]] = {
    "parse": ("0  全部文件解析成功", "1  有文件无法解析（逐个列出原因，其余照常输出）", USAGE),
    "db": ("0  完成", USAGE),
    "load": ("0  全部文件已入库或未变化", "1  有文件无法入库（逐个列出原因，其余照常入库）", USAGE),
    "sql": ("0  查询完成", "1  查询执行失败", "2  找不到查询、参数有误", NO_WAREHOUSE),
    "crawl": ("0  采集完成（个别机构的问题见输出）", "1  采集未能进行（登记表或采集程序出错）", USAGE),
    "check": ("0  核查完成（默认发现问题也为 0）", "1  有文件无法读取（核查文件时）", USAGE,
              "3  发现 --fail-on 指定级别及以上的问题", NO_WAREHOUSE),
    "run": ("0  各阶段均已运行（无论是否发现问题）", "1  有阶段失败（列出原因）",
            "2  无法开始运行（登记表或数据仓库不可用）、参数有误"),
    "export": ("0  导出完成", USAGE, NO_WAREHOUSE),
    "dashboard": ("0  看板已生成", USAGE),
    "notify": ("0  通报已生成，消息已送达或留待重试", "1  通报未能进行，或有消息已放弃发送", USAGE),
}


def epilog(command: str) -> str:
    """The ``--help`` epilog listing ``command``'s exit statuses."""
    return "退出状态：\n" + "\n".join(f"  {line}" for line in EXIT_CODES[command])
