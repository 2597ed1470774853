"""The Python tokeniser and stemmers (index) and the JavaScript ones (search box) must agree exactly."""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from builder.search.tokens import STEMMED_WORD, STEMMERS, _stemmer, keys, stem, tokens, words

REPO = Path(__file__).resolve().parents[2]
SEARCH_JS = REPO / "static" / "assets" / "search.js"
MATCH_JS = REPO / "static" / "assets" / "search-match.js"

TRICKY = [
    "Zürich", "São Paulo", "Kraków", "Łódź", "Straße", "ØRESUND", "Æsir", "İstanbul", "Ångström",
    "ĐÀ NẴNG", "Þingvellir", "ΣΊΣΥΦΟΣ", "Москва", "東京 エンジニア", "ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ", "ﬁnance",
    "C++", "C#", "F#/.NET 8", ".NET", "ASP.NET Core", "Node.js", "node.JS,", "Vue.js.", "e.g. Go",
    "full-time", "C++/C#", "snake_case", "x²", "½ day", "R&D", "Objective-C++", "#hashtag", "a+b",
    "emoji 🚀 rocket", "naïve café", "𝐁𝐨𝐥𝐝 math", "x" * 45 + " short", "don't stop", "3.14159",
    "Postgre\u00adSQL", "tab\tand\nnewline", "",
]
# Words that take each rule of the English stemmer, and its exceptions.
TRICKY_STEMS = """
a as is ski skis skies sky news howe atlas cosmos bias andes idly gently ugly early only singly dying lying
tying flying inning innings outing outings canning herring earring evening evenings proceed exceed succeed
proceeding exceeded succeeded agreed feed feedly generously generate generations communication arsenal
emergency international lateral organization past pasted pastes university yearly youth yay sayings
caresses ponies ties cries gas gaps kiwis us bus press hoped hopping hoping filing filling fizzed tanned
added egged erred ebbed luxuriating ration traditional valency hesitancy probably gently fully helplessly
analogist theology conditional realization operator feudalism formality callously hopefulness decisiveness
sensibility electricity triplicate formative formalize electrical hopeful goodness revival allowance
inference airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption
communism activate angularity homologous effective bowdlerize controll roll engineers engineering migrating
migration kubernetes postgres aws ios kafka running runs ran sky skying yyy y yes eye eyes playing plays
""".split()


LANGUAGES = [code for code in STEMMERS if code != "en"]  # each has static/assets/stem-<code>.js


@pytest.fixture
def scripts(page: Any) -> Any:
    page.set_content("<!doctype html><title>tokens</title>")
    for code in LANGUAGES:
        page.add_script_tag(content=(REPO / "static" / "assets" / f"stem-{code}.js").read_text(encoding="utf-8"))
    page.add_script_tag(content=MATCH_JS.read_text(encoding="utf-8"))
    page.add_script_tag(content=SEARCH_JS.read_text(encoding="utf-8"))
    return page


def test_python_and_javascript_tokenisers_agree(scripts: Any) -> None:
    from_js = scripts.evaluate("(texts) => texts.map((t) => window.jobboardSearch.tokens(t))", TRICKY)
    assert from_js == [tokens(text) for text in TRICKY]
    from_js = scripts.evaluate("(texts) => texts.map((t) => window.jobboardSearch.words(t))", TRICKY)
    assert from_js == [words(text) for text in TRICKY]


@lru_cache(maxsize=None)
def word_list(code: str) -> list[str]:
    """The 8,000 commonest words of a language that its stemmer stems, from the word-frequency
    lists the pyspellchecker package (MIT) ships (drawn from subtitles: everyday inflected forms)."""
    with resources.files("spellchecker").joinpath("resources", f"{code}.json.gz").open("rb") as raw:
        frequencies: dict[str, int] = json.loads(gzip.decompress(raw.read()))
    ranked = sorted(frequencies, key=lambda w: (-frequencies[w], w))
    return [w for w in ranked if STEMMED_WORD.fullmatch(w)][:8000]


@pytest.mark.parametrize("code", LANGUAGES)
def test_python_and_javascript_stemmers_of_each_language_agree(scripts: Any, code: str) -> None:
    listed = word_list(code)
    assert len(listed) == 8000
    assert code == "nl" or sum(not w.isascii() for w in listed) > 1000  # accents, umlauts, ß (few in Dutch)
    from_js = scripts.evaluate(f"(words) => words.map((w) => window.jobboardStemmers.{code}(w))", listed)
    stems = _stemmer(STEMMERS[code]).stemWords(listed)
    assert [(w, p, j) for w, p, j in zip(listed, stems, from_js) if p != j] == []
    assert sum(p != w for w, p in zip(listed, stems)) > 2000  # the words are inflected: most lose an ending


KEYED = ["sécurité", "données", "Entwicklerinnen", "Straße", "STRASSE", "Müller", "Mueller", "développeurs", "Ingénieure", "ÉCOLE",
         "desarrolladores", "programação", "ontwikkelaars", "C++", "Node.js", "Java-Entwickler", "3D", "Москва",
         "naïve", "İstanbul", "Æsir", "x²", "ﬁnance"]


def test_python_and_javascript_keys_agree(scripts: Any) -> None:
    pairs = [(w, code) for text in KEYED + TRICKY for w in words(text) for code in [*STEMMERS, "it"]]
    from_js = scripts.evaluate("(pairs) => pairs.map(([w, code]) => window.jobboardMatch.keys(w, code))", pairs)
    assert [(w, c, keys(w, c), j) for (w, c), j in zip(pairs, from_js) if list(keys(w, c)) != j] == []


def corpus_words() -> list[str]:
    """Every distinct term of the example board, the docs and the bench corpus, plus TRICKY_STEMS."""
    texts = [p.read_text(encoding="utf-8") for folder in ("content", "docs", "bench")
             for p in sorted((REPO / folder).rglob("*")) if p.suffix in {".md", ".py"}]
    words = {t for text in texts for t in tokens(text)} | set(TRICKY_STEMS)
    return sorted(words)


def test_python_and_javascript_stemmers_agree(scripts: Any) -> None:
    words = corpus_words()
    assert len(words) > 3000 and sum(bool(re.fullmatch("[a-z]+", w)) for w in words) > 2500
    from_js = scripts.evaluate("(words) => words.map((w) => window.jobboardMatch.stem(w))", words)
    disagree = [(w, stem(w), j) for w, j in zip(words, from_js) if stem(w) != j]
    assert disagree == []


def test_inflected_forms_share_a_stem() -> None:
    assert stem("engineers") == stem("engineer") == stem("engineering")
    assert stem("migrating") == stem("migration") == stem("migrated")
    assert stem("kubernets") == stem("kubernetes")
    assert [stem(w) for w in ("c++", "node.js", ".net", "go", "good", "3d")] == ["c++", "node.js", ".net", "go", "good", "3d"]


def test_skills_and_places_fold_to_findable_terms() -> None:
    assert tokens("Zürich, São Paulo") == ["zurich", "sao", "paulo"]
    assert tokens("C++ C# .NET Node.js") == ["c++", "c#", ".net", "net", "node.js", "node", "js"]
    assert tokens("Straße ØRESUND") == ["strasse", "oresund"]
