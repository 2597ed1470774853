"""Values that used to crash the build with a traceback: each ends in `path:line: field: message`
lines (exit 1) or one usage line (exit 2), and the previous output stays byte for byte.
Run as users run it: `python -m builder build` from inside the board, relative paths."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BUILD_EPOCH

SITE = "title: Test Board\nbase_url: https://jobs.example.org/\ncurrency: USD\nexchange_rates: {EUR: 1.1}\n"
COMPANY = "---\nname: Acme Corp\nwebsite: https://acme.example\n---\nAbout Acme.\n"
POSTING = """\
---
title: Backend Engineer
company: acme
date_posted: 2026-11-01
locations: ["Berlin, BE, DE"]
salary:
  - {level: Senior, min: 45, max: 60, currency: EUR, period: HOUR}
apply: https://acme.example/jobs/1
---
We build things.
"""
JOB = "content/jobs/backend.md"


def _posting(old: str, new: str) -> str:
    assert old in POSTING
    return POSTING.replace(old, new)


def _site(old: str, new: str) -> str:
    assert old in SITE
    return SITE.replace(old, new)


HUGE = "9" * 400
RANGE = "expected a number from 0.01 to 1,000,000,000,000"
RATES = "expected a number from 0.000000001 to 1,000,000,000"

# case id -> (files written over the good board's, the expected error lines)
CASES: dict[str, tuple[dict[str, str | bytes], list[str]]] = {
    "currency list in a band": (
        {JOB: _posting("currency: EUR", "currency: [USD]")},
        [f"{JOB}:7: salary[0].currency: a list is not an ISO 4217 currency code (such as USD, EUR)"],
    ),
    "currency list in site.yml": (
        {"site.yml": _site("currency: USD", "currency: [USD]")},
        ["site.yml:3: currency: a list is not an ISO 4217 currency code (such as USD, EUR)"],
    ),
    "country list in a location": (
        {JOB: _posting('["Berlin, BE, DE"]', "[{city: Berlin, country: [DE]}]")},
        [f"{JOB}:5: locations[0].country: a list is not an ISO 3166 country code (such as US, DE)"],
    ),
    "list of lists in remote_eligible": (
        {JOB: _posting("apply:", "remote_eligible: [[US]]\napply:")},
        [f"{JOB}:8: remote_eligible[0]: a list is not an ISO 3166 country code (such as US, DE)"],
    ),
    "infinite, huge and 400-digit salaries": (
        {JOB: _posting("- {level: Senior, min: 45, max: 60, currency: EUR, period: HOUR}",
                       f"- {{min: 1, max: .inf, currency: EUR, period: HOUR}}\n"
                       f"  - {{min: 1.0e+308, max: 1.0e+308, currency: EUR, period: HOUR}}\n"
                       f"  - {{min: 1, max: {HUGE}, currency: EUR, period: YEAR}}")},
        [f"{JOB}:7: salary[0].max: {RANGE}, got the number .inf",
         f"{JOB}:8: salary[1].max: {RANGE}, got the number 1e+308",
         f"{JOB}:8: salary[1].min: {RANGE}, got the number 1e+308",
         f"{JOB}:9: salary[2].max: {RANGE}, got a 400-digit number"],
    ),
    "infinite exchange rate": (
        {"site.yml": _site("{EUR: 1.1}", "{EUR: .inf, GBP: 1.0e+308, JPY: " + HUGE + "}")},
        [f"site.yml:4: exchange_rates.EUR: {RATES}, got the number .inf",
         f"site.yml:4: exchange_rates.GBP: {RATES}, got the number 1e+308",
         f"site.yml:4: exchange_rates.JPY: {RATES}, got a 400-digit number"],
    ),
    "huge hours_per_year": (
        {"site.yml": SITE + f"hours_per_year: {HUGE}\n"},
        ["site.yml:5: hours_per_year: expected a whole number from 1 to 8,784, got a 400-digit number"],
    ),
    "float hours_per_year": (
        {"site.yml": SITE + "hours_per_year: 1.0e+308\n"},
        ["site.yml:5: hours_per_year: expected a whole number from 1 to 8,784, got the number 1e+308"],
    ),
    "unclosed IPv6 bracket in apply, website and same_as": (
        {JOB: _posting("https://acme.example/jobs/1", "https://[oops/x"),
         "content/companies/acme.md": COMPANY.replace("https://acme.example", "https://[oops/x\nsame_as: ['http://[::1/']")},
        ["content/companies/acme.md:3: website: 'https://[oops/x' is not a valid URL (Invalid IPv6 URL)",
         "content/companies/acme.md:4: same_as[0]: 'http://[::1/' is not a valid URL (Invalid IPv6 URL)",
         f"{JOB}:8: apply: 'https://[oops/x' is not a valid URL (Invalid IPv6 URL)"],
    ),
    "unclosed IPv6 bracket in base_url": (
        {"site.yml": _site("https://jobs.example.org/", "https://[oops/x")},
        ["site.yml:2: base_url: 'https://[oops/x' is not a valid URL (Invalid IPv6 URL)"],
    ),
    "base_url with a query string": (
        {"site.yml": _site("https://jobs.example.org/", "https://x.org/?a=1")},
        ["site.yml:2: base_url: 'https://x.org/?a=1' must not have a query string (?) or fragment (#); "
         "it is the start of every page's URL"],
    ),
    "base_url with a fragment": (
        {"site.yml": _site("https://jobs.example.org/", "https://x.org/#top")},
        ["site.yml:2: base_url: 'https://x.org/#top' must not have a query string (?) or fragment (#); "
         "it is the start of every page's URL"],
    ),
    "a file name that is not UTF-8": (
        {os.fsdecode(b"content/jobs/caf\xe9.md"): POSTING},
        ["content/jobs/caf\\udce9.md:1: file name: is not valid UTF-8; rename the file"],
    ),
    "a language Babel does not know": (
        {"site.yml": SITE + "language: tlh\n"},
        ["site.yml:5: language: 'tlh' is not a language jobboard can format numbers for (such as en, de-CH)"],
    ),
    "division by zero in a board template": (
        {"templates/404.html": "<p>\n{{ 1/0 }}\n</p>\n"},
        ["templates/404.html:2: template: ZeroDivisionError: division by zero"],
    ),
    "type error in a board template": (
        {"templates/_card.html": "<li>\n\n{{ p.title + 1 }}</li>\n"},
        ['templates/_card.html:3: template: TypeError: can only concatenate str (not "int") to str'],
    ),
    "a board template that includes itself": (
        {"templates/company.html": "<p>\n{% include 'company.html' %}\n"},
        ["templates/company.html:2: template: RecursionError: templates include or call each other without end"],
    ),
    "a board template that is not UTF-8": (
        {"templates/404.html": "<p>\nCaf\xe9</p>\n".encode("latin-1")},
        ["templates/404.html:2: encoding: not valid UTF-8 (byte 0xe9); save the file as UTF-8"],
    ),
    "tagged values YAML cannot read": (
        {JOB: _posting("apply:", "draft: !!bool maybe\nvalid_through: !!timestamp soon\napply:")},
        [f"{JOB}:8: yaml: 'maybe' cannot be read as true or false"],
    ),
    "collections nested 100,000 deep": (
        {JOB: _posting("apply:", "tags: " + "[" * 100_000 + "]" * 100_000 + "\napply:")},
        [f"{JOB}:8: front matter: has lists or mappings nested more than 100 levels deep"],
    ),
}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _write(board: Path, files: dict[str, str | bytes]) -> None:
    for rel, data in files.items():
        (board / rel).parent.mkdir(parents=True, exist_ok=True)
        (board / rel).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


def _run(board: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", "build"], cwd=board, capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH, **env}, timeout=120)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A good board, built once; each test breaks a copy of it."""
    board = tmp_path_factory.mktemp("good") / "board"
    _write(board, {"site.yml": SITE, "content/companies/acme.md": COMPANY, JOB: POSTING})
    done = _run(board)
    assert done.returncode == 0, done.stderr
    return board


