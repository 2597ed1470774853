"""Helpers for dev-server tests: start a DevServer on a free port, or `jobboard serve` as a user
does, and read its event stream."""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator
from urllib.parse import urlsplit

from builder.serve.server import DevServer

REPO = Path(__file__).resolve().parents[1]


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
        """Hang up, as a closed tab does (the response, not the connection, owns the socket now)."""
        self.response.close()
        self.sock.close()
        self.conn.close()


def raw_request(port: int, request: str) -> tuple[int, bytes]:
    """(status, body) of a request sent as is to 127.0.0.1:port: clients would normalise the
    path's dots away, and choose the Host header themselves."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request.encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def get_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.read().decode()


class ServeCommand:
    """`python3 -m builder serve ARGS...` run in `cwd`; its output lines collect as they come."""

    def __init__(self, cwd: Path, args: list[str]):
        env = {**os.environ, "PYTHONPATH": str(REPO)}  # this checkout's builder, from any folder
        self.proc = subprocess.Popen([sys.executable, "-m", "builder", "serve", *args], cwd=cwd, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.out: list[str] = []
        self.err: list[str] = []
        for pipe, lines in ((self.proc.stdout, self.out), (self.proc.stderr, self.err)):
            threading.Thread(target=_collect, args=(pipe, lines), daemon=True).start()

    def url(self, timeout: float = 30.0) -> str:
        """The URL from the "Serving ... at URL" line, once the first build is done."""
        deadline = time.monotonic() + timeout
        while not any(line.startswith("Serving ") for line in self.out):
            assert self.proc.poll() is None, f"serve exited {self.proc.returncode}: {self.err}"
            assert time.monotonic() < deadline, f"no Serving line; stderr: {self.err}"
            time.sleep(0.05)
        return re.search(r"http://\S+", next(line for line in self.out if line.startswith("Serving "))).group(0)

    def interrupt(self, timeout: float) -> int:
        """Ctrl-C; the exit code, or AssertionError if it has not exited within `timeout`."""
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"serve still running {timeout} s after Ctrl-C; stderr: {self.err}") from None


def _collect(pipe: IO[str], lines: list[str]) -> None:
    for line in pipe:
        lines.append(line.rstrip("\n"))


@contextmanager
def serve_command(cwd: Path, *args: str) -> Iterator[ServeCommand]:
    """`jobboard serve` started from `cwd` on a free loopback port unless `args` name one; killed
    afterwards if a test left it running."""
    command = ServeCommand(cwd, [*args] if "--port" in args else [*args, "--port", "0"])
    try:
        yield command
    finally:
        if command.proc.poll() is None:
            command.proc.kill()
        command.proc.wait(10)
