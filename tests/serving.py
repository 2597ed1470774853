"""Helpers for dev-server tests: start a DevServer on a free port, read its event stream."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from builder.server import DevServer


@contextmanager
def running(board: Path, **options: object) -> Iterator[DevServer]:
    """A started DevServer on 127.0.0.1 and a free port, closed afterwards; its terminal lines
    collect in server.lines."""
    lines: list[str] = []
    server = DevServer(board, "127.0.0.1", 0, report=lines.append, **options)  # type: ignore[arg-type]
    server.lines = lines  # type: ignore[attr-defined]
    server.start()
    try:
        yield server
    finally:
        server.close()


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET, without following redirects or raising on 4xx/5xx."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


class EventStream:
    """The server's Server-Sent Events, as a browser tab showing `version` would receive them."""

    def __init__(self, server: DevServer, version: int | None = None):
        host, port = server.httpd.server_address[:2]
        shown = server.snapshot.version if version is None and server.snapshot else (version or 0)
        self.conn = http.client.HTTPConnection(host, port, timeout=10)
        self.conn.request("GET", f"/__jobboard/events?v={shown}")
        self.sock = self.conn.sock  # http.client lets go of it once an HTTP/1.0 response starts
        self.response = self.conn.getresponse()
        assert self.response.getheader("Content-Type") == "text/event-stream"

    def next(self, timeout: float = 10.0) -> tuple[str, str]:
        """The next (event name, data); raises TimeoutError if none comes within `timeout`."""
        self.sock.settimeout(timeout)
        name = ""
        data = ""
        while True:
            line = self.response.readline().decode()
            if not line:
                raise ConnectionError("event stream closed")
            line = line.rstrip("\n")
            if line.startswith("event: "):
                name = line[len("event: "):]
            elif line.startswith("data: "):
                data = line[len("data: "):]
            elif line == "" and name:
                return name, data

    def close(self) -> None:
        self.conn.close()


def get_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.read().decode()
