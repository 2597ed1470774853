"""The search index in the posting's language: stems, folding, stop words and compounds, and the
`language:` field of a posting (the browser's side: tests/browser/test_search_german.py, ...)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pytest
from conftest import company_md, posting_md
from test_search_index import build_index, files_of, indexed_terms

from builder import cli
from builder.output.build import build, load_board
from builder.search import index as search_index
from builder.search.index import decode_ids
from builder.search.tokens import key, keys, stop_words

GERMAN = {"language": "de"}


def terms_of(outputs: dict[str, bytes]) -> dict[str, list[list[int]]]:
    """Every term of the index with its decoded id lists per field."""
    return {term: [decode_ids(ids) for ids in lists]
            for shard in files_of(outputs, "terms/").values() for term, lists in shard.items()}


def german_board(make_board: Callable[..., Path], **jobs: str) -> dict[str, list[list[int]]]:
    board_dir = make_board({"content/companies/acme.md": company_md(), **{f"content/jobs/{k}.md": v for k, v in jobs.items()}},
                           site=GERMAN)
    _, outputs = build(board_dir)
    return terms_of(outputs)


def test_inflected_german_forms_share_a_key_with_umlauts_and_sharp_s_folded() -> None:
    assert key("entwicklerinnen", "de") == key("entwickler", "de") == key("entwicklerin", "de") == "entwickl"
    assert key("ingenieure", "de") == key("ingenieur", "de")
    assert key("münchen", "de") == key("muenchen", "de") == key("munchen", "de")
    assert key("straße", "de") == key("strasse", "de")
    assert key("développeurs", "fr") == key("développeur", "fr") == key("developpeurs", "fr") == "developpeur"
    assert key("desarrolladores", "es") == key("desarrollador", "es")
    assert key("programadores", "pt") == key("programador", "pt")
    assert key("ontwikkelaars", "nl") == key("ontwikkelaar", "nl")
    assert [key(w, "de") for w in ("c++", "node.js", "3d", "москва")] == ["c++", "node.js", "3d", "москва"]
    # a word with accents has the key of its unaccented spelling too, which may stem otherwise
    assert keys("sécurité", "fr") == ("secur", "securit") and keys("securite", "fr") == ("securit",)
    assert keys("münchen", "de") == ("munch",) and keys("developers", "en") == ("develop",)


def test_a_german_boards_terms_are_german_stems_without_the_bodys_stop_words(make_board: Callable[..., Path]) -> None:
    terms = german_board(make_board, a=posting_md(title="Entwicklerin für das Backend", locations=["München, BY, DE"],
                                                  body="Wir suchen Ingenieure und Entwickler für die Straße.\n"))
    assert {"entwickl", "ingenieur", "strass", "backend", "munch"} <= set(terms)
    assert not {"entwicklerin", "ingenieure", "und", "die"} & set(terms)
    assert terms["fur"] == [[0]]  # "für" is a stop word: kept in the title, not in the body
    assert {"und", "die", "the", "and"} <= stop_words("de") | stop_words("en")


def test_a_posting_in_english_on_a_german_board_is_stemmed_in_english(make_board: Callable[..., Path]) -> None:
    terms = german_board(make_board, a=posting_md(title="Developers", language="en", date_posted="2026-11-01",
                                                  body="Building Entwickler tools.\n"),
                         b=posting_md(title="Entwicklerinnen", date_posted="2026-11-02", body="Wir bauen.\n"))
    assert terms["develop"][0] == [1] and terms["build"][4] == [1]  # a is the older: id 1
    assert "developers" not in terms and "bauen" not in terms and "bau" in terms


def test_the_manifest_names_the_query_languages_and_their_stop_words(make_board: Callable[..., Path]) -> None:
    board_dir = make_board({"content/companies/acme.md": company_md(), "content/jobs/a.md": posting_md()},
                           site={"language": "fr-CH"})
    manifest = json.loads(build(board_dir)[1]["search/manifest.json"])
    assert manifest["languages"] == ["fr", "en"]
    assert {"les", "the", "ete"} <= set(manifest["stop"])  # folded: "été"


def test_a_compound_is_found_by_its_head_under_a_key_of_its_own(make_board: Callable[..., Path]) -> None:
    terms = german_board(make_board,
                         a=posting_md(title="Softwareentwickler (m/w/d)", date_posted="2026-11-01", body="Java.\n"),
                         b=posting_md(title="Entwicklerin", date_posted="2026-11-02", body="Go.\n"),
                         c=posting_md(title="Teamleiter", date_posted="2026-11-03",
                                      body="Entwicklungsumgebung und Leiter.\n"))
    assert terms["entwickl~"][0] == [2]  # a: its title is a compound of a known head
    assert terms["entwickl"][0] == [1] and "entwickl~" not in {t for t, ids in terms.items() if 1 in ids[0]}
    assert terms["leit~"] == [[0]] and "umgeb~" not in terms  # no posting says "Umgebung"


def test_an_updated_german_index_equals_a_fresh_one_also_when_a_new_head_appears(
        make_board: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = {f"content/jobs/j{k}.md": posting_md(title=f"Softwareentwickler {k}", date_posted=f"2026-10-{1 + k:02d}",
                                                body=f"Datenbanken und Teamleitung {k}.\n") for k in range(6)}
    board_dir = make_board({"content/companies/acme.md": company_md(), **jobs}, site=GERMAN)
    _, kept = build_index(load_board(board_dir), None)
    for text in ("Entwickler gesucht: Datenbanken.\n", "Leitung und Banken.\n"):  # new heads: entwickl, then more
        (board_dir / "content/jobs/j2.md").write_text(posting_md(title="Softwareentwickler 2", date_posted="2026-10-03",
                                                                 body=text))
        board = load_board(board_dir)
        fresh, _ = build_index(board, None)
        updated, kept = build_index(board, kept)
        assert updated == fresh
    assert "bank~" in indexed_terms(updated)
    # an edit that brings no new head patches the kept lists
    (board_dir / "content/jobs/j4.md").write_text(posting_md(title="Softwareentwickler 4", date_posted="2026-10-05",
                                                             body="Datenbanken.\n"))
    board = load_board(board_dir)
    fresh, _ = build_index(board, None)

    def not_from_scratch(*args: Any) -> None:
        raise AssertionError("the index was rebuilt from every posting's terms")

    monkeypatch.setattr(search_index, "term_lists", not_from_scratch)
    assert build_index(board, kept)[0] == fresh


def test_a_postings_language_must_be_a_language_tag(make_board: Callable[..., Path], monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    board_dir = make_board({"content/companies/acme.md": company_md(),
                            "content/jobs/a.md": posting_md(language="German")})
    monkeypatch.chdir(board_dir)
    assert cli.main(["build"]) == 1
    assert "content/jobs/a.md:8: language: 'German' is not a BCP 47 language tag (such as en, de-CH)" \
        in capsys.readouterr().err
