"""Greenhouse job board API: GET /v1/boards/{token}/jobs?content=true (a board) or
/v1/boards/{token}/jobs/{id} (one job). `content` is entity-escaped HTML."""

from __future__ import annotations

from typing import Any

from . import feed
from .ad import Ad
from .clean import html_to_markdown

PUBLIC_URL = "https://boards-api.greenhouse.io/v1/boards/{name}/jobs?content=true&pay_transparency=true"


def is_greenhouse(data: Any) -> bool:
    record = next(iter(feed.jobs(data)), None)
    return isinstance(record, dict) and "absolute_url" in record and "title" in record


def read(data: Any, board: str = "") -> list[Ad]:
    return [_ad(record, board) for record in feed.jobs(data)]


def _ad(job: dict[str, Any], board: str) -> Ad:
    url = feed.text(job.get("absolute_url"))
    board = board or feed.board_in(url, "greenhouse.io") or "greenhouse"
    places = [feed.name(job.get("location"))]
    places += [feed.name(office.get("location")) or feed.text(office.get("name")) for office in feed.records(job.get("offices"))]
    meta = [f"{feed.text(m.get('name'))}: {feed.text(m.get('value'))}" for m in feed.records(job.get("metadata"))
            if feed.text(m.get("value"))]
    ranges = feed.records(job.get("pay_input_ranges"))
    bands = [feed.band(_units(r.get("min_cents")), _units(r.get("max_cents")), r.get("currency_type"), "YEAR",
                       feed.text(r.get("title")) if len(ranges) > 1 else "")
             for r in ranges]
    # the company's page on the ATS: the feed names no website of its own
    return Ad(kind="greenhouse", company_url=f"https://boards.greenhouse.io/{board}", id=f"{board}/{feed.text(job.get('id'))}",
              url=url, body=html_to_markdown(feed.text(job.get("content"))), title=feed.text(job.get("title")),
              company=feed.text(job.get("company_name")), apply=url,
              date_posted=feed.day(job.get("first_published") or job.get("updated_at")),
              places=[p for p in places if p], meta=[p for p in places if p] + meta,
              salary=tuple(b for b in bands if b))


def _units(cents: Any) -> float | None:
    amount = feed.number(cents)
    return None if amount is None else amount / 100
