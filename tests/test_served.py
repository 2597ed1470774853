"""The built site served at base_url's path (/board/) by a plain static server: every link,
stylesheet, script, image and feed from every page, feed and sitemap answers 200."""

from __future__ import annotations

import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urldefrag, urljoin

from full_board import PageParser, build_site, write_board

BASE = "https://example.org/board/"
LINK_ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


def fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except urllib.error.HTTPError as error:
        return error.code, b"", ""


def links(url: str, body: bytes, content_type: str) -> list[str]:
    """Every URL a page, feed or sitemap points to, resolved against where it was served."""
    if content_type == "text/html":
        page = PageParser(body.decode("utf-8"))
        found = [a[LINK_ATTRS[t]] for t, a in page.tags if t in LINK_ATTRS and LINK_ATTRS[t] in a]
        found += page.meta("og:url") + [s for block in page.json_ld() for s in strings(block) if s.startswith(BASE)]
    elif url.endswith(".xml"):
        root = ET.fromstring(body)
        found = [e.get("href") for e in root.iter() if e.get("href")] + [e.text for e in root.iter() if e.tag.endswith("}loc")]
    elif url.endswith("robots.txt"):
        found = [line.split(": ", 1)[1] for line in body.decode().splitlines() if line.startswith("Sitemap: ")]
    else:
        found = []
    return [urljoin(url, href) for href in found if not href.startswith("#")]


def strings(value: object) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in strings(item)]


def crawl(server: str, seeds: list[str]) -> tuple[set[str], list[str]]:
    """Breadth-first over internal URLs; base_url's absolute URLs count as internal (mapped onto
    the server). Returns (every URL fetched, 'referrer -> url: status' for each failure)."""
    board = server + "/board/"
    queue = [(seed, "seed") for seed in seeds]
    seen: set[str] = set()
    failures: list[str] = []
    while queue:
        url, referrer = queue.pop(0)
        url = urldefrag(url.replace(BASE, board, 1)).url
        if url in seen or not url.startswith(server):
            continue
        seen.add(url)
        status, body, content_type = fetch(url)
        if status != 200 or not url.startswith(board):
            failures.append(f"{referrer} -> {url}: {status}")
            continue
        queue += [(link, url) for link in links(url, body, content_type)]
    return seen, failures


def test_every_internal_link_resolves_under_a_sub_path(tmp_path: Path, serve_dir) -> None:  # noqa: ANN001
    outputs = build_site(write_board(tmp_path / "board"), tmp_path / "www" / "board")
    server = serve_dir(tmp_path / "www")
    pages = [server + "/board/" + p.removesuffix("index.html") for p in outputs if p.endswith(".html")]
    seen, failures = crawl(server, [server + "/board/robots.txt", *pages])
    assert failures == []
    fetched = {url.removeprefix(server + "/board/") for url in seen}
    # the crawl reached every file of the site except unlinked assets, through links alone
    assert {"sitemap.xml", "feed.xml", "companies/evil/feed.xml", "logos/acme.png"} <= fetched
    assert any(p.startswith("assets/style.") for p in fetched)
    assert {p.removesuffix("index.html") for p in outputs if p.endswith(".html")} <= fetched


def test_404_page_works_at_any_depth(tmp_path: Path, serve_dir) -> None:  # noqa: ANN001
    """A static host serves 404.html for any missing URL: its links are absolute under /board/."""
    build_site(write_board(tmp_path / "board"), tmp_path / "www" / "board")
    server = serve_dir(tmp_path / "www")
    status, body, _ = fetch(server + "/board/404.html")
    deep = server + "/board/jobs/gone/and/deeper/"
    targets = links(deep, body, "text/html")
    assert status == 200 and targets
    assert all(t.startswith(server + "/board/") or t.startswith(BASE) for t in targets)
    _, failures = crawl(server, [t for t in targets if t.startswith(server)])
    assert failures == []
