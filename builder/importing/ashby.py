"""Ashby posting API: GET /posting-api/job-board/{name}?includeCompensation=true. Pay comes as
compensation tiers, each with components; a tier's Salary component is a band, labelled with
the tier's title when there are several."""

from __future__ import annotations

from typing import Any

from . import feed
from ..load.records import Band
from .ad import Ad
from .clean import html_to_markdown

PUBLIC_URL = "https://api.ashbyhq.com/posting-api/job-board/{name}?includeCompensation=true"


def is_ashby(data: Any) -> bool:
    record = next(iter(feed.jobs(data)), None)
    return isinstance(record, dict) and "jobUrl" in record and "title" in record


def read(data: Any, board: str = "") -> list[Ad]:
    return [_ad(record, board) for record in feed.jobs(data) if record.get("isListed", True)]


def _ad(job: dict[str, Any], board: str) -> Ad:
    url = feed.text(job.get("jobUrl"))
    board = board or feed.board_in(url, "jobs.ashbyhq.com") or "ashby"
    address = feed.mapping(feed.mapping(job.get("address")).get("postalAddress"))
    places = [feed.name(job.get("location"))] + [feed.name(s.get("location")) for s in feed.records(job.get("secondaryLocations"))]
    locality, region, country = (feed.text(address.get(key)) for key in ("addressLocality", "addressRegion", "addressCountry"))
    if locality and country:
        places.insert(0, ", ".join(filter(None, [locality, region, country])))
    mode = feed.work_mode(job.get("workplaceType")) or ("remote" if job.get("isRemote") is True else "")
    compensation = feed.mapping(job.get("compensation"))
    # the company's page on the ATS: the feed names no website of its own
    return Ad(kind="ashby", company_url=f"https://jobs.ashbyhq.com/{board}", id=f"{board}/{feed.text(job.get('id'))}", url=url,
              body=html_to_markdown(feed.text(job.get("descriptionHtml"))), title=feed.text(job.get("title")),
              apply=feed.text(job.get("applyUrl")) or url,
              date_posted=feed.day(job.get("publishedAt")), employment_type=feed.employment_type(job.get("employmentType")),
              remote=mode, places=[p for p in places if p], meta=[p for p in places if p],
              salary=_bands(compensation), salary_text=feed.text(compensation.get("compensationTierSummary")))


def _bands(compensation: dict[str, Any]) -> tuple[Band, ...]:
    tiers = feed.records(compensation.get("compensationTiers"))
    bands = []
    for tier in tiers:
        for part in feed.records(tier.get("components")):
            if part.get("compensationType") == "Salary":
                band = feed.band(part.get("minValue"), part.get("maxValue"), part.get("currencyCode"),
                                 feed.period(part.get("interval")), feed.text(tier.get("title")) if len(tiers) > 1 else "")
                if band:
                    bands.append(band)
    return tuple(bands)
