"""What every source format reads an ad into, before the fields are extracted from it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..load.records import Band


@dataclass
class Ad:
    """One job ad. The structured fields are filled when the source has them (an ATS record,
    JSON-LD); whatever is empty is looked for in the text."""

    kind: str  # text, markdown, html, greenhouse, lever, ashby, jsonld
    id: str  # stable within the kind: "<board>/<job id>" for a feed, the file name for a file
    url: str  # where the ad was read from, or "" for a local file
    body: str  # clean markdown
    title: str = ""
    company: str = ""  # the company's name
    company_url: str = ""
    apply: str = ""
    date_posted: str = ""  # YYYY-MM-DD
    valid_through: str = ""
    employment_type: tuple[str, ...] = ()
    remote: str = ""  # onsite, hybrid, remote
    places: list[str] = field(default_factory=list)  # location strings as the source gives them
    salary: tuple[Band, ...] = ()
    salary_text: str = ""
    meta: list[str] = field(default_factory=list)  # short lines about the job: "Remote, NYC", "Full-time"


class UnreadableSource(Exception):
    """A source that is not an ad in any format we read. The message says why, in one line,
    without naming the source: the caller does."""

