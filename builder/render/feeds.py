"""Atom feeds of open postings: the whole board's and one per company."""

from __future__ import annotations

import html
import re
from datetime import date
from urllib.parse import urlsplit

from ..load.i18n import strings
from ..load.records import Company, Posting
from ..model.board import Board

ATOM = "http://www.w3.org/2005/Atom"
# XML 1.0 forbids most control characters even when escaped; a feed reader rejects the whole feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# in attribute values, also quotes and the whitespace a parser would otherwise normalise to spaces
_ATTRIBUTE_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#09;"}


# Feed readers poll: a feed of a large board's every posting would be megabytes on each poll,
# so a feed carries the newest postings; the site lists the rest.
ENTRIES = 100
# The board's feed carries each posting's full text, but not without bound: a body longer than
# this (in characters of HTML; a long job ad is about 10,000) is sent as its summary, and the
# reader follows the link for the rest. A company's feed always carries summaries: its postings
# are also in the board's feed, and at 10,000 postings full bodies made company feeds 58 MB.
FULL_TEXT = 20_000
SUMMARY = 150  # characters of a summary, as many as a page's description


def board_feed(board: Board) -> bytes:
    """feed.xml: the newest open postings of the whole board."""
    config = board.config
    return atom(board, "feed.xml", config.title, config.base_url, board.open_postings[:ENTRIES], full_text=True)


def company_feed(board: Board, company: Company) -> bytes:
    """companies/<slug>/feed.xml: the company's newest open postings."""
    config = board.config
    return atom(board, f"companies/{company.slug}/feed.xml", f"{company.name} · {config.title}",
                f"{config.base_url}companies/{company.slug}/", board.by_company.get(company.slug, ())[:ENTRIES],
                full_text=False)


def atom(board: Board, path: str, title: str, page_url: str, postings: tuple[Posting, ...], full_text: bool) -> bytes:
    config = board.config
    lines = [f'<feed xmlns="{ATOM}" xml:lang="{_attr(config.language)}">', _leaf("title", title)]
    if config.description:
        lines.append(_leaf("subtitle", config.description))
    lines += [
        _leaf("id", config.base_url + path),
        f'  <link rel="self" type="application/atom+xml" href="{_attr(config.base_url + path)}" />',
        f'  <link rel="alternate" type="text/html" href="{_attr(page_url)}" />',
        _leaf("updated", _timestamp(max((p.date_posted for p in postings), default=board.today))),
        _leaf("generator", "jobboard"),
    ]
    lines += (entry(board, posting, full_text) for posting in postings)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + "\n".join(lines) + "\n</feed>\n").encode("utf-8")


def entry(board: Board, posting: Posting, full_text: bool) -> str:
    """One <entry>, indented as in the feed, with the posting's body (up to FULL_TEXT) or its
    summary. Written out directly rather than through ElementTree: building and serialising a
    tree took three times as long."""
    company = board.companies[posting.company]
    url = f"{board.config.base_url}jobs/{posting.slug}/"
    return "\n".join([
        "  <entry>",
        _leaf("title", strings(board.config).gettext("%(title)s at %(name)s")
              % {"title": posting.title, "name": company.name}, 4),
        _leaf("id", entry_id(board, posting), 4),
        f'    <link rel="alternate" type="text/html" href="{_attr(url)}" />',
        _leaf("published", _timestamp(posting.date_posted), 4),
        _leaf("updated", _timestamp(posting.date_posted), 4),
        "    <author>",
        _leaf("name", company.name, 6),
        "    </author>",
        *(f'    <category term="{_attr(skill)}" />' for skill in posting.skills),
        text_of(posting, full_text),
        "  </entry>",
    ])


def text_of(posting: Posting, full_text: bool) -> str:
    if full_text and len(posting.body_html) <= FULL_TEXT:
        return f'    <content type="html">{_text(posting.body_html)}</content>'
    return f'    <summary type="text">{_text(summary(posting))}</summary>'


def summary(posting: Posting) -> str:
    """The body's opening words, as in the page's description: its excerpt up to SUMMARY
    characters, cut at a word with an ellipsis when it goes on."""
    text = posting.excerpt.strip()
    if len(text) <= SUMMARY:
        return text
    cut = text[: SUMMARY + 1]
    return (cut[: cut.rfind(" ")] if " " in cut else cut[:SUMMARY]).rstrip(" ,;:.") + " …"


def entry_id(board: Board, posting: Posting) -> str:
    """A tag: URI (RFC 4151) that survives a move from http to https or a changed title."""
    host = urlsplit(board.config.base_url).hostname or "localhost"
    return f"tag:{host},{posting.date_posted.isoformat()}:{board.config.base_path}jobs/{posting.slug}"


def _leaf(name: str, text: str, indent: int = 2) -> str:
    """An element holding only text; an empty one is written <name />, as ElementTree did."""
    text = _text(text)
    return f"{' ' * indent}<{name}>{text}</{name}>" if text else f"{' ' * indent}<{name} />"


def _text(text: str) -> str:
    # &, < and >, as xml.sax.saxutils.escape, which would import urllib.request and ssl
    return html.escape(_NOT_XML.sub("", text), quote=False)


def _attr(text: str) -> str:
    text = _text(text)
    for char, escape in _ATTRIBUTE_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
