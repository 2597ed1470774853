"""The board's search box and filters in headless Chromium, on a board served under a sub-path."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from conftest import SITE, company_md, posting_md, served_site

COMPANIES = {
    "acme": company_md(),
    "zephyr": company_md(name="Zephyr Logistics", website="https://zephyr.example"),
    "orbita": company_md(name="Órbita Labs", website="https://orbita.example"),
}
POSTINGS = {
    # Kafka as a skill: ranks above the newer posting that only mentions kafka in its body.
    "data-engineer": posting_md(title="Data Engineer", company="zephyr", date_posted="2026-11-10",
                                locations=["Zürich, ZH, CH"], remote="hybrid", skills=["Kafka", "Scala"],
                                body="Streaming pipelines for freight.\n"),
    "platform-engineer": posting_md(title="Platform Engineer", date_posted="2026-11-20", remote="remote",
                                    locations=None, remote_eligible=["DE"], employment_type="CONTRACTOR",
                                    body="You will run our kafka clusters.\n"),
    "mobile-developer": posting_md(title="Mobile Developer", company="orbita", date_posted="2026-11-15",
                                   locations=["São Paulo, SP, BR"], skills=["Swift"], body="Apps for riders.\n"),
    "kotlin-developer": posting_md(title="Kotlin Developer", date_posted="2026-11-05", skills=["Kotlin"],
                                   body="Android apps.\n"),
    "hostile": posting_md(title="<img src=x onerror=alert(1)> Engineer", date_posted="2026-11-01",
                          body="Hostile </script> text.\n"),
    "expired-kafka": posting_md(title="Kafka Expired Role", date_posted="2026-09-01",
                                valid_through="2026-10-01", skills=["Kafka"]),
    "draft-kafka": posting_md(title="Kafka Draft Role", draft=True, skills=["Kafka"]),
}


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The board built once for the module (drafts included, to prove they still stay out of
    search), under /board/ of the served folder."""
    files = {"site.yml": yaml.safe_dump({**SITE, "base_url": "https://x.example/board/"})}
    files.update({f"content/companies/{slug}.md": text for slug, text in COMPANIES.items()})
    files.update({f"content/jobs/{slug}.md": text for slug, text in POSTINGS.items()})
    return served_site(tmp_path_factory, files, drafts=True)


@pytest.fixture
def search_page(page: Any, board_url: str) -> Iterator[Any]:
    page.goto(board_url)
    page.wait_for_selector("#search-q", state="visible")
    yield page


def search(page: Any, text: str) -> list[str]:
    """Type into the search box like a user, wait for the announced count, return result titles."""
    page.fill("#search-q", "")
    page.type("#search-q", text)
    return shown_titles(page)


def shown_titles(page: Any) -> list[str]:
    page.wait_for_function(
        "() => { const s = document.querySelector('.search-status').textContent.match(/^(\\d+) jobs? found/);"
        " return s && document.querySelectorAll('.search-results > li').length === Math.min(+s[1], 20); }")
    return [a.text_content() for a in page.query_selector_all(".search-results h3 a")]


def test_a_skill_finds_its_postings_skill_match_first(search_page: Any) -> None:
    assert search(search_page, "kafka") == ["Data Engineer", "Platform Engineer"]
    assert search_page.text_content(".search-status") == "2 jobs found for “kafka”"
    assert search_page.is_hidden("#board-postings")


def test_a_result_shows_company_location_salary_and_date(search_page: Any) -> None:
    search(search_page, "data engineer")
    card = search_page.locator(".search-results > li").first
    assert card.locator(".company").text_content() == "Zephyr Logistics"
    assert card.locator(".offices").text_content() == "Office: Zürich"
    assert card.locator(".badge").text_content() == "Hybrid"
    assert card.locator(".pay").text_content() == "Salary not disclosed"
    assert card.locator("time").get_attribute("datetime") == "2026-11-10"
    assert card.locator(".tags li").first.text_content() == "Kafka"
    assert card.locator("h3 a").get_attribute("href").endswith("/board/jobs/data-engineer/")


