"""Live reload in headless Chromium: edits on disk reach the open tab without a manual reload."""

from __future__ import annotations

import pytest

from conftest import company_md, posting_md
from serving import running, serve_command

CSS = "h1 { color: rgb(200, 0, 0); }\n"


@pytest.fixture
def served(make_board):
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md(),
                        "static/assets/style.css": CSS}, site={"base_url": "https://jobs.example.org/board/"})
    with running(board) as server:
        yield board, server


def _open(page, url: str) -> None:
    page.set_default_timeout(10_000)
    page.goto(url + "jobs/backend/")
    page.locator("html[data-live-reload=connected]").wait_for()  # edits from now on are pushed
    page.evaluate("window.marker = 'before the edit'")


def _h1_becomes(page, title: str) -> None:
    page.wait_for_function(f"() => document.querySelector('h1')?.textContent === {title!r}")


CRASHING_TEMPLATE = "{% extends 'base.html' %}\n{% block main %}{{ 1/0 }}{% endblock %}\n"


@pytest.mark.parametrize("where, args", [("board", ["."]), ("board", []), ("parent", ["board"])],
                         ids=["serve-dot", "serve", "serve-relative-folder"])
def test_serve_with_a_relative_board_path_reloads_on_edit(make_board, page, where, args):
    board = make_board()
    with serve_command(board if where == "board" else board.parent, *args) as serve:
        _open(page, serve.url())
        assert page.locator("h1").inner_text() == "Backend Engineer"
        (board / "content/jobs/backend.md").write_text(posting_md(title="Relative Engineer"))
        _h1_becomes(page, "Relative Engineer")
        assert serve.interrupt(timeout=10) == 0


def test_title_edit_reloads_the_page(served, page):
    board, server = served
    _open(page, server.url)
    assert page.locator("h1").inner_text() == "Backend Engineer"
    (board / "content/jobs/backend.md").write_text(posting_md(title="Staff Engineer"))
    page.wait_for_function("() => document.querySelector('h1').textContent === 'Staff Engineer'")
    assert page.evaluate("window.marker") is None  # it was a reload


def test_css_edit_swaps_the_stylesheet_without_navigation(served, page):
    board, server = served
    _open(page, server.url)
    color = "() => getComputedStyle(document.querySelector('h1')).color"
    assert page.evaluate(color) == "rgb(200, 0, 0)"
    (board / "static/assets/style.css").write_text("h1 { color: rgb(0, 0, 200); }\n")
    page.wait_for_function(f"() => ({color})() === 'rgb(0, 0, 200)'")
    assert page.evaluate("window.marker") == "before the edit"  # same window: no navigation


def test_errors_show_in_an_overlay_that_leaves_when_fixed(served, page):
    board, server = served
    _open(page, server.url)
    posting = board / "content/jobs/backend.md"
    posting.write_text(posting_md(title="<img src=x onerror=alert(1)>", apply="ftp://nope"))
    overlay = page.locator("#jobboard-errors")
    overlay.wait_for(state="visible")
    assert "content/jobs/backend.md:7: apply:" in overlay.inner_text()
    assert page.locator("#jobboard-errors img").count() == 0
    assert page.locator("h1").inner_text() == "Backend Engineer"  # the last good page stays
    posting.write_text(posting_md(title="Fixed Title"))
    page.wait_for_function("() => document.querySelector('h1').textContent === 'Fixed Title'")
    assert overlay.count() == 0


def test_reload_keeps_the_scroll_position(served, page):
    board, server = served
    posting = board / "content/jobs/backend.md"
    posting.write_text(posting_md(body="Long text.\n\n" * 400))
    page.set_default_timeout(10_000)
    page.goto(server.url + "jobs/backend/")
    # the page may be the one from before the edit, then reload with it: no body for a moment
    page.wait_for_function("() => document.body?.scrollHeight > 3000")
    page.evaluate("window.scrollTo(0, 1500)")
    # saved whole, as editors do: a rebuild that read a half-written body would reload a shorter
    # page, where the browser clamps the scroll position before the full page comes
    saved = posting.with_suffix(".tmp")
    saved.write_text(posting_md(title="Scrolled Engineer", body="Long text.\n\n" * 400))
    saved.replace(posting)
    page.wait_for_function("() => document.querySelector('h1').textContent === 'Scrolled Engineer'")
    page.wait_for_function("() => window.scrollY === 1500")


def test_a_crashing_edit_shows_the_overlay_and_a_fix_recovers(served, page):
    board, server = served
    _open(page, server.url)
    (board / "templates").mkdir()
    (board / "templates/posting.html").write_text(CRASHING_TEMPLATE)
    overlay = page.locator("#jobboard-errors")
    overlay.wait_for(state="visible")
    assert "division by zero" in overlay.inner_text()
    assert page.locator("h1").inner_text() == "Backend Engineer"  # the last good page stays
    (board / "templates/posting.html").unlink()  # fixed: the overlay goes, edits show again
    overlay.wait_for(state="detached")
    (board / "content/jobs/backend.md").write_text(posting_md(title="Recovered Engineer"))
    _h1_becomes(page, "Recovered Engineer")


def test_a_board_broken_at_start_shows_its_error_until_fixed(make_board, page):
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md(),
                        "templates/posting.html": CRASHING_TEMPLATE})
    with serve_command(board) as serve:
        url = serve.url()
        assert any("division by zero" in line for line in serve.err)
        page.set_default_timeout(10_000)
        page.goto(url + "jobs/backend/")
        assert page.locator("h1").inner_text() == "Build failed"
        assert "division by zero" in page.locator("body").inner_text()
        page.locator("html[data-live-reload=connected]").wait_for()
        overlay = page.locator("#jobboard-errors").inner_text()
        assert "division by zero" in overlay and "last good version" not in overlay  # there is none
        (board / "templates/posting.html").unlink()
        _h1_becomes(page, "Backend Engineer")
        assert serve.interrupt(timeout=10) == 0