@pytest.fixture
def board(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "board"
    shutil.copytree(built, copy)
    return copy


def _assert_failed(done: subprocess.CompletedProcess[str], code: int, expected: list[str]) -> None:
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == code, done.stderr
    lines = done.stderr.splitlines()
    assert [line for line in lines if not line.startswith("jobboard: ")] == expected
    assert len(lines) == len(expected) + 1  # and the count of errors, or the usage error


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_value_is_an_error_line(case: str, board: Path) -> None:
    before = _tree(board / "public")
    files, expected = CASES[case]
    _write(board, files)
    _assert_failed(_run(board), 1, expected)
    assert _tree(board / "public") == before


@pytest.mark.parametrize(("epoch", "shown"), [
    ("abc", "'abc'"), ("1.5", "'1.5'"), ("-1", "'-1'"), ("１２", "'１２'"), ("2\n3", "'2\\n3'"),
    ("99999999999999999", "'99999999999999999'"), ("9" * 5000, "'" + "9" * 59 + "…'"),
], ids=["letters", "fraction", "negative", "fullwidth digits", "newline", "past 9999", "5000 digits"])
def test_bad_source_date_epoch_is_a_usage_error(epoch: str, shown: str, board: Path) -> None:
    before = _tree(board / "public")
    done = _run(board, SOURCE_DATE_EPOCH=epoch)
    _assert_failed(done, 2, [])
    assert done.stderr == ("jobboard: error: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 "
                           f"up to the year 9999, got {shown}\n")
    assert _tree(board / "public") == before


def test_template_error_in_a_render_worker(board: Path) -> None:
    """Enough pages for rendering to go to forked worker processes: the error still comes back
    as a line, not as a worker's traceback."""
    _write(board, {f"content/jobs/job-{i}.md": POSTING for i in range(520)})
    assert _run(board).returncode == 0
    before = _tree(board / "public")
    _write(board, {"templates/posting.html": "<h1>\n{% if posting.slug == 'job-400' %}{{ 1/0 }}{% endif %}\n"})
    _assert_failed(_run(board), 1, ["templates/posting.html:2: template: ZeroDivisionError: division by zero"])
    assert _tree(board / "public") == before
