"""The prebuilt search index (pure): Board -> the files under search/.

Layout, JSON (the result cards deflated), every file but the manifest named by content hash so it
can be cached forever:

  search/manifest.json            what to fetch: term-shard boundaries, facet files, doc chunks
  search/terms/<hash>.json        {term: [id list per field]} for a contiguous range of terms
  search/facets/<name>-<hash>.json  [[value, label, id list], ...] for one filter
  search/docs/<hash>/<k>.bin      result cards of documents k*CHUNK .. k*CHUNK+CHUNK-1: a JSON list of
                                  the HTML of the theme's _card.html (links relative to the site
                                  root), raw-deflated: cards repeat their markup, and deflate makes
                                  them a fifth of their size (search.js inflates them with the
                                  browser's DecompressionStream)
  search/pay-<hash>.json          [[amount, id list], ...]: postings by the top of their annual pay,
                                  highest first, for sorting results by pay
  search/text/<slug>.bin          the distinct sentences of a posting's body (a JSON list,
                                  raw-deflated: ~1/5 of the bytes), for the snippet of a result
                                  that matched only there (named by slug: fetched by few, often
                                  rewritten, so not worth a content hash); left out, with
                                  the manifest's "snippets" false, under search_snippets: false

Terms are made in terms.py: the keys of the words in the posting's language, and the heads of
compounds. The manifest names the languages a query is keyed in and their stop words.

Document ids number the open postings newest first, so a lower id is more recent (the
ranking's tie-break). An id list is either deltas in base64 VLQ (sparse lists) or "~" and a
base64 bitmap (dense lists), whichever is shorter; search.js decodes both.

A build may hand over the Kept state of the previous index: when the same postings are in the
same order, only the terms of the postings that changed are decoded, patched and encoded again
(inverting every posting's terms is most of a large board's index build); and when nothing
but bodies can have changed, the facet and record files are the previous ones, and of each
posting only its body's terms are taken again. The files are the same either way.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from bisect import insort
from dataclasses import dataclass
from typing import Callable, Iterable

from ..load.i18n import strings
from ..load.records import Posting
from ..model import salary
from ..model.board import Board, skill_slug
from ..model.labels import EMPLOYMENT_NAMES, REMOTE_NAMES, country_name
from .snippets import deflate
from .terms import FIELDS, field_sources, field_terms, known_heads, term_lists
from .tokens import COMPOUND, COMPOUNDING, query_languages, stop_words

WEIGHTS = (8, 4, 3, 2, 1)  # title > skills and tags > company > location > body
SHARD_BYTES = 16_000  # a shard is cut once it passes this; one huge term still gets one shard
CHUNK = 16  # display records per file: a results page touches few, small files
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

@dataclass(frozen=True)
class ResultCards:
    """How a result shows: the same card as on the list pages (render/site.py's Cards), so a board's own
    _card.html changes both. `key` names what the cards are made with besides the postings
    (the templates), so that the records are made again when it changes."""

    html: Callable[[Posting], str]
    key: str


def indexed(board: Board) -> tuple[Posting, ...]:
    """The open postings; `build --drafts` previews drafts, but never indexes them."""
    return tuple(p for p in board.open_postings if not p.draft)


@dataclass(frozen=True)
class Shown:
    """The files of what results show and filter on, with their entries in the manifest."""

    facets: list[list[str]]  # [name, title, file] per filter
    docs: str  # the folder of the display records
    pay: str  # the file of postings by pay
    files: dict[str, bytes]


@dataclass(frozen=True)
class Kept:
    """What an index build hands the next: every term's id lists as encoded in the index, what
    each document's terms came from, and the shown files with what they were made of."""

    slugs: tuple[str, ...]  # the documents, in id order
    heads: tuple[str, ...]  # the known_heads the compounds' terms were made with, sorted
    sources: tuple[tuple[str, ...], ...]  # per document: its field_sources
    encoded: dict[str, list[str]]  # term -> encoded id list per field, trailing empty ones dropped
    shown_from: bytes  # shown_inputs of the board
    shown: Shown


def search_outputs(board: Board, cards: ResultCards) -> dict[str, bytes]:
    """Every file of the search index, keyed by output path."""
    return build_index(board, cards, None)[0]


def build_index(board: Board, cards: ResultCards, previous: Kept | None) -> tuple[dict[str, bytes], Kept]:
    """The index files, and what to hand to the next build."""
    docs = list(indexed(board))
    slugs, shown_from = tuple(p.slug for p in docs), shown_inputs(board, cards, docs)
    same_docs = previous is not None and previous.slugs == slugs
    if same_docs and previous.shown_from == shown_from:  # only bodies may have changed
        sources = tuple((*old[:-1], p.body_terms) for old, p in zip(previous.sources, docs))
        shown = previous.shown
    else:
        sources, shown = tuple(field_sources(board, p) for p in docs), _shown(board, cards, docs)
    updated = _updated(previous, sources) if same_docs else None
    if updated is None:
        lists, compound_heads = term_lists(sources)
        updated = _encoded(lists, len(docs)), compound_heads
    encoded, compound_heads = updated
    files = dict(shown.files)
    if board.config.search_snippets:
        files.update(text_files(docs))
    shards = [[first, _add(files, "terms/", "", body)] for first, body in _term_shards(encoded)]
    manifest = {
        "count": len(docs), "chunk": CHUNK, "weights": list(WEIGHTS),
        "shards": shards, "facets": shown.facets, "docs": shown.docs, "pay": shown.pay,
        "languages": query_languages(board.config.language), "stop": _query_stop_words(board.config.language),
        "snippets": board.config.search_snippets,
    }
    files["search/manifest.json"] = _json(manifest)
    return files, Kept(slugs, tuple(sorted(compound_heads)), sources, encoded, shown_from, shown)


def _query_stop_words(language: str) -> list[str]:
    """The stop words of the languages a query is stemmed in: a query word among them need not
    be in a result (bodies leave them out), unless the query has only such words."""
    return sorted(set().union(*(stop_words(code) for code in query_languages(language))))


def shown_inputs(board: Board, cards: ResultCards, docs: list[Posting]) -> bytes:
    """A digest of what the result cards, the facets and the field_sources but the bodies'
    terms are made of: the postings in order with their fields, the companies, the settings,
    the day (cards say how old a posting is), the skills' names and the card templates."""
    fields = [(p.slug, p.fields_key) for p in docs]
    companies = list(board.companies.items())
    skills = [(slug, skill.name) for slug, skill in board.skills.items()]
    return hashlib.sha256(repr((board.config, board.today, cards.key, companies, skills, fields)).encode()).digest()


def _shown(board: Board, cards: ResultCards, docs: list[Posting]) -> Shown:
    files: dict[str, bytes] = {}
    facets = [[name, title, _add(files, "facets/", f"{name}-", body)]
              for name, title, body in _facet_files(board, docs)]
    return Shown(facets, _add_docs(files, cards, docs), _add(files, "", "pay-", _json(_pay_order(board, docs))), files)


def _json(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]


def _add(files: dict[str, bytes], folder: str, prefix: str, body: bytes) -> str:
    name = f"{folder}{prefix}{_digest(body)}.json"
    files["search/" + name] = body
    return name


# --- id lists -------------------------------------------------------------------------------

def encode_ids(ids: list[int], count: int) -> str:
    """Ascending ids as VLQ deltas or as a bitmap over `count` documents, whichever is shorter."""
    bitmap_length = 4 * math.ceil(math.ceil(count / 8) / 3)
    if len(ids) <= bitmap_length:  # else the deltas, at least a character each, cannot be shorter
        out: list[str] = []
        previous = -1
        for doc in ids:
            delta, previous = doc - previous - 1, doc
            while delta >= 32:
                out.append(B64[32 | (delta & 31)])
                delta >>= 5
            out.append(B64[delta])
        if len(out) <= bitmap_length:
            return "".join(out)
    bits = bytearray((count + 7) // 8)
    for doc in ids:
        bits[doc >> 3] |= 1 << (doc & 7)
    return "~" + base64.b64encode(bytes(bits)).decode("ascii")


_BIT_POSITIONS = [tuple(i for i in range(8) if byte >> i & 1) for byte in range(256)]


def decode_ids(encoded: str) -> list[int]:
    """The ids of an encode_ids string."""
    if encoded.startswith("~"):
        bits = base64.b64decode(encoded[1:])
        return [k * 8 + i for k, byte in enumerate(bits) if byte for i in _BIT_POSITIONS[byte]]
    ids, delta, shift, previous = [], 0, 0, -1
    for char in encoded:
        digit = B64.index(char)
        delta |= (digit & 31) << shift
        shift += 5
        if digit < 32:
            previous += delta + 1
            ids.append(previous)
            delta = shift = 0
    return ids


def _encoded(lists: dict[str, list[list[int]]], count: int) -> dict[str, list[str]]:
    result = {}
    for term, ids in lists.items():
        encoded = [encode_ids(field_ids, count) for field_ids in ids]
        while encoded and not encoded[-1]:
            encoded.pop()
        if encoded:
            result[term] = encoded
    return result


def _updated(previous: Kept, sources: tuple[tuple[str, ...], ...]) -> tuple[dict[str, list[str]], frozenset[str]] | None:
    """previous.encoded with the documents whose sources changed moved to their new terms, and
    the known heads; None when the known heads changed (every compound's terms may have)."""
    compound_heads = frozenset(previous.heads)
    lists: dict[str, list[list[int]]] = {}  # the changed terms, decoded

    def ids(term: str) -> list[list[int]]:
        if term not in lists:
            encoded = previous.encoded.get(term, [])
            lists[term] = [decode_ids(e) for e in encoded] + [[] for _ in FIELDS[len(encoded):]]
        return lists[term]

    for doc, (old, new) in enumerate(zip(previous.sources, sources)):
        if old == new:
            continue
        for field, (before, after) in enumerate(zip(field_terms(old, compound_heads),
                                                    field_terms(new, compound_heads))):
            for term in before - after:
                ids(term)[field].remove(doc)
            for term in after - before:
                insort(ids(term)[field], doc)
    result = {term: encoded for term, encoded in previous.encoded.items() if term not in lists}
    result.update(_encoded(lists, len(sources)))
    compounding = any(language in COMPOUNDING for language, *_ in sources)
    if known_heads((t for t in result if not t.endswith(COMPOUND)), compounding) != compound_heads:
        return None
    return result, compound_heads


def _utf16(term: str) -> bytes:
    """Sort terms as JavaScript compares strings (UTF-16 code units), so the client's
    binary search over shard boundaries agrees with the order they were cut in."""
    return term.encode("utf-16-be")


def _term_shards(encoded: dict[str, list[str]]) -> Iterable[tuple[str, bytes]]:
    """(first term, shard file) for contiguous runs of terms; the first shard starts at ""."""
    shard: dict[str, list[str]] = {}
    size, first = 0, ""
    for term in sorted(encoded, key=_utf16):
        if shard and size > SHARD_BYTES:
            yield first, _json(shard)
            shard, size, first = {}, 0, term
        shard[term] = encoded[term]
        size += len(term) + sum(len(e) + 3 for e in encoded[term]) + 6
    yield first, _json(shard)


# --- facets ---------------------------------------------------------------------------------

def _facet_files(board: Board, docs: list[Posting]) -> Iterable[tuple[str, str, bytes]]:
    names = {slug: company.name for slug, company in board.companies.items()}
    words, language = strings(board.config), board.config.language
    # (name, title, a posting's values, a value's label, fixed order of values or None: by count)
    facets: list[tuple[str, str, Callable[[Posting], Iterable[str]], Callable[[str], str], list[str] | None]] = [
        ("remote", words.gettext("Work mode"), lambda p: [p.remote], lambda v: words.gettext(REMOTE_NAMES[v]),
         list(REMOTE_NAMES)),
        ("type", words.gettext("Type"), lambda p: p.employment_type, lambda v: words.gettext(EMPLOYMENT_NAMES[v]),
         list(EMPLOYMENT_NAMES)),
        ("skill", words.gettext("Skill"), lambda p: [skill_slug(s) for s in p.skills], lambda s: board.skills[s].name,
         None),
        ("company", words.gettext("Company"), lambda p: [p.company], names.__getitem__, None),
        ("country", words.gettext("Country"), lambda p: [loc.country for loc in p.locations] + list(p.remote_eligible),
         lambda c: country_name(c, language), None),
    ]
    for name, title, values_of, label, fixed in facets:
        yield name, title, _json(_facet_values(docs, values_of, label, fixed))
    yield ("salary", words.gettext("Pay (%(currency)s/yr)") % {"currency": board.config.currency},
           _json(_salary_facet(board, docs)))


def _facet_values(docs: list[Posting], values_of: Callable[[Posting], Iterable[str]],
                  label: Callable[[str], str], fixed: list[str] | None) -> list[list[str]]:
    groups: dict[str, list[int]] = {}
    for doc, posting in enumerate(docs):
        for value in dict.fromkeys(values_of(posting)):
            groups.setdefault(value, []).append(doc)
    if fixed:
        order = [v for v in fixed if v in groups]
    else:
        order = sorted(groups, key=lambda v: (-len(groups[v]), label(v), v))
    return [[value, label(value), encode_ids(groups[value], len(docs))] for value in order]


def _salary_facet(board: Board, docs: list[Posting]) -> list[list[str]]:
    """Round thresholds (multiples of 10k, 20k, 25k, 50k...) across the 10th to 90th percentile of
    the postings' annual tops in the board currency; a posting is listed under a threshold when
    its range reaches it (overlaps [X, ∞): it may pay X), as the facet's title says. Postings
    whose pay has no exchange rate are a value of their own, "Other currencies", so a seeker can
    still find them."""
    config = board.config
    ranges = [salary.posting_range(config, p) for p in docs]
    highs = [r[1] if r else None for r in ranges]
    values = [[str(int(t)), f"{config.currency} {salary.compact(t, config.language)}+",
               encode_ids([d for d, h in enumerate(highs) if h is not None and h >= t], len(docs))]
              for t in pay_thresholds(sorted(h for h in highs if h is not None))]
    unconverted = [d for d, (p, r) in enumerate(zip(docs, ranges)) if p.salary and r is None]
    if unconverted:
        values.append(["other", strings(config).gettext("Other currencies"), encode_ids(unconverted, len(docs))])
    return values


def pay_thresholds(tops: list[float]) -> list[float]:
    """About five round steps from the 10th to the 90th percentile of `tops` (sorted); a lone
    value or a narrow spread still gets steps of about a quarter of its size."""
    if not tops:
        return []
    low, high = tops[int(0.1 * (len(tops) - 1))], tops[int(0.9 * (len(tops) - 1))]
    step = salary.nice_step(max(high - low, high / 2))
    first = max(math.floor(low / step), 1)
    return [k * step for k in range(first, math.floor(high / step) + 1)]


def _pay_order(board: Board, docs: list[Posting]) -> list[list[object]]:
    """The postings with convertible pay grouped by the top of their annual range rounded down to
    two significant figures, highest first (results sorted by pay: newest first within a group)."""
    groups: dict[int, list[int]] = {}
    for doc, posting in enumerate(docs):
        annual = salary.posting_range(board.config, posting)
        if annual:
            groups.setdefault(int(_nice_floor(annual[1])), []).append(doc)
    return [[amount, encode_ids(groups[amount], len(docs))] for amount in sorted(groups, reverse=True)]


def _nice_floor(amount: float) -> float:
    """Round down to two significant figures: 137,400 -> 130,000; 87,400 -> 87,000."""
    step = 10 ** max(int(math.log10(max(amount, 1))) - 1, 0)
    return max(amount // step * step, step)


# --- body text for snippets -----------------------------------------------------------------

def text_files(docs: list[Posting]) -> dict[str, bytes]:
    return {f"search/text/{p.slug}.bin": p.sentences for p in docs}


# --- result cards ---------------------------------------------------------------------------

def _add_docs(files: dict[str, bytes], cards: ResultCards, docs: list[Posting]) -> str:
    """Result-card chunks in one folder named by the hash of them all: a new posting shifts
    every id anyway, so per-file hashes would not cache better, and the manifest stays small."""
    records = [cards.html(p) for p in docs]
    chunks = [deflate(_json(records[i:i + CHUNK])) for i in range(0, len(records), CHUNK)]
    folder = f"docs/{_digest(b''.join(chunks))}/"
    for k, chunk in enumerate(chunks):
        files[f"search/{folder}{k}.bin"] = chunk
    return folder
