"""Assemble the Board: postings joined to companies and skills, drafts and expiry applied, sorted."""

from __future__ import annotations

import functools
import heapq
import re
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from ..load.records import Company, Config, Posting


@dataclass(frozen=True)
class Skill:
    slug: str
    name: str


@dataclass(frozen=True)
class Board:
    config: Config
    today: date
    companies: dict[str, Company]  # by slug, sorted by name
    postings: tuple[Posting, ...]  # every published posting (open, or expired and marked), newest first
    open_postings: tuple[Posting, ...]  # newest first
    skills: dict[str, Skill]  # by slug, sorted by slug
    by_company: dict[str, tuple[Posting, ...]]  # open postings per company slug
    by_skill: dict[str, tuple[Posting, ...]]  # open postings per skill slug
    related: dict[str, tuple[Posting, ...]]  # per posting slug: open postings like it (related_postings)

    def is_expired(self, posting: Posting) -> bool:
        return is_expired(posting, self.today)

    def skill_of(self, name: str) -> Skill:
        return self.skills[skill_slug(name)]


def is_expired(posting: Posting, today: date) -> bool:
    """A posting is valid through the whole of its valid_through day."""
    return posting.valid_through is not None and posting.valid_through < today


@functools.lru_cache(maxsize=None)  # called for every skill of every posting; few distinct names
def skill_slug(name: str) -> str:
    """A URL slug that keeps C++, C# and .NET apart from C and NET."""
    s = name.strip().lower().replace("+", "-plus-").replace("#", "-sharp-")
    s = re.sub(r"^\.", "dot-", s)
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    return re.sub(r"[^\w]+", "-", s).strip("-_") or "skill"


def _skills(postings: tuple[Posting, ...]) -> dict[str, Skill]:
    """One Skill per slug, named by its most used spelling ("Python" over "python")."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for posting in postings:
        for name in posting.skills:
            spellings[skill_slug(name)][name] += 1
    return {
        slug: Skill(slug, min(names, key=lambda n: (-names[n], n)))
        for slug, names in sorted(spellings.items())
    }


def _group(postings: tuple[Posting, ...], keys) -> dict[str, tuple[Posting, ...]]:  # noqa: ANN001
    groups: dict[str, list[Posting]] = defaultdict(list)
    for posting in postings:
        for key in dict.fromkeys(keys(posting)):
            groups[key].append(posting)
    return {key: tuple(group) for key, group in groups.items()}


RELATED = 5  # related postings on a posting's page
# The postings looked at on each side of a posting, by date, in the list of each skill it has and
# of its company: bounded work per posting, and a posting is related to a bounded number of
# others (whose pages change when it does), however many share its skills.
RELATED_WINDOW = 6


def related_postings(postings: tuple[Posting, ...], open_postings: tuple[Posting, ...],
                     by_company: dict[str, tuple[Posting, ...]],
                     by_skill: dict[str, tuple[Posting, ...]]) -> dict[str, tuple[Posting, ...]]:
    """Per posting, up to RELATED other open postings: those sharing the most skills first, the
    same company counting as two shared skills, then the newest. They are found among the
    postings next to it by date in each list it shares. `postings` are newest first."""
    rank = {p.slug: i for i, p in enumerate(open_postings)}  # newest first

    def ranks(groups: dict[str, tuple[Posting, ...]]) -> dict[str, list[int]]:
        return {key: [rank[p.slug] for p in group] for key, group in groups.items()}  # ascending

    companies, skills = ranks(by_company), ranks(by_skill)
    n = len(open_postings)
    result = {}
    newer = 0  # open postings newer than this one: an expired posting sits among them by date
    for posting in postings:  # newest first, as open_postings
        own = rank.get(posting.slug)
        if own is not None:
            newer = own
        scores: Counter[int] = Counter()
        lists = [skills.get(slug, ()) for slug in dict.fromkeys(map(skill_slug, posting.skills))]
        company = companies.get(posting.company, ())
        for ids in lists + [company, company]:  # the company counts twice
            at = bisect_left(ids, newer)
            scores.update(ids[max(at - RELATED_WINDOW, 0):at + RELATED_WINDOW + 1])
        if own is not None:
            scores.pop(own, None)
            newer = own + 1
        # one number per candidate, highest for the most shared and then the newest
        best = heapq.nlargest(RELATED, [count * n + n - 1 - i for i, count in scores.items()])
        result[posting.slug] = tuple(open_postings[n - 1 - key % n] for key in best)
    return result


def assemble(config: Config, companies: dict[str, Company], postings: list[Posting],
             today: date, drafts: bool = False) -> Board:
    def published(p: Posting) -> bool:
        return (drafts or not p.draft) and not (config.expired == "hide" and is_expired(p, today))

    kept = tuple(sorted(filter(published, postings), key=lambda p: (-p.date_posted.toordinal(), p.title, p.slug)))
    open_postings = tuple(p for p in kept if not is_expired(p, today))
    by_company = _group(open_postings, lambda p: [p.company])
    by_skill = _group(open_postings, lambda p: [skill_slug(s) for s in p.skills])
    return Board(
        config=config,
        today=today,
        companies=dict(sorted(companies.items(), key=lambda kv: (kv[1].name.lower(), kv[0]))),
        postings=kept,
        open_postings=open_postings,
        skills=_skills(kept),
        by_company=by_company,
        by_skill=by_skill,
        related=related_postings(kept, open_postings, by_company, by_skill),
    )
