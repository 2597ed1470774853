"""Text repair and cleaning: mojibake fixed, HTML sanitised and turned into markdown, repeated
paragraphs and boilerplate lines dropped."""

from __future__ import annotations

import functools
import html as htmllib
import re

import ftfy
import markdownify
import nh3

from .data import load

_TAGS = {"p", "br", "div", "span", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "b",
         "em", "i", "a", "blockquote", "code", "pre", "table", "thead", "tbody", "tr", "th", "td", "hr"}


def repair(text: str) -> str:
    """Mojibake ("Oloâ€™s", "ðŸŒŽ") and HTML entities in text repaired; line ends unified."""
    return ftfy.fix_text(text.replace("\r\n", "\n").replace("\r", "\n"))


def html_to_markdown(html: str, tidied: bool = True) -> str:
    """Sanitise first (scripts, styles, event handlers and unknown tags go), then convert."""
    if "<" not in html and "&lt;" in html:  # Greenhouse sends its HTML entity-escaped
        html = htmllib.unescape(html)
    safe = nh3.clean(html, tags=_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"},
                     link_rel=None)
    text = markdownify.markdownify(safe, heading_style="ATX", bullets="-", strip=["span", "div"])
    return tidy(repair(text)) if tidied else repair(text)


def tidy(markdown: str) -> str:
    """Boilerplate lines and repeated paragraphs dropped, blank runs collapsed, spaces trimmed."""
    lines = [line.rstrip().replace("\u00a0", " ") for line in markdown.split("\n")]
    lines = [line for line in lines if not is_boilerplate(line)]
    paragraphs = re.split(r"\n\s*\n", "\n".join(lines))
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = " ".join(paragraph.split()).lower()
        if not key:
            continue
        if len(key) >= 40 and key in seen:
            continue
        seen.add(key)
        kept.append(paragraph.strip("\n"))
    return "\n\n".join(_dedent(p) for p in kept).strip() + "\n"


def _dedent(paragraph: str) -> str:
    """A leading space or two before text ("  **About Olo**") is noise, not an indented block."""
    return "\n".join(re.sub(r"^ {1,3}(?=\S)", "", line) for line in paragraph.split("\n"))


@functools.cache
def _boilerplate() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{rule})" for rule in load("boilerplate.yml")), re.IGNORECASE)


def is_boilerplate(line: str) -> bool:
    """A whole line that is an apply button, a share widget and the like: markdown marks and
    link targets are ignored ("## CLICK TO [APPLY](https://...)")."""
    plain = re.sub(r"\]\([^)]*\)", "", line)
    plain = re.sub(r"[#*_`>\[\]!|]", " ", plain)
    plain = " ".join(plain.split()).strip(" .:-–")
    return bool(plain) and bool(_boilerplate().fullmatch(plain))
