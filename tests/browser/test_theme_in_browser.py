"""The built-in theme in headless Chromium: one card markup for lists and search results, filters
with several values and chips, expiry between builds, and the layout at 1280 and 390 px."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from conftest import BUILD_EPOCH, SITE, company_md, posting_md, served_site, static_server

from builder.load.theme import theme_dirs
from builder.output.build import build, write_outputs

REPO = Path(__file__).resolve().parents[2]
CUSTOM = '<p class="custom-mark">From the board\'s own card</p>'
COMPANIES = {"acme": company_md(), "zephyr": company_md(name="Zephyr Logistics", website="https://zephyr.example")}
POSTINGS = {
    "remote-go": posting_md(title="Remote Go Engineer", date_posted="2026-11-20", remote="remote", locations=None,
                            skills=["Go"]),
    "hybrid-go": posting_md(title="Hybrid Go Engineer", company="zephyr", date_posted="2026-11-19", remote="hybrid",
                            skills=["Go", "Kafka"]),
    "onsite-go": posting_md(title="Onsite Go Engineer", date_posted="2026-11-18", skills=["Go"]),
    "remote-rust": posting_md(title="Remote Rust Engineer", date_posted="2026-11-17", remote="remote", locations=None,
                              skills=["Rust"]),
    "hybrid-rust": posting_md(title="Hybrid Rust Engineer", date_posted="2026-11-16", remote="hybrid", skills=["Rust"]),
    # open on the build's day (2026-11-22), past its last day from 2026-11-26 on
    "ends-soon": posting_md(title="Ends Soon Engineer", date_posted="2026-11-15", valid_through="2026-11-25",
                            skills=["Go"], remote="remote", locations=None),
}


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The board, with its own _card.html (the built-in one plus a mark), under /board/."""
    card = (theme_dirs()[0] / "_card.html").read_text(encoding="utf-8")
    files = {"site.yml": yaml.safe_dump({**SITE, "base_url": "https://x.example/board/"}),
             "templates/_card.html": card.replace("</h3>", "</h3>\n    " + CUSTOM, 1)}
    files.update({f"content/companies/{slug}.md": text for slug, text in COMPANIES.items()})
    files.update({f"content/jobs/{slug}.md": text for slug, text in POSTINGS.items()})
    return served_site(tmp_path_factory, files)


def at_day(page: Any, day: str) -> Any:
    """The browser's clock fixed at noon of `day` (local time), before any page script runs."""
    page.clock.set_fixed_time(f"{day}T12:00:00")
    return page


def results(page: Any) -> list[str]:
    page.wait_for_function(
        "() => { const s = document.querySelector('.search-status').textContent.match(/^(\\d+) jobs? found/);"
        " return s && document.querySelectorAll('.search-results > li:not([hidden])').length === Math.min(+s[1], 20); }")
    return [a.text_content() for a in page.query_selector_all(".search-results > li:not([hidden]) h3 a")]


def test_a_boards_own_card_shows_in_the_list_and_in_search_results(page: Any, board_url: str) -> None:
    at_day(page, "2026-11-22").goto(board_url)
    assert page.locator("#board-postings .posting-card .custom-mark").count() == len(POSTINGS)
    page.wait_for_selector("#search-q", state="visible")
    page.fill("#search-q", "rust")
    assert results(page) == ["Remote Rust Engineer", "Hybrid Rust Engineer"]
    assert page.locator(".search-results .posting-card .custom-mark").count() == 2
    link = page.locator(".search-results h3 a").first.get_attribute("href")
    assert link == board_url + "jobs/remote-rust/"  # the record's relative link, resolved under the sub-path


