"""schema.org JobPosting, as JSON or in a page's <script type="application/ld+json">."""

from __future__ import annotations

import re
from typing import Any

from . import feed
from .ad import Ad
from .clean import html_to_markdown

_OPEN = re.compile(r"<script\b", re.IGNORECASE)
_CLOSE = re.compile(r"</script>", re.IGNORECASE)


def read_page(page: str, id: str, url: str = "") -> list[Ad]:
    postings = []
    for block in _blocks(page):
        try:
            postings += job_postings(feed.load_json(block))
        except ValueError:
            continue
    return _ads(postings, id, url)


def _blocks(page: str) -> list[str]:
    """The page's <script type="application/ld+json"> blocks, in one pass: a pattern with .*?
    between the tags takes quadratic time on a page of unclosed ones."""
    blocks, at = [], 0
    while opened := _OPEN.search(page, at):
        tag_end = page.find(">", opened.end())
        closed = _CLOSE.search(page, tag_end) if tag_end >= 0 else None
        if closed is None:
            break
        if "application/ld+json" in page[opened.end():tag_end].lower():
            blocks.append(page[tag_end + 1:closed.start()])
        at = closed.end()
    return blocks


def job_postings(data: Any) -> list[dict[str, Any]]:
    """Every JobPosting in a JSON-LD value (a list, an @graph, or one object)."""
    if isinstance(data, list):
        return [p for item in data for p in job_postings(item)]
    if not isinstance(data, dict):
        return []
    if "@graph" in data:
        return job_postings(data["@graph"])
    kinds = data.get("@type")
    return [data] if "JobPosting" in (kinds if isinstance(kinds, list) else [kinds]) else []


def read(data: Any, id: str, url: str = "") -> list[Ad]:
    return _ads(job_postings(data), id, url)


def _ads(postings: list[dict[str, Any]], id: str, url: str) -> list[Ad]:
    """One ad per JobPosting, identified by the page (its URL, else the file's name): the
    first by the page alone, the others by the page and their place on it."""
    page = url or id
    return [_ad(posting, f"{page}#{i}" if i else page, url) for i, posting in enumerate(postings)]


def _ad(job: dict[str, Any], id: str, url: str) -> Ad:
    org = _one(job.get("hiringOrganization"))
    places = [_address(_one(place).get("address")) for place in _many(job.get("jobLocation"))]
    eligible = [feed.name(req) for req in _many(job.get("applicantLocationRequirements"))]
    remote = "remote" if "TELECOMMUTE" in str(job.get("jobLocationType", "")).upper() else ""
    return Ad(kind="jsonld", id=id, url=url or feed.text(job.get("url")),
              body=html_to_markdown(feed.text(job.get("description"))), title=feed.text(job.get("title")),
              company=feed.text(org.get("name")), company_url=feed.text(org.get("sameAs")) or feed.text(org.get("url")),
              apply=feed.text(job.get("url")) or url, date_posted=feed.day(job.get("datePosted")),
              valid_through=feed.day(job.get("validThrough")), employment_type=feed.employment_type(job.get("employmentType")),
              remote=remote, places=[p for p in places if p], meta=[p for p in places if p] +
              [f"Remote ({', '.join(e for e in eligible if e)})"] * bool(remote and any(eligible)),
              salary=_bands(job.get("baseSalary")))


def _one(value: Any) -> dict[str, Any]:
    value = value[0] if isinstance(value, list) and value else value
    return value if isinstance(value, dict) else {}


def _many(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def _address(address: Any) -> str:
    if isinstance(address, str):
        return feed.text(address)
    address = feed.mapping(address)
    parts = (feed.text(address.get("addressLocality")), feed.text(address.get("addressRegion")),
             feed.name(address.get("addressCountry")))
    return ", ".join(part for part in parts if part)


def _bands(salary: Any) -> tuple:
    salary = _one(salary)
    value = _one(salary.get("value"))
    low = value.get("minValue", value.get("value"))
    high = value.get("maxValue", value.get("value"))
    band = feed.band(low, high, salary.get("currency"), feed.period(value.get("unitText")))
    return (band,) if band else ()
