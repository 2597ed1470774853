"""The validated records a board is made of: settings, companies, postings."""

from __future__ import annotations

import hashlib
import operator
from dataclasses import dataclass, field, fields
from datetime import date

PERIODS = ("HOUR", "DAY", "WEEK", "MONTH", "YEAR")
EMPLOYMENT_TYPES = ("FULL_TIME", "PART_TIME", "CONTRACTOR", "TEMPORARY", "INTERN", "VOLUNTEER", "PER_DIEM", "OTHER")
REMOTE_MODES = ("onsite", "hybrid", "remote")


@dataclass(frozen=True)
class SyncSource:
    """A feed `jobboard sync` reads (site.yml `sync:`): a Greenhouse board token, Lever site,
    Ashby board name or JSON-LD page URL, the company its postings belong to, and the feed's
    address when it is not the ATS's public one."""

    kind: str  # greenhouse, lever, ashby, jsonld
    name: str
    company: str = ""
    url: str = ""


@dataclass(frozen=True)
class Config:
    title: str
    base_url: str  # always ends with "/"
    description: str = ""
    language: str = "en"
    currency: str = "USD"
    exchange_rates: tuple[tuple[str, float], ...] = ()
    hours_per_year: int = 2080
    expired: str = "mark"
    output: str = "public"
    allow_symlinks_outside: bool = False  # follow symbolic links that lead out of the board
    sync: tuple[SyncSource, ...] = ()
    company_feeds: bool = True  # off: one file less per company, for hosts that limit files
    search_snippets: bool = True  # off: one file less per posting, and search results show no sentence
    # the theme's options (docs/theming.md); the defaults are the built-in look
    logo: str = ""  # the board's logo in the header: a path under static/, or a URL
    favicon: str = "favicon.svg"  # a path under static/, or a URL
    accent_color: str = ""  # "#rrggbb": links, buttons and highlights in the light scheme
    header_links: tuple[tuple[str, str], ...] = ()  # (label, URL or path under the site root)
    footer_links: tuple[tuple[str, str], ...] = ()
    extra_css: str = ""  # a stylesheet under static/, linked after the theme's
    strings: tuple[tuple[str, str], ...] = ()  # the board's own wording: (msgid, text), see builder/load/i18n.py
    # where `language` is in site.yml, for its warning; not a setting (left out of the cache's key)
    language_line: int = field(default=1, compare=False, repr=False)

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/board/": where the site is served."""
        rest = self.base_url.split("://", 1)[1]
        return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


@dataclass(frozen=True)
class Location:
    country: str
    city: str = ""
    region: str = ""

    def __str__(self) -> str:
        return ", ".join(part for part in (self.city, self.region, self.country) if part)


@dataclass(frozen=True)
class Band:
    min: float
    max: float
    currency: str
    period: str
    level: str = ""


@dataclass(frozen=True)
class Company:
    slug: str
    path: str
    name: str
    website: str
    logo: str = ""
    headquarters: Location | None = None
    same_as: tuple[str, ...] = ()
    body_html: str = ""


@dataclass(frozen=True)
class Posting:
    slug: str
    path: str
    title: str
    company: str
    date_posted: date
    apply: str
    body_html: str
    excerpt: str  # the body's first EXCERPT characters as plain text, for descriptions
    # the body's distinct search terms, space-separated: made when parsing, so that they are
    # cached with the record and made in the parse workers, not again by every index build
    body_terms: str = ""
    sentences: bytes = b""  # the search index's snippet file of the body (snippets.sentence_file), likewise
    valid_through: date | None = None
    employment_type: tuple[str, ...] = ("FULL_TIME",)
    locations: tuple[Location, ...] = ()
    remote: str = "onsite"
    remote_eligible: tuple[str, ...] = ()
    salary: tuple[Band, ...] = ()
    salary_text: str = ""
    benefits: str = ""
    skills: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    language: str = ""  # a BCP 47 tag: the language of the posting's words; "" for the board's
    draft: bool = False
    # a digest of the fields but the body's: equal for two versions of a posting that differ
    # only in their body (an edit that leaves the search index's filters as they were)
    fields_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields_key", hashlib.sha256(repr(_keyed_fields(self)).encode()).hexdigest())


# the fields in fields_key: all but the body's, and the path, which only names the file (an
# attrgetter, as this runs for every posting parsed: a third of the time of fields() and getattr)
_keyed_fields = operator.attrgetter(*(f.name for f in fields(Posting)
                                      if f.name not in {"path", "body_html", "excerpt", "body_terms", "sentences",
                                                         "fields_key"}))
