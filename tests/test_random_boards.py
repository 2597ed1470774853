"""Property: whatever the front matter and body of a posting or company, a build either succeeds
with safe pages or fails with well-formed `path:line: field: message` lines; never a traceback.

200 random boards in the normal run (about 8 s of CPU); JOBBOARD_SLOW_TESTS=1 runs 2,000 (the
nightly-style run). Boards are built in process, with one Jinja environment for all of them."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from builder.cli import main
from builder.load.errors import BuildFailed
from builder.load.records import EMPLOYMENT_TYPES, PERIODS, REMOTE_MODES
from builder.load.theme import load_theme
from builder.output.build import load_board, warnings_of
from builder.render.site import Outputs, Site, make_environment, prepare_site
from test_hostile import Audit

settings.register_profile("jobboard", max_examples=200, deadline=None, database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("jobboard-slow", settings.get_profile("jobboard"), max_examples=2000)
PROFILE = settings.get_profile("jobboard-slow" if os.environ.get("JOBBOARD_SLOW_TESTS") else "jobboard")

# one error line: a file of the board, the line, the field, the message (each part non-empty)
LINE = re.compile(r"(site\.yml|content/(?:companies|jobs)/[a-z0-9-]+\.md):([1-9]\d*): (?:[^\n]+?): (?:[^\n]+)")


class Raw(str):
    """YAML source written as is, for what a dumper never writes: tags, .inf, 1e308, aliases."""


RAW = st.sampled_from([
    ".inf", "-.inf", ".nan", "1e308", "1.0e+308", "-1.0e+308", "9" * 400, "0x1F", "0o17", "~", "null", "yes",
    "NO", "!!binary aGVsbG8=", "!!int abc", "!!timestamp 2026-11-01", "!!timestamp 2026-11-01T10:00:00Z",
    "!!set {a, b}", "!!omap [a: 1]", "!!float nope", "[[US]]", "[USD]", "{~: x}", "{'': x}", "{null: 1, 1: 2}",
    "2026-02-30", "'https://[oops/x'", "&a [1, 2]", "*nowhere", "[", "{a: [1, {b: 2}]}", '"\\0\\x85\\u2028\\e"',
    "|\n  line one\n  line two", ">\n  folded\n  text", "'a: b'", "- x", "[" * 150 + "]" * 150,
]).map(Raw)
HOSTILE = st.sampled_from([
    "<script>alert(1)</script>", "</script><script>alert(2)</script>", "<img src=x onerror=alert(3)>",
    "javascript:alert(4)", "\" onmouseover=\"alert(5)", "' onfocus='alert(6)", "{{ 7*7 }}", "]]><x>", "\u2028",
    "&amp;&lt;", "C++", "C#", ".NET", "\x00\x01\x1b", "\ufeff", "\u202e", "Müller & Söhne", "東京", "🙂",
])
TEXT = (st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30) | st.text(max_size=10)
        | st.lists(HOSTILE | st.text(max_size=5), min_size=1, max_size=3).map(" ".join))
SOME_TEXT = TEXT.filter(str.strip)
NUMBER = (st.integers(-10, 10**7) | st.integers() | st.sampled_from([0, 10**12, 10**12 + 1, 10**400])
          | st.floats(allow_nan=True, allow_infinity=True))
SCALAR = st.none() | st.booleans() | NUMBER | TEXT | st.dates().map(str) | st.sampled_from(["USD", "EUR", "US", "DE"])
CHAOS = RAW | st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(SCALAR, inner, max_size=3),
                           max_leaves=6)

# Valid values, still as odd as can be: any text, HTML in every field, URLs with quotes in them.
COUNTRY = st.sampled_from(["US", "DE", "PT", "NO", "JP", "BR"])
CURRENCY = st.sampled_from(["USD", "EUR", "JPY", "GBP", "BRL"])
# site.yml: always valid (its readers are the postings'), with the extremes it allows
SITE = st.fixed_dictionaries({
    "title": SOME_TEXT,
    "base_url": st.sampled_from(["https://jobs.example.org/sub/", "http://[::1]:8080", "https://xn--ls8h.la/a/b/"]),
    "currency": CURRENCY,
}, optional={
    "description": SOME_TEXT,
    "language": st.sampled_from(["en", "de-CH", "ar", "zh-Hant-TW", "hi", "fr"]),
    "exchange_rates": st.dictionaries(CURRENCY, st.floats(1e-9, 1e9) | st.sampled_from([1e-9, 1e9]), max_size=3),
    "hours_per_year": st.integers(1, 8784),
    "expired": st.sampled_from(["mark", "hide"]),
}).map(lambda site: yaml.safe_dump(site, allow_unicode=True))
CITY = SOME_TEXT.filter(lambda t: "," not in t)
LOCATION = (st.tuples(CITY, COUNTRY).map(", ".join)
            | st.fixed_dictionaries({"country": COUNTRY}, optional={"city": SOME_TEXT, "region": SOME_TEXT}))
AMOUNT = st.integers(1, 10**12) | st.floats(0.01, 10**12)
BAND = st.builds(lambda pay, currency, period, level: {"min": min(pay), "max": max(pay), "currency": currency,
                                                      "period": period, **level},
                 st.tuples(AMOUNT, AMOUNT), CURRENCY, st.sampled_from(PERIODS),
                 st.just({}) | st.fixed_dictionaries({"level": SOME_TEXT}))
WEB_URL = st.sampled_from([
    "https://acme.example/jobs/1", 'https://x.org/"onmouseover="alert(1)', "https://x.org/<script>alert(1)</script>",
    "https://x.org/?a=1&b=<2>#f", "HTTPS://Ünïcödé.example/ä", "http://[::1]:8080/",
])
URL = WEB_URL | st.sampled_from(["mailto:jobs@acme.example", "mailto:a@b?subject=<x>"])
DATE_POSTED = st.dates(date(2000, 1, 1), date(2026, 10, 31)).map(str)
VALID_THROUGH = st.dates(date(2026, 11, 1), date(2100, 1, 1)).map(str)  # some expired on the build day (11-22)
VALID: dict[str, st.SearchStrategy[Any]] = {
    "title": SOME_TEXT,
    "company": st.just("acme"),
    "date_posted": DATE_POSTED,
    "valid_through": VALID_THROUGH,
    "employment_type": st.sampled_from(EMPLOYMENT_TYPES) | st.lists(st.sampled_from(EMPLOYMENT_TYPES), max_size=3),
    "locations": st.lists(LOCATION, min_size=1, max_size=3),
    "remote": st.sampled_from(REMOTE_MODES),
    "remote_eligible": st.lists(COUNTRY, max_size=3),
    "salary": st.lists(BAND, max_size=3),
    "salary_text": SOME_TEXT,
    "benefits": SOME_TEXT,
    "skills": st.lists(SOME_TEXT, max_size=4),
    "tags": st.lists(SOME_TEXT, max_size=3),
    "apply": URL,
    "draft": st.booleans(),
    # a company's
    "name": SOME_TEXT,
    "website": WEB_URL,
    "logo": SOME_TEXT,
    "headquarters": LOCATION,
    "same_as": st.lists(WEB_URL, max_size=2),
}
POSTING_FIELDS = {name: name in ("title", "company", "date_posted", "apply", "locations") for name in (
    "title", "company", "date_posted", "valid_through", "employment_type", "locations", "remote", "remote_eligible",
    "salary", "salary_text", "benefits", "skills", "tags", "apply", "draft")}  # name -> required
COMPANY_FIELDS = {"name": True, "website": True, "logo": False, "headquarters": False, "same_as": False}

BODY = st.lists(st.sampled_from([
    "<script>alert(1)</script>", "</script><script>alert(2)</script>", "<img src=x onerror=alert(3)>",
    "[a](javascript:alert(4))", "[b]( JaVaScRiPt:alert(5))", "[c](&#106;avascript:alert(6))", "<javascript:alert(7)>",
    "![d](javascript:alert(8))", "[e]: javascript:alert(9)\n\n[f][e]", "<a href='javascript:x'>g</a>",
    "[h](data:text/html;base64,PHNjcmlwdD4=)", "[i](java\tscript:alert(10))", "<svg onload=alert(11)>",
    "[j](<javascript:alert(12)>)", "[k](vbscript:msgbox(13))", "<iframe src=javascript:alert(14)>",
    "# Heading", "- item\n- item", "| a | b |\n|---|---|\n| 1 | 2 |", "```\n<script>\n```", "---", "> quote",
    "**bold** _em_ `code`", "&lt;script&gt;", "\x00", "\u2028", "<!-- x -->", "<![CDATA[x]]>",
]) | TEXT, max_size=8).map("\n\n".join)


@st.composite
def front_matter(draw: st.DrawFn, fields: dict[str, bool], valid: bool) -> str:
    """Valid (every required field, the others left out or valid, as odd as can be), or each field
    left out, valid, or anything at all, with a few unknown keys."""
    pairs: list[tuple[Any, Any]] = []
    valid = valid or draw(st.booleans())
    for name, required in fields.items():
        choice = draw(st.integers(0, 9))
        if (valid and (required or choice < 6)) or (not valid and choice < 5):
            pairs.append((name, draw(VALID[name])))
        elif not valid and choice < 9:
            pairs.append((name, draw(CHAOS)))
    if not valid:
        pairs += draw(st.lists(st.tuples(SCALAR, CHAOS), max_size=2))
    return "".join(f"{_key(key)}: {value}\n" if isinstance(value, Raw)
                   else yaml.safe_dump({key: value}, allow_unicode=True, width=1000)
                   for key, value in draw(st.permutations(pairs)))


def _key(key: Any) -> str:
    return json.dumps(key, ensure_ascii=False) if isinstance(key, str) else yaml.safe_dump(key).removesuffix("...\n").strip()


def document(fields: dict[str, bool], valid: bool) -> st.SearchStrategy[str]:
    return st.builds(lambda front, body: f"---\n{front}---\n{body}\n\nThe job.\n", front_matter(fields, valid), BODY)


@pytest.fixture(scope="module")
def board_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("random") / "board"


@pytest.fixture(scope="module")
def site_maker(board_dir: Path) -> Any:
    """prepare_site with one Jinja environment for every example: compiling the theme's templates
    again for each board would take most of the test's time."""
    theme = load_theme(board_dir)
    env = make_environment(theme)
    return lambda board: prepare_site(board, theme, env)


