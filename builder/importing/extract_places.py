"""Locations and remote eligibility: "Denver, CO", "Auckland, New Zealand", "Hamburg", "NYC",
resolved with the shipped gazetteer (data/places.yml) and pycountry's country names, offline."""

from __future__ import annotations

import functools
import re

from ..load.records import Location
from .data import load


@functools.cache
def _countries() -> dict[str, str]:
    """Country name or code, lowercased -> ISO 3166 alpha-2."""
    import pycountry

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                names[name.lower()] = c.alpha_2
    for code, aliases in load("places.yml")["countries"].items():
        names.update({alias.lower(): code for alias in aliases})
    return names


@functools.cache
def _alpha2() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_2 for c in pycountry.countries)


@functools.cache
def _cities() -> dict[str, Location]:
    cities = {}
    for entry in load("places.yml")["cities"]:
        place = Location(city=entry["city"], region=entry.get("region", ""), country=entry["country"])
        for name in [entry["city"], *entry.get("aliases", [])]:
            cities[name.lower()] = place
    return cities


@functools.cache
def _regions() -> dict[str, str]:
    """Region code -> country, for regions that say their country ("CO" is in the US)."""
    found: dict[str, str] = {}
    for country, codes in load("places.yml")["regions"].items():
        for code in codes:
            found.setdefault(code, country)
    return found


def country_code(name: str) -> str | None:
    """ISO 3166 alpha-2 of a country's name ("New Zealand", "U.S.", "Deutschland"), or None."""
    key = name.strip().lower()
    return _countries().get(key) or _countries().get(key.rstrip("."))


def resolve(text: str) -> Location | None:
    """One place as people write it; None if it is not one we know."""
    text = re.sub(r"\s+", " ", text.strip(" .;()[]`*"))
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if not parts or len(parts) > 3:
        return None
    if len(parts) == 1:
        return _cities().get(parts[0].lower())
    city, rest = parts[0], parts[1:]
    if country_code(city):
        return None  # "Germany, Austria" is two countries, not a city
    if not re.fullmatch(r"[A-ZÀ-Ý][\w'’ .-]*", city):
        return None
    country = country_code(rest[-1]) or (rest[-1] if re.fullmatch(r"[A-Z]{2}", rest[-1]) and len(rest) == 2 else None)
    if len(rest) == 1:
        region = rest[0]
        states = load("places.yml")["us_states"]
        known = _cities().get(city.lower())
        if known and region in (known.country, known.region):  # "Berlin, DE" is Germany, not Delaware
            return known
        if region in _alpha2() and region not in _regions():  # "Lyon, FR"
            return Location(city=city, country=region)
        if region in _regions() and not country_code(region):
            return Location(city=city, region=region, country=_regions()[region])
        if region in states:
            return Location(city=city, region=states[region], country="US")
        if country:
            known = _cities().get(city.lower())
            return known if known and known.country == country else Location(city=city, country=country)
        return None
    if country:
        return Location(city=city, region=rest[0], country=country)
    return None


_CUE = re.compile(r"(?:located in|based in|office in|offices in|headquarters in|headquartered in|HQ in|in our|"
                  r"Location:|Locations:|Standort:|Arbeitsort:|from our|onsite in|on-site in|in-office in|hybrid in|hybrid from)"
                  r"\s+(?:the\s+)?(?P<place>[A-ZÀ-Ý][\w'’.-]*(?:[ ,]+[A-ZÀ-Ý][\w'’.-]*){0,4})")


def find_places(lines: list[str], body: str) -> list[Location]:
    """Places named in the ad's location lines, else in the text after a cue ("based in Hamburg");
    pass body="" to use the lines alone."""
    found: list[Location] = []
    for line in lines:
        for piece in re.split(r"\s*(?:;|\||/|\bor\b|\band\b|•|·)\s*|\s[-–—]\s|,\s*(?=remote\b)", line, flags=re.IGNORECASE):
            place = _place_in(piece)
            if place:
                found.append(place)
    if not found:
        for m in _CUE.finditer(re.sub(r"[*_]", "", body)):
            place = _place_in(m.group("place"))
            if place:
                found.append(place)
    unique: dict[tuple[str, str], Location] = {}
    for place in found:
        unique.setdefault((place.city, place.country), place)
    return list(unique.values())


def _place_in(piece: str) -> Location | None:
    """The place in a fragment such as "remote,NYC", "Hamburg office", "Denver, CO (hybrid)"."""
    piece = re.sub(r"^\W*\w+\W*:\W*", "", piece)  # "**Location:** Toronto, ON"
    piece = re.sub(r"\b(?:remote|hybrid|on-?site|office|full[- ]time|part[- ]time)\b", ",", piece, flags=re.IGNORECASE)
    piece = re.sub(r"[^\w,.'’ -]", " ", piece)
    chunks = [c.strip() for c in piece.split(",") if c.strip(" .-")]
    for size in (3, 2, 1):
        for i in range(len(chunks) - size + 1):
            place = resolve(", ".join(chunks[i:i + size]))
            if place and (size > 1 or place.city):
                return place
    return None


_ELIGIBLE = re.compile(r"(?:anywhere|[Rr]emote(?:ly)?|based|reside|residing|living|located|eligible to work)"
                       r"[^.\n]{0,40}?\b(?:in|within|from|across)\s+(?:the\s+)?(?P<where>[A-Z][\w.]*(?:[ ,]+(?:or\s+|and\s+)?[A-Z][\w.]*){0,5})"
                       r"|[Rr]emote\s*(?:[-–(:]\s*)(?P<paren>[A-Z][\w.]*(?:\s*[,/]\s*[A-Z][\w.]*){0,5})")


def remote_countries(text: str) -> list[str]:
    """Countries a remote applicant may live in: "remotely from anywhere in the U.S.", "Remote (UK)"."""
    codes: list[str] = []
    for m in _ELIGIBLE.finditer(text):
        where = m.group("where") or m.group("paren")
        for name in re.split(r"\s*(?:,|/|\bor\b|\band\b)\s*", where):
            code = country_code(name) or country_code(" ".join(name.split()[:2])) or country_code(name.split()[0] if name else "")
            if code:
                codes.append(code)
    return list(dict.fromkeys(codes))
