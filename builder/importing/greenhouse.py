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
    records = feed.jobs(data)
    return [_ad(record, board) for record in records]


def _ad(job: dict[str, Any], board: str) -> Ad:
    url = job.get("absolute_url", "")
    board = board or feed.board_in(url, "greenhouse.io") or "greenhouse"
    places = [(job.get("location") or {}).get("name", "")]
    places += [office.get("location") or office.get("name", "") for office in job.get("offices") or []]
    meta = [f"{m.get('name')}: {m.get('value')}" for m in job.get("metadata") or [] if isinstance(m, dict) and m.get("value")]
    bands = [feed.band(r.get("min_cents", 0) / 100, r.get("max_cents", 0) / 100, r.get("currency_type"), "YEAR",
                       r.get("title", "") if len(job.get("pay_input_ranges") or []) > 1 else "")
             for r in job.get("pay_input_ranges") or []]
    # the company's page on the ATS: the feed names no website of its own
    return Ad(kind="greenhouse", company_url=f"https://boards.greenhouse.io/{board}", id=f"{board}/{job.get('id')}", url=url,
              body=html_to_markdown(job.get("content") or ""), title=job.get("title", "").strip(),
              company=job.get("company_name", ""), apply=url,
              date_posted=feed.day(job.get("first_published") or job.get("updated_at")),
              places=[p for p in places if p], meta=[p for p in places if p] + meta,
              salary=tuple(b for b in bands if b))
