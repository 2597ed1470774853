"""Atom feeds: the board's and each company's, parsed as XML, with absolute URLs and stable ids."""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from full_board import HOSTILE, PageParser, build_site, write_board

BASE = "https://example.org/board/"
A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("feeds")
    return build_site(write_board(root / "board"), root / "out")


def entries(feed: ET.Element) -> dict[str, ET.Element]:
    """Entries by the URL of the posting they link to."""
    return {e.find(f"{A}link[@rel='alternate']").get("href"): e for e in feed.iter(f"{A}entry")}


def test_board_feed_has_every_open_posting_with_absolute_links(site: dict[str, bytes]) -> None:
    feed = ET.fromstring(site["feed.xml"])
    assert feed.tag == f"{A}feed"
    assert feed.findtext(f"{A}title") == "Full Board"
    assert feed.find(f"{A}link[@rel='self']").get("href") == BASE + "feed.xml"
    assert feed.find(f"{A}link[@rel='alternate']").get("href") == BASE
    assert feed.findtext(f"{A}updated") == "2026-11-20T00:00:00Z"
    by_url = entries(feed)
    assert set(by_url) == {BASE + f"jobs/{s}/" for s in ("backend", "remote-sre", "mixed-pay", "hostile")}
    backend = by_url[BASE + "jobs/backend/"]
    assert backend.findtext(f"{A}title") == "Backend Engineer at Acme Corp"
    assert backend.findtext(f"{A}published") == "2026-11-01T00:00:00Z"
    assert backend.findtext(f"{A}author/{A}name") == "Acme Corp"
    assert "<li>Ship</li>" in backend.findtext(f"{A}content")
    assert [c.get("term") for c in backend.iter(f"{A}category")] == ["Python", "PostgreSQL"]
    for element in feed.iter():
        for attr in ("href", "src"):
            assert element.get(attr) is None or element.get(attr).startswith(BASE)


def test_company_feeds_hold_only_that_companys_postings(site: dict[str, bytes]) -> None:
    globex = ET.fromstring(site["companies/globex/feed.xml"])
    assert set(entries(globex)) == {BASE + "jobs/remote-sre/", BASE + "jobs/mixed-pay/"}
    assert globex.find(f"{A}link[@rel='self']").get("href") == BASE + "companies/globex/feed.xml"
    acme = ET.fromstring(site["companies/acme/feed.xml"])
    assert set(entries(acme)) == {BASE + "jobs/backend/"}  # old-job expired


def test_entry_ids_survive_a_new_title_and_a_move_to_http(tmp_path: Path, site: dict[str, bytes]) -> None:
    def ids(outputs: dict[str, bytes]) -> dict[str, str]:
        return {url.rsplit("/", 2)[1]: e.findtext(f"{A}id") for url, e in entries(ET.fromstring(outputs["feed.xml"])).items()}

    board = write_board(tmp_path / "board", site={"base_url": "http://example.org/board/"})
    job = board / "content/jobs/backend.md"
    job.write_text(job.read_text().replace("title: Backend Engineer", "title: Backend Engineer II"))
    again = build_site(board, tmp_path / "out")
    assert ids(again) == ids(site)
    assert ids(site)["backend"] == "tag:example.org,2026-11-01:/board/jobs/backend"
    assert len(set(ids(site).values())) == 4


def test_hostile_text_is_escaped_xml_that_reads_back_exactly(site: dict[str, bytes]) -> None:
    for path in ("feed.xml", "companies/evil/feed.xml"):
        assert b"<script>" not in site[path]
        feed = ET.fromstring(site[path])  # parses: no ]]> or <!-- broke it
        entry = entries(feed)[BASE + "jobs/hostile/"]
        assert entry.findtext(f"{A}title") == f"Hacker {HOSTILE} at Evil {HOSTILE}"
        assert HOSTILE in [c.get("term") for c in entry.iter(f"{A}category")]
    content = entries(ET.fromstring(site["feed.xml"]))[BASE + "jobs/hostile/"].findtext(f"{A}content")
    assert "<script>" not in content and "&lt;script&gt;alert(2)" in content
    assert 'href="javascript' not in content
    company_entry = entries(ET.fromstring(site["companies/evil/feed.xml"]))[BASE + "jobs/hostile/"]
    summary = company_entry.find(f"{A}summary")
    assert summary.get("type") == "text"  # shown as text by readers: the markup in it is words
    assert summary.text.startswith("Evil </script><script>alert(1)</script>")


def test_company_feeds_carry_summaries_and_the_board_feed_full_text(site: dict[str, bytes]) -> None:
    backend = BASE + "jobs/backend/"
    in_company = entries(ET.fromstring(site["companies/acme/feed.xml"]))[backend]
    assert in_company.find(f"{A}content") is None
    assert in_company.findtext(f"{A}summary") == "We build things. What you do Ship"
    in_board = entries(ET.fromstring(site["feed.xml"]))[backend]
    assert in_board.find(f"{A}summary") is None and "<li>Ship</li>" in in_board.findtext(f"{A}content")


def test_long_bodies_are_cut_to_a_summary_at_a_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The board feed sends a body over FULL_TEXT characters as its summary, as long as SUMMARY."""
    monkeypatch.setattr("builder.render.feeds.FULL_TEXT", 40)
    monkeypatch.setattr("builder.render.feeds.SUMMARY", 10)
    site = build_site(write_board(tmp_path / "board"), tmp_path / "out")
    by_url = entries(ET.fromstring(site["feed.xml"]))
    backend = by_url[BASE + "jobs/backend/"]  # its body: 57 characters of HTML
    assert backend.find(f"{A}content") is None and backend.findtext(f"{A}summary") == "We build …"
    short = [e for e in by_url.values() if e.find(f"{A}content") is not None]
    assert short and all(len(e.findtext(f"{A}content")) <= 40 for e in short)


def test_pages_announce_their_feeds(site: dict[str, bytes]) -> None:
    def feeds_of(path: str) -> list[str]:
        tags = PageParser(site[path].decode()).tags
        hrefs = [a["href"] for t, a in tags if t == "link" and a.get("rel") == "alternate" and a.get("type") == "application/atom+xml"]
        return [posixpath.normpath(posixpath.join(posixpath.dirname(path), h)) if not h.startswith("/") else h for h in hrefs]

    for path in (p for p in site if p.endswith(".html") and p != "404.html"):
        assert "feed.xml" in feeds_of(path), path
    assert feeds_of("companies/acme/index.html") == ["feed.xml", "companies/acme/feed.xml"]
    assert feeds_of("404.html") == ["/board/feed.xml"]


def test_feeds_carry_only_the_newest_postings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Readers poll feeds; a large board's feed holds its newest ENTRIES postings, not all."""
    monkeypatch.setattr("builder.render.feeds.ENTRIES", 1)
    site = build_site(write_board(tmp_path / "board"), tmp_path / "out")
    assert list(entries(ET.fromstring(site["feed.xml"]))) == [BASE + "jobs/hostile/"]  # the newest
    assert list(entries(ET.fromstring(site["companies/globex/feed.xml"]))) == [BASE + "jobs/remote-sre/"]
