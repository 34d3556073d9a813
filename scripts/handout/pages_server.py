"""A local stand-in for GitHub Pages: serves site/ under a project subpath, gzip, 404.html.

Used by the link crawl, the browser tests and the benchmarks. Binds to 127.0.0.1 only.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
mimetypes.add_type("application/javascript", ".js")
mimetypes.add_type("image/svg+xml", ".svg")


@lru_cache(maxsize=4096)
def _gzip(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def make_handler(site: Path, prefix: str) -> type[BaseHTTPRequestHandler]:
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
            return

        def _send(self, status: int, path: Path | None, head: bool = False) -> None:
            body = b""
            ctype = "text/html; charset=utf-8"
            encoding = None
            if path is not None:
                ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
                    ctype += "; charset=utf-8"
                if ctype.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
                    body = _gzip(path, path.stat().st_mtime)
                    encoding = "gzip"
                else:
                    body = path.read_bytes()
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            if encoding:
                self.send_header("Content-Encoding", encoding)
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _resolve(self) -> tuple[int, Path | None, str | None]:
            path = unquote(urlsplit(self.path).path)
            if not path.startswith(prefix):
                if path + "/" == prefix:
                    return 301, None, prefix
                return 404, site / "404.html", None
            rel = path[len(prefix):]
            target = (site / rel).resolve()
            if site.resolve() not in target.parents and target != site.resolve():
                return 404, site / "404.html", None
            if target.is_dir():
                if not path.endswith("/"):
                    return 301, None, path + "/"
                target = target / "index.html"
            if target.is_file():
                return 200, target, None
            return 404, site / "404.html", None

        def do_GET(self) -> None:  # noqa: N802
            self._handle(head=False)

        def do_HEAD(self) -> None:  # noqa: N802
            self._handle(head=True)

        def handle(self) -> None:
            try:
                super().handle()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the browser stopped reading (it navigated away): not an error of the site

        def _handle(self, head: bool) -> None:
            status, path, location = self._resolve()
            if location:
                self.send_response(status)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._send(status, path if path and path.exists() else None, head)

    return Handler


class PagesServer:
    """``with PagesServer(site, "/handout/") as url: ...`` serves the site at ``url``."""

    def __init__(self, site: Path, prefix: str = "/handout/", port: int = 0) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), make_handler(site, prefix))
        self.httpd.daemon_threads = True
        self.prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        port = self.httpd.server_address[1]
        return f"http://127.0.0.1:{port}{self.prefix}"

    def __enter__(self) -> str:
        self.thread.start()
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
