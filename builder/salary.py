"""Salary bands: annualising, conversion to the board currency, formatting."""

from __future__ import annotations

import functools

from babel.numbers import format_decimal

from .records import Band, Config, Posting

PERIOD_NAMES = {"HOUR": "per hour", "DAY": "per day", "WEEK": "per week", "MONTH": "per month", "YEAR": "per year"}


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


def posting_range(config: Config, posting: Posting) -> tuple[float, float] | None:
    """The envelope of a posting's convertible bands, per year in the board currency:
    what search filters and sorting use."""
    ranges = [r for r in (annual_in_board_currency(config, b) for b in posting.salary) if r]
    if not ranges:
        return None
    return min(low for low, _ in ranges), max(high for _, high in ranges)


@functools.lru_cache(maxsize=65536)  # babel's formatting was the top render cost; bands repeat a lot
def number(amount: float, language: str) -> str:
    """Grouped per the board's language: 125,269 (en), 125.269 (de), 125 269 (fr)."""
    digits = 2 if not float(amount).is_integer() and amount < 1000 else 0
    return format_decimal(round(amount, digits), locale=language.replace("-", "_"), decimal_quantization=False)


def band_range(band: Band, language: str) -> str:
    """"USD 125,269 – 179,597", or one figure for a fixed pay; the ISO code is always shown."""
    low, high = number(band.min, language), number(band.max, language)
    return f"{band.currency} {low}" if band.min == band.max else f"{band.currency} {low} – {high}"
