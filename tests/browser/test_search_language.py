"""Search that understands job seekers: plurals and verb forms, whole words, typos and the
other names of cities, in headless Chromium on a small board."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import posting_md, served_postings


KUBERNETES = {f"kube-{k}": posting_md(title=f"Cluster Operator {k}", date_posted=f"2026-11-0{k}",
                                      skills=["Kubernetes"], body="Clusters.\n") for k in range(1, 5)}
POSTINGS = {
    "engineer": posting_md(title="Senior Engineer", date_posted="2026-11-12", body="Build things.\n"),
    "go-developer": posting_md(title="Go Developer", date_posted="2026-11-10", skills=["Go"], body="Services.\n"),
    "good-team": posting_md(title="Support Lead", date_posted="2026-11-11", body="A good team.\n"),
    "javascript": posting_md(title="Frontend Developer", date_posted="2026-11-13", skills=["JavaScript"],
                             body="Browsers.\n"),
    "java": posting_md(title="Backend Developer", date_posted="2026-11-14", skills=["Java"], body="JVM.\n"),
    "migrating": posting_md(title="Database Administrator", date_posted="2026-11-15",
                            body="We are migrating the billing system.\n"),
    "typo": posting_md(title="Operator", date_posted="2026-10-01", body="Our kuberntes clusters.\n"),
    "munchen": posting_md(title="Data Analyst", date_posted="2026-11-16", locations=["München, BY, DE"],
                          body="Numbers.\n"),
    **KUBERNETES,
}


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return served_postings(tmp_path_factory, POSTINGS)


def results(page: Any) -> tuple[str, list[str]]:
    """The announced status and the titles shown, once the results are on the page."""
    page.wait_for_function(
        "() => { const s = document.querySelector('.search-status').textContent.match(/^(\\d+) jobs? found/);"
        " return s && document.querySelectorAll('.search-results > li').length === Math.min(+s[1], 20); }")
    return (page.text_content(".search-status"),
            [a.text_content() for a in page.query_selector_all(".search-results h3 a")])


def query(page: Any, url: str, q: str) -> tuple[str, list[str]]:
    """A query opened from a link (as pasted): every word is a whole word."""
    page.goto(url + "?q=" + q)
    return results(page)


def typed(page: Any, url: str, text: str) -> tuple[str, list[str]]:
    page.goto(url)
    page.wait_for_selector("#search-q", state="visible")
    page.type("#search-q", text)
    return results(page)


def test_a_plural_finds_the_singular(page: Any, board_url: str) -> None:
    status, titles = query(page, board_url, "engineers")
    assert titles == ["Senior Engineer"] and status == "1 job found for “engineers”"


def test_a_noun_finds_its_verb(page: Any, board_url: str) -> None:
    assert query(page, board_url, "migration")[1] == ["Database Administrator"]


def test_a_completed_word_is_a_whole_word(page: Any, board_url: str) -> None:
    assert query(page, board_url, "go") == ("1 job found for “go”", ["Go Developer"])
    assert typed(page, board_url, "go ") == ("1 job found for “go”", ["Go Developer"])
    assert typed(page, board_url, "java ")[1] == ["Backend Developer"]


def test_the_word_being_typed_also_finds_its_completions(page: Any, board_url: str) -> None:
    assert typed(page, board_url, "go")[1] == ["Go Developer", "Support Lead"]  # Go, then "good"
    assert typed(page, board_url, "java")[1] == ["Backend Developer", "Frontend Developer"]


def test_a_typo_finds_the_word_after_the_exact_matches(page: Any, board_url: str) -> None:
    status, titles = query(page, board_url, "kuberntes")
    assert titles == ["Operator", "Cluster Operator 4", "Cluster Operator 3", "Cluster Operator 2",
                      "Cluster Operator 1"]
    assert status == "5 jobs found for “kuberntes”"
    # "kubernets" is a plural of the same stem; the rare misspelling does not join the common word
    assert query(page, board_url, "kubernets")[1] == [f"Cluster Operator {k}" for k in (4, 3, 2, 1)]


def test_a_city_is_found_by_its_english_name(page: Any, board_url: str) -> None:
    assert query(page, board_url, "munich")[1] == ["Data Analyst"]
    assert query(page, board_url, "muenchen")[1] == ["Data Analyst"]
    assert query(page, board_url, "münchen")[1] == ["Data Analyst"]


def test_a_body_only_match_shows_its_sentence_with_the_words_marked(page: Any, board_url: str) -> None:
    assert query(page, board_url, "migration billing")[1] == ["Database Administrator"]
    snippet = page.wait_for_selector(".search-results .snippet")
    assert snippet.text_content() == "We are migrating the billing system."
    assert [m.text_content() for m in snippet.query_selector_all("mark")] == ["migrating", "billing"]


def test_a_title_match_shows_no_snippet(page: Any, board_url: str) -> None:
    assert query(page, board_url, "engineer")[1] == ["Senior Engineer"]
    page.wait_for_load_state("networkidle")
    assert page.query_selector(".search-results .snippet") is None


def test_without_snippets_a_body_only_match_shows_no_sentence_and_fetches_none(
        page: Any, serve_dir: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    site = served_postings(tmp_path_factory, {"migrating": POSTINGS["migrating"]}, search_snippets=False)
    url = serve_dir(site) + "/board/"
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    assert query(page, url, "migration billing")[1] == ["Database Administrator"]
    page.wait_for_load_state("networkidle")
    assert page.query_selector(".search-results .snippet") is None
    assert any("/search/docs/" in u for u in fetched) and not any("/search/text/" in u for u in fetched)
