"""`jobboard serve` as a web page or a slow client would meet it: it answers only requests for
its own address (no DNS rebinding), closes connections that go quiet, and caps live-reload
streams. Each test starts the command as a user does, on 127.0.0.1 and a free port."""

from __future__ import annotations

import socket
import time
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import pytest

from builder.serve.handler import IDLE_TIMEOUT, MAX_STREAMS
from serving import raw_request, serve_command


def _request(port: int, host: str | None, path: str = "/") -> tuple[int, bytes]:
    """(status, body) of a GET sent with exactly this Host header (none for None)."""
    header = f"Host: {host}\r\n" if host is not None else ""
    return raw_request(port, f"GET {path} HTTP/1.1\r\n{header}Connection: close\r\n\r\n")


@pytest.fixture
def port(make_board: Callable[..., Path]) -> Iterator[int]:
    """The port of `jobboard serve` running inside a board."""
    with serve_command(make_board()) as serve:
        yield urlsplit(serve.url()).port


def test_only_requests_for_its_own_address_are_answered(port: int) -> None:
    for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1.attacker.example",
                 "localhost.attacker.example", f"attacker.example@127.0.0.1:{port}", "", "[::1"):
        for path in ("/", "/__jobboard/livereload.js", "/__jobboard/events?v=1"):
            status, body = _request(port, host, path)
            assert (status, body) == (403, f"jobboard serve answers only its own address: open "
                                           f"http://127.0.0.1:{port}/\n".encode()), (host, path)
    for host in ("127.0.0.1", f"127.0.0.1:{port}", "localhost", f"LocalHost:{port}", "[::1]", f"[::1]:{port}", None):
        status, body = _request(port, host)
        assert status == 200 and b"<h1" in body, host


def test_a_connection_that_goes_quiet_is_closed(port: int) -> None:
    quiet = [socket.create_connection(("127.0.0.1", port), timeout=IDLE_TIMEOUT + 5) for _ in range(2)]
    quiet[1].sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # half a request; the other sends nothing
    for sock in quiet:
        with sock:
            assert sock.recv(1024) == b"", "closed without an answer (a timeout here: never closed)"
    assert _request(port, "127.0.0.1")[0] == 200


def _open_stream(port: int) -> tuple[socket.socket, int]:
    """An event stream as a tab opens it: the socket, left open, and the response's status."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(f"GET /__jobboard/events?v=1 HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
    head = b""
    while b"\r\n" not in head:
        head += sock.recv(1)
    return sock, int(head.split()[1])


def test_open_event_streams_are_capped(port: int) -> None:
    streams = [_open_stream(port) for _ in range(MAX_STREAMS)]
    try:
        assert [status for _, status in streams] == [200] * MAX_STREAMS
        extra, status = _open_stream(port)
        extra.close()
        assert status == 503
        assert _request(port, "127.0.0.1")[0] == 200  # pages are still served
        streams.pop()[0].close()  # a tab closes: its stream ends at the next heartbeat
        deadline = time.monotonic() + 10
        while (reopened := _open_stream(port))[1] == 503 and time.monotonic() < deadline:
            reopened[0].close()
            time.sleep(0.2)
        streams.append(reopened)
        assert reopened[1] == 200
    finally:
        for sock, _ in streams:
            sock.close()
