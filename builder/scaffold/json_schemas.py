"""JSON Schemas of site.yml, companies and postings for editors, made from the validator's own schemas."""

from __future__ import annotations

import json
from dataclasses import MISSING, fields
from pathlib import Path
from typing import Any

from ..load.config import site_schema
from ..load.content import COMPANY_SCHEMA, POSTING_SCHEMA
from ..load.fields import Field, mapping_json_schema
from ..load.records import Company, Config, Posting

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft yaml-language-server supports best
FOLDER = "schemas"  # BOARD/schemas/: where `jobboard schema` and `jobboard init` write them

# One line per field for the editor's hover; the full reference is docs/board-format.md.
DESCRIPTIONS = {
    "site": {
        "title": "The board's name, in every page's header and title.",
        "description": "A sentence about the board, for search engines and feed readers.",
        "base_url": "Absolute URL of the board's root; its path (such as /jobs/) is where the site is served.",
        "language": "BCP 47 language tag of the pages (<html lang>), such as en or de-CH: the theme's words "
                    "(de, en, es, fr, nl, pt; others are English), dates and numbers.",
        "currency": "ISO 4217 currency of board-wide salary statistics.",
        "exchange_rates": "1 unit of a currency = N units of `currency`; bands in a currency without a rate "
                          "are left out of statistics.",
        "hours_per_year": "Working hours in a year, to annualise hourly pay (DAY x260, WEEK x52, MONTH x12).",
        "expired": "After valid_through: mark (keep the page with a notice) or hide (do not publish it).",
        "output": "The build's output folder, relative to the board folder.",
        "allow_symlinks_outside": "Follow symbolic links under content/, templates/ and static/ that lead "
                                  "outside the board (off: each is an error).",
        "sync": "The applicant-tracking feeds `jobboard sync` reads: each {greenhouse|lever|ashby|jsonld: NAME}, "
                "with an optional company slug and url.",
        "company_feeds": "Publish an Atom feed per company at companies/<slug>/feed.xml (off: one file "
                         "less per company, for hosts that limit the number of files).",
        "search_snippets": "Show, under a search result found by its text only, the sentence that matched "
                           "(off: one file less per posting, search/text/<slug>.bin, for hosts that limit files).",
        "accent_color": "#rrggbb: links, buttons and highlights in the light colour scheme.",
        "header_links": "Links in the header: a list of {label, url}; url is http(s), mailto: or a path under the site root.",
        "footer_links": "Links in the footer: a list of {label, url}; url is http(s), mailto: or a path under the site root.",
        "logo": "The board's logo in the header: a path under static/ (must exist) or a URL.",
        "favicon": "The tab icon: a .svg, .png or .ico under static/, or a URL (default: the theme's favicon.svg).",
        "extra_css": "A stylesheet under static/ (or a URL) linked after the theme's.",
        "strings": "The board's own wording of the theme's strings: {English msgid: text}, keeping its %(name)s "
                   "placeholders (the msgids are in builder/load/locale/en/LC_MESSAGES/messages.po).",
    },
    "company": {
        "name": "The company's name.",
        "website": "The company's http(s) website.",
        "logo": "Path of the logo inside the board's static/ folder, or a URL.",
        "headquarters": "Location: 'City, Region, CC' or {city, region, country}.",
        "same_as": "Profile URLs (LinkedIn, GitHub...), for JSON-LD sameAs.",
    },
    "posting": {
        "title": "The job's title. Quote it when it contains ': '.",
        "company": "The company's slug: the name of a file in content/companies/ without .md.",
        "date_posted": "The day the job was posted, YYYY-MM-DD.",
        "valid_through": "The last day the posting is open, YYYY-MM-DD; see site.yml's expired.",
        "employment_type": "One or a list of FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN, VOLUNTEER, "
                           "PER_DIEM, OTHER.",
        "locations": "Where the job is: 'City, Region, CC' or {city, region, country}; required unless "
                     "remote is 'remote'.",
        "remote": "onsite, hybrid or remote (fully remote).",
        "remote_eligible": "ISO 3166 country codes where a remote applicant may live.",
        "salary": "Pay bands: {level, min, max, currency, period}; without one the posting shows 'not disclosed'.",
        "salary_text": "The employer's own wording about pay, shown verbatim.",
        "benefits": "Benefits, as text.",
        "skills": "Technologies; each gets a page at /skills/<skill>/.",
        "tags": "Free-form tags.",
        "language": "The language the posting is written in (BCP 47, such as en); search stems its words in it. Default: the board's.",
        "apply": "Where to apply: an http(s) or mailto: URL.",
        "draft": "true: built only with --drafts.",
        "source": "Where jobboard import got the posting (kind, id, url, hash of what it wrote); not shown.",
    },
}

KINDS: dict[str, tuple[dict[str, Field], type, str]] = {
    "site": (site_schema(Path(".")), Config, "site.yml of a jobboard board"),
    "company": (COMPANY_SCHEMA, Company, "Front matter of a jobboard company (content/companies/<slug>.md)"),
    "posting": (POSTING_SCHEMA, Posting, "Front matter of a jobboard posting (content/jobs/**/<slug>.md)"),
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file: "site", "company" or "posting"."""
    schema, record, title = KINDS[kind]
    made = mapping_json_schema(schema)
    defaults = _defaults(record)
    for key, prop in made["properties"].items():
        prop["description"] = DESCRIPTIONS[kind].get(key, "")
        if key in defaults:
            prop["default"] = defaults[key]
    return {"$schema": DRAFT, "title": title, **made}


def _defaults(record: type) -> dict[str, Any]:
    """The record's non-empty defaults, as JSON ("FULL_TIME",) -> ["FULL_TIME"]."""
    found = {f.name: f.default for f in fields(record) if f.default is not MISSING and f.default not in ("", (), None)}
    return {name: list(value) if isinstance(value, tuple) else value for name, value in found.items()}


def schema_files() -> dict[str, str]:
    """Each kind's schema as JSON text, by its path in a board: `schemas/<kind>.schema.json`."""
    return {f"{FOLDER}/{kind}.schema.json": json.dumps(json_schema(kind), indent=2, sort_keys=True) + "\n"
            for kind in KINDS}


def write_json_schemas(folder: Path) -> list[Path]:
    """The schemas into `folder`, replacing earlier ones; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = folder / Path(name).name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