def test_a_city_matches_without_its_diacritics(search_page: Any) -> None:
    assert search(search_page, "zurich") == ["Data Engineer"]
    assert search(search_page, "sao paulo") == ["Mobile Developer"]
    assert search(search_page, "ZÜRICH") == ["Data Engineer"]


def test_a_company_name_finds_its_postings(search_page: Any) -> None:
    assert search(search_page, "orbita") == ["Mobile Developer"]
    assert search(search_page, "zephyr logistics") == ["Data Engineer"]


def test_a_two_letter_prefix_matches_as_you_type(search_page: Any) -> None:
    assert search(search_page, "ko") == ["Kotlin Developer"]
    assert search(search_page, "zep") == ["Data Engineer"]


def test_expired_and_draft_postings_never_appear(search_page: Any) -> None:
    assert search(search_page, "role") == []
    assert search_page.text_content(".search-status") == "0 jobs found for “role”"
    assert "Expired" not in search_page.text_content("#board-postings")
    search_page.click("details[data-facet=skill] summary")
    search_page.fill("#search-q", "")
    search_page.wait_for_selector("label:has-text('Kafka(1)')")


def test_filters_narrow_results_and_live_in_the_url(search_page: Any, board_url: str) -> None:
    search(search_page, "engineer")
    search_page.click("details[data-facet=remote] summary")
    search_page.wait_for_selector("label:has-text('Remote(1)')")
    search_page.check("input[name=facet-remote][value=remote]")
    assert shown_titles(search_page) == ["Platform Engineer"]
    assert search_page.url == board_url + "?q=engineer&remote=remote"

    search_page.reload()
    assert shown_titles(search_page) == ["Platform Engineer"]
    assert search_page.input_value("#search-q") == "engineer"
    assert search_page.is_checked("input[name=facet-remote][value=remote]")

    search_page.go_back()
    search_page.wait_for_url(board_url + "?q=engineer")
    assert set(shown_titles(search_page)) == {"Data Engineer", "Platform Engineer", "<img src=x onerror=alert(1)> Engineer"}


def test_a_filter_alone_lists_matching_postings_newest_first(search_page: Any, board_url: str) -> None:
    search_page.goto(board_url + "?country=BR")
    assert shown_titles(search_page) == ["Mobile Developer"]
    search_page.goto(board_url + "?skill=kotlin&type=FULL_TIME")
    assert shown_titles(search_page) == ["Kotlin Developer"]


def test_a_result_link_opens_the_posting_under_the_sub_path(search_page: Any, board_url: str) -> None:
    search(search_page, "kotlin")
    search_page.click(".search-results a")
    search_page.wait_for_url(board_url + "jobs/kotlin-developer/")
    assert search_page.text_content("h1") == "Kotlin Developer"


def test_indexed_text_is_shown_as_text_never_as_html(search_page: Any) -> None:
    dialogs: list[str] = []
    search_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    assert search(search_page, "onerror") == ["<img src=x onerror=alert(1)> Engineer"]
    assert search_page.query_selector(".search-results img[src=x]") is None
    assert dialogs == []


def test_counts_are_announced_and_the_box_is_reachable_by_keyboard(search_page: Any) -> None:
    assert search_page.get_attribute(".search-status", "aria-live") == "polite"
    search_page.focus(".brand")
    for _ in range(10):
        search_page.keyboard.press("Tab")
        if search_page.evaluate("document.activeElement.id") == "search-q":
            break
    search_page.keyboard.type("kafka")
    assert shown_titles(search_page) == ["Data Engineer", "Platform Engineer"]
    search_page.keyboard.press("Tab")
    assert search_page.evaluate("document.activeElement.tagName") == "SUMMARY"


def test_without_javascript_the_board_lists_every_open_posting(browser: Any, board_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(board_url)
        titles = [a.text_content() for a in page.query_selector_all("#board-postings h3 a")]
        assert len(titles) == 6 and "Kafka Draft Role" in titles  # built with --drafts
        assert "Kafka Expired Role" not in titles
        assert page.is_hidden("#search")
    finally:
        context.close()
