"""Valid, accessible HTML on every page type: the W3C Nu HTML Checker reports no error and axe-core
no critical or serious violation, in light and dark color schemes. The tools come from npm
(package.json; `npm ci --ignore-scripts`, as .ci/run does)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from full_board import build_site, write_board

REPO = Path(__file__).resolve().parent.parent
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE = REPO / "node_modules/axe-core/axe.min.js"
# One page of each type; the hostile posting and skill prove escaped content stays valid.
PAGE_TYPES = {
    "index": "", "posting": "jobs/backend/", "remote posting": "jobs/remote-sre/",
    "expired posting": "jobs/old-job/", "hostile posting": "jobs/hostile/", "company": "companies/acme/",
    "companies": "companies/", "skill": "skills/python/", "skills": "skills/", "404": "404.html",
    "salaries": "salaries/", "saved": "saved/",
}


# The fixture board in English at /board/, and in German at /board-de/: other words, other lengths.
BOARDS = {"board": {}, "board-de": {"language": "de", "base_url": "https://example.org/board-de/"}}


@pytest.fixture(scope="module")
def www(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture board built into www/<board>/, to be served at /<board>/ like base_url says."""
    root = tmp_path_factory.mktemp("validity")
    for name, site in BOARDS.items():
        build_site(write_board(root / name, site), root / "www" / name)
    return root / "www"


def test_nu_html_checker_finds_no_errors(www: Path) -> None:
    assert VNU.is_file(), f"{VNU} is missing: run `npm ci --ignore-scripts` (.ci/run does)"
    assert shutil.which("java"), "java is missing: apt-get install default-jre-headless (.ci/run does)"
    files = sorted(str(p) for p in www.rglob("*.html"))
    assert len(files) >= 20 and any("/board-de/" in f for f in files)
    # One JVM for every file: starting Java is most of the cost.
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    problems = [f"{m['url'].split('/www/')[-1]}:{m.get('lastLine')}: {m['message']}" for m in messages]
    assert problems == []
    assert run.returncode == 0


@pytest.mark.parametrize("board_name", BOARDS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations(www: Path, serve_dir, browser, scheme: str, board_name: str) -> None:  # noqa: ANN001
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci --ignore-scripts` (.ci/run does)"
    board = serve_dir(www) + f"/{board_name}/"
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    problems = []
    try:
        for name, path in PAGE_TYPES.items():
            if path.endswith("/") and not (www / board_name / path / "index.html").is_file():
                assert name == "salaries", f"{path} was not built"  # another part of the site adds it
                continue
            problems += [f"{name} ({path or '/'}): {v}" for v in axe_violations(page, board + path)]
    finally:
        context.close()
    assert problems == []
    assert dialogs == []  # hostile content ran no script


def axe_violations(page, url: str) -> list[str]:  # noqa: ANN001
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
        + (f" ({v['nodes'][0].get('failureSummary', '')})" if v["nodes"] else "")
        for v in results["violations"]
        if v["impact"] in ("critical", "serious")
    ]


@pytest.mark.parametrize("board_name", BOARDS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations_in_search_results_with_filters(www: Path, serve_dir, browser,  # noqa: ANN001
                                                                        scheme: str, board_name: str) -> None:
    """Result cards, applied-filter chips and an open filter panel, which search.js adds."""
    board = serve_dir(www) + f"/{board_name}/"
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(board + "?q=engineer&remote=remote&remote=onsite")
        page.wait_for_selector(".search-results > li")
        page.wait_for_selector(".chips .chip")
        page.click("details[data-facet=skill] summary")
        page.wait_for_selector("details[data-facet=skill] input")
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        problems = [f"{v['impact']} {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
                    for v in results["violations"] if v["impact"] in ("critical", "serious")]
    finally:
        context.close()
    assert problems == []
