"""`jobboard sync`: every feed in site.yml `sync:` is fetched; new postings are imported,
postings import wrote and nobody edited are updated, and postings that left their feed are
closed (valid_through = today), never deleted. A feed that fails is reported and skipped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..load.records import SyncSource
from . import ashby, greenhouse, jsonld, lever
from .ad import Ad
from .draft import make_draft
from .fetch import FetchError, Limits, fetch
from .importer import Board, Report, company_name, failure
from .read import decode, parse
from .write import close, front_value

_PUBLIC = {"greenhouse": greenhouse.PUBLIC_URL, "lever": lever.PUBLIC_URL, "ashby": ashby.PUBLIC_URL}


def feed_url(source: SyncSource) -> str:
    return source.url or (source.name if source.kind == "jsonld" else _PUBLIC[source.kind].format(name=source.name))


def sync(folder: Path, sources: tuple[SyncSource, ...], today: date, limits: Limits) -> Report:
    """Each feed on its own: one that fails, however it fails, is an error line and the
    others still run."""
    board, report = Board(folder), Report()
    for source in sources:
        url = feed_url(source)
        try:
            _sync_feed(board, source, url, today, limits, report)
        except Exception as exc:  # noqa: BLE001: see failure()
            report.errors.append(f"sync: {source.kind} {source.name}: {url}: {failure(exc)}")
    return report


def _sync_feed(board: Board, source: SyncSource, url: str, today: date, limits: Limits, report: Report) -> None:
    ads = _read_feed(source, url, limits)
    name = company_name(board.folder, source.company) if source.company else ""
    seen = set()
    for ad in ads:
        seen.add(ad.id)
        board.save(ad, make_draft(ad, board.skills, today, source.company, name), True, report)
    _close_missing(board, source, url, seen, today, report)
    report.lines.append(f"Synced {source.kind} {source.name}: {len(ads)} posting{'s' if len(ads) != 1 else ''} in the feed")


def _read_feed(source: SyncSource, url: str, limits: Limits) -> list[Ad]:
    """The feed's ads. A JSON-LD page that is gone (404, 410) or carries no JobPosting any more
    lists none: its posting left."""
    try:
        text = decode(fetch(url, limits))
    except FetchError as exc:
        if source.kind == "jsonld" and exc.status in (404, 410):
            return []
        raise
    if source.kind == "jsonld":
        return jsonld.read_page(text, url, url)
    return parse(text, url, url, source.name)


def _close_missing(board: Board, source: SyncSource, url: str, seen: set[str], today: date, report: Report) -> None:
    """Close the postings this feed gave before and no longer lists."""
    for (kind, id), rel in sorted(board.by_source.items()):
        if kind != source.kind or id in seen or not _from_feed(id, source, url):
            continue
        text = board.read(rel)
        closed = close(text, today.isoformat())
        if closed != text and not _closed_before(text, today):
            board.write(rel, closed)
            report.lines.append(f"Closed {rel}: no longer in the feed (valid_through: {today.isoformat()})")


def _from_feed(id: str, source: SyncSource, url: str) -> bool:
    """An ATS posting's id starts with its board's name; a JSON-LD posting's is its page's URL."""
    if source.kind == "jsonld":
        return id == url or id.startswith(f"{url}#")
    return id.startswith(f"{source.name}/")


def _closed_before(text: str, today: date) -> bool:
    closed = front_value(text, "valid_through")
    return bool(closed) and closed <= today.isoformat()
