"""The documentation in the repository: the board format lists exactly the validator's fields, the
command line page every command and flag, and every link resolves to a file inside the repository."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
import yaml

from builder.cli import parser
from builder.load.config import site_schema
from builder.load.content import COMPANY_SCHEMA, POSTING_SCHEMA
from builder.load.fields import _BAND, _LOCATION

REPO = Path(__file__).resolve().parent.parent
SITE_SCHEMA = site_schema(REPO)
DOCS = sorted((REPO / "docs").glob("*.md"))
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)


def _sections(text: str) -> dict[str, str]:
    """Each heading's text up to the next heading (code blocks left out: they may hold headings)."""
    parts = re.split(r"^#{1,6} (.+)$", FENCE.sub("", text), flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def _first_column(section: str) -> list[str]:
    """The backquoted names in the first column of the section's table rows."""
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.M)


@pytest.mark.parametrize("heading, schema", [
    ("site.yml", SITE_SCHEMA), ("Company", COMPANY_SCHEMA), ("Posting", POSTING_SCHEMA),
    ("Location", _LOCATION), ("Band", _BAND),
])
def test_board_format_lists_every_field_of_the_validator(heading: str, schema: dict) -> None:
    section = _sections((REPO / "docs/board-format.md").read_text())[heading]
    assert _first_column(section) == list(schema)


def test_board_format_gives_the_right_defaults_and_requirements() -> None:
    sections = _sections((REPO / "docs/board-format.md").read_text())
    for heading, schema in (("site.yml", SITE_SCHEMA), ("Company", COMPANY_SCHEMA), ("Posting", POSTING_SCHEMA)):
        rows = {m[0]: m[1] for m in re.findall(r"^\| `([^`]+)` \|[^|]*\| ([^|]*) \|", sections[heading], flags=re.M)}
        assert [key for key, field in schema.items() if field.required] == \
               [key for key, default in rows.items() if default == "required"], heading


def _commands(top: argparse.ArgumentParser, prefix: str = "jobboard") -> dict[str, argparse.ArgumentParser]:
    found = {}
    for action in top._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[f"{prefix} {name}"] = sub
                found.update(_commands(sub, f"{prefix} {name}"))
    return found


def test_the_command_line_page_names_every_command_and_flag() -> None:
    page = (REPO / "docs/cli.md").read_text()
    for command, sub in _commands(parser()).items():
        assert f"`{command}" in page, command
        for action in sub._actions:
            for flag in action.option_strings:
                if action.help != argparse.SUPPRESS:
                    assert f"`{flag}" in page, (command, flag)


def _anchor(heading: str) -> str:
    """GitHub's id for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    headings = re.findall(r"^#{1,6} (.+)$", FENCE.sub("", path.read_text()), flags=re.M)
    return {_anchor(h) for h in headings}


@pytest.mark.parametrize("page", [REPO / "README.md", *DOCS], ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_link_resolves_inside_the_repository(page: Path) -> None:
    for target in LINK.findall(FENCE.sub("", page.read_text())):
        if re.match(r"^(https?|mailto):", target):
            continue
        path, _, anchor = target.partition("#")
        assert not path.startswith("/"), target
        resolved = (page.parent / path).resolve() if path else page
        assert resolved.is_relative_to(REPO), f"{target} leaves the repository"
        assert resolved.exists(), f"{target}: no such file"
        if anchor and resolved.suffix == ".md":
            assert anchor in _anchors(resolved), f"{target}: no such heading"


def test_docs_index_lists_every_page() -> None:
    index = (REPO / "docs/README.md").read_text()
    assert sorted(LINK.findall(index)) == sorted(p.name for p in DOCS if p.name != "README.md")


def test_pre_commit_hook_runs_check_on_the_whole_board() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [(h["id"], h["entry"], h["language"], h["pass_filenames"]) for h in hooks] == \
           [("jobboard-check", "jobboard check", "python", False)]


def test_the_architecture_page_names_every_module() -> None:
    """Every package (`load/`) and every module by its path in builder/ (`load/config.py`); the
    modules of importing/, which has a row of its own, are not named one by one."""
    page = (REPO / "docs/architecture.md").read_text()
    package = REPO / "builder"
    packages = [p.parent.relative_to(package).as_posix() + "/" for p in sorted(package.glob("*/__init__.py"))]
    modules = [p.relative_to(package).as_posix() for p in sorted(package.rglob("*.py"))
               if (p.name != "__init__.py" or p.parent == package) and p.parent.name != "importing"]
    assert [name for name in packages + modules if f"`{name}`" not in page] == []
