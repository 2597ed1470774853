"""The salary filter and sorting results by date and by pay, in headless Chromium."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import posting_md, served_postings



def band(low: int, high: int, currency: str = "USD") -> list[dict[str, Any]]:
    return [{"min": low, "max": high, "currency": currency, "period": "YEAR"}]


POSTINGS = {  # titles name the pay; dates give the order by newest: E, C, D, A, B
    "a": posting_md(title="Developer 100k-160k", date_posted="2026-11-10", salary=band(100_000, 160_000)),
    "b": posting_md(title="Developer 155k-170k", date_posted="2026-11-09", salary=band(155_000, 170_000)),
    "c": posting_md(title="Developer 60k-90k", date_posted="2026-11-12", salary=band(60_000, 90_000)),
    "d": posting_md(title="Developer in yen", date_posted="2026-11-11", salary=band(10_000_000, 12_000_000, "JPY")),
    "e": posting_md(title="Developer undisclosed", date_posted="2026-11-13"),
}


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return served_postings(tmp_path_factory, POSTINGS)


def titles(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_function(
        "() => { const s = document.querySelector('.search-status').textContent.match(/^(\\d+) jobs? found/);"
        " return s && document.querySelectorAll('.search-results > li').length === Math.min(+s[1], 20); }")
    return [a.text_content().removeprefix("Developer ") for a in page.query_selector_all(".search-results h3 a")]


def test_the_salary_filter_keeps_ranges_that_reach_the_threshold(page: Any, board_url: str) -> None:
    assert titles(page, board_url + "?salary=160000") == ["100k-160k", "155k-170k"]  # 100k-160k reaches 160k
    page.wait_for_selector("button.chip:has-text('USD 160k+')")  # the filter from the URL, as a chip
    assert page.text_content("details[data-facet=salary] summary") == "Pay (USD/yr) 1"  # 1 value picked


def test_pay_that_cannot_be_converted_is_offered_as_other_currencies(page: Any, board_url: str) -> None:
    assert titles(page, board_url + "?salary=other") == ["in yen"]
    page.wait_for_selector("button.chip:has-text('Other currencies')")


def test_results_sort_by_pay_then_unknown_pay_newest_first(page: Any, board_url: str) -> None:
    assert titles(page, board_url + "?q=developer&sort=pay") == ["155k-170k", "100k-160k", "60k-90k", "undisclosed",
                                                                   "in yen"]
    assert page.input_value(".search-sort select") == "pay"


def test_results_sort_by_newest_and_the_choice_lives_in_the_url(page: Any, board_url: str) -> None:
    titles(page, board_url + "?q=developer")
    page.select_option(".search-sort select", "newest")
    page.wait_for_url(board_url + "?q=developer&sort=newest")
    assert titles(page, page.url) == ["undisclosed", "60k-90k", "in yen", "100k-160k", "155k-170k"]
