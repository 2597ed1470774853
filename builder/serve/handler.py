"""HTTP for the dev server: the current snapshot's files, the live-reload script and its events."""

from __future__ import annotations

import html
import http.server
import ipaddress
import json
import re
import threading
from collections import deque
from pathlib import Path
from typing import Callable, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from ..load.errors import BuildFailed
from .snapshot import Snapshot

SCRIPT_PATH = "/__jobboard/livereload.js"
EVENTS_PATH = "/__jobboard/events"
SCRIPT = (Path(__file__).parent / "livereload.js").read_bytes()
HEARTBEAT = 1.0  # seconds between comments on an idle event stream: writing to a closed tab fails,
# so its thread ends within two of them instead of lingering
IDLE_TIMEOUT = 10.0  # seconds a connection may go without sending or taking a byte before it is
# closed: each connection has a thread, and one that sends half a request would hold it for ever
MAX_STREAMS = 32  # open live-reload event streams; the tab after them gets 503 and retries each second

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".json": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
    ".avif": "image/avif", ".ico": "image/x-icon", ".woff2": "font/woff2", ".woff": "font/woff",
    ".webmanifest": "application/manifest+json",
}

PLAIN_TEXT = CONTENT_TYPES[".txt"]


def content_type(path: str) -> str:
    return CONTENT_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def site_path(url_path: str, base_path: str) -> str | None:
    """The site file a URL path names ("jobs/x/index.html"), or None when it is outside the site
    or tries to climb out of it. Files come from memory, never the disk; this keeps URLs honest."""
    if not url_path.startswith(base_path):
        return None
    rel = unquote(url_path[len(base_path):])
    parts = rel.split("/")
    if any(part in (".", "..") or "\\" in part or "\0" in part for part in parts) or "" in parts[:-1]:
        return None
    return rel + "index.html" if rel == "" or rel.endswith("/") else rel


_HOST = re.compile(r"^(?:\[([0-9a-fA-F:.]+)\]|([^\s:\[\]@/\\]+))(?::\d{1,5})?$")  # name or [IPv6], then :port
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


def host_allowed(header: str | None, listening: frozenset[str]) -> bool:
    """Whether a request's Host header names this server: localhost, a loopback address, or an
    address or name it listens on (`listening`, which holds "0.0.0.0" or "::" when it listens
    on every address: then any IP address). Other names are refused, as Vite's and webpack's dev
    servers refuse them: a web page whose own name a DNS rebinding points at 127.0.0.1 would
    otherwise read the preview. A request without Host is not a browser's, and is answered."""
    if header is None:
        return True
    host = _HOST.match(header.strip())
    if not host:
        return False
    name = (host.group(1) or host.group(2)).lower().rstrip(".")
    if name in LOOPBACK_NAMES or name in listening:
        return True
    return bool(listening & {"0.0.0.0", "::"}) and _is_address(name)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def inject(page: bytes, version: int) -> bytes:
    tag = f'<script src="{SCRIPT_PATH}" data-version="{version}"></script>\n'.encode()
    at = page.rfind(b"</body>")
    return page + tag if at < 0 else page[:at] + tag + page[at:]


def error_page(errors: list[str], version: int) -> bytes:
    items = "".join(f"<li>{html.escape(line)}</li>" for line in errors)
    page = (f"<!doctype html><html lang=en data-jobboard-error><meta charset=utf-8><title>Build failed</title>"
            f"<body><h1>Build failed</h1><ul>{items}</ul></body></html>")
    return inject(page.encode(), version)


class Notifier:
    """The events browsers should see, numbered, so each event stream sends every event it has
    not sent yet. Streams block on the condition; publishing wakes them all."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._events: deque[tuple[int, str, str]] = deque(maxlen=64)
        self._seq = 0
        self.closed = False

    @property
    def seq(self) -> int:
        return self._seq

    def publish(self, name: str, data: str) -> None:
        with self._cond:
            self._seq += 1
            self._events.append((self._seq, name, data))
            self._cond.notify_all()

    def wait_after(self, seq: int, timeout: float) -> list[tuple[int, str, str]]:
        """Events numbered above `seq`, waiting up to `timeout` for one; [] on timeout or close."""
        with self._cond:
            self._cond.wait_for(lambda: self._seq > seq or self.closed, timeout)
            return [event for event in self._events if event[0] > seq]

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


class Preview(Protocol):
    """What the handler reads of the dev server (server.DevServer), which owns the handler's HTTP server."""

    snapshot: Snapshot | None  # the site being served, swapped whole
    errors: tuple[str, ...]  # the lines the overlay shows while the board is broken
    notifier: Notifier
    streams: threading.BoundedSemaphore  # the live-reload streams that may open
    addresses: frozenset[str]  # what a request's Host may name (see host_allowed)
    report: Callable[[str], None]  # a line for the terminal

    @property
    def url(self) -> str: ...

    def crashed(self, exc: Exception) -> str: ...


