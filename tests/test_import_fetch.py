"""Polite fetching: a user agent, http(s) only, retries with backoff on a busy server, a clear
error when it stays down; against a loopback server."""

from __future__ import annotations

import http.server
import threading
from typing import Any, Iterator

import pytest

from builder.importing import fetch as fetching
from builder.importing.fetch import FetchError, fetch


class Flaky:
    """Answers the first `failures` requests with `status`, then 200 "ok"; records user agents."""

    def __init__(self, failures: int, status: int = 503) -> None:
        self.failures, self.agents = failures, []
        flaky = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                flaky.agents.append(self.headers.get("User-Agent"))
                if len(flaky.agents) <= flaky.failures:
                    self.send_error(status)
                    return
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/feed"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(autouse=True)
def _no_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetching, "BACKOFF", 0.01)


@pytest.fixture
def server(request: pytest.FixtureRequest) -> Iterator[Flaky]:
    flaky = Flaky(*request.param)
    yield flaky
    flaky.server.shutdown()
    flaky.server.server_close()


@pytest.mark.parametrize("server", [(2, 503)], indirect=True)
def test_a_busy_server_is_retried(server: Flaky) -> None:
    assert fetch(server.url) == b"ok"
    assert len(server.agents) == 3
    assert all(agent.startswith("jobboard/") for agent in server.agents)


@pytest.mark.parametrize("server", [(10, 503)], indirect=True)
def test_a_server_that_stays_down_is_a_clear_error(server: Flaky) -> None:
    with pytest.raises(FetchError, match=r"^the server answered 503 Service Unavailable$"):
        fetch(server.url)
    assert len(server.agents) == fetching.RETRIES + 1


@pytest.mark.parametrize("server", [(1, 404)], indirect=True)
def test_not_found_is_not_retried(server: Flaky) -> None:
    with pytest.raises(FetchError, match="answered 404"):
        fetch(server.url)
    assert len(server.agents) == 1


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"])
def test_only_http_and_https(url: str) -> None:
    with pytest.raises(FetchError, match="only http and https URLs can be fetched"):
        fetch(url)


def test_a_closed_port_is_a_clear_error() -> None:
    with pytest.raises(FetchError, match="^cannot connect to 127.0.0.1: .*refused"):
        fetch("http://127.0.0.1:9/feed")
