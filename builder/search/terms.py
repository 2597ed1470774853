"""Each posting's search terms per field, and every term's id lists over the postings (pure):
what index.py encodes. A term is a key of a word (tokens.keys): its stem in the posting's
language, folded; the bodies' stop words are left out; in German and Dutch postings,
"<head>~" stands for the compounds that end with a head ("entwickl~": "Softwareentwickler")."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from ..load.i18n import strings
from ..load.records import Posting
from ..model.board import Board
from ..model.labels import EMPLOYMENT_NAMES, REMOTE_NAMES, country_name
from .place_names import other_names
from .tokens import COMPOUND, COMPOUNDING, HEAD, fold, heads, keys, language_code, stop_words, words

FIELDS = ("title", "skills", "company", "location", "body")


def field_sources(board: Board, posting: Posting) -> tuple[str, ...]:
    """The language of the posting's words, then the text of each of FIELDS; the body as its
    distinct words. The labels a card shows (work mode, employment type, pay currencies) are
    searchable with the places, in the board's language."""
    company = board.companies[posting.company]
    s, language = strings(board.config), board.config.language
    countries = [loc.country for loc in posting.locations] + list(posting.remote_eligible)
    places = [" ".join((loc.city, loc.region) + other_names(loc.city)) for loc in posting.locations]
    places += [f"{code} {country_name(code, language)}" for code in countries]
    places += [posting.remote, s.gettext(REMOTE_NAMES[posting.remote])]
    places += [s.gettext(EMPLOYMENT_NAMES[t]) for t in posting.employment_type] + [b.currency for b in posting.salary]
    return (language_code(posting.language or language), posting.title, " ".join(posting.skills + posting.tags),
            f"{company.name} {posting.company}", " ".join(places), posting.body_terms)


def field_terms(sources: tuple[str, ...], compound_heads: frozenset[str]) -> tuple[set[str], ...]:
    """The distinct keys of each of FIELDS, from field_sources: stems in the posting's language,
    the body's without its stop words; in a compounding language also the head + COMPOUND of
    each compound whose head is in `compound_heads`."""
    language, *texts, body = sources
    stop = stop_words(language)
    terms = [{k for w in _distinct(text) for k in keys(w, language)} for text in texts]
    terms.append({k for w in body.split() if fold(w) not in stop for k in keys(w, language)})
    if language in COMPOUNDING and compound_heads:
        for field in terms:
            field.update([h + COMPOUND for k in field if k.isalpha() for h in heads(k, compound_heads)])
    return tuple(terms)


@lru_cache(maxsize=4096)  # titles, companies and places repeat across postings
def _distinct(text: str) -> frozenset[str]:
    return frozenset(words(text))


def known_heads(vocabulary: Iterable[str], compounding: bool) -> frozenset[str]:
    """The keys of the index that are the head of another key (a compound), when any posting is
    in a compounding language: "entwickl" when "entwickl" and "softwareentwickl" are keys."""
    if not compounding:
        return frozenset()
    known = frozenset(k for k in vocabulary if len(k) >= HEAD and k.isalpha())
    return frozenset(h for k in known for h in heads(k, known))


def term_lists(sources: tuple[tuple[str, ...], ...]) -> tuple[dict[str, list[list[int]]], frozenset[str]]:
    """Every key's id lists per field, and the known_heads they were made with: the same as
    inverting each posting's field_terms, with each distinct word of a language keyed once,
    not once a posting."""
    groups: dict[str, dict[str, list[list[int]]]] = {}  # language -> word -> ids per field
    for doc, (language, *texts, body) in enumerate(sources):
        group = groups.setdefault(language, {})
        for field, field_words in enumerate((*map(_distinct, texts), body.split())):
            for word in field_words:
                entry = group.get(word) or group.setdefault(word, [[] for _ in FIELDS])
                entry[field].append(doc)
    keyed = {language: _by_key(group, language) for language, group in groups.items()}
    compound_heads = known_heads({k for lists in keyed.values() for k in lists}, bool(COMPOUNDING & set(keyed)))
    merged: dict[str, list[list[list[int]]]] = {}
    for language, lists in keyed.items():
        if language in COMPOUNDING:
            lists = {**lists, **_compounds(lists, compound_heads)}
        for term, ids in lists.items():
            merged.setdefault(term, []).append(ids)
    return {term: _merged(group) for term, group in merged.items()}, compound_heads


def _by_key(group: dict[str, list[list[int]]], language: str) -> dict[str, list[list[int]]]:
    """The lists of a language's words by their keys, the body's stop words left out."""
    stop, body = stop_words(language), len(FIELDS) - 1
    keyed: dict[str, list[list[list[int]]]] = {}
    for word, ids in group.items():
        if ids[body] and fold(word) in stop:
            ids = ids[:body] + [[]]
            if not any(ids):
                continue
        for term in keys(word, language):
            keyed.setdefault(term, []).append(ids)
    return {term: _merged(lists) for term, lists in keyed.items()}


def _compounds(lists: dict[str, list[list[int]]], compound_heads: frozenset[str]) -> dict[str, list[list[int]]]:
    """head + COMPOUND -> the lists of the keys that end with that head."""
    found: dict[str, list[list[list[int]]]] = {}
    for term, ids in lists.items():
        if term.isalpha():
            for head in heads(term, compound_heads):
                found.setdefault(head + COMPOUND, []).append(ids)
    return {term: _merged(group) for term, group in found.items()}


def _merged(group: list[list[list[int]]]) -> list[list[int]]:
    return group[0] if len(group) == 1 else [sorted(set().union(*field)) for field in zip(*group)]
