"""Warnings about values that look unfinished: placeholders left from a skeleton, a date_posted in
the future. Warnings only: the build still succeeds."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from ..load.errors import SourceWarning
from ..load.records import Location
from ..load.source import read_document, read_yaml_file
from .board import Board

PLACEHOLDER_HOST = "example.com"  # the skeletons' (`jobboard new`, `jobboard init`) addresses
PLACEHOLDER_PLACE = ("City", "Region")  # the skeletons' "City, Region, US"


def unfinished_warnings(board: Board, board_dir: Path) -> list[SourceWarning]:
    """Each at its field's line in the board's files (found in `board_dir`)."""
    warnings = list(_placeholders("site.yml", [("base_url", board.config.base_url)], []))
    for company in board.companies.values():
        urls = [("website", company.website)] + [(f"same_as[{i}]", u) for i, u in enumerate(company.same_as)]
        places = [("headquarters", company.headquarters)] if company.headquarters else []
        warnings += _placeholders(company.path, urls, places)
    for posting in board.postings:
        places = [(f"locations[{i}]", place) for i, place in enumerate(posting.locations)]
        warnings += _placeholders(posting.path, [("apply", posting.apply)], places)
        if posting.date_posted > board.today:
            warnings.append(SourceWarning(posting.path, 1, "date_posted", f"{posting.date_posted} is after today "
                                          f"({board.today}); the posting is listed already, dated in the future"))
    return sorted(_at_field_line(w, board_dir) for w in warnings)


def _at_field_line(warning: SourceWarning, board_dir: Path) -> SourceWarning:
    """The warning at the line of its field, read from the file again: records keep no lines, and
    these warnings are few. Line 1 if the file cannot be read or parsed now."""
    try:
        raw = (board_dir / warning.path).read_bytes()
    except OSError:
        return warning
    read = read_yaml_file if warning.path == "site.yml" else read_document
    doc, _ = read(raw, warning.path)
    line = doc.lines.get(warning.field, 1) if doc else 1
    return SourceWarning(warning.path, line, warning.field, warning.message)


def _placeholders(path: str, urls: list[tuple[str, str]], places: list[tuple[str, Location]]) -> Iterator[SourceWarning]:
    for field, url in urls:
        if _is_placeholder_url(url):
            yield SourceWarning(path, 1, field, _url_message(url))
    for field, place in places:
        if (place.city, place.region) == PLACEHOLDER_PLACE:
            yield SourceWarning(path, 1, field, f"'{place}' is the skeleton's placeholder; put the real place")


def _is_placeholder_url(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return host == PLACEHOLDER_HOST or host.endswith("." + PLACEHOLDER_HOST)


def _url_message(url: str) -> str:
    return f"'{url}' is the skeleton's placeholder; put the real address"
