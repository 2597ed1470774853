"""Salary bands: annualising, conversion to the board currency, statistics, formatting."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from babel.numbers import format_decimal

from ..load.i18n import N_, Strings, locale_of, strings
from ..load.records import Band, Config, Posting

# the catalogs' msgids: each is shown translated
PERIOD_NAMES = {"HOUR": N_("per hour"), "DAY": N_("per day"), "WEEK": N_("per week"), "MONTH": N_("per month"),
                "YEAR": N_("per year")}
PERIOD_SHORT = {"HOUR": N_("/h"), "DAY": N_("/day"), "WEEK": N_("/wk"), "MONTH": N_("/mo"), "YEAR": N_("/yr")}
PERIOD_UNITS = {"HOUR": N_("/ hour"), "DAY": N_("/ day"), "WEEK": N_("/ week"), "MONTH": N_("/ month"),
                "YEAR": N_("/ year")}


def period_name(period: str, s: Strings) -> str:
    """"per hour", "pro Stunde"."""
    return s.gettext(PERIOD_NAMES[period])


def per_year(config: Config, period: str) -> float:
    """How many of `period` make a year."""
    return {"HOUR": config.hours_per_year, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}[period]


def rate(config: Config, currency: str) -> float | None:
    """Board-currency units per unit of `currency`; None when the board has no rate for it."""
    if currency == config.currency:
        return 1.0
    return dict(config.exchange_rates).get(currency)


def annual(config: Config, band: Band) -> tuple[float, float]:
    """The band's (min, max) per year, in its own currency."""
    factor = per_year(config, band.period)
    return band.min * factor, band.max * factor


def annual_in_board_currency(config: Config, band: Band) -> tuple[float, float] | None:
    """The band's (min, max) per year in the board currency; None without an exchange rate."""
    r = rate(config, band.currency)
    if r is None:
        return None
    low, high = annual(config, band)
    return low * r, high * r


def midpoint(config: Config, band: Band) -> float | None:
    """The middle of the band per year in the board currency: what statistics are made of."""
    converted = annual_in_board_currency(config, band)
    return None if converted is None else (converted[0] + converted[1]) / 2


def posting_range(config: Config, posting: Posting) -> tuple[float, float] | None:
    """The envelope of a posting's convertible bands, per year in the board currency:
    what search filters and sorting use."""
    ranges = [r for r in (annual_in_board_currency(config, b) for b in posting.salary) if r]
    if not ranges:
        return None
    return min(low for low, _ in ranges), max(high for _, high in ranges)


def median(values: list[float]) -> float:
    """The middle value; the mean of the two middle values for an even count."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2


@dataclass(frozen=True)
class Stats:
    """Count, min, median and max of annual band midpoints; `low`/`high` is the envelope of the
    bands themselves (lowest min, highest max), which the chart draws."""

    count: int
    min: float
    median: float
    max: float
    low: float
    high: float


def stats(config: Config, bands: list[Band]) -> Stats | None:
    """Statistics of the bands that convert into the board currency; None when none do."""
    ranges = [r for r in (annual_in_board_currency(config, b) for b in bands) if r]
    if not ranges:
        return None
    mids = [(low + high) / 2 for low, high in ranges]
    return Stats(len(mids), min(mids), median(mids), max(mids),
                 min(low for low, _ in ranges), max(high for _, high in ranges))


def nice_step(span: float, target: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that cuts `span` in about `target` parts."""
    raw = span / target if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


@functools.lru_cache(maxsize=65536)  # babel's formatting was the top render cost; bands repeat a lot
def number(amount: float, language: str) -> str:
    """Grouped per the board's language: 125,269 (en), 125.269 (de), 125 269 (fr)."""
    digits = 2 if not float(amount).is_integer() and amount < 1000 else 0
    return format_decimal(round(amount, digits), locale=locale_of(language), decimal_quantization=False)


@functools.lru_cache(maxsize=65536)
def compact(amount: float, language: str) -> str:
    """A short figure for dense tables: 125k, 1.2M (1,2M in de), or the number itself below 1,000."""
    if amount >= 999_500:
        return format_decimal(round(amount / 1_000_000, 1), locale=locale_of(language)) + "M"
    if amount >= 1000:
        return format_decimal(round(amount / 1000), locale=locale_of(language)) + "k"
    return number(amount, language)


def money_range(currency: str, low: float, high: float, language: str, short: bool = False) -> str:
    """"USD 125,269 – 179,597", "USD 125k–180k" when short; one figure when low == high.
    The ISO code is always shown: "$" alone is ambiguous."""
    fmt = compact if short else number
    a, b = fmt(low, language), fmt(high, language)
    if a == b:
        return f"{currency} {a}"
    return f"{currency} {a}–{b}" if short else f"{currency} {a} – {b}"


def band_range(band: Band, language: str) -> str:
    """"USD 125,269 – 179,597", or one figure for a fixed pay."""
    return money_range(band.currency, band.min, band.max, language)


def band_compact(band: Band, language: str, s: Strings) -> str:
    """"USD 125k–180k/yr", "EUR 85–110/h": for dense tables."""
    return money_range(band.currency, band.min, band.max, language, short=True) + s.gettext(PERIOD_SHORT[band.period])


def pay_summary(bands: tuple[Band, ...], language: str, s: Strings) -> str:
    """A posting's pay in one short line, in its own currency and period: "USD 185k–250k / year",
    "EUR 85–110 / hour"; bands of one currency and period make one range (their envelope)."""
    groups: dict[tuple[str, str], list[Band]] = {}
    for band in bands:
        groups.setdefault((band.currency, band.period), []).append(band)
    return " · ".join(
        money_range(currency, min(b.min for b in group), max(b.max for b in group), language, short=True)
        + " " + s.gettext(PERIOD_UNITS[period])
        for (currency, period), group in groups.items())


@dataclass(frozen=True)
class Pay:
    """Salary formatting bound to one board's settings, for templates: `pay.exact(band)`."""

    config: Config

    def exact(self, band: Band) -> str:
        return band_range(band, self.config.language)

    def compact(self, band: Band) -> str:
        return band_compact(band, self.config.language, strings(self.config))

    def converts(self, band: Band) -> bool:
        return rate(self.config, band.currency) is not None

    def needs_annual(self, bands: tuple[Band, ...]) -> bool:
        """Whether an "annualised in the board currency" column adds anything to these bands."""
        return any(b.period != "YEAR" or b.currency != self.config.currency for b in bands)

    def annual(self, band: Band, short: bool = False) -> str:
        """The band per year in the board currency; per year in its own currency when there is
        no rate (the reader still learns what an hourly rate adds up to)."""
        converted = annual_in_board_currency(self.config, band)
        if converted is not None:
            return money_range(self.config.currency, *converted, self.config.language, short)
        if band.period != "YEAR":
            return money_range(band.currency, *annual(self.config, band), self.config.language, short)
        return ""

    def figure(self, amount: float) -> str:
        """A board-currency statistic in a dense table, its unit in the column header."""
        return compact(amount, self.config.language)

    def amount(self, amount: float) -> str:
        return number(amount, self.config.language)

    def rate(self, rate: float) -> str:
        """An exchange rate with all its digits, in the board's language: 1.27, 1,27 (de), 0.0067."""
        return format_decimal(rate, locale=locale_of(self.config.language), decimal_quantization=False)
