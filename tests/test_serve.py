"""jobboard serve: rebuild on change, events to the browser, errors, safe serving."""

from __future__ import annotations

import http.client
import re
import socket
import threading
import time
from urllib.parse import urlsplit

from builder import cli
from builder.load.content import parse_posting
from builder.output.build import build, load_board
from builder.output.cache import ParseCache
from builder.serve.watch import Changes
from conftest import company_md, posting_md
from serving import EventStream, fetch, get_text, raw_request, running, serve_command

SUB_PATH = {"base_url": "https://jobs.example.org/board/"}


def test_edit_reloads_and_serves_new_content(make_board):
    board = make_board(site=SUB_PATH)
    with running(board) as server:
        assert "<h1>Backend Engineer</h1>" in get_text(server.url + "jobs/backend/")
        events = EventStream(server)
        (board / "content/jobs/backend.md").write_text(posting_md(title="Platform Engineer"))
        name, version = events.next()
        assert name == "reload" and int(version) == server.snapshot.version
        page = get_text(server.url + "jobs/backend/")
        assert "<h1>Platform Engineer</h1>" in page
        assert f'data-version="{version}"' in page
        events.close()


def test_build_lines_count_postings_and_errors_in_words(make_board):
    board = make_board()  # one posting
    with running(board) as server:
        assert re.fullmatch(r"Built in \d+ ms: 1 posting", server.lines[-1])
        events = EventStream(server)
        (board / "content/jobs/second.md").write_text(posting_md(title="Second Engineer"))
        assert events.next()[0] == "reload"
        assert re.fullmatch(r"Rebuilt in \d+ ms \(content/jobs/second\.md\): 2 postings", server.lines[-1])
        (board / "content/jobs/second.md").write_text(posting_md(apply="ftp://nope"))
        assert events.next()[0] == "errors"
        assert any(re.match(r"jobboard: 1 error; ", line) for line in server.lines)
        events.close()


def test_script_is_injected_only_when_served(make_board):
    board = make_board()
    _, outputs = build(board)
    assert all(b"__jobboard" not in data for data in outputs.values())
    with running(board) as server:
        index = get_text(server.url)
        assert '<script src="/__jobboard/livereload.js"' in index
        status, headers, script = fetch(server.url.rstrip("/") + "/__jobboard/livereload.js")
        assert status == 200 and headers["content-type"].startswith("text/javascript")
        assert b"EventSource" in script
        status, _, css = fetch(server.url + _stylesheet(index))
        assert status == 200 and b"__jobboard" not in css


def test_broken_posting_keeps_last_good_site_until_fixed(make_board):
    board = make_board()
    posting = board / "content/jobs/backend.md"
    good = posting.read_text()
    with running(board) as server:
        events = EventStream(server)
        posting.write_text(posting_md(title="Renamed", apply="ftp://nope"))
        name, data = events.next()
        assert name == "errors"
        assert "content/jobs/backend.md:7: apply:" in data
        assert any(line.startswith("content/jobs/backend.md:7: apply:") for line in server.lines)
        status, _, page = fetch(server.url + "jobs/backend/")
        assert status == 200 and b"<h1>Backend Engineer</h1>" in page

        late = EventStream(server)  # a tab opened while broken sees the errors at once
        assert late.next()[0] == "errors"
        late.close()

        posting.write_text(good)  # back to the site being shown: the overlay just goes
        assert events.next() == ("ok", "")
        posting.write_text(posting_md(title="Fixed Engineer"))
        assert events.next()[0] == "reload"
        assert "<h1>Fixed Engineer</h1>" in get_text(server.url + "jobs/backend/")
        events.close()


def test_css_change_swaps_stylesheet_without_reload(make_board):
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md(),
                        "static/assets/style.css": "body { color: red; }\n"})
    with running(board) as server:
        old = _stylesheet(get_text(server.url))
        events = EventStream(server)
        (board / "static/assets/style.css").write_text("body { color: blue; }\n")
        name, version = events.next()
        assert name == "css" and int(version) == server.snapshot.version
        new = _stylesheet(get_text(server.url))
        assert new != old
        # the open tab re-requests the stylesheet by its old fingerprint and gets the new rules
        assert get_text(server.url + old) == get_text(server.url + new) == "body { color: blue; }\n"
        events.close()


def _stylesheet(page: str) -> str:
    found = re.search(r'href="\./(assets/style\.[0-9a-f]{10}\.css)"', page)
    assert found, page
    return found.group(1)


def test_broken_template_is_an_error_with_its_line(make_board):
    board = make_board()
    with running(board) as server:
        events = EventStream(server)
        (board / "templates").mkdir()
        (board / "templates/posting.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ oops( }}{% endblock %}\n")
        name, data = events.next()
        assert name == "errors" and "templates/posting.html:2: template:" in data
        assert fetch(server.url + "jobs/backend/")[0] == 200
        events.close()


