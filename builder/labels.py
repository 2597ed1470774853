"""How records read to a person: employment types, work modes, places, pay and ages in words."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from .records import Location, Posting

EMPLOYMENT_NAMES = {
    "FULL_TIME": "Full-time", "PART_TIME": "Part-time", "CONTRACTOR": "Contract", "TEMPORARY": "Temporary",
    "INTERN": "Internship", "VOLUNTEER": "Volunteer", "PER_DIEM": "Per diem", "OTHER": "Other",
}
REMOTE_NAMES = {"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote"}


def employment(types: tuple[str, ...]) -> str:
    return " / ".join(EMPLOYMENT_NAMES[t] for t in types)


@lru_cache(maxsize=None)
def country_name(code: str) -> str:
    """"Germany" for DE; the code itself if pycountry does not know it."""
    import pycountry  # here, not at the top: see fields._iso_codes

    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or (country.name if country else code)


def place(loc: Location) -> str:
    """"New York, NY, United States": the country by name, not by code."""
    return ", ".join(part for part in (loc.city, loc.region, country_name(loc.country)) if part)


def where(posting: Posting) -> str:
    """Where the job is, in one line; the work mode is shown beside it, not in it. A remote job
    names the countries it is open to ("Anywhere" when it names none), then its offices."""
    places = [place(loc) for loc in posting.locations]
    if posting.remote == "remote":
        eligible = ", ".join(country_name(c) for c in posting.remote_eligible) or "Anywhere"
        places.insert(0, eligible)
    return "; ".join(places)


def age(posted: date, today: date) -> str:
    """How long ago a posting was published: "today", "3 days ago", "2 weeks ago". The same
    rule is in static/assets/board.js, which refreshes it between builds."""
    days = (today - posted).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    return f"{days // 30} months ago"
