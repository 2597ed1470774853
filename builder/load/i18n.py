"""The theme's words in the board's language: gettext catalogs (builder/load/locale/<lang>/LC_MESSAGES/
messages.po), a board's own wording from site.yml `strings:`, and relative ages.

English is the source language: every msgid is the English text. A language without a catalog
gets the English one (and `jobboard build` warns); a region variant (de-CH, pt-BR) uses its
language's catalog, while numbers and dates keep the region's formats."""

from __future__ import annotations

import functools
import io
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_timedelta
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .errors import SourceWarning
from .records import Config

LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Marks a string for the catalogs where it is defined; it is translated where it is shown."""
    return message


def shipped() -> tuple[str, ...]:
    """The languages with a catalog: ("de", "en", ...)."""
    return tuple(sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES/messages.po").is_file()))


def catalog_language(language: str) -> str:
    """The shipped catalog a BCP 47 tag uses: "de" for de-CH; English when there is none."""
    base = language.split("-")[0].lower()
    return base if base in shipped() else SOURCE_LANGUAGE


@functools.lru_cache(maxsize=None)
def _catalog(language: str) -> Translations:
    """The shipped .po read at first use (no compile step: it is small), as gettext translations."""
    with open(LOCALE_DIR / language / "LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po, locale=language)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return Translations(mo)


class Strings:
    """gettext and ngettext for one board: its own wording (site.yml `strings:`, msgid -> text)
    first, then the catalog of its language. A plural's override is looked up by the msgid of the
    form the language uses for the count (the singular or the plural msgid)."""

    def __init__(self, language: str, overrides: tuple[tuple[str, str], ...] = ()):
        self.language = language
        self.catalog = _catalog(catalog_language(language))
        self.overrides = dict(overrides)  # for ngettext, whose text is always %-formatted
        # A text without placeholders is printed as it is, never %-formatted: its %% is one %.
        self.words = {key: text if placeholders(key) else text.replace("%%", "%") for key, text in overrides}

    def gettext(self, message: str) -> str:
        return self.words.get(message) or self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        translated = self.catalog.ngettext(singular, plural, n)
        key = singular if translated == self.catalog.ngettext(singular, plural, 1) else plural
        return self.overrides.get(key) or translated


@functools.lru_cache(maxsize=64)
def strings_for(language: str, overrides: tuple[tuple[str, str], ...] = ()) -> Strings:
    return Strings(language, overrides)


def strings(config: Config) -> Strings:
    return strings_for(config.language, config.strings)


def warnings(config: Config) -> list[SourceWarning]:
    """A language with number formats but no catalog: the site is in English."""
    if catalog_language(config.language) != SOURCE_LANGUAGE or config.language.split("-")[0].lower() == "en":
        return []
    return [SourceWarning("site.yml", config.language_line, "language",
                          f"no translation for '{config.language}'; the site is in English")]


# --- dates ------------------------------------------------------------------------------------

def locale_of(language: str) -> str:
    return language.replace("-", "_")


def knows_language(language: str) -> bool:
    """Whether Babel has number formats for a BCP 47 tag: site.yml's `language` must."""
    try:
        Locale.parse(locale_of(language))
    except (ValueError, UnknownLocaleError):
        return False
    return True


@functools.lru_cache(maxsize=4096)  # a list page shows many postings of the same few days
def long_date(day: date, language: str) -> str:
    """"November 30, 2026", "30. November 2026"."""
    return format_date(day, "long", locale=locale_of(language))


def age(posted: date, today: date, s: Strings) -> str:
    """How long ago a posting was published: "today", "3 days ago", "2 weeks ago". The same rule
    is in static/assets/board.js (with Intl.RelativeTimeFormat), which refreshes it between builds."""
    days = (today - posted).days
    if days <= 0:
        return s.gettext("today")
    if days == 1:
        return s.gettext("yesterday")
    count, unit = (days, "day") if days < 14 else (days // 7, "week") if days < 60 else (days // 30, "month")
    return _ago(count, unit, s.language)


@functools.lru_cache(maxsize=1024)  # Babel's formatting was a tenth of rendering the cards
def _ago(count: int, unit: str, language: str) -> str:
    """"3 days ago", "vor 3 Tagen": CLDR's words, as Intl.RelativeTimeFormat has them."""
    per = {"day": 1, "week": 7, "month": 30}[unit]  # Babel's own unit lengths
    # an infinite threshold makes Babel use the granularity as the unit
    return format_timedelta(timedelta(days=-count * per), granularity=unit, threshold=float("inf"),
                            add_direction=True, locale=locale_of(language))


# --- the browser scripts' strings --------------------------------------------------------------

# The scripts' words as they ask for them; "%(count)s" and "%(name)s" stay placeholders that the
# scripts fill. A plural is [one, other]: the scripts pick with Intl.PluralRules.
def script_strings(s: Strings) -> dict[str, Any]:
    return {
        "today": s.gettext("today"),
        "yesterday": s.gettext("yesterday"),
        "clearAll": s.gettext("Clear all"),
        "sortBy": s.gettext("Sort by"),
        "bestMatch": s.gettext("Best match"),
        "newest": s.gettext("Newest"),
        "highestPay": s.gettext("Highest pay"),
        "removeFilter": s.gettext("Remove filter %(facet)s: %(value)s"),
        "found": [s.ngettext("%(count)s job found", "%(count)s jobs found", n) for n in (1, 2)],
        "foundFor": [s.ngettext("%(count)s job found for “%(query)s”", "%(count)s jobs found for “%(query)s”", n)
                     for n in (1, 2)],
        "showJobs": [s.ngettext("Show %(count)s job", "Show %(count)s jobs", n) for n in (1, 2)],
        "officeIn": s.gettext("Office in %(country)s"),
        "remoteFrom": s.gettext("Open to remote work from %(country)s"),
        "savedCount": [s.ngettext("%(count)s saved job", "%(count)s saved jobs", n) for n in (1, 2)],
    }


# A "%" in the theme's strings, and in a board's own wording of them, starts a placeholder,
# "%(name)s", or is doubled, "%%", for a percent sign.
_PERCENT = re.compile(r"%\((\w+)\)s|%%|%")


@functools.lru_cache(maxsize=None)
def messages() -> dict[str, set[str]]:
    """Every msgid of the theme (a plural's singular and plural alike) with the placeholders its
    text may use: what site.yml `strings:` may override."""
    with open(LOCALE_DIR / SOURCE_LANGUAGE / "LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po)
    known: dict[str, set[str]] = {}
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if ids[0]:
            for msgid in ids:
                known[msgid] = set().union(*map(placeholders, ids))
    return known


def placeholders(message: str) -> set[str]:
    """The %(name)s placeholders of a message: an override must not ask for others."""
    return {m.group(1) for m in _PERCENT.finditer(message) if m.group(1)}


def stray_percent(message: str) -> int | None:
    """Where a "%" that is neither a placeholder nor "%%" starts, or None. Python's % would fail
    on it ("%d", a trailing "%") or, with a width ("%(name)300000000s"), pad a page to any size."""
    return next((m.start() for m in _PERCENT.finditer(message) if m.group() == "%"), None)
