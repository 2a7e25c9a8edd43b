"""Serve a built fixture site on 127.0.0.1, like a gov CMS would, with faults injected on request.

Static files get ``ETag``/``Last-Modified`` and answer conditional requests with 304. ``routes.json``
adds redirects and download scripts (``downfile.jsp?filename=…`` with a GBK ``Content-Disposition``);
``…/dataproxy.jsp`` answers Hanweb list requests from ``columns/<columnid>.json``. Faults
(``faults.json``, ``--fault PATH=KIND`` or :attr:`FixtureServer.faults`) are: ``404``, ``500``,
``slow:SECONDS``, ``truncate``, ``huge`` (a 50 MB body, announced by ``Content-Length``), ``huge-unannounced``
(the same without ``Content-Length``, ended by closing the connection), ``redirect-loop``, ``redirect-foreign``.

    .venv/bin/python -m tests.support.fixture_site.serve SITE_DIR [--port 0] [--fault /path=500 …] [-- COMMAND …]

With a command after ``--`` the site is served only while that command runs (``make demo`` crawls it so).
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import hashlib
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

HOST = "127.0.0.1"
HUGE_BYTES = 50 * 1024 * 1024
CONTENT_TYPES = {".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf", ".txt": "text/plain",
                 ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                 ".doc": "application/msword", ".wps": "application/kswps", ".json": "application/json"}


class FixtureServer:
    """A threaded HTTP server for ``root``; use as a context manager. ``requests`` logs (path, status)."""

    def __init__(self, root: Path, port: int = 0, faults: dict[str, str] | None = None) -> None:
        self.root = root.resolve()
        self.routes: dict[str, dict] = _load(self.root / "routes.json")
        self.faults: dict[str, str] = {**_load(self.root / "faults.json"), **(faults or {})}
        self.requests: list[tuple[str, int]] = []
        self.httpd = ThreadingHTTPServer((HOST, port), _handler(self))
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://{HOST}:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FixtureServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def served(self, status: int = 200) -> list[str]:
        return [path for path, code in self.requests if code == status]


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _handler(server: FixtureServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FixtureCMS/1.0"

        def log_message(self, format: str, *args: object) -> None:  # quiet
            return

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self._respond()

        def _status(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            server.requests.append((self.path, code))
            self.send_response(code)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _respond(self) -> None:
            parts = urlsplit(self.path)
            fault = server.faults.get(self.path) or server.faults.get(parts.path)
            if fault and self._fault(fault, parts.path):
                return
            route = server.routes.get(self.path) or server.routes.get(parts.path)
            if route and "location" in route:
                self._status(route.get("status", 302), headers={"Location": route["location"]})
                return
            if parts.path.endswith("/dataproxy.jsp"):
                self._dataproxy(parts.path, parse_qs(parts.query))
                return
            file = self._file(route["file"] if route else unquote(parts.path))
            if file is None:
                self._status(404, "<html><body>404 页面不存在</body></html>".encode(), {"Content-Type": "text/html"})
                return
            self._static(file, route or {})

        def _file(self, path: str) -> Path | None:
            target = (server.root / path.lstrip("/")).resolve()
            if server.root not in target.parents or not target.is_file():
                return None
            if target.name in ("routes.json", "faults.json", "truth.json"):
                return None
            return target

        def _static(self, file: Path, route: dict) -> None:
            body = file.read_bytes()
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            modified = email.utils.formatdate(file.stat().st_mtime, usegmt=True)
            headers = {"ETag": etag, "Last-Modified": modified,
                       "Content-Type": CONTENT_TYPES.get(file.suffix, "application/octet-stream")}
            if "disposition" in route:
                name = route["disposition"].encode("gbk").decode("latin-1")
                headers["Content-Disposition"] = f'attachment; filename="{name}"'
            match = self.headers.get("If-None-Match")
            since = self.headers.get("If-Modified-Since")
            if (match is not None and match == etag) or (
                match is None and since and _not_after(file.stat().st_mtime, since)
            ):
                self._status(304, headers={"ETag": etag, "Last-Modified": modified})
                return
            self._status(200, body, headers)

        def _dataproxy(self, path: str, query: dict[str, list[str]]) -> None:
            column = query.get("columnid", [""])[0]
            data_file = self._file(f"{path.rsplit('/', 1)[0]}/columns/{column}.json") if column.isdigit() else None
            if data_file is None:
                self._status(404)
                return
            data = json.loads(data_file.read_text(encoding="utf-8"))
            start = int(query.get("startrecord", ["1"])[0])
            end = int(query.get("endrecord", [str(start + 44)])[0])
            records = data["records"][start - 1 : end]
            cdata = "".join(f"<record><![CDATA[{record}]]></record>" for record in records)
            xml = (f'<?xml version="1.0" encoding="UTF-8"?>{data.get("doctype", "")}<datastore>'
                   f"<totalrecord>{len(data['records'])}</totalrecord><recordset>{cdata}{data.get('extra', '')}"
                   f"</recordset></datastore>")
            self._status(200, xml.encode("utf-8"), {"Content-Type": "text/xml; charset=UTF-8"})

        def _fault(self, fault: str, path: str) -> bool:
            """Apply ``fault``; False means 'serve normally after all' (``slow`` just delays)."""
            kind, _, argument = fault.partition(":")
            if kind in ("404", "500", "503"):
                self._status(int(kind), f"<html><body>{kind}</body></html>".encode(), {"Content-Type": "text/html"})
            elif kind == "slow":
                time.sleep(float(argument or 5))
                return False
            elif kind == "redirect-loop":
                self._status(302, headers={"Location": path})
            elif kind == "redirect-foreign":
                self._status(302, headers={"Location": f"http://localhost:{server.port}{path}?from=foreign"})
            elif kind == "truncate":
                self._truncated(path)
            elif kind in ("huge", "huge-unannounced"):
                self._huge(announced=kind == "huge")
            else:
                raise ValueError(f"unknown fault {fault!r}")
            return True

        def _truncated(self, path: str) -> None:
            file = self._file(server.routes.get(self.path, {}).get("file", path))
            body = file.read_bytes() if file else b"x" * 4096
            server.requests.append((self.path, 200))
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) * 2))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True

        def _huge(self, announced: bool) -> None:
            server.requests.append((self.path, 200))
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            if announced:
                self.send_header("Content-Length", str(HUGE_BYTES))
            self.end_headers()
            self.close_connection = True
            chunk = b"%PDF-1.4\n" + b"0" * (1024 * 1024 - 9)
            for _ in range(HUGE_BYTES // len(chunk)):
                self.wfile.write(chunk)

    return Handler


def _not_after(mtime: float, since: str) -> bool:
    try:
        parsed = email.utils.parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return int(mtime) <= parsed.timestamp()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="在 127.0.0.1 上提供测试用政府网站")
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=8765, help="端口；0 表示随机空闲端口")
    parser.add_argument("--fault", action="append", default=[], metavar="PATH=KIND", help="注入故障")
    parser.epilog = "-- COMMAND …：网站只在该命令运行期间提供，并返回其退出码（如 make demo 中的采集）"
    argv = sys.argv[1:] if argv is None else argv
    split = argv.index("--") if "--" in argv else len(argv)
    args, command = parser.parse_args(argv[:split]), argv[split + 1 :]
    faults = dict(item.split("=", 1) for item in args.fault)
    if not (args.root / "truth.json").is_file():
        parser.error(f"{args.root} 不是已生成的测试网站（先运行 python -m tests.support.fixture_site.build {args.root}）")
    try:
        server = FixtureServer(args.root, args.port, faults)
    except OSError as error:
        parser.error(f"无法在 {HOST}:{args.port} 上启动测试网站：{error.strerror or error}")
    with server:
        print(f"测试网站已启动：{server.base_url}/" + ("" if command else " （Ctrl+C 停止）"), flush=True)
        if command:
            return subprocess.run(command, check=False).returncode
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
