"""The example board on a phone (320 and 390 px wide), in English and German, light and dark: no
page scrolls sideways, every salary figure is within the screen's width, and no text is clipped
in tables, chips or filter labels. Also: saving jobs, and the Apply button staying in view."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from conftest import BUILD_EPOCH, static_server

from builder.output.build import build, write_outputs

REPO = Path(__file__).resolve().parents[2]
# One page of each type; the postings: levels and remote countries with an office, an hourly
# rate converted per year, a currency without a rate.
PAGES = {
    "board": "", "posting": "jobs/olo-sdse/", "hourly posting": "jobs/noordlicht-cpp-engine-contractor/",
    "posting without a rate": "jobs/alpenfirn-senior-dotnet-engineer/", "company": "companies/olo/",
    "companies": "companies/", "skills": "skills/", "skill": "skills/kubernetes/", "salaries": "salaries/",
    "saved": "saved/", "404": "404.html", "search": "?q=engineer&country=DE&salary=other&salary=100000",
}
# What may not be cut off or stick out: table cells and captions, chips, filter labels, buttons.
TEXT_BOXES = ("th, td, caption, .tags li, .tags a, .chip, .clear-all, .facet summary, .facet-value, .badge, "
              ".drawer-show, .drawer-close, .filters-toggle, .button, .save.labelled, .remove, .why, .places > span, "
              ".bar-list li, .summary dd, .summary dt, .site-header a, .related-list a")

# Runs in the page: the problems found, as text. A figure is a currency code and an amount, or
# an amount in thousands ("219k"); a box is clipped when its text overflows it, when it sticks
# out of the screen, or when an ancestor that clips (overflow other than visible) cuts it.
CHECK = """(boxes) => {
  const W = document.documentElement.clientWidth, problems = [];
  const shown = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.visibility === "hidden" || style.clip === "rect(0px, 0px, 0px, 0px)") return false;
    }
    return el.getClientRects().length > 0;
  };
  const cut = (el, rect) => {
    if (rect.left < -0.5 || rect.right > W + 0.5) return "sticks out of the screen";
    for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
      if (getComputedStyle(e).overflowX === "visible") continue;
      const box = e.getBoundingClientRect();
      if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5) return "is cut off by " + e.className;
    }
    return "";
  };
  const figure = /[A-Z]{3}\\s?[\\d.,]*\\d|\\d+(?:[.,]\\d+)?\\s?[kM]\\b/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    if (!figure.test(node.textContent) || !node.parentElement || !shown(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      const why = rect.width && cut(node.parentElement, rect);
      if (why) problems.push("figure '" + node.textContent.trim().slice(0, 50) + "' " + why);
    }
  }
  for (const el of document.querySelectorAll(boxes)) {
    if (!shown(el)) continue;
    const text = el.textContent.trim().slice(0, 50);
    const why = cut(el, el.getBoundingClientRect());
    if (why) problems.push("'" + text + "' " + why);
    const inline = getComputedStyle(el).display === "inline";
    if (!inline && el.tagName !== "SELECT" && el.scrollWidth > el.clientWidth + 1) problems.push("'" + text + "' overflows its box");
  }
  if (document.documentElement.scrollWidth > innerWidth) problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth);
  return problems;
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example board built on BUILD_EPOCH's day, in English at /board/ and in German at /board-de/."""
    german = tmp_path_factory.mktemp("german")
    shutil.copytree(REPO / "content", german / "content")
    settings = yaml.safe_load((REPO / "site.yml").read_text())
    (german / "site.yml").write_text(yaml.safe_dump({**settings, "language": "de",
                                                      "base_url": "https://example.org/board-de/"}))
    www = tmp_path_factory.mktemp("www")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", BUILD_EPOCH)
        for folder, board in (("board", REPO), ("board-de", german)):
            write_outputs(build(board)[1], www / folder)
    with static_server(www) as url:
        yield url + "/"


