"""Broken boards: exit 1, every problem as `path:line: field: message`, no traceback,
and the previous output left byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.cli import main

from conftest import company_md, posting_md

GOOD = """\
---
title: Backend Engineer
company: acme
date_posted: 2026-11-01
locations: ["Berlin, BE, DE"]
salary:
  - {level: Senior, min: 90000, max: 120000, currency: EUR, period: YEAR}
apply: https://acme.example/jobs/1
---
We build things.
"""


def _edit(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


POSTING = "content/jobs/backend.md"

# case id -> (files that replace the good board's, site.yml overrides, expected error lines)
CASES: dict[str, tuple[dict[str, str | bytes], dict, list[str]]] = {
    "yaml syntax error": (
        {POSTING: _edit('locations: ["Berlin, BE, DE"]', 'locations: ["Berlin, BE, DE"')}, {},
        [f"{POSTING}:6: yaml: did not find expected ',' or ']'"],
    ),
    "missing required field": (
        {POSTING: _edit("title: Backend Engineer\n", "")}, {},
        [f"{POSTING}:1: title: is required"],
    ),
    "wrong type": (
        {POSTING: _edit("title: Backend Engineer", "title: [Backend, Engineer]")}, {},
        [f"{POSTING}:2: title: expected text, got a list"],
    ),
    "min above max": (
        {POSTING: _edit("min: 90000, max: 120000", "min: 136543, max: 120000")}, {},
        [f"{POSTING}:7: salary[0].max: 120000 is below min 136543"],
    ),
    "max missing": (
        {POSTING: _edit("min: 90000, max: 120000", "min: 90000")}, {},
        [f"{POSTING}:7: salary[0].max: is required; open-ended ranges are not allowed (for a fixed pay, set max equal to min)"],
    ),
    "unknown currency": (
        {POSTING: _edit("currency: EUR", "currency: EURO")}, {},
        [f"{POSTING}:7: salary[0].currency: 'EURO' is not an ISO 4217 currency code (such as USD, EUR)"],
    ),
    "unknown period": (
        {POSTING: _edit("period: YEAR", "period: ANNUAL")}, {},
        [f"{POSTING}:7: salary[0].period: 'ANNUAL' is not one of HOUR, DAY, WEEK, MONTH, YEAR"],
    ),
    "unknown company": (
        {POSTING: _edit("company: acme", "company: acme-inc")}, {},
        [f"{POSTING}:3: company: 'acme-inc' is not a company; add content/companies/acme-inc.md"],
    ),
    "impossible date": (
        {POSTING: _edit("date_posted: 2026-11-01", "date_posted: 2026-02-30")}, {},
        [f"{POSTING}:4: date_posted: '2026-02-30' is not a real date"],
    ),
    "javascript apply link": (
        {POSTING: _edit("apply: https://acme.example/jobs/1", "apply: javascript:alert(document.cookie)")}, {},
        [f"{POSTING}:8: apply: 'javascript:alert(document.cookie)' must be an http(s) or mailto: URL"],
    ),
    "non-UTF-8 file": (
        {POSTING: GOOD.replace("We build things.", "Caf\xe9").encode("latin-1")}, {},
        [f"{POSTING}:10: encoding: not valid UTF-8 (byte 0xe9); save the file as UTF-8"],
    ),
    "no front matter": (
        {POSTING: "title: Backend Engineer\n\nWe build things.\n"}, {},
        [f"{POSTING}:1: front matter: missing; the file must start with a '---' line"],
    ),
    "empty file": (
        {POSTING: ""}, {},
        [f"{POSTING}:1: file: is empty; it needs front matter between '---' lines and a body"],
    ),
    "duplicate slug": (
        {"content/jobs/europe/backend.md": GOOD}, {},
        ["content/jobs/europe/backend.md:1: slug: 'backend' is also the slug of content/jobs/backend.md; rename one file"],
    ),
    "key with a newline": (
        {POSTING: _edit("apply:", '"ti\\ntle": x\napply:')}, {},
        [f"{POSTING}:8: ti\\ntle: unknown field; did you mean 'title'?"],
    ),
    "value with control characters": (
        {POSTING: _edit("apply:", 'remote: "on\\0site\\L\\e"\napply:')}, {},
        [f"{POSTING}:8: remote: 'on\\x00site\\u2028\\x1b' is not one of onsite, hybrid, remote"],
    ),
    "null in a list": (
        {POSTING: _edit("apply:", "employment_type: [FULL_TIME, ~]\napply:")}, {},
        [f"{POSTING}:8: employment_type[1]: null is not one of FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, "
         "INTERN, VOLUNTEER, PER_DIEM, OTHER"],
    ),
    "binary value": (
        {POSTING: _edit("title: Backend Engineer", "title: !!binary aGVsbG8=")}, {},
        [f"{POSTING}:2: title: expected text, got a binary value"],
    ),
    "empty and null keys": (
        {POSTING: _edit('locations: ["Berlin, BE, DE"]', 'locations: [{~: x, country: DE}]\n"": x')}, {},
        [f"{POSTING}:5: locations[0].null: unknown field; known fields: city, region, country",
         f"{POSTING}:6: (empty key): unknown field; known fields: title, company, date_posted, valid_through, "
         "employment_type, locations, remote, remote_eligible, salary, salary_text, benefits, skills, tags, language, "
         "apply, draft, source"],
    ),
    "empty key given twice": (
        {POSTING: _edit("apply:", '"": x\n"": y\napply:')}, {},
        [f"{POSTING}:9: (empty key): is given twice (also on line 8)"],
    ),
    "site.yml without base_url": (
        {}, {"base_url": None},
        ["site.yml:1: base_url: is required"],
    ),
}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_broken_board_is_reported_and_output_kept(case: str, make_board, capsys) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(), POSTING: GOOD})
    assert main(["build", str(board)]) == 0
    before = _snapshot(board / "public")
    assert "jobs/backend/index.html" in before

    files, site, expected = CASES[case]
    broken = make_board({"content/companies/acme.md": company_md(), POSTING: GOOD, **files}, site=site)
    if site.get("base_url", "") is None:
        (broken / "site.yml").write_text("title: Test Board\n")
    capsys.readouterr()

    assert main(["build", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for line in expected:
        assert line in err.splitlines(), err
    assert _snapshot(board / "public") == before


def test_every_problem_of_a_run_is_reported(make_board, capsys) -> None:  # noqa: ANN001
    board = make_board({
        "content/companies/acme.md": company_md(website="ftp://acme.example"),
        "content/jobs/a.md": _edit("currency: EUR", "currency: XYZ"),
        "content/jobs/b.md": _edit("date_posted: 2026-11-01", "date_posted: 01/11/2026"),
        "content/jobs/c.md": _edit("apply:", "compnay: acme\napply:"),
    })
    assert main(["check", str(board)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "content/companies/acme.md:3: website: 'ftp://acme.example' must be an http(s) URL",
        "content/jobs/a.md:7: salary[0].currency: 'XYZ' is not an ISO 4217 currency code (such as USD, EUR)",
        "content/jobs/b.md:4: date_posted: expected a date as YYYY-MM-DD, got '01/11/2026'",
        "content/jobs/c.md:8: compnay: unknown field; did you mean 'company'?",
        "jobboard: 4 errors found",
    ]


def test_a_failed_first_build_writes_nothing(make_board, capsys) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(), POSTING: posting_md(title=None)})
    assert main(["build", str(board)]) == 1
    assert not (board / "public").exists()
    assert [p.name for p in board.iterdir() if p.name.startswith(".public")] == []  # no staging left