def test_first_build_failing_shows_errors_then_recovers(make_board):
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md(title=None)})
    with running(board) as server:
        status, _, page = fetch(server.url)
        assert status == 503
        assert b"content/jobs/backend.md:1: title: is required" in page
        events = EventStream(server, version=0)
        assert events.next()[0] == "errors"
        (board / "content/jobs/backend.md").write_text(posting_md(title="Now <b>Valid</b>"))
        assert events.next()[0] == "reload"
        assert "<h1>Now &lt;b&gt;Valid&lt;/b&gt;</h1>" in get_text(server.url + "jobs/backend/")
        events.close()


def test_stale_page_reloads_as_soon_as_it_connects(make_board):
    with running(make_board()) as server:
        events = EventStream(server, version=0)  # a page from before the first build
        assert events.next()[0] == "reload"
        events.close()


def test_root_redirects_to_base_path_and_unknown_paths_get_the_404_page(make_board):
    with running(make_board(site=SUB_PATH)) as server:
        origin = server.url.removesuffix("/board/")
        assert fetch(origin + "/")[0:2][0] == 302
        assert fetch(origin + "/")[1]["location"] == "/board/"
        assert fetch(origin + "/board")[1]["location"] == "/board/"
        assert fetch(server.url + "jobs/backend")[1]["location"] == "/board/jobs/backend/"
        for missing in ("/board/nope", "/board/jobs/nope/", "/elsewhere/index.html"):
            status, headers, page = fetch(origin + missing)
            assert status == 404, missing
            assert headers["content-type"] == "text/html; charset=utf-8"
            assert b"<h1>Page not found</h1>" in page


def _raw_get(server, path: str) -> tuple[int, bytes]:
    return raw_request(server.httpd.server_address[1], f"GET {path} HTTP/1.0\r\n\r\n")


def test_no_path_traversal(make_board):
    board = make_board()
    (board / "secret.txt").write_text("top secret")
    with running(board) as server:
        for path in ("/../secret.txt", "/../site.yml", "/%2e%2e/secret.txt", "/..%2fsecret.txt",
                     "/assets/..%2f..%2fsecret.txt", "//etc/passwd", "/assets/%5c..%5csecret.txt",
                     "/content/jobs/backend.md", "/site.yml"):
            status, body = _raw_get(server, path)
            assert status == 404, path
            assert b"top secret" not in body and b"Acme" not in body and b"root:" not in body


def test_content_types(make_board):
    static = {"static/feed.xml": "<feed/>", "static/data.json": "{}", "static/logo.svg": "<svg/>",
              "static/robots.txt": "User-agent: *", "static/app.js": "1;", "static/pic.png": b"\x89PNG",
              "static/photo.jpg": b"\xff\xd8", "static/blob.bin": b"\0"}
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md(), **static})
    expected = {"feed.xml": "application/xml", "data.json": "application/json", "logo.svg": "image/svg+xml",
                "robots.txt": "text/plain; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
                "pic.png": "image/png", "photo.jpg": "image/jpeg", "blob.bin": "application/octet-stream",
                "index.html": "text/html; charset=utf-8"}
    with running(board) as server:
        expected[_stylesheet(get_text(server.url))] = "text/css; charset=utf-8"
        for name, ctype in expected.items():
            status, headers, _ = fetch(server.url + name)
            assert (status, headers["content-type"]) == (200, ctype), name
            assert headers["x-content-type-options"] == "nosniff"
        assert fetch(server.url + "data.json")[2] == b"{}"


def test_port_taken_is_a_one_line_error(make_board, capsys):
    board = make_board()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", str(board), "--port", str(port)]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert err == f"jobboard: error: cannot listen on 127.0.0.1:{port}: the port is already in use (is another server running? try --port)\n"


def test_ctrl_c_stops_cleanly(make_board):
    board = make_board()
    with serve_command(board.parent, board.name) as serve:
        assert "http://127.0.0.1:" in serve.url()
        assert serve.interrupt(timeout=10) == 0
    assert "Stopped." in serve.err and not any("Traceback" in line or "warning" in line for line in serve.err)


# A template that never finishes rendering: a build that is under way whenever Ctrl-C comes.
ENDLESS_TEMPLATE = "{% extends 'base.html' %}\n{% block main %}{% for i in range(10**12) %}{% endfor %}{% endblock %}\n"


def test_ctrl_c_during_the_first_build_stops_at_once(make_board):
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md(),
                        "templates/posting.html": ENDLESS_TEMPLATE})
    port = _free_port()
    with serve_command(board, "--port", str(port)) as serve:
        _wait_until_listening(port)  # it binds the port, then builds
        time.sleep(0.3)  # so Ctrl-C comes during the build, not in the moment between
        assert serve.interrupt(timeout=4) == 0
    assert "Stopped." in serve.err