def open_page(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    if page.locator("#search-q").count():
        page.wait_for_selector("#search-q", state="visible")  # search.js has set up the filters


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("width", [320, 390])
def test_every_page_type_fits_a_phone(browser: Any, site: str, width: int, language: str, scheme: str) -> None:
    board = site + ("board/" if language == "en" else "board-de/")
    context = browser.new_context(viewport={"width": width, "height": 740}, color_scheme=scheme, locale=language)
    try:
        page = context.new_page()
        page.clock.set_fixed_time("2026-11-22T12:00:00")  # the build's day: every posting is open
        problems: list[str] = []
        for name, path in PAGES.items():
            open_page(page, board + path)
            if name == "board":  # some jobs to list on the saved page
                for star in page.locator("#board-postings .save").all()[:3]:
                    star.click()
            if name == "search":
                page.wait_for_selector(".search-results .why")  # results, each saying why it matched
            if name == "saved":
                assert page.locator(".saved-list > li").count() == 3
            problems += [f"{name}: {p}" for p in page.evaluate(CHECK, TEXT_BOXES)]

        open_page(page, board)  # the filter drawer, every filter open
        page.click(".filters-toggle")
        for summary in page.locator(".facet summary").all():
            summary.click()
        page.locator(".facet-value").first.wait_for()
        page.wait_for_timeout(250)  # the drawer's slide
        problems += [f"drawer: {p}" for p in page.evaluate(CHECK, TEXT_BOXES)]
        drawer = page.eval_on_selector(".filters", "e => [e.scrollWidth, e.clientWidth]")
        assert drawer[0] <= drawer[1], "the drawer scrolls sideways"
        assert page.locator("details[data-facet=salary] .facet-value").count() >= 3  # the pay filter, open
        assert not problems, "\n".join(problems)
    finally:
        context.close()


def test_saved_jobs_stay_in_the_browser_and_expired_ones_are_marked(phone: Any, site: str) -> None:
    board = site + "board/"
    page = phone
    page.clock.set_fixed_time("2026-11-22T12:00:00")
    open_page(page, board)
    card = page.locator("#board-postings .posting-card", has_text="C++ Engine Programmer")
    card.locator(".save").click()
    assert card.locator(".save").get_attribute("aria-pressed") == "true"
    open_page(page, board + "jobs/olo-sdse/")
    page.locator(".apply-end .save").click()  # on a phone, the bar at the bottom
    assert page.locator(".apply-top .save").get_attribute("aria-pressed") == "true"  # every button of the job

    page.clock.set_fixed_time("2027-01-20T12:00:00")  # the C++ contract ended on 2027-01-15
    open_page(page, board + "saved/")
    items = page.locator(".saved-list > li")
    assert items.locator("h3").all_text_contents() == ["Senior Distributed Systems Engineer",
                                                       "C++ Engine Programmer (Freelance, 6 months)"]
    assert page.text_content("#saved-heading") == "2 saved jobs"
    assert items.nth(0).locator(".pay").text_content() == "USD 125k–196k / year"
    assert items.nth(0).locator(".places").text_content() == "Remote: US · Office: New York"
    assert items.nth(1).locator(".expired").is_visible() and items.nth(0).locator(".expired").is_hidden()
    assert items.nth(0).locator("h3 a").get_attribute("href") == board + "jobs/olo-sdse/"

    items.nth(0).locator(".remove").click()
    assert items.locator("h3").all_text_contents() == ["C++ Engine Programmer (Freelance, 6 months)"]
    assert page.evaluate("document.activeElement.textContent").startswith("Remove")  # focus moved on
    items.nth(0).locator(".remove").click()
    assert page.is_visible(".saved-empty") and page.text_content("#saved-heading") == "0 saved jobs"
    open_page(page, board + "jobs/olo-sdse/")
    assert page.locator(".apply-end .save").get_attribute("aria-pressed") == "false"


def test_a_saved_job_no_longer_on_the_board_is_marked(phone: Any, site: str) -> None:
    page = phone
    job = {"path": "jobs/filled-last-week/", "title": "Filled Last Week", "company": "Olo", "pay": "",
           "places": "Office: New York", "validThrough": ""}
    page.add_init_script(f"localStorage.setItem('jobboard:saved:/board/', {json.dumps(json.dumps([job]))})")
    open_page(page, site + "board/saved/")
    item = page.locator(".saved-list > li")
    item.locator(".gone").wait_for()  # its page is a 404 now
    assert item.locator(".pay").text_content() == "Salary not disclosed"


def test_on_a_phone_the_apply_button_stays_in_view(phone: Any, site: str) -> None:
    page = phone
    page.clock.set_fixed_time("2026-11-22T12:00:00")
    open_page(page, site + "board/jobs/olo-sdse/")
    assert page.is_hidden(".apply-top .button")
    for y in (0, 1500, 3000):
        page.evaluate(f"window.scrollTo(0, {y})")
        bottom = page.eval_on_selector(".apply-end", "e => e.getBoundingClientRect().bottom")
        assert 700 <= bottom <= 740, y  # at the bottom of the screen
    assert page.locator(".related li").count() == 5  # similar jobs after it