def _render(site: Site) -> Outputs:
    """Every file of the site, as build.render_site makes them."""
    return {**site.make_all(list(site.generated)), **site.static, **site.render_all(list(site.pages))}


def _write(board: Path, files: dict[str, str]) -> None:
    shutil.rmtree(board, ignore_errors=True)
    for rel, text in files.items():
        (board / rel).parent.mkdir(parents=True, exist_ok=True)
        (board / rel).write_text(text, encoding="utf-8")


def _check_error_lines(failed: BuildFailed, files: dict[str, str]) -> None:
    lines = str(failed).splitlines()
    assert lines and len(lines) == len(failed.errors), lines  # one line each, even for "\x85" or "\u2028"
    for line in lines:
        match = LINE.fullmatch(line)
        assert match, line
        assert int(match.group(2)) <= max(1, len(files[match.group(1)].splitlines())), line


def _check_pages(outputs: dict[str, bytes]) -> None:
    for path, data in outputs.items():
        if path.endswith(".html"):
            html = data.decode("utf-8")
            audit = Audit()
            audit.feed(html)
            assert audit.handlers == [] and audit.js_urls == [], (path, audit.handlers, audit.js_urls)
            for script in audit.scripts:
                if script.get("type") in ("application/ld+json", "application/json"):  # JSON-LD, the scripts' words
                    # the JSON escapes what could end the script or open a comment inside it
                    assert "</" not in (script["content"] or "") and "<!" not in (script["content"] or ""), path
                    json.loads(script["content"] or "")
                else:
                    # the theme's own scripts; 404.html links them from the base path, as a host
                    # serves it at any missing URL
                    assert re.fullmatch(r"(\./|(\.\./)+|/([\w.-]+/)*)assets/[\w-]+\.[0-9a-f]+\.js", script.get("src") or ""), (path, script)
                    assert script["content"] == "", path
        elif path.endswith(".xml"):
            ET.fromstring(data)  # feeds and the sitemap stay well-formed
        elif path.endswith(".json"):
            json.loads(data)


