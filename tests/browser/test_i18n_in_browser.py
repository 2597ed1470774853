"""A German board in headless Chromium: the scripts speak the page's language (search status,
filter chips, "clear all") and count posting ages again in German between builds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import posting_md, served_postings


POSTINGS = {
    "remote-go": posting_md(title="Remote Go Engineer", date_posted="2026-11-20", remote="remote", locations=None,
                            skills=["Go"]),
    "onsite-go": posting_md(title="Onsite Go Engineer", date_posted="2026-11-18", skills=["Go"]),
    "rust": posting_md(title="Rust Engineer", date_posted="2026-11-01", skills=["Rust"]),
}


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A German board (language: de), built on 2026-11-22, under /board/."""
    return served_postings(tmp_path_factory, POSTINGS, language="de")


def ages(page: Any) -> list[str]:
    return [t.text_content() for t in page.query_selector_all("#board-postings time.age")]


def test_ages_are_counted_again_in_german(page: Any, board_url: str) -> None:
    page.clock.set_fixed_time("2026-11-30T12:00:00")  # eight days after the build
    page.goto(board_url)
    assert ages(page) == ["vor 10 Tagen", "vor 12 Tagen", "vor 4 Wochen"]
    for day, expected in (("2026-11-21", ["gestern", "vor 3 Tagen"]), ("2026-11-20", ["heute", "vor 2 Tagen"])):
        page.clock.set_fixed_time(f"{day}T12:00:00")  # a clock behind the build
        page.reload()
        assert ages(page)[:2] == expected


def test_the_search_ui_is_german(page: Any, board_url: str) -> None:
    page.clock.set_fixed_time("2026-11-22T12:00:00")
    page.goto(board_url + "?q=go&remote=remote")
    page.wait_for_selector(".search-results > li")
    status = page.locator(".search-status")
    status.filter(has_text="1 Stelle gefunden für „go“").wait_for()
    chip = page.locator(".chips .chip")
    assert chip.text_content() == "Remote"
    assert chip.get_attribute("aria-label") == "Filter entfernen Arbeitsmodell: Remote"
    assert page.locator(".chips .clear-all").text_content() == "Alle entfernen"
    assert page.locator("details[data-facet=remote] summary").text_content().startswith("Arbeitsmodell")
    page.click("details[data-facet=remote] summary")
    assert "Vor Ort" in page.locator("details[data-facet=remote] fieldset").text_content()
    page.click(".chips .clear-all")
    status.filter(has_text="2 Stellen gefunden für „go“").wait_for()
    assert page.locator(".search-results time.age").first.text_content() == "vor 2 Tagen"
    assert page.locator("#search-q").get_attribute("placeholder") == "Stellen, Skills, Orte suchen"
