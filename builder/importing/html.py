"""An HTML page (a saved career page or ad): JSON-LD when the page carries it, else the page
sanitised and converted to markdown, then read like a markdown ad."""

from __future__ import annotations

import html as htmllib

from . import jsonld, markdown
from .ad import Ad
from .clean import html_to_markdown, sanitise


def read(page: str, id: str, url: str = "") -> list[Ad]:
    structured = jsonld.read_page(page, id, url)
    if structured:
        return structured
    ad = markdown.read(html_to_markdown(page, tidied=False, whole_page=True), id, url, kind="html")
    if not ad.title:
        ad.title = _first_h1(page)
    return [ad]


def _first_h1(page: str) -> str:
    """The text of the page's first <h1>, found in the sanitised page: no pattern runs over the
    raw page, where one with .*? between tags takes quadratic time on unclosed ones."""
    headings = sanitise(page, {"h1"})
    start = headings.find("<h1>")
    end = headings.find("</h1>", start)
    return " ".join(htmllib.unescape(headings[start + 4:end]).split()) if 0 <= start < end else ""
