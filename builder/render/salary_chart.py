"""The /salaries/ range chart: bar geometry computed at build time, drawn as inline SVG by a template."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..load.i18n import strings
from ..model.salary import Pay, nice_step
from .salary_tables import Row

WIDTH = 720
LABEL_WIDTH = 190  # left column for the group names
RIGHT_PAD = 24
ROW_HEIGHT = 34
TOP = 12
AXIS_HEIGHT = 34
DOT = 16  # the smallest bar drawn, as wide as it is tall
MAX_LABEL = 24  # characters; longer names are shortened, the full name stays in the bar's <title>


@dataclass(frozen=True)
class Bar:
    label: str  # possibly shortened
    name: str  # full name
    href: str
    y: float  # centre line of the bar
    x1: float
    x2: float
    median_x: float
    text: str  # the bar in words, also its tooltip and text alternative

    @property
    def span(self) -> tuple[float, float]:
        """x and width as drawn: at least a dot wide, so a single fixed band still shows."""
        if self.x2 - self.x1 >= DOT:
            return self.x1, round(self.x2 - self.x1, 1)
        return round((self.x1 + self.x2 - DOT) / 2, 1), DOT


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    axis_y: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


def _shorten(name: str) -> str:
    return name if len(name) <= MAX_LABEL else name[: MAX_LABEL - 1].rstrip() + "…"


def describe(row: Row, pay: Pay) -> str:
    s = row.stats
    text = strings(pay.config).ngettext(
        "%(name)s: %(currency)s %(low)s to %(high)s a year, median midpoint %(median)s (%(count)s band)",
        "%(name)s: %(currency)s %(low)s to %(high)s a year, median midpoint %(median)s (%(count)s bands)", s.count)
    return text % {"name": row.label, "currency": pay.config.currency, "low": pay.amount(s.low),
                   "high": pay.amount(s.high), "median": pay.amount(s.median), "count": s.count}


def range_chart(rows: tuple[Row, ...], pay: Pay) -> Chart | None:
    """One bar per row from its lowest band minimum to its highest band maximum, per year in the
    board currency, with the median band midpoint marked; None without rows."""
    if not rows:
        return None
    low = min(r.stats.low for r in rows)
    high = max(r.stats.high for r in rows)
    step = nice_step(high - low)
    start, end = math.floor(low / step) * step, math.ceil(high / step) * step
    end = end if end > start else start + step
    left, right = LABEL_WIDTH, WIDTH - RIGHT_PAD

    def x(amount: float) -> float:
        return round(left + (amount - start) / (end - start) * (right - left), 1)

    bars = tuple(
        Bar(_shorten(r.label), r.label, r.href, TOP + ROW_HEIGHT * (i + 0.5),
            x(r.stats.low), x(r.stats.high), x(r.stats.median), describe(r, pay))
        for i, r in enumerate(rows)
    )
    axis_y = TOP + ROW_HEIGHT * len(rows) + 4
    count = round((end - start) / step)
    ticks = tuple(Tick(x(start + i * step), pay.figure(start + i * step)) for i in range(count + 1))
    return Chart(WIDTH, int(axis_y + AXIS_HEIGHT), left, right, axis_y, bars, ticks)
