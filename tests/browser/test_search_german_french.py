"""Search on boards in German and in French, in headless Chromium: plural and feminine forms,
compounds, umlaut and accent spellings, stop words, and an English posting on a German board."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import posting_md, served_postings

GERMAN = {
    "entwicklerin": posting_md(title="Entwicklerin Backend (m/w/d)", date_posted="2026-11-10",
                               body="Wir suchen eine Entwicklerin für unsere Plattform.\n"),
    "softwareentwickler": posting_md(title="Softwareentwickler Python", date_posted="2026-11-14",
                                     body="Du baust Dienste.\n"),
    "java-entwickler": posting_md(title="Java-Entwickler", date_posted="2026-11-11", body="Spring und Kafka.\n"),
    "ingenieure": posting_md(title="Ingenieure für Messtechnik", date_posted="2026-11-12",
                             body="Wir stellen drei Ingenieure ein.\n"),
    "geschaeftsfuehrer": posting_md(title="Geschäftsführer (m/w/d)", date_posted="2026-11-13",
                                    body="Ihr Büro liegt an der Straße zum Hafen.\n"),
    "english": posting_md(title="Senior Developer", date_posted="2026-11-09", language="en",
                          body="Our engineers build tooling for Entwickler teams.\n"),
}
FRENCH = {
    "ingenieure": posting_md(title="Ingénieure système", date_posted="2026-11-10",
                             body="Expérience requise en réseaux.\n"),
    "developpeurs": posting_md(title="Développeurs front-end", date_posted="2026-11-11",
                               body="Rejoignez une équipe de passionnés.\n"),
    "securite": posting_md(title="Analyste", date_posted="2026-11-12",
                           body="Vous gérez la sécurité des données de nos clients.\n"),
}


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return served_postings(tmp_path_factory, GERMAN, language="de")


@pytest.fixture(scope="module")
def french_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return served_postings(tmp_path_factory, FRENCH, language="fr")


@pytest.fixture
def french_url(french_root: Path, serve_dir: Any) -> str:
    return serve_dir(french_root) + "/board/"


def shown(page: Any) -> list[str]:
    """The titles shown once the status (in the board's language) and the results agree."""
    page.wait_for_function(
        "() => { const s = document.querySelector('.search-status').textContent; if (!s) return false;"
        " const n = (s.match(/^(\\d+)/) || [0, 0])[1];"
        " return document.querySelectorAll('.search-results > li').length === Math.min(+n, 20); }")
    return [a.text_content() for a in page.query_selector_all(".search-results h3 a")]


def titles(page: Any, url: str, q: str) -> list[str]:
    """A query opened from a link (as pasted): every word is a whole word."""
    page.goto(url + "?q=" + q)
    return shown(page)


def typed(page: Any, url: str, text: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector("#search-q", state="visible")
    page.type("#search-q", text)
    return shown(page)


def test_a_feminine_and_a_plural_find_the_same_stem(page: Any, board_url: str) -> None:
    found = titles(page, board_url, "Entwicklerinnen")
    # whole words first (title and body, title, body), the compound after them, though it is the newest
    assert found == ["Entwicklerin Backend (m/w/d)", "Java-Entwickler", "Senior Developer", "Softwareentwickler Python"]
    assert titles(page, board_url, "Ingenieur") == ["Ingenieure für Messtechnik"]


def test_a_word_finds_the_compounds_it_ends(page: Any, board_url: str) -> None:
    assert titles(page, board_url, "Entwickler")[-1] == "Softwareentwickler Python"
    assert titles(page, board_url, "Java") == ["Java-Entwickler"]
    assert typed(page, board_url, "Entwickler ")[-1] == "Softwareentwickler Python"


def test_umlauts_and_sharp_s_are_found_in_any_spelling(page: Any, board_url: str) -> None:
    for spelling in ("Geschäftsführer", "Geschaeftsfuehrer", "geschaftsfuhrer"):
        assert titles(page, board_url, spelling) == ["Geschäftsführer (m/w/d)"], spelling
    assert titles(page, board_url, "Strasse") == ["Geschäftsführer (m/w/d)"]
    snippet = page.wait_for_selector(".search-results .snippet")
    assert snippet.text_content() == "Ihr Büro liegt an der Straße zum Hafen."  # shown as written
    assert [m.text_content() for m in snippet.query_selector_all("mark")] == ["Straße"]


def test_stop_words_need_not_be_in_a_result(page: Any, board_url: str) -> None:
    assert titles(page, board_url, "Ingenieure für die Messtechnik") == ["Ingenieure für Messtechnik"]
    assert titles(page, board_url, "drei Ingenieure und") == ["Ingenieure für Messtechnik"]  # "und": not in its body


def test_an_english_posting_is_found_in_english_and_by_its_german_word(page: Any, board_url: str) -> None:
    assert titles(page, board_url, "developers") == ["Senior Developer"]
    assert titles(page, board_url, "engineering tools") == ["Senior Developer"]
    assert "Senior Developer" in titles(page, board_url, "Entwickler")
    assert titles(page, board_url, "Entwickler engineers") == ["Senior Developer"]


def test_the_board_loads_its_languages_stemmer_only(page: Any, board_url: str) -> None:
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.url.endswith(".js") else None)
    assert titles(page, board_url, "Entwickler")
    assert sum("/assets/stem-" in url for url in scripts) == 1 and any("/assets/stem-de." in url for url in scripts)


def test_french_plurals_feminines_and_accents(page: Any, french_url: str) -> None:
    assert titles(page, french_url, "ingénieur") == ["Ingénieure système"]
    assert titles(page, french_url, "ingenieures") == ["Ingénieure système"]
    assert titles(page, french_url, "développeur") == ["Développeurs front-end"]
    assert titles(page, french_url, "developpeurs") == ["Développeurs front-end"]
    for spelling in ("sécurité", "securite", "SECURITE"):
        assert titles(page, french_url, spelling) == ["Analyste"], spelling
    snippet = page.wait_for_selector(".search-results .snippet")
    assert snippet.text_content() == "Vous gérez la sécurité des données de nos clients."
    assert [m.text_content() for m in snippet.query_selector_all("mark")] == ["sécurité"]
    assert titles(page, french_url, "equipe passionnes") == ["Développeurs front-end"]
    assert titles(page, french_url, "la sécurité des données") == ["Analyste"]  # la, des: stop words