def test_values_of_one_filter_add_up_and_filters_narrow_each_other(page: Any, board_url: str) -> None:
    at_day(page, "2026-11-22").goto(board_url)
    page.wait_for_selector("#search-q", state="visible")
    page.click("details[data-facet=remote] summary")
    page.check("input[name=facet-remote][value=remote]")
    page.check("input[name=facet-remote][value=hybrid]")
    page.click("details[data-facet=skill] summary")
    page.check("input[name=facet-skill][value=go]")
    page.keyboard.press("Escape")  # closes the open panel
    assert page.is_hidden("details[data-facet=skill] fieldset")
    assert results(page) == ["Remote Go Engineer", "Hybrid Go Engineer", "Ends Soon Engineer"]
    assert page.url == board_url + "?remote=remote&remote=hybrid&skill=go"
    assert page.locator(".chips .chip").all_text_contents() == ["Remote", "Hybrid", "Go"]

    page.click(".chips .chip[aria-label='Remove filter Work mode: Hybrid']")
    assert results(page) == ["Remote Go Engineer", "Ends Soon Engineer"]
    assert page.url == board_url + "?remote=remote&skill=go"

    page.click(".chips .clear-all")
    page.wait_for_function("() => document.querySelector('.search-results').hidden")
    assert page.is_visible("#board-postings") and page.is_hidden(".chips")
    assert page.url == board_url


def test_filters_picked_in_the_url_show_as_chips(page: Any, board_url: str) -> None:
    at_day(page, "2026-11-22").goto(board_url + "?skill=rust&remote=hybrid&remote=onsite")
    assert results(page) == ["Hybrid Rust Engineer"]
    assert page.locator(".chips .chip").all_text_contents() == ["Hybrid", "On-site", "Rust"]


def test_a_posting_past_its_last_day_is_hidden_and_its_page_says_so(page: Any, board_url: str) -> None:
    at_day(page, "2026-11-25").goto(board_url)  # its last day: still open
    assert page.is_visible("#board-postings li:has-text('Ends Soon Engineer')")

    at_day(page, "2026-11-26").goto(board_url)  # after it, with no rebuild
    assert page.is_hidden("#board-postings li:has-text('Ends Soon Engineer')")
    page.wait_for_selector("#search-q", state="visible")
    page.fill("#search-q", "engineer")
    assert "Ends Soon Engineer" not in results(page)
    assert page.text_content(".search-status") == f"{len(POSTINGS) - 1} jobs found for “engineer”"
    assert page.locator("#board-postings .age").first.text_content() == "6 days ago"  # counted from today

    page.goto(board_url + "jobs/ends-soon/")
    assert page.is_visible(".expired-notice")
    assert "expired on November 25, 2026" in page.text_content(".expired-notice")
    assert page.locator(".apply:visible").count() == 0


@pytest.fixture(scope="module")
def example_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The repository's example board, served under its base_url's path /board/."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        _, outputs = build(REPO)
    root = tmp_path_factory.mktemp("example")
    write_outputs(outputs, root / "board")
    with static_server(root) as url:
        yield url + "/board/"


