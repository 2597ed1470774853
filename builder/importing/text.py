"""A plain-text ad (pasted from a page or an e-mail) as markdown: short title-like lines become
headings, runs of short lines become lists."""

from __future__ import annotations

import re

from .ad import Ad
from .clean import repair, tidy


def read(text: str, id: str, url: str = "") -> Ad:
    return Ad(kind="text", id=id, url=url, body=tidy(to_markdown(repair(text))))


def to_markdown(text: str) -> str:
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines and _is_heading(lines[0]) and (len(lines) == 1 or len(lines) > 2 or not _is_heading(lines[1])):
            out.append(f"## {lines.pop(0)}")
        if not lines:
            continue
        if len(lines) > 1 and not all(_is_sentence(line) for line in lines):
            out.append("\n".join(f"- {line}" for line in lines))
        else:
            out.extend(lines)
    return "\n\n".join(out)


def _is_heading(line: str) -> bool:
    return (len(line.split()) <= 6 and line[:1].isupper() and not re.search(r"[.,;:!]$", line)
            and not re.search(r"https?://|\d{3}", line))


def _is_sentence(line: str) -> bool:
    return len(line) > 80 and line.endswith((".", "!", "?"))
