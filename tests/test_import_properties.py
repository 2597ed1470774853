"""Property-based tests of what feeds send. Any shape and value in a Greenhouse, Lever or Ashby
record gives a posting or one error line from `jobboard import`, never a traceback nor a
failure of jobboard's own; and whatever text a feed holds, the posting import writes reads back
as the same values, its front matter intact."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.cli import main
from builder.importing.draft import Draft
from builder.importing.write import posting_text
from builder.load.records import Band
from builder.load.source import read_document
from conftest import company_md

PROFILE = settings(max_examples=120, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# the keys the three readers look for, at any depth: a random value under a known key reaches
# the code that reads it
KEYS = ["id", "title", "name", "location", "value", "offices", "metadata", "pay_input_ranges", "min_cents", "max_cents",
        "currency_type", "content", "company_name", "first_published", "updated_at", "categories", "commitment",
        "allLocations", "description", "lists", "text", "additional", "salaryRange", "min", "max", "currency",
        "interval", "applyUrl", "createdAt", "workplaceType", "salaryDescriptionPlain", "address", "postalAddress",
        "addressLocality", "addressRegion", "addressCountry", "secondaryLocations", "isRemote", "descriptionHtml",
        "publishedAt", "employmentType", "compensation", "compensationTiers", "components", "compensationType",
        "minValue", "maxValue", "currencyCode", "compensationTierSummary", "isListed", "jobUrl", "hostedUrl",
        "absolute_url"]
TEXTS = st.text(max_size=30) | st.sampled_from([
    "Berlin, DE", "Denver, CO", "Remote", "hybrid", "Full-time", "https://a.example/jobs/1", "mailto:jobs@a.example",
    "2026-11-03", "2026-13-45T00:00", "USD", "EUR", "Salary", "1 YEAR", "120000", "1e400", "-5", "NaN",
    "<ul><li>Go</li></ul>", "&lt;p&gt;Python&lt;/p&gt;", "<ul>" * 200, "\x1b[2J", "a\n---\ndraft: false\n",
    "x\u2028---\u2028y", "\ud800", "Senior Engineer", "acme/../../x",
])
SCALARS = st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70) | st.floats() | TEXTS
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=4), max_leaves=12)


def record(*keys: str) -> st.SearchStrategy[dict[str, Any]]:
    """A record with the keys the reader recognises its format by (mostly text, so that many
    records get past the title to the rest), and any others of KEYS."""
    return st.fixed_dictionaries({key: st.one_of(st.text(min_size=1, max_size=30), VALUES) for key in keys},
                                 optional={key: VALUES for key in KEYS if key not in keys})


FEEDS = {
    "greenhouse": record("absolute_url", "title").flatmap(lambda r: st.sampled_from([r, {"jobs": [r]}])),
    "lever": record("hostedUrl", "text").flatmap(lambda r: st.sampled_from([r, [r]])),
    "ashby": record("jobUrl", "title").flatmap(lambda r: st.sampled_from([r, {"jobs": [r]}])),
}


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("board")
    (folder / "site.yml").write_text("title: Board\nbase_url: https://jobs.example.org/\n")
    (folder / "content/companies").mkdir(parents=True)
    (folder / "content/companies/acme.md").write_text(company_md())
    return folder


def import_feed(board: Path, feed: Any) -> tuple[int, str, str]:
    """`jobboard import feed.json --company acme --dry-run` from inside the board."""
    (board / "feed.json").write_text(json.dumps(feed))  # NaN and Infinity too, which Python's JSON reads
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as mp, redirect_stdout(out), redirect_stderr(err):
        mp.chdir(board)
        code = main(["import", "feed.json", "--company", "acme", "--dry-run"])
    return code, out.getvalue(), err.getvalue()


def assert_posting_or_one_line(code: int, out: str, err: str) -> None:
    assert "\x1b" not in out + err
    if code == 0:
        assert err == "" and "Would write content/jobs/acme" in out, (out, err)
        return
    lines = err.splitlines()
    assert code == 1 and len(lines) == 1 and lines[0].startswith("jobboard: error: "), err
    assert "please report this" not in err, err  # jobboard's own failure, caught for sync's sake


@pytest.mark.parametrize("kind", FEEDS)
def test_any_feed_record_is_a_posting_or_one_error_line(board: Path, kind: str) -> None:
    @PROFILE
    @given(feed=FEEDS[kind])
    def check(feed: Any) -> None:
        assert_posting_or_one_line(*import_feed(board, feed))
    check()


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)  # no lone surrogates: no file can hold one
WORDS = TEXT.filter(lambda t: t.strip() == t and t != "")


@PROFILE
@given(title=WORDS, apply=WORDS, salary_text=WORDS, skills=st.lists(WORDS, max_size=3), level=TEXT,
       source_id=TEXT, url=WORDS, why=TEXT)
def test_what_import_writes_reads_back_as_written(title: str, apply: str, salary_text: str, skills: list[str],
                                                   level: str, source_id: str, url: str, why: str) -> None:
    fields = {"title": title, "company": "acme", "date_posted": "2026-11-03", "employment_type": ["FULL_TIME"],
              "salary": [Band(min=1, max=2, currency="USD", period="YEAR", level=level)],
              "salary_text": salary_text, "skills": skills, "apply": apply}
    draft = Draft(slug="x", company_slug="acme", company_name="Acme", company_website="", company_about="",
                  fields=fields, body="The job.\n---\nMore.\n", doubts=[("apply", why)], notes=[("date_posted", why)])
    doc, errors = read_document(posting_text(draft, "lever", source_id, url).encode("utf-8"), "x.md")
    assert doc is not None, errors
    band = {"level": level, "min": 1, "max": 2, "currency": "USD", "period": "YEAR"} if level else \
        {"min": 1, "max": 2, "currency": "USD", "period": "YEAR"}
    assert {key: doc.data[key] for key in fields} == {**fields, "employment_type": "FULL_TIME", "salary": [band]}
    assert doc.data["draft"] is True
    assert {key: doc.data["source"][key] for key in ("kind", "id", "url")} == {"kind": "lever", "id": source_id, "url": url}
    assert doc.body == "The job.\n---\nMore.\n"
