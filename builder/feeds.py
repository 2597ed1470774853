"""Atom feeds of open postings: the whole board's and one per company."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from .model import Board
from .records import Company, Posting
from .seo import xml_bytes

ATOM = "http://www.w3.org/2005/Atom"
# XML 1.0 forbids most control characters even when escaped; a feed reader rejects the whole feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# Feed readers poll: a feed of a large board's every posting would be megabytes on each poll,
# so a feed carries the newest postings; the site lists the rest.
ENTRIES = 100


def board_feed(board: Board) -> bytes:
    """feed.xml: the newest open postings of the whole board."""
    config = board.config
    return atom(board, "feed.xml", config.title, config.base_url, board.open_postings[:ENTRIES])


def company_feed(board: Board, company: Company) -> bytes:
    """companies/<slug>/feed.xml: the company's newest open postings."""
    config = board.config
    return atom(board, f"companies/{company.slug}/feed.xml", f"{company.name} · {config.title}",
                f"{config.base_url}companies/{company.slug}/", board.by_company.get(company.slug, ())[:ENTRIES])


def atom(board: Board, path: str, title: str, page_url: str, postings: tuple[Posting, ...]) -> bytes:
    feed = ET.Element("feed", {"xmlns": ATOM, "xml:lang": board.config.language})
    _text(feed, "title", title)
    if board.config.description:
        _text(feed, "subtitle", board.config.description)
    _text(feed, "id", board.config.base_url + path)
    ET.SubElement(feed, "link", rel="self", type="application/atom+xml", href=board.config.base_url + path)
    ET.SubElement(feed, "link", rel="alternate", type="text/html", href=page_url)
    _text(feed, "updated", _timestamp(max((p.date_posted for p in postings), default=board.today)))
    _text(feed, "generator", "jobboard")
    for posting in postings:
        feed.append(entry(board, posting))
    return xml_bytes(feed)


def entry(board: Board, posting: Posting) -> ET.Element:
    company = board.companies[posting.company]
    url = f"{board.config.base_url}jobs/{posting.slug}/"
    item = ET.Element("entry")
    _text(item, "title", f"{posting.title} at {company.name}")
    _text(item, "id", entry_id(board, posting))
    ET.SubElement(item, "link", rel="alternate", type="text/html", href=url)
    _text(item, "published", _timestamp(posting.date_posted))
    _text(item, "updated", _timestamp(posting.date_posted))
    author = ET.SubElement(item, "author")
    _text(author, "name", company.name)
    for skill in posting.skills:
        ET.SubElement(item, "category", term=_clean(skill))
    _text(item, "content", posting.body_html, type="html")
    return item


def entry_id(board: Board, posting: Posting) -> str:
    """A tag: URI (RFC 4151) that survives a move from http to https or a changed title."""
    host = urlsplit(board.config.base_url).hostname or "localhost"
    return f"tag:{host},{posting.date_posted.isoformat()}:{board.config.base_path}jobs/{posting.slug}"


def _text(parent: ET.Element, name: str, text: str, **attrs: str) -> None:
    ET.SubElement(parent, name, attrs).text = _clean(text)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _timestamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
