"""An HTML page (a saved career page or ad): JSON-LD when the page carries it, else the page
sanitised and converted to markdown, then read like a markdown ad."""

from __future__ import annotations

import re

from . import jsonld, markdown
from .ad import Ad
from .clean import html_to_markdown


def read(page: str, id: str, url: str = "") -> list[Ad]:
    structured = jsonld.read_page(page, id, url)
    if structured:
        return structured
    title = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.IGNORECASE | re.DOTALL)
    page = re.sub(r"<head\b.*?</head>|<(nav|header|footer)\b.*?</\1>", "", page, flags=re.IGNORECASE | re.DOTALL)
    ad = markdown.read(html_to_markdown(page, tidied=False), id, url, kind="html")
    if title and not ad.title:
        ad.title = re.sub(r"<[^>]+>", "", title.group(1)).strip()
    return [ad]
