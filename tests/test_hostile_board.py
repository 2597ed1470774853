"""A board from a stranger's pull request: its site.yml `strings:`, its import-skills.yml, its
paths to static files, and the ads it imports cannot make a huge page, a slow import, a
reference out of the board, or a terminal line that is not one line. `check`, `build` and
`import` run from inside the board, as its CI runs them."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable

import pytest

from builder.cli import main
from builder.load.source import read_document
from conftest import company_md, posting_md
from serving import serve_command

BOARD = {"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md()}
SITE = "title: Test Board\nbase_url: https://jobs.example.org/\ncurrency: USD\n"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    """`jobboard ARGS` in the current folder: its exit status and its stderr lines."""
    capsys.readouterr()
    status = main(list(args))
    return status, capsys.readouterr().err.splitlines()


@pytest.fixture
def built(make_board: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> Path:
    """A board built once into public/, and the current folder."""
    board = make_board(BOARD)
    monkeypatch.chdir(board)
    assert main(["build"]) == 0
    return board


def _refused(capsys: pytest.CaptureFixture[str], board: Path, error: str) -> None:
    """`check` and `build` both report `error` alone and exit 1; public/ is as it was."""
    before = _files(board / "public")
    assert _run(capsys, "check") == (1, [error, "jobboard: 1 error found"])
    assert _run(capsys, "build") == (1, [error, "jobboard: 1 error; nothing was written"])
    assert _files(board / "public") == before


# --- site.yml strings: ------------------------------------------------------------------------

NOT_A_PLACEHOLDER = "which is not a placeholder; write a placeholder as %(name)s and a percent sign as %%"


@pytest.mark.parametrize("wording, problem", [
    ("%(name)300000000s", f"'%(name)300000000s' has '%(name)300000000s', {NOT_A_PLACEHOLDER}"),  # a 300 MB page
    ("About %(name)d", f"'About %(name)d' has '%(name)d', {NOT_A_PLACEHOLDER}"),
    ("About % of %(name)s", f"'About % of %(name)s' has '%', {NOT_A_PLACEHOLDER}"),
    ("About %(name)*s", f"'About %(name)*s' has '%(name)*s', {NOT_A_PLACEHOLDER}"),
    ("About %(name)s, 100%", f"'About %(name)s, 100%' has '%', {NOT_A_PLACEHOLDER}"),
    ("About %(company)s", "'About %(company)s' names %(company)s, which the theme does not fill here"),
], ids=["width", "number", "bare", "star", "trailing", "unknown name"])
def test_a_wording_with_anything_but_its_placeholders_is_an_error(
        wording: str, problem: str, built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / "site.yml").write_text(SITE + f'strings:\n  "About %(name)s": "{wording}"\n')
    _refused(capsys, built, f"site.yml:5: strings.About %(name)s: {problem}")


def test_a_doubled_percent_sign_is_one_percent_sign(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / "site.yml").write_text(SITE + 'strings:\n  "About %(name)s": "%(name)s: 100%% remote"\n'
                                           '  "Open jobs": "100%% open"\n')
    assert _run(capsys, "build") == (0, [])
    assert '<h2 id="about-heading">Acme Corp: 100% remote</h2>' in (built / "public/companies/acme/index.html").read_text()
    assert '<h1 class="board-title">100% open</h1>' in (built / "public/index.html").read_text()


# --- paths to static files ----------------------------------------------------------------------

@pytest.mark.parametrize("setting", ["logo", "favicon", "extra_css"])
def test_a_site_path_out_of_static_is_an_error(setting: str, built: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    name = "../../outside.css" if setting == "extra_css" else "../../outside.png"
    (tmp_path / name[len("../../"):]).write_text("outside the board")  # there: only its place is wrong
    (built / "site.yml").write_text(SITE + f"{setting}: {name}\n")
    _refused(capsys, built, f"site.yml:4: {setting}: '{name}' leads out of static/; name a file in the board's "
                            "static/ folder, or give a URL")


def test_a_company_logo_out_of_static_is_an_error(built: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "outside.png").write_text("outside the board")
    (built / "content/companies/acme.md").write_text(company_md(logo="static/../../../outside.png"))
    _refused(capsys, built, "content/companies/acme.md:4: logo: 'static/../../../outside.png' leads out of static/; "
                            "name a file in the board's static/ folder, or give a URL")


def test_paths_inside_static_and_urls_still_work(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / "static/logos").mkdir(parents=True)
    (built / "static/logos/acme.png").write_bytes(b"\x89PNG")
    (built / "static/board.css").write_text("body { color: black }")
    (built / "site.yml").write_text(SITE + "logo: /logos/acme.png\nextra_css: board.css\n"
                                           "favicon: https://cdn.example/icon.png\n")
    (built / "content/companies/acme.md").write_text(company_md(logo="logos/acme.png"))
    assert _run(capsys, "check") == (0, [])
    assert _run(capsys, "build") == (0, [])
    assert (built / "public/logos/acme.png").read_bytes() == b"\x89PNG"


# --- import-skills.yml --------------------------------------------------------------------------

@pytest.mark.parametrize("text, error", [
    ("- {name: Elixir\n", "import-skills.yml:2: yaml: did not find expected ',' or '}'"),
    ("- Elixir\n", "import-skills.yml:1: skills[0]: expected a mapping, got 'Elixir'"),
    ("name: Elixir\n", "import-skills.yml:1: file: must be a list, one '- ' line per item"),
    ("- {name: Elixir}\n- {aliases: [ex]}\n", "import-skills.yml:2: skills[1].name: is required"),
    ("- {name: Go, exact: [Go], not_before: ' (a+)+b'}\n",  # once a regular expression: 17 s on one ad
     "import-skills.yml:1: skills[0].not_before: expected a list, got ' (a+)+b'"),
    (b"- {name: Caf\xe9}\n", "import-skills.yml:1: encoding: not valid UTF-8 (byte 0xe9); save the file as UTF-8"),
], ids=["yaml", "text entry", "mapping", "no name", "regular expression", "latin-1"])
def test_a_broken_skills_file_is_one_error_line(text: str | bytes, error: str, built: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (built / "import-skills.yml").write_bytes(text if isinstance(text, bytes) else text.encode())
    (built / "ad.txt").write_text("Senior Go Engineer\n\nAcme is hiring.\n")
    jobs = _files(built / "content")
    assert _run(capsys, "check") == (1, [error, "jobboard: 1 error found"])
    assert _run(capsys, "import", "ad.txt", "--company", "acme") == (1, [error, "jobboard: 1 error; nothing was written"])
    assert _files(built / "content") == jobs


def test_a_pattern_that_once_backtracked_for_ever_is_plain_text(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / "import-skills.yml").write_text('- {name: Go, exact: [Go], not_before: [" (a+)+b", "to"]}\n')
    (built / "ad.txt").write_text("Senior Go Engineer\n\nYou will write Go " + "a" * 30 + " every day. "
                                  "Go to market with us. Skills: Go aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n")
    started = time.monotonic()
    status, err = _run(capsys, "import", "ad.txt", "--company", "acme")
    assert time.monotonic() - started < 5, "a safety bound: the regular expression took 17 s on one ad"
    assert (status, err) == (0, [])
    assert _skills(built / "content/jobs/acme-senior-go-engineer.md") == ["Go"]


def _skills(posting: Path) -> list[str]:
    doc, _ = read_document(posting.read_bytes(), posting.name)
    assert doc is not None
    return doc.data["skills"]


def test_many_skills_named_many_times_are_found_in_one_pass(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (built / "ad.txt").write_text("Senior Python Engineer\n\n" + "Python Go React Native. " * 8000)
    started = time.monotonic()
    assert _run(capsys, "import", "ad.txt", "--company", "acme") == (0, [])
    assert time.monotonic() - started < 30, "a safety bound: comparing every pair of matches took a minute"
    assert _skills(built / "content/jobs/acme-senior-python-engineer.md") == ["Python", "Go", "React Native"]


# --- the terminal -----------------------------------------------------------------------------

def test_an_ads_words_reach_the_terminal_escaped_on_one_line(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ad = {"@context": "https://schema.org", "@type": "JobPosting", "title": "Engineer", "datePosted": "2026-11-01",
          "description": "We hire.", "hiringOrganization": {"@type": "Organization", "name": "Evil\x1b[2J Corp\r\nX"}}
    (built / "ad.json").write_text(json.dumps(ad))
    assert _run(capsys, "import", "ad.json") == (1, [
        "jobboard: error: ad.json: company: the website of 'Evil\\x1b[2J Corp\\r\\nX' is not in the ad; "
        "add content/companies/evil-2j-corp-x.md or pass --company SLUG; nothing written"])


def test_a_file_name_reaches_the_serve_terminal_escaped(make_board: Callable[..., Path]) -> None:
    board = make_board({**BOARD, "static/robots.txt": "User-agent: *\n"})
    with serve_command(board) as serve:
        serve.url()
        (board / "static/\x1b[2J.txt").write_text("a file a pull request added")
        deadline = time.monotonic() + 20
        while not any(line.startswith("Rebuilt") for line in serve.err) and time.monotonic() < deadline:
            time.sleep(0.05)
    rebuilt = [line for line in serve.err if line.startswith("Rebuilt")]
    assert rebuilt and rebuilt[0].endswith(" ms (static/\\x1b[2J.txt): 1 posting"), serve.err