def test_ctrl_c_during_a_rebuild_with_an_open_event_stream_stops_at_once(make_board):
    board = make_board()
    with serve_command(board, str(board)) as serve:  # absolute: it rebuilt even before relative paths did
        url = urlsplit(serve.url())
        stream = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
        stream.request("GET", "/__jobboard/events?v=1")
        assert stream.getresponse().status == 200
        (board / "templates").mkdir()
        (board / "templates/posting.html").write_text(ENDLESS_TEMPLATE)
        time.sleep(1)  # the rebuild starts within DEBOUNCE; it never ends by itself
        assert serve.interrupt(timeout=4) == 0
        stream.close()
    assert "Stopped." in serve.err and not any("Traceback" in line for line in serve.err)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_listening(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except ConnectionRefusedError:
            assert time.monotonic() < deadline, f"nothing listens on port {port}"
            time.sleep(0.05)


def test_listening_beyond_loopback_warns(make_board):
    board = make_board()
    with serve_command(board, "--host", "0.0.0.0") as serve:
        port = urlsplit(serve.url()).port
        assert "<h1" in get_text(f"http://127.0.0.1:{port}/")
        assert serve.interrupt(timeout=10) == 0
    warnings = [line for line in serve.err if "warning" in line]
    assert warnings == ["jobboard: warning: listening on 0.0.0.0: anyone who can reach this machine can open "
                        "the preview; use --host 127.0.0.1 to keep it to yourself"]


def test_a_closed_event_stream_ends_its_thread(make_board):
    with running(make_board()) as server:
        before = set(threading.enumerate())
        events = EventStream(server)
        stream_thread = next(t for t in threading.enumerate() if t not in before and "process_request" in t.name)
        events.close()
        stream_thread.join(timeout=8)
        assert not stream_thread.is_alive(), "the event stream's thread outlived its tab"


def test_a_crash_in_a_rebuild_is_shown_and_the_next_edit_retried(make_board, monkeypatch):
    board = make_board()
    with running(board) as server:
        events = EventStream(server)

        def crash(*args, **kwargs):
            raise RuntimeError("boom")

        monkeypatch.setattr("builder.serve.server.load_snapshot", crash)
        (board / "content/jobs/backend.md").write_text(posting_md(title="Crash Engineer"))
        assert events.next() == ("errors", '["jobboard: the build crashed: RuntimeError: boom '
                                           '(the traceback is in the terminal)"]')
        assert any(line.startswith("Traceback") and "RuntimeError: boom" in line for line in server.lines)
        assert "<h1>Backend Engineer</h1>" in get_text(server.url + "jobs/backend/")  # the last good site
        monkeypatch.undo()
        (board / "content/jobs/backend.md").write_text(posting_md(title="Retried Engineer"))
        assert events.next()[0] == "reload"
        assert "<h1>Retried Engineer</h1>" in get_text(server.url + "jobs/backend/")
        events.close()


def test_an_unhashable_currency_does_not_stop_rebuilds(make_board):
    board = make_board()
    site = (board / "site.yml").read_text()
    with running(board) as server:
        events = EventStream(server)
        (board / "site.yml").write_text(site.replace("currency: USD", "currency: [USD]"))
        assert events.next()[0] == "errors"
        (board / "site.yml").write_text(site)
        assert events.next() == ("ok", "")
        (board / "content/jobs/backend.md").write_text(posting_md(title="Still Served"))
        assert events.next()[0] == "reload"
        assert "<h1>Still Served</h1>" in get_text(server.url + "jobs/backend/")
        events.close()


def test_a_page_that_crashes_when_requested_gets_the_error_page(make_board, monkeypatch):
    with running(make_board()) as server:
        def crash(path: str) -> bytes:
            raise RuntimeError("render boom")

        monkeypatch.setattr(server.snapshot, "get", crash)
        status, _, page = fetch(server.url + "jobs/backend/")
        assert status == 500
        assert b"RuntimeError: render boom" in page and b"/__jobboard/livereload.js" in page
        assert any("Traceback" in line for line in server.lines)


def test_changes_wait_for_a_burst_to_settle(tmp_path):
    changes = Changes(tmp_path)

    def burst() -> None:
        for i in range(5):
            changes.add({f"content/jobs/{i}.md"})
            time.sleep(0.01)

    thread = threading.Thread(target=burst)
    thread.start()
    batch = changes.wait(quiet=0.3, timeout=5)
    thread.join()
    assert batch == {f"content/jobs/{i}.md" for i in range(5)}
    assert changes.wait(quiet=0.3, timeout=0.1) == set()


def test_rebuilds_reparse_only_changed_files(make_board, monkeypatch):
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/a.md": posting_md(title="A"),
                        "content/jobs/b.md": posting_md(title="B")})
    parsed: list[str] = []

    def counting(raw: bytes, path: str):
        parsed.append(path)
        return parse_posting(raw, path)

    monkeypatch.setattr("builder.load.content.parse_posting", counting)
    cache = ParseCache(board / ".jobboard-cache")  # what the dev server keeps between rebuilds
    load_board(board, cache=cache)
    assert sorted(parsed) == ["content/jobs/a.md", "content/jobs/b.md"]
    parsed.clear()
    load_board(board, cache=cache)
    assert parsed == []
    (board / "content/jobs/b.md").write_text(posting_md(title="B2"))
    (board / "content/jobs/a.md").unlink()
    assert [p.title for p in load_board(board, cache=cache).postings] == ["B2"]
    assert parsed == ["content/jobs/b.md"]
