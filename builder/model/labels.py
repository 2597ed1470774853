"""How records read to a person: employment types, work modes and places in words, in the board's
language (the names here are the catalogs' English msgids)."""

from __future__ import annotations

from functools import lru_cache

from babel import Locale

from ..load.i18n import N_, Strings, locale_of
from ..load.records import Location, Posting

EMPLOYMENT_NAMES = {
    "FULL_TIME": N_("Full-time"), "PART_TIME": N_("Part-time"), "CONTRACTOR": N_("Contract"),
    "TEMPORARY": N_("Temporary"), "INTERN": N_("Internship"), "VOLUNTEER": N_("Volunteer"),
    "PER_DIEM": N_("Per diem"), "OTHER": N_("Other"),
}
REMOTE_NAMES = {"onsite": N_("On-site"), "hybrid": N_("Hybrid"), "remote": N_("Remote")}


def employment(types: tuple[str, ...], s: Strings) -> str:
    return " / ".join(s.gettext(EMPLOYMENT_NAMES[t]) for t in types)


def remote_name(mode: str, s: Strings) -> str:
    return s.gettext(REMOTE_NAMES[mode])


@lru_cache(maxsize=None)
def country_name(code: str, language: str = "en") -> str:
    """"Germany" for DE ("Deutschland" in German); the code itself if it is unknown. English names
    are pycountry's common names, other languages' Babel's (CLDR's)."""
    if language.split("-")[0].lower() != "en":
        name = Locale.parse(locale_of(language)).territories.get(code)
        if name:
            return name
    import pycountry  # here, not at the top: see fields._iso_codes

    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or (country.name if country else code)


def place(loc: Location, s: Strings) -> str:
    """"New York, NY, United States": the country by name, not by code."""
    return ", ".join(part for part in (loc.city, loc.region, country_name(loc.country, s.language)) if part)


def where(posting: Posting, s: Strings) -> str:
    """Where the job is, in one line; the work mode is shown beside it, not in it. A remote job
    names the countries it is open to ("Anywhere" when it names none), then its offices."""
    places = [place(loc, s) for loc in posting.locations]
    if posting.remote == "remote":
        eligible = ", ".join(country_name(c, s.language) for c in posting.remote_eligible) or s.gettext("Anywhere")
        places.insert(0, eligible)
    return "; ".join(places)
