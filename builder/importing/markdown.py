"""A markdown ad: its first heading is the title (a link in it is the apply link), the short
headings after it name the company and the location, and the rest is the description."""

from __future__ import annotations

import re

from .ad import Ad
from .clean import repair, tidy
from .extract_fields import apply_url

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)$")
_SECTION = re.compile(r"^(?:job\s+)?description$|^(?:about the (?:role|job|position))$", re.IGNORECASE)


def read(text: str, id: str, url: str = "", kind: str = "markdown") -> Ad:
    text = repair(text)
    # the apply link is looked for before cleaning drops the "Apply now" line that carries it
    ad = Ad(kind=kind, id=id, url=url, body="", apply=apply_url("", text))
    lines = tidy(text).split("\n")
    top: list[str] = []  # the headings before the first blank line or section
    while lines and (_HEADING.match(lines[0]) or not lines[0].strip()) and len(top) < 4:
        line = lines.pop(0)
        heading = _HEADING.match(line)
        if heading and heading.group(1) == "##" and top:
            lines.insert(0, line)
            break
        if heading:
            top.append(heading.group(2).strip("` "))
    if top:
        link = _LINK.match(top[0])
        ad.title = link.group("text").strip() if link else top[0]
        if link:
            ad.apply = link.group("url")
        rest = top[1:]
        if rest and len(rest[0].split()) <= 5 and not re.search(r"remote|hybrid|on-?site", rest[0], re.IGNORECASE):
            ad.company = rest.pop(0)
        ad.meta = rest
    if lines and _HEADING.match(lines[0]) and _SECTION.match(_HEADING.match(lines[0]).group(2)):
        lines.pop(0)
    ad.body = tidy("\n".join(lines))
    return ad
