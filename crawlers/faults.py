"""Why a request failed, in words for 公开办 staff."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as tx_error
from twisted.web._newclient import ResponseFailed

_BY_TYPE: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, tx_error.TimeoutError, TimeoutError), "下载超时"),
    ((ResponseDataLossError, ResponseFailed), "下载数据不完整（连接提前断开）"),
    ((DownloadConnectionRefusedError, tx_error.ConnectionRefusedError), "无法连接服务器（连接被拒绝）"),
    ((CannotResolveHostError, tx_error.DNSLookupError), "域名解析失败"),
)


def http_reason(status: int) -> str:
    kind = "页面不存在" if status == 404 else "服务器错误" if status >= 500 else "请求未成功"
    return f"HTTP {status}（{kind}）"


def reason_for(exc: BaseException | None) -> str:
    """A one-line Chinese reason for ``exc`` raised while downloading or reading a response."""
    if isinstance(exc, HttpError):
        return http_reason(exc.response.status)
    if isinstance(exc, DownloadCancelledError):
        # Scrapy names the limit when the size was announced; a body that outgrows it mid-way, or a
        # download cut off by stopping the crawl, cancels without words.
        return "文件超过下载大小上限，已放弃" if "max size" in str(exc) else "下载被中止（文件超过下载大小上限，或采集被停止）"
    for types, reason in _BY_TYPE:
        if isinstance(exc, types):
            return reason
    if isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc):
        return "网站的 robots.txt 不允许采集此页"
    if isinstance(exc, IgnoreRequest | ValueError) and str(exc):
        return str(exc)
    if isinstance(exc, DownloadFailedError):
        return f"下载失败（{exc}）"
    return f"下载失败（{type(exc).__name__}）"
