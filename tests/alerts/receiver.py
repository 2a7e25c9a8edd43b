"""A real HTTP server standing in for the three robot platforms, on 127.0.0.1 (a free port).

``/wecom``, ``/dingtalk`` and ``/feishu`` check the JSON body against each platform's documented message
shape and, with a secret set, the signature the way the platform does (DingTalk: ``timestamp`` and
``sign`` in the query, sign = Base64(HMAC-SHA256(secret, "timestamp\\nsecret")); Feishu: ``timestamp``
and ``sign`` in the body, sign = Base64(HMAC-SHA256(key="timestamp\\nsecret", msg="")), both within an
hour). A bad shape or signature is refused with the platform's own error code. ``accepted`` lists the
requests answered with success; ``received`` every request. ``fail_next`` answers 500, ``slow_next``
answers 503 only after ``slow_seconds`` (the client has timed out), and ``hang`` (a platform) makes
that platform's next request wait, recorded and unanswered, until the test has killed its sender.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    platform: str
    key: str | None
    body: dict
    query: dict


@dataclass
class Receiver:
    secrets: dict[str, str] = field(default_factory=dict)
    received: list[Request] = field(default_factory=list)
    accepted: list[Request] = field(default_factory=list)
    fail_next: int = 0
    slow_next: int = 0
    slow_seconds: float = 2.0
    hang: str | None = None
    hanging: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def problem(self, platform: str, body: dict, query: dict) -> str | None:
        """Why the platform would refuse this request; None when it would accept it."""
        secret = self.secrets.get(platform)
        if platform == "wecom":
            if body.get("msgtype") != "markdown" or not isinstance(body.get("markdown", {}).get("content"), str):
                return "invalid message type"
            if len(body["markdown"]["content"].encode()) > 4096:
                return "markdown.content exceed max length 4096"
        elif platform == "dingtalk":
            markdown = body.get("markdown", {})
            if body.get("msgtype") != "markdown" or not markdown.get("title") or not markdown.get("text"):
                return "param error"
            if secret:
                timestamp, sign = query.get("timestamp"), query.get("sign")
                expected = base64.b64encode(hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(),
                                                     hashlib.sha256).digest()).decode()
                if not timestamp or abs(time.time() * 1000 - int(timestamp)) > 3_600_000 or sign != expected:
                    return "sign not match"
        elif platform == "feishu":
            post = body.get("content", {}).get("post", {}).get("zh_cn", {})
            if body.get("msg_type") != "post" or not post.get("title") or not isinstance(post.get("content"), list):
                return "params error"
            for paragraph in post["content"]:
                for element in paragraph:
                    if element.get("tag") not in ("text", "a") or not isinstance(element.get("text"), str):
                        return "params error"
                    if element["tag"] == "a" and not element.get("href"):
                        return "params error"
            if len(json.dumps(body, ensure_ascii=False).encode()) > 20 * 1024:
                return "request body too large"
            if secret:
                timestamp, sign = body.get("timestamp"), body.get("sign")
                expected = base64.b64encode(hmac.new(f"{timestamp}\n{secret}".encode(), b"",
                                                     hashlib.sha256).digest()).decode()
                if not timestamp or abs(time.time() - int(timestamp)) > 3600 or sign != expected:
                    return "sign match fail or timestamp is not within one hour from current time"
        return None


ERRORS = {"wecom": ("errcode", 40008), "dingtalk": ("errcode", 310000), "feishu": ("code", 19021)}


def handler_for(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def _answer(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            platform = parts.path.strip("/").split("/")[0]
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}  # URL-decoded once, as DingTalk does
            request = Request(platform, self.headers.get("Idempotency-Key"), body, query)
            with receiver.lock:
                receiver.received.append(request)
                fail = receiver.fail_next > 0
                receiver.fail_next -= fail
                slow = not fail and receiver.slow_next > 0
                receiver.slow_next -= slow
                hang = not fail and not slow and receiver.hang == platform
                if hang:
                    receiver.hang = None
            if hang:
                receiver.hanging.set()
                time.sleep(60)
                return
            if fail:
                return self._answer(500, {"error": "internal"})
            if slow:
                time.sleep(receiver.slow_seconds)
                return self._answer(503, {"error": "gateway timeout"})
            problem = receiver.problem(platform, body, query)
            field_name, code = ERRORS.get(platform, ("errcode", 1))
            if problem:
                return self._answer(200, {field_name: code, "msg" if platform == "feishu" else "errmsg": problem})
            with receiver.lock:
                receiver.accepted.append(request)
            self._answer(200, {field_name: 0, "msg" if platform == "feishu" else "errmsg": "ok"})

    return Handler


class RobotServer:
    """``with RobotServer(receiver) as server:``; ``server.url(platform)`` is the webhook address."""

    def __init__(self, receiver: Receiver) -> None:
        self.receiver = receiver
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(receiver))
        self._server.daemon_threads = True

    def url(self, platform: str) -> str:
        token = "access_token=t0ken" if platform == "dingtalk" else ""
        return f"http://127.0.0.1:{self._server.server_address[1]}/{platform}" + (f"?{token}" if token else "")

    def __enter__(self) -> RobotServer:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
