"""A posting's page lists up to five similar open postings, chosen when the site is built: those
sharing the most skills first (the same company counts as two), then the newest."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Callable

from conftest import company_md, posting_md

from builder.model.board import RELATED, RELATED_WINDOW
from builder.output.build import build, load_board

COMPANIES = {"content/companies/acme.md": company_md(),
             "content/companies/zed.md": company_md(name="Zed Works", website="https://zed.example"),
             "content/companies/solo.md": company_md(name="Solo", website="https://solo.example")}


def similar(page: bytes) -> list[str]:
    """The titles under "Similar jobs", in order."""
    html = page.decode()
    if 'id="related-heading"' not in html:
        return []
    section = html[html.index('id="related-heading"'):]
    return re.findall(r'<li><a href="[^"]+"><strong>([^<]+)</strong>', section)


def test_a_posting_lists_the_open_postings_most_like_it(make_board: Callable[..., Path]) -> None:
    jobs = {
        "go-kafka": posting_md(title="Go Kafka", company="zed", date_posted="2026-11-10", skills=["Go", "Kafka"]),
        "zed-go-kafka": posting_md(title="Zed Go Kafka", company="zed", date_posted="2026-11-01",
                                   skills=["Go", "Kafka"]),  # two skills and the company
        "go-kafka-sql": posting_md(title="Go Kafka SQL", date_posted="2026-11-02", skills=["Go", "Kafka", "SQL"]),
        "zed-rust": posting_md(title="Zed Rust", company="zed", date_posted="2026-11-05", skills=["Rust"]),
        "go-only": posting_md(title="Go Only", date_posted="2026-11-20", skills=["go"]),  # the same skill's slug
        "go-old": posting_md(title="Go Old", date_posted="2026-11-21", skills=["Go"]),
        "go-gone": posting_md(title="Go Gone", date_posted="2026-09-01", valid_through="2026-10-01", skills=["Go", "Kafka"]),
        "cobol": posting_md(title="Cobol", company="solo", date_posted="2026-11-03", skills=["Cobol"]),
    }
    _, site = build(make_board({**COMPANIES, **{f"content/jobs/{k}.md": v for k, v in jobs.items()}}))
    # 4 = two skills and the company; 2 = the company, or two skills; then 1 shared skill, newest first
    assert similar(site["jobs/go-kafka/index.html"]) == ["Zed Go Kafka", "Zed Rust", "Go Kafka SQL", "Go Old", "Go Only"]
    assert len(similar(site["jobs/go-kafka/index.html"])) == RELATED
    assert similar(site["jobs/cobol/index.html"]) == []  # nothing shared: no section
    assert "Go Gone" not in site["jobs/go-only/index.html"].decode()  # expired postings are not suggested
    # an expired posting's page (expired: mark) points to open ones like it
    assert similar(site["jobs/go-gone/index.html"]) == ["Go Kafka SQL", "Go Old", "Go Only", "Go Kafka", "Zed Go Kafka"]


def test_a_posting_is_similar_on_a_bounded_number_of_pages(make_board: Callable[..., Path]) -> None:
    """However many share a skill, a posting is suggested only next to those near it by date, so
    an edit to it renders a bounded number of other pages again."""
    jobs = {f"content/jobs/job-{i:03}.md": posting_md(title=f"Job {i:03}", date_posted=f"2026-{9 + i // 28:02}-{1 + i % 28:02}",
                                                      skills=["Go"]) for i in range(80)}
    board = load_board(make_board({**COMPANIES, **jobs}))
    shown = Counter(p.slug for related in board.related.values() for p in related)
    assert max(shown.values()) <= 2 * RELATED_WINDOW
    assert all(len(related) == RELATED for related in board.related.values())
    newest = board.open_postings[0]
    assert [p.slug for p in board.related[newest.slug]] == [p.slug for p in board.open_postings[1:RELATED + 1]]
