"""A SOURCE (a file or an http(s) URL) read into ads, whatever its format: plain text,
markdown, HTML, JSON-LD, or a Greenhouse, Lever or Ashby record or board."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import ashby, greenhouse, html, jsonld, lever, markdown, text
from .ad import Ad, UnreadableSource
from .feed import load_json
from .fetch import Limits, fetch


def read_source(source: str, limits: Limits, board: str = "") -> list[Ad]:
    """`board` names the feed (a Greenhouse token...) when the caller knows it, as sync does."""
    is_url = bool(re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE))
    if is_url:
        raw, name = fetch(source, limits), source
    else:
        raw, name = read_file(Path(source), limits), Path(source).name
    ads = parse(decode(raw), name, source if is_url else "", board)
    if not ads:
        raise UnreadableSource("no job ad found in it")
    return ads


def read_file(path: Path, limits: Limits) -> bytes:
    if not path.is_file():
        raise UnreadableSource("no such file")
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise UnreadableSource(f"is {size / 2**20:.1f} MB, larger than the {limits.max_bytes / 2**20:g} MB "
                               f"an import reads (--max-size)")
    return path.read_bytes()


def decode(raw: bytes) -> str:
    """UTF-8 as it should be, else Windows-1252, the usual encoding of a page that is not."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def parse(content: str, name: str, url: str = "", board: str = "") -> list[Ad]:
    stripped = content.lstrip()
    if stripped[:1] in "[{":
        try:
            return _json(load_json(stripped), name, url, board)
        except ValueError:
            pass
    if re.match(r"<(?:!doctype|html|head|body|div|p|h\d|article|section|script)\b", stripped, re.IGNORECASE):
        return html.read(content, name, url)
    if re.search(r"^#{1,6} |^\s*[*-] |\]\(https?://", content, re.MULTILINE):
        return [markdown.read(content, name, url)]
    return [text.read(content, name, url)]


def _json(data: Any, name: str, url: str, board: str) -> list[Ad]:
    if greenhouse.is_greenhouse(data):
        return greenhouse.read(data, board)
    if lever.is_lever(data):
        return lever.read(data, board)
    if ashby.is_ashby(data):
        return ashby.read(data, board)
    if jsonld.job_postings(data):
        return jsonld.read(data, name, url)
    if isinstance(data, dict) and data.get("jobs") == []:
        return []  # an empty board
    raise UnreadableSource("JSON that is neither a Greenhouse, Lever or Ashby response nor a JobPosting")
