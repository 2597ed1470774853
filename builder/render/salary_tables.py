"""Board-wide salary statistics for /salaries/: every band, grouped by company, skill, level and location."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, NamedTuple

from ..load.i18n import N_, strings
from ..load.records import Band, Posting
from ..model import salary
from ..model.board import Board
from ..model.salary import Stats


@dataclass(frozen=True)
class Entry:
    """One band of one open posting; `midpoint` is None when its currency has no rate."""

    posting: Posting
    band: Band
    midpoint: float | None


@dataclass(frozen=True)
class Row:
    label: str
    href: str  # relative to the site root; "" when the group has no page
    stats: Stats


@dataclass(frozen=True)
class Table:
    slug: str  # HTML id
    title: str  # msgids, translated where shown
    column: str  # header of the label column
    caption: str  # with a %(currency)s placeholder
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Report:
    entries: tuple[Entry, ...]  # every band of every open posting
    overall: Stats | None
    tables: tuple[Table, ...]
    excluded: tuple[Entry, ...]  # bands in a currency without a rate: listed, not counted
    undisclosed: tuple[Posting, ...]  # open postings without a band

    @property
    def missing_rates(self) -> tuple[str, ...]:
        return tuple(sorted({e.band.currency for e in self.excluded}))

    def table(self, slug: str) -> Table:
        return next(t for t in self.tables if t.slug == slug)


Group = tuple[str, str]  # (label, href)
Grouping = Callable[[Board, Entry], list[Group]]


def by_company(board: Board, entry: Entry) -> list[Group]:
    company = board.companies[entry.posting.company]
    return [(company.name, f"companies/{company.slug}/")]


def by_skill(board: Board, entry: Entry) -> list[Group]:
    skills = [board.skill_of(name) for name in entry.posting.skills]
    return [(skill.name, f"skills/{skill.slug}/") for skill in skills]


def by_level(board: Board, entry: Entry) -> list[Group]:
    return [(entry.band.level or strings(board.config).gettext("No level given"), "")]


def by_location(board: Board, entry: Entry) -> list[Group]:
    """Each place of the posting, and "Remote" for fully remote postings."""
    places = [(str(loc), "") for loc in entry.posting.locations]
    return places + [(strings(board.config).gettext("Remote"), "")] if entry.posting.remote == "remote" else places


TABLES: tuple[tuple[str, str, str, str, Grouping], ...] = (
    ("by-company", N_("By company"), N_("Company"),
     N_("Band midpoints by company, per year in %(currency)s (k = thousand)"), by_company),
    ("by-skill", N_("By skill"), N_("Skill"),
     N_("Band midpoints by skill, per year in %(currency)s (k = thousand)"), by_skill),
    ("by-level", N_("By level"), N_("Level"),
     N_("Band midpoints by level, per year in %(currency)s (k = thousand)"), by_level),
    ("by-location", N_("By location"), N_("Location"),
     N_("Band midpoints by location, per year in %(currency)s (k = thousand)"), by_location),
)


def entries(board: Board) -> tuple[Entry, ...]:
    """Every band of the open postings, highest midpoint first; bands without a rate last."""
    found = [Entry(p, b, salary.midpoint(board.config, b)) for p in board.open_postings for b in p.salary]
    return tuple(sorted(found, key=lambda e: (e.midpoint is None, -(e.midpoint or 0), e.posting.slug)))


class BandRow(NamedTuple):
    """One line of the "Every band" table, in plain values: a page of them is keyed quickly and
    leaves bodies out, so editing a posting's text does not re-render it."""

    slug: str
    title: str
    company: str  # the company's name
    band: Band
    midpoint: float | None


def band_rows(board: Board, every: tuple[Entry, ...]) -> tuple[BandRow, ...]:
    return tuple(BandRow(e.posting.slug, e.posting.title, board.companies[e.posting.company].name, e.band, e.midpoint)
                 for e in every)


def grouped(board: Board, counted: list[Entry], grouping: Grouping) -> tuple[Row, ...]:
    """One row per group with the statistics of its bands, highest median first."""
    bands: dict[Group, list[Band]] = defaultdict(list)
    for entry in counted:
        for group in dict.fromkeys(grouping(board, entry)):
            bands[group].append(entry.band)
    rows = []
    for (label, href), group_bands in bands.items():
        group_stats = salary.stats(board.config, group_bands)
        if group_stats is not None:
            rows.append(Row(label, href, group_stats))
    return tuple(sorted(rows, key=lambda r: (-r.stats.median, r.label.lower())))


def report(board: Board) -> Report:
    every = entries(board)
    counted = [e for e in every if e.midpoint is not None]
    return Report(
        entries=every,
        overall=salary.stats(board.config, [e.band for e in counted]),
        tables=tuple(Table(slug, title, column, caption, grouped(board, counted, grouping))
                     for slug, title, column, caption, grouping in TABLES),
        excluded=tuple(e for e in every if e.midpoint is None),
        undisclosed=tuple(p for p in board.open_postings if not p.salary),
    )

