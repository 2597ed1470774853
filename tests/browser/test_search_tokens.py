"""The Python tokeniser (index) and the JavaScript one (search box) must agree exactly."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builder.search_tokens import tokens

SEARCH_JS = Path(__file__).resolve().parents[2] / "static" / "assets" / "search.js"

TRICKY = [
    "Zürich", "São Paulo", "Kraków", "Łódź", "Straße", "ØRESUND", "Æsir", "İstanbul", "Ångström",
    "ĐÀ NẴNG", "Þingvellir", "ΣΊΣΥΦΟΣ", "Москва", "東京 エンジニア", "ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ", "ﬁnance",
    "C++", "C#", "F#/.NET 8", ".NET", "ASP.NET Core", "Node.js", "node.JS,", "Vue.js.", "e.g. Go",
    "full-time", "C++/C#", "snake_case", "x²", "½ day", "R&D", "Objective-C++", "#hashtag", "a+b",
    "emoji 🚀 rocket", "naïve café", "𝐁𝐨𝐥𝐝 math", "x" * 45 + " short", "don't stop", "3.14159",
    "Postgre\u00adSQL", "tab\tand\nnewline", "",
]


def test_python_and_javascript_tokenisers_agree(page: Any) -> None:
    page.set_content("<!doctype html><title>tokens</title>")
    page.add_script_tag(content=SEARCH_JS.read_text(encoding="utf-8"))
    from_js = page.evaluate("(texts) => texts.map((t) => window.jobboardSearch.tokens(t))", TRICKY)
    assert from_js == [tokens(text) for text in TRICKY]


def test_skills_and_places_fold_to_findable_terms() -> None:
    assert tokens("Zürich, São Paulo") == ["zurich", "sao", "paulo"]
    assert tokens("C++ C# .NET Node.js") == ["c++", "c#", ".net", "net", "node.js", "node", "js"]
    assert tokens("Straße ØRESUND") == ["strasse", "oresund"]
