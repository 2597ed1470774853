"""Salary bands: annualising, conversion to the board currency, formatting."""

from __future__ import annotations

from babel.numbers import format_decimal

from .records import Band, Config

PERIOD_NAMES = {"HOUR": "per hour", "DAY": "per day", "WEEK": "per week", "MONTH": "per month", "YEAR": "per year"}


def per_year(config: Config, period: str) -> float:
    """How many of `period` make a year."""
    return {"HOUR": config.hours_per_year, "DAY": 260, "WEEK": 52, "MONTH": 12, "YEAR": 1}[period]


def number(amount: float, language: str) -> str:
    """Grouped per the board's language: 125,269 (en), 125.269 (de), 125 269 (fr)."""
    digits = 2 if not float(amount).is_integer() and amount < 1000 else 0
    return format_decimal(round(amount, digits), locale=language.replace("-", "_"), decimal_quantization=False)


def band_range(band: Band, language: str) -> str:
    """"USD 125,269 – 179,597", or one figure for a fixed pay; the ISO code is always shown."""
    low, high = number(band.min, language), number(band.max, language)
    return f"{band.currency} {low}" if band.min == band.max else f"{band.currency} {low} – {high}"
