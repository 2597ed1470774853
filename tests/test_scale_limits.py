"""Limits of hosts and protocols, crossed with small boards and lowered limits: the sitemap
protocol's 50,000 URLs per file, and the salaries page's long lists."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path
from typing import Callable

import pytest
from conftest import SITE, company_md, posting_md

from builder.output.build import build

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
BASE = SITE["base_url"]


def _postings(count: int, first: date = date(2026, 1, 1), **fields: object) -> dict[str, str]:
    return {f"content/jobs/job-{i:02}.md": posting_md(title=f"Job {i:02}", date_posted=(first + timedelta(days=i)).isoformat(),
                                                      **fields)
            for i in range(count)}


def test_a_site_over_the_limit_gets_a_sitemap_index(make_board: Callable[..., Path],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("builder.render.seo.SITEMAP_URLS", 4)
    board = make_board({"content/companies/acme.md": company_md(), **_postings(7, skills=["Go"])})
    _, site = build(board)
    index = ET.fromstring(site["sitemap.xml"])
    assert index.tag == f"{SITEMAP}sitemapindex"
    files = [s.findtext(f"{SITEMAP}loc") for s in index]
    # 7 postings, the board, companies/, acme, skills/, go, salaries/: 13 URLs in files of 4
    assert files == [f"{BASE}sitemap-{n}.xml" for n in (1, 2, 3, 4)]
    urls: list[str] = []
    for item in index:
        part = ET.fromstring(site[item.findtext(f"{SITEMAP}loc").removeprefix(BASE)])
        assert part.tag == f"{SITEMAP}urlset" and 1 <= len(part) <= 4
        urls += [u.findtext(f"{SITEMAP}loc") for u in part]
        assert item.findtext(f"{SITEMAP}lastmod") == max(u.findtext(f"{SITEMAP}lastmod") for u in part)
    # every page but the /page/1/ copies of first pages, which point to them as canonical, and
    # the browser's own list of saved jobs
    pages = {BASE + p.removesuffix("index.html") for p in site
             if p.endswith("index.html") and "page/1/" not in p and p != "saved/index.html"}
    assert sorted(urls) == sorted(pages) and len(urls) == len(set(urls)) == 13  # each page once
    assert f"Sitemap: {BASE}sitemap.xml" in site["robots.txt"].decode().splitlines()


def test_a_site_at_the_limit_keeps_one_sitemap(make_board: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("builder.render.seo.SITEMAP_URLS", 13)
    _, site = build(make_board({"content/companies/acme.md": company_md(), **_postings(7, skills=["Go"])}))
    assert ET.fromstring(site["sitemap.xml"]).tag == f"{SITEMAP}urlset"
    assert len(ET.fromstring(site["sitemap.xml"])) == 13 and "sitemap-1.xml" not in site


def _band(low: int, currency: str = "USD") -> list[dict]:
    return [{"min": low, "max": low + 10_000, "currency": currency, "period": "YEAR"}]


def _salary_board(make_board: Callable[..., Path]) -> Path:
    """7 bands in USD (midpoints 105k ... 165k), 1 in EUR without a rate, 4 postings without pay,
    at two companies."""
    files = {"content/companies/acme.md": company_md(), "content/companies/beta.md": company_md(name="Beta")}
    for i in range(7):
        files[f"content/jobs/paid-{i}.md"] = posting_md(title=f"Paid {i}", salary=_band(100_000 + 10_000 * i),
                                                        company="beta" if i == 0 else "acme")
    files["content/jobs/euro.md"] = posting_md(title="Euro", salary=_band(90_000, "EUR"))
    for i in range(4):
        files[f"content/jobs/unpaid-{i}.md"] = posting_md(title=f"Unpaid {i}", date_posted=f"2026-11-0{i + 1}")
    return make_board(files)


def _every_band(html: str) -> list[str]:
    section = html[html.index('<section aria-labelledby="every-band">'):]
    section = section[: section.index("</section>")]
    return re.findall(r'<th scope="row"><a href="[^"]*jobs/[^/]+/">([^<]+)</a>', section)


def test_every_band_is_paginated_after_the_statistics(make_board: Callable[..., Path],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("builder.render.site.SALARY_ROWS", 3)
    _, site = build(_salary_board(make_board))
    first = site["salaries/index.html"].decode()
    assert "Median midpoint" in first and 'id="by-company"' in first  # the statistics stay on /salaries/
    pages = [first, site["salaries/page/2/index.html"].decode(), site["salaries/page/3/index.html"].decode()]
    assert "salaries/page/4/index.html" not in site
    assert [_every_band(p) for p in pages] == [["Paid 6", "Paid 5", "Paid 4"], ["Paid 3", "Paid 2", "Paid 1"],
                                                ["Paid 0", "Euro"]]  # highest midpoint first, no rate last
    assert '<a rel="next" href="../salaries/page/2/">Lower pay →</a>' in first and "Page 1 of 3" in first
    assert '<a rel="prev" href="../../../salaries/page/2/">← Higher pay</a>' in pages[2]
    assert 'href="../../../salaries/#not-counted">Other currency</a>' in pages[2]
    assert "Median midpoint" not in pages[1] and "<title>Salaries, every band, page 2 · " in pages[1]
    sitemap = site["sitemap.xml"].decode()
    assert f"{BASE}salaries/page/3/</loc>" in sitemap
    # lists longer than a page are counted, not all listed
    assert "4 open postings; the newest 3 are listed here." in first
    undisclosed = first[first.index('id="undisclosed"'):]
    assert re.findall(r">(Unpaid \d)</a>", undisclosed) == ["Unpaid 3", "Unpaid 2", "Unpaid 1"]


def test_a_board_with_few_bands_keeps_them_on_one_page(make_board: Callable[..., Path]) -> None:
    _, site = build(_salary_board(make_board))
    first = site["salaries/index.html"].decode()
    assert len(_every_band(first)) == 8 and not any(p.startswith("salaries/page/") for p in site)
    assert 'aria-label="More bands"' not in first and "are listed here." not in first
    assert re.findall(r">(Unpaid \d)</a>", first) == ["Unpaid 3", "Unpaid 2", "Unpaid 1", "Unpaid 0"]


def test_the_chart_shows_the_companies_with_most_bands(make_board: Callable[..., Path],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("builder.render.site.CHART_BARS", 1)
    _, site = build(_salary_board(make_board))
    chart = site["salaries/index.html"].decode().split('<figure class="chart">')[1].split("</figure>")[0]
    assert re.findall(r'<text class="label"[^>]*>([^<]+)</text>', chart) == ["Acme Corp"]  # 6 bands; Beta 1
    assert "The 1 companies with the most bands; the table “By company” has all 2." in site["salaries/index.html"].decode()


def _jobboard(board: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=board, capture_output=True, text=True, timeout=120)


def _built_with_and_without(make_board: Callable[..., Path], files: dict[str, str],
                            setting: str) -> tuple[Path, Path, set[str]]:
    """Builds the board as is and with `setting: false` (from inside each, as a user does): both
    boards, and the files only the first one has. The second has no file of its own."""
    with_it, without = make_board(files, name="with"), make_board(files, site={setting: False}, name="without")
    for board in (with_it, without):
        assert _jobboard(board, "build").returncode == 0
    built = [{p.relative_to(board / "public").as_posix() for p in (board / "public").rglob("*") if p.is_file()}
             for board in (with_it, without)]
    assert built[1] - built[0] == set()
    return with_it, without, built[0] - built[1]


def test_company_feeds_can_be_left_out_for_hosts_that_limit_files(make_board: Callable[..., Path]) -> None:
    files = {"content/companies/acme.md": company_md(), "content/companies/beta.md": company_md(name="Beta"),
             **_postings(2), "content/jobs/beta-job.md": posting_md(company="beta")}
    _, without, left_out = _built_with_and_without(make_board, files, "company_feeds")
    assert left_out == {"companies/acme/feed.xml", "companies/beta/feed.xml"}
    page = (without / "public/companies/acme/index.html").read_text()
    assert "companies/acme/feed.xml" not in page and 'href="../../feed.xml"' in page  # the board's feed stays


def test_company_feeds_must_be_true_or_false(make_board: Callable[..., Path]) -> None:
    board = make_board(site={"company_feeds": "no"})
    done = _jobboard(board, "build")
    assert done.returncode == 1
    assert "site.yml:4: company_feeds: expected true or false" in done.stderr and not (board / "public").exists()


def test_search_snippets_can_be_left_out_for_hosts_that_limit_files(make_board: Callable[..., Path]) -> None:
    with_it, without, left_out = _built_with_and_without(
        make_board, {"content/companies/acme.md": company_md(), **_postings(3)}, "search_snippets")
    assert left_out == {f"search/text/job-{i:02}.bin" for i in range(3)}
    manifest = json.loads((without / "public/search/manifest.json").read_text())
    assert manifest["snippets"] is False and manifest["count"] == 3
    assert json.loads((with_it / "public/search/manifest.json").read_text())["snippets"] is True