@PROFILE
@given(data=st.data())
def test_a_random_board_builds_or_fails_cleanly(board_dir: Path, site_maker: Any, data: st.DataObject) -> None:
    site = data.draw(SITE, label="site.yml")
    valid = data.draw(st.booleans(), label="every document valid")  # else about one board in 20 would build
    company = data.draw(document(COMPANY_FIELDS, valid), label="company")
    postings = data.draw(st.lists(document(POSTING_FIELDS, valid), min_size=1, max_size=3), label="postings")
    files = {"site.yml": site, "content/companies/acme.md": company,
             **{f"content/jobs/job-{i}.md": text for i, text in enumerate(postings)}}
    _write(board_dir, files)
    try:
        board = load_board(board_dir)
        outputs = _render(site_maker(board))
        warnings = warnings_of(board, board_dir)
    except BuildFailed as failed:
        _check_error_lines(failed, files)
        event("failed")  # the share of boards built and failed: pytest --hypothesis-show-statistics
        return
    event("built")
    for warning in warnings:
        assert len(str(warning).splitlines()) == 1, warning
    _check_pages(outputs)


@settings(PROFILE, max_examples=PROFILE.max_examples // 10)
@given(data=st.data())
def test_a_random_board_through_the_command_line(board_dir: Path, data: st.DataObject) -> None:
    """The same boards through `jobboard build` (in process), with its cache and its writer: exit 0,
    or exit 1 with error lines and the count."""
    valid = data.draw(st.booleans(), label="every document valid")
    files = {"site.yml": data.draw(SITE, label="site.yml"),
             "content/companies/acme.md": data.draw(document(COMPANY_FIELDS, valid), label="company"),
             "content/jobs/job.md": data.draw(document(POSTING_FIELDS, valid), label="posting")}
    _write(board_dir, files)
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main(["build", str(board_dir)])
    lines = stderr.getvalue().splitlines()
    if code == 1:
        assert lines[-1] == f"jobboard: {len(lines) - 1} error{'s' if len(lines) > 2 else ''}; nothing was written"
        lines = lines[:-1]
    assert code in (0, 1) and all(LINE.fullmatch(line) for line in lines), (code, lines)
