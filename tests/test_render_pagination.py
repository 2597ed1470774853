"""Long lists are split into pages of PAGE_SIZE postings: the board index and skill pages link
page to page, and following those links from the first page reaches every open posting once."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

from conftest import company_md, posting_md

from builder.output.build import build_into
from builder.render.site import PAGE_SIZE

POSTINGS = PAGE_SIZE * 2 + 7  # three pages


def _board(make_board: Callable[..., Path]) -> Path:
    files = {"content/companies/acme.md": company_md()}
    first = date(2026, 1, 1)
    for i in range(POSTINGS):
        skills = ["Kafka", "Go"] if i % 2 else ["Kafka"]
        files[f"content/jobs/job-{i:03}.md"] = posting_md(
            title=f"Job {i:03}", date_posted=(first + timedelta(days=i)).isoformat(), skills=skills)
    files["content/jobs/old.md"] = posting_md(title="Expired job", date_posted="2025-01-01",
                                              valid_through="2025-02-01", skills=["Kafka"])
    return make_board(files)


def _walk(out: Path, first: str) -> tuple[list[str], list[str]]:
    """Follow "Older postings" links from `first`: (page URLs, posting titles in order)."""
    urls, titles, url = [], [], first
    while url is not None:
        html = (out / url / "index.html").read_text()
        urls.append(url)
        titles += re.findall(r'<h3><a href="[^"]*jobs/[^"]+/">([^<]+)</a></h3>', html)
        older = re.search(r'<a rel="next" href="([^"]+)">Older postings', html)
        url = _resolve(url, older.group(1)) if older else None
    return urls, titles


def _resolve(page_url: str, href: str) -> str:
    """A relative href on the page at page_url ("" or "page/2/"), as a URL from the root."""
    parts = [p for p in page_url.split("/") if p]
    for segment in href.split("/"):
        if segment == "..":
            parts.pop()
        elif segment and segment != ".":
            parts.append(segment)
    return "".join(p + "/" for p in parts)


def test_board_index_pages_list_every_open_posting_newest_first(make_board: Callable[..., Path]) -> None:
    board = _board(make_board)
    out = build_into(board, use_cache=False).out_dir
    urls, titles = _walk(out, "")
    assert urls == ["", "page/2/", "page/3/"]
    assert titles == [f"Job {i:03}" for i in reversed(range(POSTINGS))]
    first = (out / "index.html").read_text()
    assert f"{POSTINGS} open postings" in first and "Page 1 of 3" in first and 'rel="prev"' not in first
    last = (out / "page/3/index.html").read_text()
    assert "Page 3 of 3" in last and 'href="../../page/2/">← Newer postings' in last and 'rel="next"' not in last
    assert "<title>Jobs, page 3 · " in last
    assert 'id="search"' in last and 'data-search="../../search/"' in last  # search works from any page
    assert not (out / "page/4").exists()
    copy = (out / "page/1/index.html").read_text()  # a guessed page/1/ is the first page
    assert '<link rel="canonical" href="https://jobs.example.org/">' in copy and "Page 1 of 3" in copy
    assert 'href="../../page/2/">Older postings' in copy
    assert "/page/1/</loc>" not in (out / "sitemap.xml").read_text()


def test_skill_pages_are_paginated_too(make_board: Callable[..., Path]) -> None:
    out = build_into(_board(make_board), use_cache=False).out_dir
    urls, titles = _walk(out, "skills/kafka/")
    assert urls == ["skills/kafka/", "skills/kafka/page/2/", "skills/kafka/page/3/"]
    assert len(titles) == POSTINGS and "Expired job" not in titles
    go_urls, go_titles = _walk(out, "skills/go/")
    assert go_urls == ["skills/go/", "skills/go/page/2/"] and len(go_titles) == POSTINGS // 2
    sitemap = (out / "sitemap.xml").read_text()
    assert "skills/kafka/page/3/</loc>" in sitemap and "/page/3/</loc>" in sitemap


def test_a_short_list_has_no_page_links(make_board: Callable[..., Path]) -> None:
    out = build_into(make_board(), use_cache=False).out_dir
    html = (out / "index.html").read_text()
    assert "1 open posting" in html and 'class="pager"' not in html
    assert not (out / "page/2").exists()
