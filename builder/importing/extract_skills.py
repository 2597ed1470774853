"""Skills from a vocabulary with aliases (data/skills.yml, extended by a board's
import-skills.yml): "Postgres" is PostgreSQL, "k8s" Kubernetes, "Node" Node.js, and "Go" is
the language only when written so and not followed by "to market" and the like."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .data import load

_BEFORE = r"(?<![\w.+#-])"
_AFTER = r"(?![\w+#]|\.\w)"


@dataclass(frozen=True)
class Skill:
    name: str
    pattern: re.Pattern[str]


def vocabulary(board: Path | None = None) -> list[Skill]:
    entries: list[dict[str, Any]] = list(load("skills.yml"))
    extra = board / "import-skills.yml" if board else None
    if extra and extra.is_file():
        entries += yaml.safe_load(extra.read_text(encoding="utf-8")) or []
    return [_compile(entry) for entry in entries]


def _compile(entry: dict[str, Any]) -> Skill:
    name = str(entry["name"])
    exact = [str(e) for e in entry.get("exact", [])]
    loose = [str(a) for a in [name, *entry.get("aliases", [])] if str(a) not in exact]
    guard = f"(?!{entry['not_before']})" if entry.get("not_before") else ""
    parts = [f"(?i:{_BEFORE}{_words(a)}{_AFTER})" for a in loose] + [f"{_BEFORE}{_words(e)}{_AFTER}{guard}" for e in exact]
    return Skill(name, re.compile("|".join(parts)))


def _words(alias: str) -> str:
    return r"\s+".join(re.escape(word) for word in alias.split())


def find_skills(text: str, skills: list[Skill]) -> list[str]:
    """The vocabulary's skills named in the text, in the order they first appear. A match inside
    a longer skill's match ("React" in "React Native") does not count."""
    matches = [(m.start(), m.end(), skill.name) for skill in skills for m in skill.pattern.finditer(text)]
    inside = {i for i, (s, e, name) in enumerate(matches)
              if any(s2 <= s and e <= e2 and (e2 - s2) > (e - s) for s2, e2, _ in matches)}
    first: dict[str, int] = {}
    for i, (start, _, name) in enumerate(matches):
        if i not in inside:
            first[name] = min(start, first.get(name, start))
    return sorted(first, key=first.__getitem__)
