"""How records read to a person: employment types, work modes and locations in words."""

from __future__ import annotations

from .records import Posting

EMPLOYMENT_NAMES = {
    "FULL_TIME": "Full-time", "PART_TIME": "Part-time", "CONTRACTOR": "Contract", "TEMPORARY": "Temporary",
    "INTERN": "Internship", "VOLUNTEER": "Volunteer", "PER_DIEM": "Per diem", "OTHER": "Other",
}
REMOTE_NAMES = {"onsite": "On-site", "hybrid": "Hybrid", "remote": "Remote"}


def employment(types: tuple[str, ...]) -> str:
    return " / ".join(EMPLOYMENT_NAMES[t] for t in types)


def where(posting: Posting) -> str:
    """Where the job is, in one line: "Remote (US, CA); New York, NY, US"."""
    places = [str(loc) for loc in posting.locations]
    if posting.remote == "remote":
        places.insert(0, "Remote" + (f" ({', '.join(posting.remote_eligible)})" if posting.remote_eligible else ""))
    elif posting.remote == "hybrid" and places:
        places[0] = f"{places[0]} (hybrid)"
    return "; ".join(places)
