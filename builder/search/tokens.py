"""The search tokeniser. static/assets/search.js implements the same rules; keep them in step
(tests/browser/test_search_tokens.py runs both on the same tricky strings)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

# Letters that NFKD does not split into a base letter plus a mark.
FOLDS = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ı": "i"}
# A word: letters and digits, joined by . _ or -; an optional leading dot (.NET) and trailing
# + or # (C++, C#) so programming skills survive. [^\W_] is JS's [\p{L}\p{N}].
WORD = re.compile(r"\.?[^\W_]+(?:[._-][^\W_]+)*[+#]*")
SEPARATORS = re.compile(r"[._-]")
MAX_LENGTH = 40  # longer "words" are noise (hashes, URLs) and would bloat the index


NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str) -> str:
    """Lower case without accents: "Zürich" -> "zurich", "São Paulo" -> "sao paulo"."""
    # Only non-ASCII runs can hold marks or FOLDS letters; bodies are mostly ASCII, and a
    # per-character pass over all of them was most of a 10k board's index build.
    return NON_ASCII.sub(_fold_run, unicodedata.normalize("NFKD", text.lower()))


def _fold_run(match: re.Match[str]) -> str:
    return "".join(FOLDS.get(ch, ch) for ch in match.group() if unicodedata.category(ch) != "Mn")


def tokens(text: str) -> list[str]:
    """Every searchable term of `text`, in order: a compound word ("node.js", ".net",
    "full-time") and then its parts ("node", "js"), so both spellings find it."""
    result: list[str] = []
    for word in WORD.findall(fold(text)):
        if len(word) > MAX_LENGTH:
            continue
        result.append(word)
        if "." in word or "-" in word or "_" in word:  # SEPARATORS, without a regex call per word
            result += [part for part in SEPARATORS.split(word) if part]
    return result


# A whitespace-separated piece's terms, as made by _piece_terms. Job ads share most of their
# words, so a parse worker meets few new pieces after its first postings; cleared when full.
_TERMS_OF: dict[str, frozenset[str]] = {}
PIECES_KEPT = 100_000


def distinct_terms(text: str) -> str:
    """The distinct terms of `text`, sorted, space-separated: a compact form to keep and index.
    The same set as tokens(text), with each distinct whitespace-separated piece tokenised once."""
    # No term spans whitespace, and folding stays within a whitespace-separated piece (even
    # Greek final sigma), so the terms of a text are the union of its pieces' terms.
    pieces = set(text.split())
    known = _TERMS_OF
    if len(known) + len(pieces) > PIECES_KEPT:
        known.clear()
    for piece in pieces.difference(known):
        known[piece] = _piece_terms(piece)
    return " ".join(sorted(set().union(*map(known.__getitem__, pieces))))


def _piece_terms(piece: str) -> frozenset[str]:
    words = {word for word in WORD.findall(fold(piece)) if len(word) <= MAX_LENGTH}
    for word in [w for w in words if "." in w or "-" in w or "_" in w]:
        words.update(part for part in SEPARATORS.split(word) if part)
    return frozenset(words)


# --- stems ----------------------------------------------------------------------------------
# Index and query hold stems, so "engineers" finds "Engineer" and "migrating" finds "migration".
# The rules are Snowball's English (Porter2) stemmer; static/assets/search-match.js ports the
# same rules (tests/browser/test_search_tokens.py checks them on every word of the example
# board, the bench corpus and a list of tricky words). Only plain a-z words are stemmed: skills
# (c++, node.js, .net), numbers and words of other scripts stay as they are. Boards in other
# languages are not stemmed: the browser would need a port of each language's rules.
STEMMED_WORD = re.compile(r"[a-z]+")
STEMMERS = {"en": "english"}
_STEMS: dict[str, str] = {}  # word -> stem; a board's vocabulary is a few tens of thousands


def stemmer_name(language: str) -> str | None:
    """The Snowball algorithm for a board's language (a BCP 47 tag), or None: no stemming."""
    return STEMMERS.get(language.split("-")[0].lower())


def stem(word: str) -> str:
    """The English stem of a term; a term that is not a plain a-z word is its own stem."""
    found = _STEMS.get(word)
    if found is None:
        found = _STEMS[word] = _english().stemWord(word) if STEMMED_WORD.fullmatch(word) else word
    return found


@lru_cache(maxsize=1)
def _english() -> Any:
    import snowballstemmer  # here, not at the top: it loads all its languages' modules

    return snowballstemmer.stemmer("english")