def test_seven_postings_fit_a_laptop_screen_below_a_padded_heading(browser: Any, example_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(example_url)
        page.wait_for_selector("#search-q", state="visible")
        header = page.eval_on_selector(".site-header", "e => e.getBoundingClientRect().bottom")
        assert page.eval_on_selector("h1", "e => e.getBoundingClientRect().top") - header >= 16
        bottoms = page.eval_on_selector_all("#board-postings .posting-card", "cs => cs.map(c => c.getBoundingClientRect().bottom)")
        assert sum(bottom <= 800 for bottom in bottoms) >= 7
        footer = page.eval_on_selector(".site-footer", "e => e.getBoundingClientRect().top")
        assert footer - bottoms[-1] >= 24  # the last card does not touch the footer
    finally:
        context.close()


def test_on_a_phone_the_filters_are_a_drawer_that_shows_the_results(phone: Any, example_url: str) -> None:
    page = phone
    page.goto(example_url)
    page.wait_for_selector("#search-q", state="visible")
    assert page.eval_on_selector("#board-postings .posting-card", "e => e.getBoundingClientRect().top") < 300
    assert page.is_hidden("details[data-facet=remote] summary")
    page.click(".filters-toggle")
    assert page.get_attribute("#filters", "role") == "dialog" and page.get_attribute("#filters", "aria-modal") == "true"
    assert page.is_visible(".drawer-backdrop")
    assert page.evaluate("document.activeElement.textContent") == "Work mode"  # focus moves into the drawer
    page.click("details[data-facet=remote] summary")
    page.check("input[name=facet-remote][value=remote]")
    page.locator(".drawer-show").filter(has_text="Show 2 jobs").wait_for()  # counts as filters change
    page.click(".drawer-show")
    assert sorted(results(page)) == ["Senior Distributed Systems Engineer", "Senior Rust Engineer, Storage Engine"]
    page.wait_for_selector("details[data-facet=remote] summary", state="hidden")  # the drawer slid away
    assert page.is_hidden(".drawer-backdrop") and page.get_attribute("#filters", "role") is None
    assert page.evaluate("document.activeElement.className") == "filters-toggle"  # focus back where it was

    page.click(".filters-toggle")
    page.keyboard.press("Escape")  # Escape closes it too, from anywhere in it
    page.wait_for_selector("details[data-facet=remote] summary", state="hidden")
    page.click(".filters-toggle")
    page.click(".drawer-backdrop", position={"x": 10, "y": 400})  # and a tap beside it
    page.wait_for_selector("details[data-facet=remote] summary", state="hidden")


def test_the_drawer_keeps_keyboard_focus_inside_while_open(phone: Any, example_url: str) -> None:
    page = phone
    page.goto(example_url)
    page.wait_for_selector("#search-q", state="visible")
    page.click(".filters-toggle")
    inside = []
    for _ in range(12):  # more than the drawer's controls: Tab goes round
        page.keyboard.press("Tab")
        inside.append(page.evaluate("!!document.activeElement.closest('#filters')"))
    assert all(inside)
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("!!document.activeElement.closest('#filters')")


# The board index of the theme before filter chips and the drawer, as a board may have copied it.
OLD_INDEX = """{% extends "base.html" %}
{% from "_macros.html" import posting_list, list_heading, pager_nav with context %}
{% block title %}{% if pager.number > 1 %}Jobs, page {{ pager.number }} · {% endif %}{{ config.title }}{% endblock %}
{% block main %}
<h1>{{ config.title }}</h1>
{% if config.description %}<p class="lead">{{ config.description }}</p>{% endif %}
{# Search and filters are an enhancement: search.js reveals them; without it the full list below stays. #}
<div id="search" class="search" data-search="{{ root }}search/" data-root="{{ root }}" hidden>
  <form class="search-form" role="search">
    <label for="search-q">Search jobs</label>
    <input id="search-q" name="q" type="search" autocomplete="off" spellcheck="false"
           placeholder="Title, skill, company or city" aria-describedby="search-status">
  </form>
  <div class="facets" role="group" aria-label="Filters"></div>
  <p id="search-status" class="search-status" role="status" aria-live="polite"></p>
  <ol class="postings search-results" aria-label="Search results" hidden></ol>
  <button type="button" class="more" hidden>Show more</button>
</div>
<section id="board-postings" aria-labelledby="open-heading">
  {{ list_heading(pager) }}
  {{ posting_list(postings) }}
  {{ pager_nav(pager) }}
</section>
{% endblock %}
{% block scripts %}
<script src="{{ asset('search.js') }}" defer></script>
{% endblock %}
"""


def test_an_index_template_from_the_older_theme_keeps_the_full_list(make_board: Any, serve_dir: Any,
                                                                       page: Any) -> None:
    """It lacks search-match.js (the query rules), so search stays off and the list works as without script."""
    board = make_board({"content/companies/acme.md": company_md(), "templates/index.html": OLD_INDEX,
                        **{f"content/jobs/{slug}.md": POSTINGS[slug] for slug in ("remote-go", "onsite-go")}},
                       site={"base_url": "https://x.example/board/"})
    _, outputs = build(board)
    write_outputs(outputs, board / "www" / "board")
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(serve_dir(board / "www") + "/board/?remote=remote")
    page.wait_for_load_state("load")
    assert page.is_hidden("#search")
    assert sorted(page.locator("#board-postings h3 a").all_text_contents()) == ["Onsite Go Engineer", "Remote Go Engineer"]
    assert errors == []
