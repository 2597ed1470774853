"""Ashby posting API: GET /posting-api/job-board/{name}?includeCompensation=true. Pay comes as
compensation tiers, each with components; a tier's Salary component is a band, labelled with
the tier's title when there are several."""

from __future__ import annotations

from typing import Any

from . import feed
from .ad import Ad
from .clean import html_to_markdown

PUBLIC_URL = "https://api.ashbyhq.com/posting-api/job-board/{name}?includeCompensation=true"


def is_ashby(data: Any) -> bool:
    record = next(iter(feed.jobs(data)), None)
    return isinstance(record, dict) and "jobUrl" in record and "title" in record


def read(data: Any, board: str = "") -> list[Ad]:
    records = feed.jobs(data)
    return [_ad(record, board) for record in records if record.get("isListed", True)]


def _ad(job: dict[str, Any], board: str) -> Ad:
    url = job.get("jobUrl", "")
    board = board or feed.board_in(url, "jobs.ashbyhq.com") or "ashby"
    address = ((job.get("address") or {}).get("postalAddress") or {})
    places = [job.get("location", "")] + [s.get("location", "") for s in job.get("secondaryLocations") or []]
    if address.get("addressLocality") and address.get("addressCountry"):
        places.insert(0, ", ".join(filter(None, [address.get("addressLocality"), address.get("addressRegion"),
                                                 address.get("addressCountry")])))
    mode = feed.work_mode(job.get("workplaceType")) or ("remote" if job.get("isRemote") else "")
    # the company's page on the ATS: the feed names no website of its own
    return Ad(kind="ashby", company_url=f"https://jobs.ashbyhq.com/{board}", id=f"{board}/{job.get('id')}", url=url, body=html_to_markdown(job.get("descriptionHtml") or ""),
              title=job.get("title", "").strip(), apply=job.get("applyUrl") or url,
              date_posted=feed.day(job.get("publishedAt")), employment_type=feed.employment_type(job.get("employmentType")),
              remote=mode, places=[p for p in places if p], meta=[p for p in places if p],
              salary=_bands(job.get("compensation") or {}),
              salary_text=(job.get("compensation") or {}).get("compensationTierSummary") or "")


def _bands(compensation: dict[str, Any]) -> tuple:
    tiers = compensation.get("compensationTiers") or []
    bands = []
    for tier in tiers:
        for part in tier.get("components") or []:
            if part.get("compensationType") == "Salary":
                band = feed.band(part.get("minValue"), part.get("maxValue"), part.get("currencyCode"),
                                 feed.period(part.get("interval")), tier.get("title") or "" if len(tiers) > 1 else "")
                if band:
                    bands.append(band)
    return tuple(bands)