class SiteHandler(http.server.BaseHTTPRequestHandler):
    server_version = "jobboard"
    timeout = IDLE_TIMEOUT  # socketserver sets it on the connection's socket

    @property
    def dev(self) -> Preview:
        return self.server.dev  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # the terminal is for rebuilds and errors, not for every request

    def do_HEAD(self) -> None:
        self.do_GET(head=True)

    def do_GET(self, head: bool = False) -> None:
        url = urlsplit(self.path)
        if not host_allowed(self.headers.get("Host"), self.dev.addresses):
            self._send(403, f"jobboard serve answers only its own address: open {self.dev.url}\n".encode(),
                       PLAIN_TEXT, head)
        elif url.path == SCRIPT_PATH:
            self._send(200, SCRIPT, content_type("livereload.js"), head)
        elif url.path == EVENTS_PATH:
            self._events(parse_qs(url.query).get("v", [""])[0])
        else:
            self._site(url.path, head)

    def _site(self, url_path: str, head: bool) -> None:
        snapshot = self.dev.snapshot  # one version of the site for the whole request
        base = snapshot.base_path if snapshot else "/"
        if url_path in ("/", base.rstrip("/")) and url_path != base:
            return self._redirect(base)
        if snapshot is None:
            return self._send(503, error_page(list(self.dev.errors), 0), content_type("page.html"), head)
        rel = site_path(url_path, base)
        try:
            body = snapshot.get(rel) if rel else None
            if body is None and rel and snapshot.get(rel + "/index.html") is not None:
                return self._redirect(url_path + "/")
            status, body, rel = (200, body, rel) if body is not None else (404, snapshot.get("404.html"), "404.html")
        except BuildFailed as failed:
            errors = [str(e) for e in failed.errors]
            self.dev.report("\n".join(errors))
            return self._send(500, error_page(errors, snapshot.version), content_type("page.html"), head)
        except Exception as exc:  # a page that fails to render must not take the others with it
            page = error_page([self.dev.crashed(exc)], snapshot.version)
            return self._send(500, page, content_type("page.html"), head)
        if body is None:
            body = b"Not found\n"
        elif rel.endswith(".html"):
            body = inject(body, snapshot.version)
        self._send(status, body, content_type(rel), head)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: int, body: bytes, ctype: str, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # a preview is never stale
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _events(self, shown_version: str) -> None:
        """An event stream, if fewer than MAX_STREAMS are open: each holds a thread."""
        if not self.dev.streams.acquire(blocking=False):
            body = f"{MAX_STREAMS} live-reload streams are open already; close some tabs\n".encode()
            return self._send(503, body, PLAIN_TEXT, head=False)
        try:
            self._stream(shown_version)
        finally:
            self.dev.streams.release()

    def _stream(self, shown_version: str) -> None:
        """Server-Sent Events until the tab closes or the server stops. A page built from an
        older version than the current one reloads at once, so no change slips between the page
        load and the stream's start."""
        notifier = self.dev.notifier
        seq = notifier.seq  # read before looking at the state, so nothing published is missed
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        snapshot, errors = self.dev.snapshot, self.dev.errors
        if errors:
            self._event("errors", json.dumps(errors))
        elif snapshot is not None and shown_version != str(snapshot.version):
            self._event("reload", str(snapshot.version))
        while not notifier.closed:
            events = notifier.wait_after(seq, HEARTBEAT)
            for seq, name, data in events:
                self._event(name, data)
            if not events:  # raises ConnectionError once the tab is gone, which ends this thread
                self.wfile.write(b": heartbeat\n\n")

    def _event(self, name: str, data: str) -> None:
        self.wfile.write(f"event: {name}\ndata: {data}\n\n".encode())
