"""A hostile HTTP server on 127.0.0.1 for import and sync tests, and a way to run the CLI that
measures what it costs: its peak memory, and everything it wrote."""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

Answer = Callable[[http.server.BaseHTTPRequestHandler], None]
BLOCK = b"x" * 65536  # written over and over: a huge body costs the test no memory


class Hostile:
    """Answers each path with the test's function of the request handler; records every path
    asked for. Answers that never end stop when the client hangs up or the server closes."""

    def __init__(self) -> None:
        self.routes: dict[str, Answer] = {}
        self.asked: list[str] = []
        self.closing = threading.Event()
        hostile = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                hostile.asked.append(self.path)
                answer = hostile.routes.get(self.path.split("?")[0])
                if answer is None:
                    self.send_error(404)
                    return
                try:
                    answer(self)
                except OSError:
                    pass  # the client hung up on an answer it should not take: as it should

            def log_message(self, *args: Any) -> None:
                pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.closing.set()
        self.server.shutdown()
        self.server.server_close()

    def endless(self, status: str = "200 OK", headers: str = "", every: float = 0.0, block: bytes = BLOCK) -> Answer:
        """An answer whose body never ends: `block` again and again, one each `every` seconds."""
        def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
            handler.wfile.write(f"HTTP/1.1 {status}\r\n{headers}Connection: close\r\n\r\n".encode("latin-1"))
            while not self.closing.is_set():
                handler.wfile.write(block)
                handler.wfile.flush()
                time.sleep(every)
        return answer


def raw(data: bytes) -> Answer:
    """An answer of exactly these bytes, then the connection closed."""
    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.wfile.write(data)
        handler.wfile.flush()
        handler.close_connection = True
    return answer


def body(data: bytes, content_type: str = "application/json", headers: str = "") -> Answer:
    return raw(f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(data)}\r\n{headers}"
               f"Connection: close\r\n\r\n".encode("latin-1") + data)


def endless_gzip(size: int) -> Answer:
    """A gzip body of `size` zero bytes, compressed as it is sent: a bomb of a thousand to one."""
    def answer(handler: http.server.BaseHTTPRequestHandler) -> None:
        handler.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nConnection: close\r\n\r\n")
        packer = zlib.compressobj(wbits=31)
        zeros = bytes(65536)
        for _ in range(size // len(zeros)):
            handler.wfile.write(packer.compress(zeros))
        handler.wfile.write(packer.flush())
    return answer


def redirect(location: str, status: str = "302 Found") -> Answer:
    return raw(f"HTTP/1.1 {status}\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
               .encode("latin-1"))


def free_port() -> int:
    """A port nothing listens on (bound and released again)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_rss: int  # bytes, of the jobboard process alone


def jobboard(cwd: Path, *args: str, timeout: float = 60) -> Run:
    """`python -m builder ARGS` from `cwd`, as a user runs it, with its own peak memory (wait4
    reports that child's alone). Killed after `timeout` seconds: the test stops by itself."""
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen([sys.executable, "-m", "builder", *args], cwd=cwd, stdout=stdout, stderr=stderr)
        killer = threading.Timer(timeout, process.kill)
        killer.start()
        _, status, usage = os.wait4(process.pid, 0)
        killer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        return Run(process.returncode, stdout.read().decode(errors="replace"), stderr.read().decode(errors="replace"),
                   usage.ru_maxrss * 1024)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its content, to compare before and after a run."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_one_error(run: Run, *expected: str) -> str:
    """The run failed with exactly one error line, escaped, holding each of `expected`."""
    assert run.returncode == 1, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and run.stderr.endswith("\n"), run.stderr
    assert lines[0].startswith("jobboard: error: ")
    assert "\x1b" not in run.stderr + run.stdout
    for part in expected:
        assert part in lines[0], lines[0]
    return lines[0]
