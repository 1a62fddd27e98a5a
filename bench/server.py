"""A static file server on loopback that compresses like GitHub Pages, and counts what it sends.

GitHub Pages answers text files (HTML, CSS, JavaScript, JSON, SVG, XML) with
`Content-Encoding: gzip` to browsers that accept it; Lighthouse and the page-weight probe must see
the same bytes a reader's phone downloads. Every answer is logged with its raw and sent size, so a
page visit's weight is read off the server, the one place that sees worker requests too.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Content types GitHub Pages compresses; images and fonts are sent as they are.
COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml",
                    "application/xml", "application/manifest+json")
GZIP_LEVEL = 6
# GitHub Pages lets browsers cache every file for ten minutes.
CACHE_CONTROL = "max-age=600"


@dataclass(frozen=True)
class Sent:
    """One answer: the path asked for, its status, the file's size and the body's size on the wire."""

    path: str
    status: int
    raw: int
    wire: int


class Site:
    """A built site served on 127.0.0.1 at a free port, until `close()`."""

    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = root
        self.log: list[Sent] = []
        self._lock = threading.Lock()
        handler = functools.partial(_Handler, self)
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def start(self) -> "Site":
        self._thread.start()
        return self

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def record(self, sent: Sent) -> None:
        with self._lock:
            self.log.append(sent)

    def take_log(self) -> list[Sent]:
        """What was sent since the last call, and start a new log."""
        with self._lock:
            taken, self.log = self.log, []
        return taken


@functools.lru_cache(maxsize=4096)
def _compressed(path: Path, mtime: float) -> bytes:
    # mtime in the key: a rebuilt file is compressed again.
    return gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0)


def content_type(path: Path) -> str:
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
        kind += "; charset=utf-8"
    return kind


def is_compressed(kind: str) -> bool:
    return kind.startswith(COMPRESSED_TYPES)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real host

    def __init__(self, site: Site, *args: object) -> None:
        self.site = site
        super().__init__(*args)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        self._answer(with_body=True)

    def do_HEAD(self) -> None:
        self._answer(with_body=False)

    def _answer(self, with_body: bool) -> None:
        path = self._resolve()
        if path is None:
            return
        status = 200
        if not path.is_file():
            status, path = 404, self.site.root / "404.html"
        kind = content_type(path)
        body = path.read_bytes() if path.is_file() else b"Not found"
        raw = len(body)
        gzipped = is_compressed(kind) and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = _compressed(path, path.stat().st_mtime)
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        self.send_header("Vary", "Accept-Encoding")
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if with_body:
            self.wfile.write(body)
        self.site.record(Sent(urlsplit(self.path).path, status, raw, len(body)))

    def _resolve(self) -> Path | None:
        """The file for the request path; a folder without its slash is redirected like Pages does."""
        url_path = unquote(urlsplit(self.path).path)
        target = (self.site.root / url_path.lstrip("/")).resolve()
        if self.site.root.resolve() not in (target, *target.parents):
            return self.site.root / "404.html"
        if target.is_dir():
            if not url_path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", url_path + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = target / "index.html"
        return target

    def log_message(self, *args: object) -> None:
        pass
