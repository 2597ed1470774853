"""Front matter mistakes people make, reported in words on the line to fix; YAML that would take
minutes, gigabytes or the stack (alias bombs, deep nesting) refused at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from builder.load.source import read_yaml_file

from conftest import company_md

REPO = Path(__file__).resolve().parents[1]

POSTING = """\
---
title: Backend Engineer
company: acme
date_posted: 2026-11-01
locations:
  - Berlin, BE, DE
apply: https://acme.example/jobs/1
---
We build things.
"""


def jobboard(board: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it: from inside the board, with relative paths."""
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=board, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO)})


def edit(old: str, new: str) -> str:
    assert old in POSTING
    return POSTING.replace(old, new)


def alias_bomb(levels: int = 10) -> str:
    """Each level a list of ten aliases to the one before: 10**levels values once expanded."""
    rows = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "---\ntitle: Bomb\n" + "\n".join(rows) + "\n---\nBody.\n"


def test_common_yaml_mistakes_are_explained_on_their_line(make_board) -> None:  # noqa: ANN001
    board = make_board({
        "content/companies/acme.md": company_md(),
        "content/jobs/colon.md": edit("title: Backend Engineer", "title: Engineer: Platform"),
        "content/jobs/no-colon.md": edit("company: acme", "company acme"),
        "content/jobs/tab.md": edit("  - Berlin", "\t- Berlin"),
        "content/jobs/merged.md": edit("apply:", "salary:\n"
                                       "  - &base {level: Senior, min: 90000, max: 120000, currency: EUR,"
                                       " period: YEAR}\n"
                                       "  - {<<: *base, level: Staff, min: 130000}\n"
                                       "apply:"),
    })
    done = jobboard(board, "check")
    assert done.returncode == 1
    assert done.stderr.splitlines()[:-1] == [
        "content/jobs/colon.md:2: title: the value contains ': ', which YAML reads as a new field; "
        'put the value in quotes: title: "Engineer: Platform"',
        "content/jobs/merged.md:9: salary[1].max: 120000 is below min 130000",
        "content/jobs/no-colon.md:3: yaml: missing ':' after the field name; write it as 'company: acme'",
        "content/jobs/tab.md:6: yaml: indented with a tab, which YAML does not allow; indent with spaces",
    ]


def test_an_alias_bomb_ends_at_once_with_an_error(make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/bomb.md": alias_bomb()})
    done = jobboard(board, "build", timeout=10)  # it ran for minutes and gigabytes
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "content/jobs/bomb.md:6: front matter: its YAML aliases (*name) stand for more than 10000 values; "
        "write the values out instead")


def test_many_aliases_are_an_error() -> None:
    text = "band: &b {min: 1, max: 2}\n" + "".join(f"x{i}: *b\n" for i in range(101))
    _, errors = read_yaml_file(text.encode(), "site.yml")
    assert [str(e) for e in errors] == [
        "site.yml:102: file: has more than 100 YAML aliases (*name) to lists or mappings; write the values out instead"]


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    _, errors = read_yaml_file(("a: " + "[" * 5000 + "]" * 5000 + "\n").encode(), "site.yml")
    assert [str(e) for e in errors] == ["site.yml:1: file: has lists or mappings nested more than 100 levels deep"]


def test_a_key_that_overrides_a_merged_one_is_not_given_twice() -> None:
    doc, errors = read_yaml_file(b"base: &b {p: 1, q: 2}\nmerged:\n  <<: *b\n  q: 3\n", "site.yml")
    assert errors == [] and doc is not None
    assert doc.data["merged"] == {"p": 1, "q": 3}
