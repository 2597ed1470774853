"""Skills from a vocabulary with aliases (data/skills.yml, extended by a board's
import-skills.yml): "Postgres" is PostgreSQL, "k8s" Kubernetes, "Node" Node.js, and "Go" is
the language only when written so and not followed by "to market" and the like.

Both files are plain words, never regular expressions: a board's file comes from whoever
edits the board, and a pattern of theirs such as "(a+)+b" would take minutes on one ad."""

from __future__ import annotations

import functools
import re
from itertools import groupby
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..load.errors import BuildFailed, SourceError
from ..load.fields import Field, Fields, list_of, read_mapping, text
from ..load.source import read_yaml_list
from ..load.walk import link_out_of_board
from .data import DATA

BOARD_FILE = "import-skills.yml"
ENTRY = {"name": Field(text, required=True), "aliases": Field(list_of(text)), "exact": Field(list_of(text)),
         "not_before": Field(list_of(text))}

_BEFORE = r"(?<![\w.+#-])"
_AFTER = r"(?![\w+#]|\.\w)"


@dataclass(frozen=True)
class Skill:
    name: str
    pattern: re.Pattern[str]


def vocabulary(board: Path | None = None) -> list[Skill]:
    """The shipped skills and the board's own; BuildFailed with every error of the board's file."""
    entries, errors = board_skills(board) if board else ([], [])
    if errors:
        raise BuildFailed(errors)
    return _shipped() + [_compile(entry) for entry in entries]


@functools.cache
def _shipped() -> list[Skill]:
    entries, errors = read_skills((DATA / "skills.yml").read_bytes(), "skills.yml")
    if errors:  # the package's own data; tests/test_import_extract.py reads it
        raise BuildFailed(errors)
    return [_compile(entry) for entry in entries]


def board_skills(board: Path) -> tuple[list[dict[str, Any]], list[SourceError]]:
    """The entries of the board's import-skills.yml (none without one) and its errors."""
    if outside := link_out_of_board(board, BOARD_FILE, fix="copy it into the board"):
        return [], [outside]
    path = board / BOARD_FILE
    return read_skills(path.read_bytes(), BOARD_FILE) if path.is_file() else ([], [])


def read_skills(raw: bytes, display: str) -> tuple[list[dict[str, Any]], list[SourceError]]:
    """A skills file: a list of {name, aliases, exact, not_before}, each checked as board files are."""
    doc, errors = read_yaml_list(raw, display, "skills")
    if doc is None:
        return [], errors
    fields = Fields(doc, errors)
    entries = [read_mapping(fields, f"skills[{i}]", entry, ENTRY) for i, entry in enumerate(doc.data["skills"])]
    return ([] if errors else entries), errors


def _compile(entry: dict[str, Any]) -> Skill:
    name = entry["name"]
    exact = entry.get("exact", ())
    loose = [alias for alias in (name, *entry.get("aliases", ())) if alias not in exact]
    guard = _guard(entry.get("not_before", ()))
    parts = [f"(?i:{_BEFORE}{_words(a)}{_AFTER})" for a in loose] + [f"{_BEFORE}{_words(e)}{_AFTER}{guard}" for e in exact]
    return Skill(name, re.compile("|".join(parts)))


def _guard(words: tuple[str, ...]) -> str:
    """What may not follow an exact spelling, in any case: a word or phrase after the spaces that
    follow it ("Go to market"), a mark such as "-" right after it ("Go-live")."""
    options = [rf"\s*{_words(w)}(?!\w)" if re.match(r"\w", w) else re.escape(w) for w in words]
    return f"(?!(?i:{'|'.join(options)}))" if options else ""


def _words(alias: str) -> str:
    return r"\s+".join(re.escape(word) for word in alias.split())


def find_skills(text: str, skills: list[Skill]) -> list[str]:
    """The vocabulary's skills named in the text, in the order they first appear. A match inside
    a longer skill's match ("React" in "React Native") does not count.

    The matches are taken by start, the longer first: one is inside a longer one exactly when an
    earlier match, of another span, ends at or after its end. One pass, however many matches an
    ad has (comparing every pair took a minute for an ad naming a few skills 8,000 times)."""
    matches = sorted((m.start(), -m.end(), i, skill.name)
                     for i, skill in enumerate(skills) for m in skill.pattern.finditer(text))
    first: dict[str, int] = {}
    reach = -1  # the furthest end of the spans taken so far
    for (start, minus_end), same_span in groupby(matches, key=lambda match: match[:2]):
        if -minus_end > reach:
            for *_, name in same_span:
                first.setdefault(name, start)
        reach = max(reach, -minus_end)
    return sorted(first, key=first.__getitem__)
