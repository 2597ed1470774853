"""A plain-text ad (pasted from a page or an e-mail) as markdown: short title-like lines become
headings, runs of short lines become lists."""

from __future__ import annotations

import re

from .ad import Ad
from .clean import repair, tidy
from .extract_fields import apply_url


def read(text: str, id: str, url: str = "") -> Ad:
    text = repair(text)
    return Ad(kind="text", id=id, url=url, body=tidy(to_markdown(text)), apply=apply_url("", text))


def to_markdown(text: str) -> str:
    lines = [line.strip() for line in text.strip().split("\n")]
    out: list[str] = []
    group: list[str] = []  # the lines since the last heading or blank line
    for i, line in enumerate(lines):
        before = lines[i - 1] if i else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        starts = not before or before.endswith((".", "!", "?", ":"))
        if line and _is_heading(line) and starts and (i == 0 or not after or not _is_heading(after)):
            out.append(_block(group))
            out.append(f"## {line}")
            group = []
        elif line:
            group.append(line)
        else:
            out.append(_block(group))
            group = []
    out.append(_block(group))
    return "\n\n".join(block for block in out if block)


def _block(lines: list[str]) -> str:
    """A run of lines: paragraphs if they are all sentences, else a list."""
    if len(lines) > 1 and not all(_is_sentence(line) for line in lines):
        return "\n".join(f"- {line}" for line in lines)
    return "\n\n".join(lines)


def _is_heading(line: str) -> bool:
    return (len(line.split()) <= 6 and line[:1].isupper() and not re.search(r"[.,;:!]$", line)
            and not re.search(r"https?://|\d{3}", line))


def _is_sentence(line: str) -> bool:
    return len(line) > 80 and line.endswith((".", "!", "?"))
