"""Pay-transparency check: open postings in, or open to remote workers in, a place whose law
requires a salary range, that state no band. Warnings only: the build still succeeds."""

from __future__ import annotations

from dataclasses import dataclass

from ..load.errors import SourceWarning
from ..load.records import Location, Posting
from .board import Board


@dataclass(frozen=True)
class Place:
    """A place with a pay-transparency law. `cities` empty means the whole region."""

    name: str
    law: str
    country: str
    regions: tuple[str, ...]  # codes and names, matched case-insensitively
    cities: tuple[str, ...] = ()


# Extend by adding a row. Remote postings open to a place's whole country are covered by its law
# (e.g. Colorado's applies to remote jobs a Colorado resident could do).
PLACES: tuple[Place, ...] = (
    Place("New York City", "NYC Local Law 32 of 2022", "US", ("NY", "New York"),
          ("New York", "New York City", "NYC", "Manhattan", "Brooklyn", "Queens", "The Bronx", "Bronx",
           "Staten Island")),
    Place("California", "California Labor Code § 432.3", "US", ("CA", "California")),
    Place("Colorado", "Colorado Equal Pay for Equal Work Act", "US", ("CO", "Colorado")),
    Place("Washington", "Washington Equal Pay and Opportunities Act (RCW 49.58.110)", "US", ("WA", "Washington")),
)


def _folded(values: tuple[str, ...]) -> set[str]:
    return {v.casefold() for v in values}


def located_in(location: Location, place: Place) -> bool:
    """US + region code or name (+ city for city laws); a city alone names its place too
    ("NYC, US"), since "New York" without a region is ambiguous only outside the US."""
    if location.country != place.country:
        return False
    region_ok = location.region.casefold() in _folded(place.regions)
    if not place.cities:
        return region_ok
    city_ok = location.city.casefold() in _folded(place.cities)
    return city_ok and (region_ok or not location.region)


def remote_eligible_for(posting: Posting, place: Place) -> bool:
    """Fully remote with no eligibility list means anywhere; otherwise the listed countries count."""
    if posting.remote == "remote" and not posting.remote_eligible:
        return True
    return posting.remote != "onsite" and place.country in posting.remote_eligible


def reasons(posting: Posting, places: tuple[Place, ...] = PLACES) -> list[str]:
    """Why each law applies to the posting, e.g. "located in California (California Labor Code § 432.3)"."""
    found = []
    for place in places:
        if any(located_in(loc, place) for loc in posting.locations):
            found.append(f"located in {place.name} ({place.law})")
        elif remote_eligible_for(posting, place):
            found.append(f"remote-eligible for {place.name} ({place.law})")
    return found


def pay_transparency_warnings(board: Board, places: tuple[Place, ...] = PLACES) -> list[SourceWarning]:
    """One warning per open posting without a salary band that a pay-transparency law covers."""
    warnings = []
    for posting in board.open_postings:
        found = [] if posting.salary else reasons(posting, places)
        if found:
            message = "states no salary band, but a good-faith range is required: " + "; ".join(found)
            warnings.append(SourceWarning(posting.path, 1, "salary", message))
    return sorted(warnings)
