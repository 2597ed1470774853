"""An ad's posting fields, each from the source's structured data when it has it, else from the
text; what cannot be found is named, not invented."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import extract_fields as fields
from .ad import Ad
from .extract_places import find_places, remote_countries
from .extract_salary import extract as extract_salary
from .extract_skills import Skill, find_skills


DATE_ASSUMED = "not in the ad; the import date is used"


@dataclass
class Draft:
    slug: str
    company_slug: str
    company_name: str
    company_website: str
    company_about: str
    fields: dict[str, Any]  # the posting's front matter, in the contract's order
    body: str
    doubts: list[tuple[str, str]] = field(default_factory=list)  # (field, why): the posting is a draft
    notes: list[tuple[str, str]] = field(default_factory=list)  # (field, what was assumed): worth a look

    @property
    def is_draft(self) -> bool:
        return bool(self.doubts)


def slugify(text: str, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("+", "p").replace("#", "sharp")).strip("-")
    return slug[:limit].rsplit("-", 1)[0] if len(slug) > limit else slug


def make_draft(ad: Ad, skills: list[Skill], today: date, company_slug: str = "", company_name: str = "") -> Draft:
    body = ad.body
    first_lines = [line for line in body.split("\n") if line.strip()][:4]
    # short lines at the top ("Hamburg · Vollzeit · Hybrid", "Location: Denver, CO") describe the job
    meta = ad.meta + [re.sub(r"^\s*(?:#+|[-*+])\s+", "", line) for line in first_lines
                      if len(line.split()) <= 12 and not line.rstrip().endswith(".")]
    doubts: list[tuple[str, str]] = []
    notes: list[tuple[str, str]] = []

    title = fields.title(ad.title, first_lines, body)
    name = company_name or fields.company(ad.company, body) or (company_slug.replace("-", " ").title() if company_slug else "")
    company = company_slug or slugify(name)
    if not title:
        doubts.append(("title", "not found in the ad"))
    if not company:
        doubts.append(("company", "not found in the ad; pass --company SLUG"))

    posted = fields.date_posted(ad.date_posted, body)
    if not posted:
        posted = today.isoformat()
        notes.append(("date_posted", DATE_ASSUMED))
    mode = ad.remote or fields.work_mode(meta, body)
    if not mode:
        doubts.append(("remote", "the ad does not say remote, hybrid or onsite"))
    # a remote job's places are where it says it is, not a headquarters the prose mentions
    places = find_places(ad.places + meta, "" if mode == "remote" else body)
    if not places and mode != "remote":
        doubts.append(("locations", "not found in the ad"))
    eligible = remote_countries("\n".join(meta + [body])) if mode in ("remote", "hybrid") else []
    kinds = ad.employment_type or fields.employment_types(title, meta, body)
    salary = extract_salary(body)
    bands = ad.salary or salary.bands
    notes += [("salary", doubt) for doubt in salary.doubts if not bands]
    apply = fields.apply_url(ad.apply, body)
    if not apply:
        doubts.append(("apply", "not found in the ad"))
    if not body.strip():
        doubts.append(("body", "the ad has no description"))

    values: dict[str, Any] = {
        "title": title,
        "company": company,
        "date_posted": posted,
        "valid_through": ad.valid_through if ad.valid_through >= posted else "",
        "employment_type": list(kinds),
        "locations": [str(place) for place in places],
        "remote": mode,
        "remote_eligible": eligible,
        "salary": list(bands),
        "salary_text": ad.salary_text or ("" if ad.salary else salary.text),
        "skills": find_skills(f"{title}\n{body}", skills),
        "apply": apply,
    }
    website = fields.website(ad.company_url, name, apply, body)
    return Draft(slug=slugify(f"{company}-{title}") if title else "", company_slug=company, company_name=name,
                 company_website=website, company_about=_about(name, body),
                 fields={k: v for k, v in values.items() if v}, body=body, doubts=doubts, notes=notes)


def _about(name: str, body: str) -> str:
    """The paragraphs under an "About <company>" heading: the company's own description."""
    if not name:
        return ""
    m = re.search(rf"^(?:#+\s*|\*\*)?About {re.escape(name)}\s*(?:\*\*)?\s*$\n+(?P<v>(?:(?!#|\*\*)[^\n]+\n*){{1,3}})",
                  body, re.MULTILINE)
    return m.group("v").strip() + "\n" if m else ""
