"""The theme in the board's language: every string translated in every shipped catalog, a German
board's pages in German (words, dates, numbers), the English fallback with its warning, and a
board's own wording (site.yml `strings:`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from conftest import BUILD_EPOCH
from full_board import write_board

REPO = Path(__file__).resolve().parent.parent
LOCALES = REPO / "builder/load/locale"
SHIPPED = ["de", "en", "es", "fr", "nl", "pt"]


def extracted() -> dict[str | tuple[str, ...], str]:
    """Every string of the templates and modules (babel.cfg says where), with where it is."""
    with open(REPO / "babel.cfg") as config:
        method_map, options_map = parse_mapping_cfg(config)
    return {message: f"{path}:{line}"
            for path, line, message, _, _ in extract_from_dir(str(REPO), method_map, options_map)}


def test_the_catalogs_are_the_shipped_languages() -> None:
    assert sorted(p.name for p in LOCALES.iterdir() if p.is_dir()) == SHIPPED


@pytest.mark.parametrize("language", SHIPPED)
def test_every_string_has_a_translation(language: str) -> None:
    messages = extracted()
    assert len(messages) > 100
    with open(LOCALES / language / "LC_MESSAGES/messages.po", "rb") as po:
        catalog = read_po(po, locale=language)
    missing = []
    for message, where in messages.items():
        msgid = message[0] if isinstance(message, tuple) else message
        entry = catalog.get(msgid)
        forms = entry.string if entry and isinstance(entry.string, tuple) else (entry.string if entry else "",)
        if not all(forms) or (isinstance(message, tuple) and len(forms) != catalog.num_plurals):
            missing.append(f"{where}: {msgid!r}")
    assert missing == [], f"untranslated in {language}"


def build(board: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI from inside the board, on the tests' day (2026-11-22), also for module fixtures."""
    return subprocess.run([sys.executable, "-m", "builder", "build", *args], cwd=board, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "SOURCE_DATE_EPOCH": BUILD_EPOCH})


def page(board: Path, path: str) -> str:
    return (board / "public" / path).read_text()


@pytest.fixture(scope="module")
def german(tmp_path_factory: pytest.TempPathFactory) -> Path:
    board = write_board(tmp_path_factory.mktemp("de") / "board", {"language": "de", "exchange_rates": {"GBP": 1.17}})
    run = build(board)
    assert run.returncode == 0, run.stderr
    assert "language" not in run.stderr
    return board


def test_a_german_board_has_german_words_dates_and_numbers(german: Path) -> None:
    index = page(german, "index.html")
    assert '<html lang="de">' in index
    assert '<h1 class="board-title">Offene Stellen</h1>' in index
    assert 'placeholder="Stellen, Skills, Orte suchen"' in index
    assert ">Gehälter</a>" in index  # the header's navigation
    assert '<h2 id="open-heading" class="list-count">4 offene Stellen</h2>' in index
    assert ">vor 3 Wochen</time>" in index and ">vor 2 Tagen</time>" in index  # ages, as of 2026-11-22
    assert "EUR 60k–90k / Jahr" in index  # pay in its unit
    assert "Vollzeit / Freiberuflich" in index
    assert "Büro: Berlin" in index  # cards name an office by its city
    assert "Remote: US, CA" in index  # countries by code on cards
    posting = page(german, "jobs/backend/index.html")
    assert "<dt>Bewerben bis</dt>" in posting
    assert '<time datetime="2027-01-31">31. Januar 2027</time>' in posting
    assert ">Jetzt bewerben</a>" in posting
    assert '<td class="num" data-label="Spanne">EUR 60.000 – 75.000</td>' in posting
    assert '<td data-label="Zeitraum">pro Jahr</td>' in posting
    assert "<dt>Büro</dt><dd>Berlin, BE, Deutschland</dd>" in posting  # in full, in German, on its page
    assert "<dt>Remote aus</dt><dd>Vereinigte Staaten, Kanada</dd>" in page(german, "jobs/remote-sre/index.html")
    assert ">Merken</span>" in posting and "Backend Engineer merken" in posting  # the save button
    assert "<title>Backend Engineer bei Acme Corp · Full Board</title>" in posting
    expired = page(german, "jobs/old-job/index.html")
    assert "Diese Stelle ist am 31. Oktober 2026 abgelaufen und nimmt keine Bewerbungen mehr an." in expired
    company = page(german, "companies/acme/index.html")
    assert "Hauptsitz: Berlin, BE, Deutschland" in company and '<h2 id="about-heading">Über Acme Corp</h2>' in company
    salaries = page(german, "salaries/index.html")
    assert '<h2 id="by-company">Nach Unternehmen</h2>' in salaries
    assert "<dt>Median der Bandmitten</dt>" in salaries
    assert "Stundenlohn × 2080 Stunden" in salaries
    assert "in USD umgerechnet, zu 1 GBP = 1,17 USD." in salaries
    assert 'data-label="Median">' in salaries and "<h2 id=\"every-band\">Alle Bänder</h2>" in salaries
    saved = page(german, "saved/index.html")
    assert "<h1>Gemerkte Stellen</h1>" in saved and ">Entfernen<" in saved and ">Abgelaufen</span>" in saved
    missing = page(german, "404.html")
    assert "<h1>Seite nicht gefunden</h1>" in missing and ">Alle offenen Stellen ansehen</a>" in missing
    assert '"clearAll":"Alle entfernen"' in missing  # the scripts' words
    assert '"showJobs":["%(count)s Stelle anzeigen","%(count)s Stellen anzeigen"]' in missing
    assert '"remoteFrom":"Remote möglich aus: %(country)s"' in missing
    feed = page(german, "feed.xml")
    assert "<title>Backend Engineer bei Acme Corp</title>" in feed


