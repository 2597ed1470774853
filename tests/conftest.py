"""Shared fixtures: tiny boards written to tmp_path, a loopback static server, headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
import yaml

from builder.output.build import build, write_outputs

BUILD_EPOCH = "1795348800"  # 2026-11-22 12:00 UTC: "today" for every test build
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

SITE = {"title": "Test Board", "base_url": "https://jobs.example.org/", "currency": "USD"}
COMPANY = {"name": "Acme Corp", "website": "https://acme.example"}
POSTING = {
    "title": "Backend Engineer",
    "company": "acme",
    "date_posted": "2026-11-01",
    "locations": ["Berlin, BE, DE"],
    "apply": "https://acme.example/jobs/1",
}


@pytest.fixture(autouse=True)
def _build_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)


def front_matter(fields: dict[str, Any], body: str = "The job.\n") -> str:
    return "---\n" + yaml.safe_dump(fields, sort_keys=False, allow_unicode=True) + "---\n" + body


def company_md(body: str = "About Acme.\n", **fields: Any) -> str:
    return front_matter({**COMPANY, **fields}, body)


def posting_md(body: str = "We build things.\n", **fields: Any) -> str:
    """A valid posting; keyword arguments override fields, and a value of None drops a field."""
    merged = {k: v for k, v in {**POSTING, **fields}.items() if v is not None}
    return front_matter(merged, body)


@pytest.fixture
def make_board(tmp_path: Path) -> Callable[..., Path]:
    """make_board({"content/jobs/x.md": text, ...}, site={...}) -> the board folder.
    Without files, the board has company `acme` and one posting `backend`."""
    def make(files: dict[str, str | bytes] | None = None, site: dict[str, Any] | None = None,
             name: str = "board") -> Path:
        board = tmp_path / name
        if files is None:
            files = {"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md()}
        all_files: dict[str, str | bytes] = {"site.yml": yaml.safe_dump({**SITE, **(site or {})}, sort_keys=False)}
        all_files.update(files)
        for rel, data in all_files.items():
            path = board / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        return board
    return make


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """"http://127.0.0.1:PORT": a plain static server of `folder` on loopback, as a host would
    serve a built site; stopped on leaving."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def serve_dir() -> Iterator[Callable[[Path], str]]:
    """serve_dir(folder) -> "http://127.0.0.1:PORT": static_server for the test's length."""
    with ExitStack() as servers:
        yield lambda folder: servers.enter_context(static_server(folder))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium driven by Playwright (CI installs the chromium package)."""
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)"
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    """A page in a phone-sized window, 390 x 740 px."""
    context = browser.new_context(viewport={"width": 390, "height": 740})
    yield context.new_page()
    context.close()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/expected from the current build (review the diff)")


def served_site(tmp_path_factory: pytest.TempPathFactory, files: dict[str, str], drafts: bool = False) -> Path:
    """A board of `files` built on BUILD_EPOCH's day, written under /board/ of a folder to serve:
    for the browser tests' module-wide sites."""
    board = tmp_path_factory.mktemp("board")
    for rel, text in files.items():
        (board / rel).parent.mkdir(parents=True, exist_ok=True)
        (board / rel).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        _, outputs = build(board, drafts=drafts)
    root = tmp_path_factory.mktemp("served")
    write_outputs(outputs, root / "board")
    return root


def served_postings(tmp_path_factory: pytest.TempPathFactory, postings: dict[str, str], **site: Any) -> Path:
    """served_site of company `acme` and `postings` (slug: file text), with base_url
    https://x.example/board/ and `site`'s settings."""
    files = {"site.yml": yaml.safe_dump({**SITE, "base_url": "https://x.example/board/", **site}),
             "content/companies/acme.md": company_md()}
    files.update({f"content/jobs/{slug}.md": text for slug, text in postings.items()})
    return served_site(tmp_path_factory, files)


@pytest.fixture
def board_url(site_root: Path, serve_dir: Callable[[Path], str]) -> str:
    """The served board of the test module's own `site_root` fixture."""
    return serve_dir(site_root) + "/board/"
