"""Lever postings API: GET /v0/postings/{site}?mode=json (a list) or one posting."""

from __future__ import annotations

from typing import Any

from . import feed
from .ad import Ad
from .clean import html_to_markdown

PUBLIC_URL = "https://api.lever.co/v0/postings/{name}?mode=json"


def is_lever(data: Any) -> bool:
    record = data[0] if isinstance(data, list) and data else data
    return isinstance(record, dict) and "hostedUrl" in record and "text" in record


def read(data: Any, board: str = "") -> list[Ad]:
    return [_ad(record, board) for record in feed.records(data if isinstance(data, list) else [data])]


def _ad(job: dict[str, Any], board: str) -> Ad:
    url = feed.text(job.get("hostedUrl"))
    board = board or feed.board_in(url, "jobs.lever.co") or "lever"
    categories = feed.mapping(job.get("categories"))
    html = feed.text(job.get("description"))
    for section in feed.records(job.get("lists")):
        html += f"<h3>{feed.text(section.get('text'))}</h3><ul>{feed.text(section.get('content'))}</ul>"
    html += feed.text(job.get("additional"))
    pay = feed.mapping(job.get("salaryRange"))
    band = feed.band(pay.get("min"), pay.get("max"), pay.get("currency"), feed.period(pay.get("interval")))
    every = categories.get("allLocations")
    places = [feed.name(p) for p in every] if isinstance(every, list) else [feed.name(categories.get("location"))]
    # the company's page on the ATS: the feed names no website of its own
    return Ad(kind="lever", company_url=f"https://jobs.lever.co/{board}", id=f"{board}/{feed.text(job.get('id'))}", url=url,
              body=html_to_markdown(html), title=feed.text(job.get("text")), apply=feed.text(job.get("applyUrl")) or url,
              date_posted=feed.day(job.get("createdAt")),
              employment_type=feed.employment_type(categories.get("commitment")),
              remote=feed.work_mode(job.get("workplaceType")), places=[p for p in places if p],
              meta=[p for p in places if p], salary=(band,) if band else (),
              salary_text=feed.text(job.get("salaryDescriptionPlain")))