def test_the_search_index_has_german_filters(german: Path) -> None:
    manifest = page(german, "search/manifest.json")
    assert '"Arbeitsmodell"' in manifest and '"Gehalt (USD/Jahr)"' in manifest
    remote = next((german / "public/search/facets").glob("remote-*.json")).read_text()
    assert '"Vor Ort"' in remote and '"Remote"' in remote


def test_a_region_uses_its_language_and_keeps_its_formats(make_board) -> None:  # noqa: ANN001
    board = make_board(site={"language": "de-CH"})
    run = build(board)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    index = page(board, "index.html")
    assert '<h1 class="board-title">Offene Stellen</h1>' in index


def test_a_language_without_a_catalog_is_english_with_a_warning(make_board) -> None:  # noqa: ANN001
    board = make_board(site={"language": "ja"})
    (board / "site.yml").write_text("# a board\n" + (board / "site.yml").read_text())
    line = next(n for n, text in enumerate((board / "site.yml").read_text().splitlines(), 1)
                if text.startswith("language:"))
    run = build(board)
    assert run.returncode == 0
    assert f"site.yml:{line}: language: warning: no translation for 'ja'; the site is in English" in run.stderr
    index = page(board, "index.html")
    assert '<html lang="ja">' in index and '<h1 class="board-title">Open jobs</h1>' in index


def test_a_language_babel_cannot_format_is_still_an_error(make_board) -> None:  # noqa: ANN001
    run = build(make_board(site={"language": "xx"}))
    assert run.returncode == 1
    assert "language: 'xx' is not a language jobboard can format numbers for" in run.stderr


def test_a_board_rewords_strings(make_board) -> None:  # noqa: ANN001
    board = make_board(site={"language": "de", "strings": {
        "Open jobs": "Aktuelle Jobs", "%(count)s open postings": "%(count)s Jobs",
        "%(count)s open posting": "Ein einziger Job", "Clear all": "Zurücksetzen"}})
    run = build(board)
    assert run.returncode == 0, run.stderr
    index = page(board, "index.html")
    assert '<h1 class="board-title">Aktuelle Jobs</h1>' in index
    assert '<h2 id="open-heading" class="list-count">Ein einziger Job</h2>' in index  # one posting: singular
    assert '"clearAll":"Zurücksetzen"' in index
    assert ">Gehälter</a>" in index  # the rest stays German


def test_a_wrong_override_is_an_error_at_its_line(make_board) -> None:  # noqa: ANN001
    board = make_board()
    site = yaml.safe_load((board / "site.yml").read_text())
    text = yaml.safe_dump(site, sort_keys=False) + ('strings:\n  "Open jobs": "Jobs"\n  "Open jobz": "Jobs"\n'
                                                    '  "About %(name)s": "About %(company)s"\n')
    (board / "site.yml").write_text(text)
    lines = text.splitlines()
    run = build(board)
    assert run.returncode == 1
    assert (f"site.yml:{len(lines) - 1}: strings.Open jobz: 'Open jobz' is not one of "
            "the theme's strings") in run.stderr
    assert (f"site.yml:{len(lines)}: strings.About %(name)s: 'About %(company)s' names %(company)s, which the "
            "theme does not fill here") in run.stderr
    assert "Traceback" not in run.stderr
