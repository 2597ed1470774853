"""The search's text rules: a text's words, and each word's key in the index (its stem in the
text's language, folded). static/assets/search.js and search-match.js implement the same rules;
keep them in step (tests/browser/test_search_tokens.py runs both on the same words)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

# Letters that NFKD does not split into a base letter plus a mark.
FOLDS = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ł": "l", "þ": "th", "ı": "i"}
# A word: letters and digits, joined by . _ or -; an optional leading dot (.NET) and trailing
# + or # (C++, C#) so programming skills survive. [^\W_] is JS's [\p{L}\p{N}]; the combining
# accents are in words too, for the few letters that have no composed form.
LETTER = r"(?:[^\W_]|[\u0300-\u036f])"
WORD = re.compile(rf"\.?{LETTER}+(?:[._-]{LETTER}+)*[+#]*")
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


def words(text: str) -> list[str]:
    """Every word of `text`, lower case with its accents (stemmers need them), in order: a
    compound word ("node.js", ".net", "full-time") and then its parts ("node", "js"), so both
    spellings find it."""
    result: list[str] = []
    for word in WORD.findall(unicodedata.normalize("NFKC", text.lower())):
        if len(word) > MAX_LENGTH:
            continue
        result.append(word)
        if "." in word or "-" in word or "_" in word:  # SEPARATORS, without a regex call per word
            result += [part for part in SEPARATORS.split(word) if part]
    return result


def tokens(text: str) -> list[str]:
    """The words of `text`, folded: what an unstemmed index would hold."""
    return [fold(word) for word in words(text)]


# A whitespace-separated piece's words, as words() makes them. Job ads share most of their
# words, so a parse worker meets few new pieces after its first postings; cleared when full.
_WORDS_OF: dict[str, frozenset[str]] = {}
PIECES_KEPT = 100_000


def distinct_terms(text: str) -> str:
    """The distinct words of `text`, sorted, space-separated: a compact form to keep and index.
    The same set as words(text), with each distinct whitespace-separated piece read once."""
    # No word spans whitespace, and lower case and NFKC stay within a whitespace-separated
    # piece (even Greek final sigma), so the words of a text are the union of its pieces' words.
    pieces = set(text.split())
    known = _WORDS_OF
    if len(known) + len(pieces) > PIECES_KEPT:
        known.clear()
    for piece in pieces.difference(known):
        known[piece] = frozenset(words(piece))
    return " ".join(sorted(set().union(*map(known.__getitem__, pieces))))


# --- keys: stems, folded --------------------------------------------------------------------
# Index and query hold stems, so "engineers" finds "Engineer" and "Entwicklerinnen" finds
# "Entwickler". The rules are Snowball's: snowballstemmer here, and in the browser Snowball's
# own JavaScript output (static/assets/stem-<language>.js) or, for English, the port in
# search-match.js; tests/browser/test_search_tokens.py checks both sides on thousands of words
# per language. A word is stemmed with its accents, then folded ("sécurité" -> "secur"), and also
# stemmed without them (keys); only words of Latin letters are stemmed: skills (c++, node.js, .net), numbers and words of
# other scripts are only folded. English stems the folded word, a-z only, as it always has.
STEMMERS = {"en": "english", "de": "german", "fr": "french", "es": "spanish", "pt": "portuguese", "nl": "dutch"}
STEMMED_WORD = re.compile("[a-z\u00df-\u00f6\u00f8-\u024f]+")
ENGLISH_WORD = re.compile("[a-z]+")
COMPOUNDING = {"de", "nl"}  # languages that write compounds as one word: "Softwareentwickler"
STOP_WORDS_FOLDER = Path(__file__).with_name("stopwords")
_KEYS: dict[tuple[str, str], str] = {}  # (word, language) -> key; a board has a few 10,000 words


def language_code(tag: str) -> str:
    """The primary language of a BCP 47 tag: "de-CH" -> "de"."""
    return tag.split("-")[0].lower()


def query_languages(tag: str) -> list[str]:
    """The languages a query on a board in `tag` is keyed in: the board's and English, so a
    board in German finds its English postings too."""
    return list(dict.fromkeys((language_code(tag), "en")))


def stemmer_script(tag: str) -> str | None:
    """The static/assets/ script that stems the board's language in the browser, if it needs one
    (English is stemmed by search-match.js itself)."""
    code = language_code(tag)
    return f"stem-{code}.js" if code in STEMMERS and code != "en" else None


def key(word: str, language: str) -> str:
    """A word's key in the index: its stem in `language` (a code of STEMMERS; others are not
    stemmed), folded."""
    found = _KEYS.get((word, language))
    if found is None:
        if language == "en":
            folded = fold(word)
            found = _stemmer("english").stemWord(folded) if ENGLISH_WORD.fullmatch(folded) else folded
        elif language in STEMMERS and STEMMED_WORD.fullmatch(word):
            found = fold(_stemmer(STEMMERS[language]).stemWord(word))
        else:
            found = fold(word)
        _KEYS[(word, language)] = found
    return found


def keys(word: str, language: str) -> tuple[str, ...]:
    """A word's keys: its key, and for a word with accents also the key of the word without
    them, which can stem otherwise ("sécurité" -> "secur", "securite" -> "securit"), so that a
    query typed without accents finds it."""
    first = key(word, language)
    if language == "en" or word.isascii():
        return (first,)
    second = key(fold(word), language)
    return (first,) if second == first else (first, second)


def stem(word: str) -> str:
    """The English key of a word."""
    return key(word, "en")


@lru_cache(maxsize=None)
def _stemmer(algorithm: str) -> Any:
    import snowballstemmer  # here, not at the top: it loads all its languages' modules

    return snowballstemmer.stemmer(algorithm)


@lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """Snowball's stop words of a language (a code), folded; none for a language without a list.
    They are kept out of the bodies' terms: "und", "the" and "de" would be in every posting."""
    path = STOP_WORDS_FOLDER / f"{language}.txt"
    if language not in STEMMERS or not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(word) for line in lines for word in line.split("|")[0].split())


# --- compounds ------------------------------------------------------------------------------
HEAD = 4  # letters of the shortest head a compound is found by ("Java" in "Javaentwickler")
MODIFIER = 3  # letters before it, at least
COMPOUND = "~"  # the index key of the compounds of a head ends with it: "entwickl~", beside "entwickl"


def heads(key_: str, known: frozenset[str]) -> list[str]:
    """The keys in `known` that `key_` ends with, as a compound ends with its head:
    "softwareentwickl" -> ["entwickl"] when "entwickl" is known."""
    return [key_[i:] for i in range(MODIFIER, len(key_) - HEAD + 1) if key_[i:] in known]
