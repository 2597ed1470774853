"""The prebuilt search index: what goes in, how it is split, and that it is reproducible."""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path
from typing import Any, Callable

import pytest
from conftest import company_md, posting_md

from builder.model.board import Board
from builder.output.build import build, load_board
from builder.output.cache import ParseCache
from builder.render.site import Cards, make_environment
from builder.search import index as search_index, tokens as search_tokens
from builder.search.index import B64, ResultCards, encode_ids, pay_thresholds
from builder.search.tokens import distinct_terms, words
from builder.serve.snapshot import load_snapshot


def result_cards(board: Board) -> ResultCards:
    """The built-in theme's cards, as a build makes them."""
    theme = build_theme()
    return Cards(make_environment(theme), board).results(theme)


def build_theme():  # noqa: ANN201
    from builder.load.theme import load_theme
    return load_theme(Path("/nonexistent-board"))


def search_outputs(board: Board) -> dict[str, bytes]:
    return search_index.search_outputs(board, result_cards(board))


def build_index(board: Board, previous: Any) -> Any:
    return search_index.build_index(board, result_cards(board), previous)


def decode_ids(text: str) -> list[int]:
    """A reference decoder, written from the format's description in search_index's docstring."""
    if text.startswith("~"):
        bits = base64.b64decode(text[1:])
        return [i * 8 + b for i, byte in enumerate(bits) for b in range(8) if byte >> b & 1]
    ids, previous, value, shift = [], -1, 0, 0
    for ch in text:
        digit = B64.index(ch)
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
            continue
        previous += value + 1
        ids.append(previous)
        value, shift = 0, 0
    return ids


@pytest.mark.parametrize("ids,count,bitmap", [
    ([], 10, False), ([0], 1, False), ([5, 6, 40, 1000, 1031], 5000, False),
    (list(range(0, 900, 2)), 1000, True), (list(range(0, 100_000, 3)), 100_000, True), ([3, 99_999], 100_000, False),
])
def test_id_lists_round_trip_in_their_shortest_form(ids: list[int], count: int, bitmap: bool) -> None:
    encoded = encode_ids(ids, count)
    assert decode_ids(encoded) == ids
    assert search_index.decode_ids(encoded) == ids  # the builder's own, for updating an index
    assert encoded.startswith("~") == bitmap  # dense lists become bitmaps


def files_of(outputs: dict[str, bytes], folder: str) -> dict[str, Any]:
    """The index's files as JSON; result cards are raw-deflated JSON."""
    return {path: json.loads(zlib.decompress(data, -15) if path.endswith(".bin") else data)
            for path, data in outputs.items() if path.startswith("search/" + folder)}


def indexed_terms(outputs: dict[str, bytes]) -> set[str]:
    return {term for shard in files_of(outputs, "terms/").values() for term in shard}


def test_only_open_postings_are_indexed(make_board: Callable[..., Path]) -> None:
    board_dir = make_board({
        "content/companies/acme.md": company_md(),
        "content/jobs/open.md": posting_md(title="Open Wombat"),
        "content/jobs/old.md": posting_md(title="Expired Quokka", date_posted="2026-09-01",
                                              valid_through="2026-10-01"),
        "content/jobs/draft.md": posting_md(title="Draft Numbat", draft=True),
    })
    _, outputs = build(board_dir, drafts=True)
    assert {"wombat"} <= indexed_terms(outputs)
    assert not {"quokka", "numbat"} & indexed_terms(outputs)
    records = [r for chunk in files_of(outputs, "docs/").values() for r in chunk]
    assert len(records) == 1 and ">Open Wombat<" in records[0]
    assert json.loads(outputs["search/manifest.json"])["count"] == 1


def test_terms_carry_the_field_they_were_found_in(make_board: Callable[..., Path]) -> None:
    board_dir = make_board({
        "content/companies/acme.md": company_md(),
        "content/jobs/a.md": posting_md(title="Kafka Engineer", date_posted="2026-11-02", body="Java.\n"),
        "content/jobs/b.md": posting_md(title="Engineer", skills=["Java"], body="We like kafka.\n"),
    })
    _, outputs = build(board_dir)
    terms = {t: lists for shard in files_of(outputs, "terms/").values() for t, lists in shard.items()}
    fields = search_index.FIELDS
    # id 0 is the newest posting (a); id 1 is b.
    assert decode_ids(terms["kafka"][fields.index("title")]) == [0]
    assert decode_ids(terms["kafka"][fields.index("body")]) == [1]
    assert decode_ids(terms["java"][fields.index("skills")]) == [1]
    assert decode_ids(terms["berlin"][fields.index("location")]) == [0, 1]
    assert decode_ids(terms["acm"][fields.index("company")]) == [0, 1]  # terms are stems: acme -> acm


def test_shards_split_the_sorted_vocabulary(make_board: Callable[..., Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "SHARD_BYTES", 200)
    words = " ".join(f"word{i:03d}" for i in range(300))
    board_dir = make_board({"content/companies/acme.md": company_md(),
                            "content/jobs/a.md": posting_md(body=words + "\n")})
    _, outputs = build(board_dir)
    manifest = json.loads(outputs["search/manifest.json"])
    firsts = [first for first, _ in manifest["shards"]]
    assert len(firsts) > 10 and firsts[0] == "" and firsts == sorted(firsts)
    for k, (first, name) in enumerate(manifest["shards"]):
        shard = json.loads(outputs["search/" + name])
        upper = firsts[k + 1] if k + 1 < len(firsts) else "\uffff"
        assert all(first <= term < upper for term in shard)


def test_files_are_named_by_content_and_builds_are_reproducible(make_board: Callable[..., Path]) -> None:
    board = load_board(make_board())
    first, second = search_outputs(board), search_outputs(board)
    assert first == second
    manifest = json.loads(first["search/manifest.json"])
    named = [name for _, name in manifest["shards"]] + [f[2] for f in manifest["facets"]]
    assert sorted("search/" + n for n in named) == sorted(p for p in first if "/terms/" in p or "/facets/" in p)
    assert all(search_index._digest(first["search/" + n]) in n for n in named)


def test_a_result_record_is_the_card_of_the_list_pages(make_board: Callable[..., Path]) -> None:
    board_dir = make_board({
        "content/companies/acme.md": company_md(),
        "content/jobs/backend.md": posting_md(salary=[{"min": 40, "max": 50, "currency": "EUR", "period": "HOUR"}],
                                              employment_type="CONTRACTOR"),
    }, site={"exchange_rates": {"EUR": 1.5}})
    _, outputs = build(board_dir)
    [record] = next(records for path, records in files_of(outputs, "docs/").items())
    assert '<a href="jobs/backend/">Backend Engineer</a>' in record  # relative to the site root
    assert "EUR 40–50 / hour" in record and "per year" not in record  # pay in its own unit
    assert outputs["index.html"].decode().count(record.replace('href="', 'href="./')) == 1


def test_labels_a_card_shows_are_searchable(make_board: Callable[..., Path]) -> None:
    board = load_board(make_board({
        "content/companies/acme.md": company_md(),
        "content/jobs/backend.md": posting_md(salary=[{"min": 40, "max": 50, "currency": "EUR", "period": "HOUR"}],
                                              employment_type="CONTRACTOR", remote="hybrid"),
    }))
    assert {"contract", "eur", "hybrid"} <= indexed_terms(search_outputs(board))


def test_salary_filter_values_are_round_steps_a_range_reaches(make_board: Callable[..., Path]) -> None:
    jobs = {f"content/jobs/j{k}.md": posting_md(salary=[{"min": 50_000 + k * 10_000, "max": 60_000 + k * 13_700,
                                                         "currency": "USD", "period": "YEAR"}])
            for k in range(10)}
    board = load_board(make_board({"content/companies/acme.md": company_md(), **jobs}))
    outputs = search_outputs(board)
    values = next(v for p, v in files_of(outputs, "facets/salary-").items())
    # tops from 60,000 to 183,300: steps of 25k across the 10th to 90th percentile
    assert [(v[0], v[1]) for v in values] == [("50000", "USD 50k+"), ("75000", "USD 75k+"), ("100000", "USD 100k+"),
                                              ("125000", "USD 125k+"), ("150000", "USD 150k+")]
    for value, label, ids in values:
        assert len(decode_ids(ids)) == sum(60_000 + k * 13_700 >= int(value) for k in range(10))


@pytest.mark.parametrize("tops, steps", [
    ([90_000, 160_000, 170_000], [80_000, 100_000, 120_000, 140_000, 160_000]),
    ([155_000], [140_000]),  # a lone top: steps of a quarter or so of it
    ([30_000, 300_000, 2_000_000], [100_000, 200_000, 300_000]),
    ([], []),
])
def test_pay_steps_are_round_numbers_from_the_boards_spread(tops: list[float], steps: list[float]) -> None:
    assert pay_thresholds(tops) == steps


def test_a_bodys_kept_terms_are_exactly_its_tokens() -> None:
    """Bodies are tokenised once when parsed (distinct_terms); the index must see the same terms
    the tokeniser gives, compounds and their parts included."""
    text = "Node.js and C++ in Zürich; full-time .NET work, node.js again, a_b_c and Straße."
    assert distinct_terms(text).split() == sorted(set(words(text)))
    # it folds each distinct whitespace-separated piece once: folds that make or need context
    # (a spacing diaeresis decomposes to a space; final sigma) must give the same terms
    for text in ("naïve ab¨cd a\u00a0b x \u0308y", "ΣΊΣΥΦΟΣ σίσυφος ΣΊΣΥΦΟΣ, Σ", "ﬁnance ＡＢＣ ½ x²"):
        assert distinct_terms(text).split() == sorted(set(words(text))), text


def test_kept_piece_terms_never_change_a_bodys_terms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces are tokenised once per worker and kept; a full memo is cleared, not trusted."""
    monkeypatch.setattr(search_tokens, "PIECES_KEPT", 4)
    texts = ["Node.js in Zürich, node.js", "Zürich node.js C++ and Rust", "full-time Rust; Zürich."]
    for text in texts * 2:
        assert distinct_terms(text).split() == sorted(set(words(text))), text
    assert len(search_tokens._WORDS_OF) <= 4


def test_an_index_updated_from_the_previous_one_equals_a_fresh_one(make_board: Callable[..., Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """After an edit that keeps the postings in order, the kept term lists are patched for the
    changed postings only; the files must be exactly those of a build from scratch."""
    common = " ".join(f"word{k}" for k in range(40))  # in every body: dense id lists (bitmaps)
    jobs = {f"content/jobs/j{k:02d}.md": posting_md(title=f"Role {k:02d}", date_posted=f"2026-10-{1 + k:02d}",
                                                    skills=["Python", "Go", "Rust"][: 1 + k % 3],
                                                    body=f"{common} only{k} shared{k % 4}\n")
            for k in range(30)}
    board_dir = make_board({"content/companies/acme.md": company_md(), **jobs})
    _, kept = build_index(load_board(board_dir), None)
    edits = {  # body terms gained and lost, a skill swapped, a title word changed: same order
        "j03": posting_md(title="Role 03", date_posted="2026-10-04", skills=["Kotlin"], body="word1 wombat\n"),
        "j17": posting_md(title="Role 17 remote", date_posted="2026-10-18", body=f"{common} only17 quokka\n"),
    }
    for slug, text in edits.items():
        (board_dir / f"content/jobs/{slug}.md").write_text(text)
    board = load_board(board_dir)
    fresh, _ = build_index(board, None)

    def not_from_scratch(*args: Any) -> None:
        raise AssertionError("the index was rebuilt from every posting's terms")

    monkeypatch.setattr(search_index, "term_lists", not_from_scratch)
    updated, _ = build_index(board, kept)
    assert updated == fresh
    assert {"wombat", "quokka", "kotlin"} <= indexed_terms(updated) and "only3" not in indexed_terms(updated)


BAND = {"min": 90000, "max": 120000, "currency": "USD", "period": "YEAR"}
SHOWN_EDITS = {  # each changes what a result shows or a filter offers, and keeps the order
    "title": {"content/jobs/j1.md": posting_md(title="Staff Role 1", date_posted="2026-10-02", body="common\n")},
    "salary": {"content/jobs/j1.md": posting_md(title="Role 1", date_posted="2026-10-02", body="common\n",
                                                 salary=[BAND])},
    "remote": {"content/jobs/j1.md": posting_md(title="Role 1", date_posted="2026-10-02", body="common\n",
                                                 remote="hybrid")},
    "company name": {"content/companies/acme.md": company_md(name="Acme Robotics")},
    # an expired posting is not searched, but its spelling ties and then names the skill
    "skill name": {"content/jobs/old.md": posting_md(title="Old", date_posted="2026-09-01", valid_through="2026-09-30",
                                                      body="common\n", skills=["PYTHON"])},
    "currency": {"site.yml": "title: Test Board\nbase_url: https://jobs.example.org/\ncurrency: EUR\n"},
}


@pytest.mark.parametrize("edit", list(SHOWN_EDITS))
def test_an_index_updated_after_an_edit_to_what_results_show_equals_a_fresh_one(
        make_board: Callable[..., Path], edit: str) -> None:
    jobs = {f"content/jobs/j{k}.md": posting_md(title=f"Role {k}", date_posted=f"2026-10-{1 + k:02d}",
                                                body="common\n", skills=["Python"] if k == 0 else [],
                                                salary=[BAND] if k == 2 else None)
            for k in range(3)}
    board_dir = make_board({"content/companies/acme.md": company_md(), **jobs})
    _, kept = build_index(load_board(board_dir), None)
    for rel, text in SHOWN_EDITS[edit].items():
        (board_dir / rel).write_text(text)
    board = load_board(board_dir)
    updated, _ = build_index(board, kept)
    assert updated == search_outputs(board)
    shown = {path for path in updated if path.startswith(("search/facets/", "search/docs/"))}
    assert shown != set(kept.shown.files)  # the edit did change them (their names are hashes)


def test_a_body_edit_keeps_the_previous_facets_and_records(make_board: Callable[..., Path],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Editing only a body changes no result record and no filter: those files are handed over,
    and of every posting only the body's terms are taken again."""
    jobs = {f"content/jobs/j{k}.md": posting_md(title=f"Role {k}", date_posted=f"2026-10-{1 + k:02d}",
                                                body=f"common only{k}\n") for k in range(3)}
    board_dir = make_board({"content/companies/acme.md": company_md(), **jobs})
    _, kept = build_index(load_board(board_dir), None)
    (board_dir / "content/jobs/j1.md").write_text(posting_md(title="Role 1", date_posted="2026-10-02", body="wombat\n"))
    board = load_board(board_dir)
    fresh = search_outputs(board)

    def not_again(*args: Any) -> None:
        raise AssertionError("the facets, records or other fields' terms were made again")

    monkeypatch.setattr(search_index, "_shown", not_again)
    monkeypatch.setattr(search_index, "field_sources", not_again)
    assert build_index(board, kept)[0] == fresh
    assert "wombat" in indexed_terms(fresh)


def test_the_dev_server_updates_the_index_from_the_previous_snapshots(make_board: Callable[..., Path],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Each snapshot hands its term lists to the next, also past a snapshot nobody searched."""
    jobs = {f"content/jobs/j{k}.md": posting_md(title=f"Role {k}", date_posted=f"2026-10-{1 + k:02d}",
                                                body=f"common only{k}\n") for k in range(5)}
    board_dir = make_board({"content/companies/acme.md": company_md(), **jobs})
    cache = ParseCache(board_dir / ".cache")
    first = load_snapshot(board_dir, False, cache, None)
    assert first.get("search/manifest.json")  # the index, made from scratch
    (board_dir / "content/jobs/j1.md").write_text(posting_md(title="Role 1", date_posted="2026-10-02", body="koala\n"))
    unsearched = load_snapshot(board_dir, False, cache, first)
    (board_dir / "content/jobs/j3.md").write_text(posting_md(title="Role 3", date_posted="2026-10-04", body="emu\n"))
    latest = load_snapshot(board_dir, False, cache, unsearched)
    fresh = search_outputs(latest.board)

    def not_from_scratch(*args: Any) -> None:
        raise AssertionError("the index was rebuilt from every posting's terms")

    monkeypatch.setattr(search_index, "term_lists", not_from_scratch)
    assert {path: latest.get(path) for path in fresh} == fresh
    assert {"koala", "emu"} <= indexed_terms(fresh) and "only1" not in indexed_terms(fresh)


def test_an_index_is_built_afresh_when_the_postings_moved(make_board: Callable[..., Path]) -> None:
    board_dir = make_board({"content/companies/acme.md": company_md(),
                            "content/jobs/a.md": posting_md(title="Alpha", date_posted="2026-10-01"),
                            "content/jobs/b.md": posting_md(title="Beta", date_posted="2026-10-02")})
    _, kept = build_index(load_board(board_dir), None)
    (board_dir / "content/jobs/a.md").write_text(posting_md(title="Alpha", date_posted="2026-10-03"))  # now first
    board = load_board(board_dir)
    assert build_index(board, kept)[0] == search_outputs(board)


def test_an_english_boards_terms_are_stems_and_a_city_carries_its_other_names(make_board: Callable[..., Path]) -> None:
    board_dir = make_board({
        "content/companies/acme.md": company_md(),
        "content/jobs/a.md": posting_md(title="Engineers", locations=["München, BY, DE"], skills=["Node.js"],
                                        body="We are migrating.\n"),
    })
    _, outputs = build(board_dir)
    terms = indexed_terms(outputs)
    assert {"engin", "migrat", "munich", "munchen", "muenchen", "node.js", "node", "js"} <= terms
    assert not {"engineers", "migrating"} & terms
    assert json.loads(outputs["search/manifest.json"])["languages"] == ["en"]


def test_a_board_in_a_language_without_a_stemmer_is_folded_only(make_board: Callable[..., Path]) -> None:
    board_dir = make_board({"content/companies/acme.md": company_md(),
                            "content/jobs/a.md": posting_md(title="Sviluppatori", body="Cerchiamo ingegneri.\n")},
                           site={"language": "it"})
    _, outputs = build(board_dir)
    assert {"sviluppatori", "cerchiamo", "ingegneri"} <= indexed_terms(outputs)
    assert json.loads(outputs["search/manifest.json"])["languages"] == ["it", "en"]  # queries: folded, and English stems


def test_pay_without_an_exchange_rate_is_a_salary_filter_value_of_its_own(make_board: Callable[..., Path]) -> None:
    band = {"min": 100_000, "max": 200_000, "period": "YEAR"}
    board = load_board(make_board({
        "content/companies/acme.md": company_md(),
        "content/jobs/a.md": posting_md(date_posted="2026-11-03", salary=[{**band, "currency": "USD"}]),
        "content/jobs/b.md": posting_md(date_posted="2026-11-02", salary=[{**band, "currency": "JPY"}]),
        "content/jobs/c.md": posting_md(date_posted="2026-11-01"),
    }))
    values = next(v for p, v in files_of(search_outputs(board), "facets/salary-").items())
    assert values[-1][:2] == ["other", "Other currencies"]  # a seeker's words, not "no exchange rate"
    assert decode_ids(values[-1][2]) == [1]  # b; c states no pay
    assert all(decode_ids(ids) == [0] for _, _, ids in values[:-1])


def test_a_postings_body_text_is_kept_as_distinct_sentences_deflated_for_snippets(make_board: Callable[..., Path]) -> None:
    board_dir = make_board({"content/companies/acme.md": company_md(),
                            "content/jobs/backend.md": posting_md(body="## Role\n\nShip *Go* code. Then\nrest!\n\n"
                                                                       "- Use `a < b`: always\n- Ship Go code.\n")})
    _, outputs = build(board_dir)
    assert "search/text/backend.json" not in outputs
    assert json.loads(zlib.decompress(outputs["search/text/backend.bin"], -15)) == [
        "Role", "Ship Go code.", "Then rest!", "Use a < b:", "always"]  # "Ship Go code." once
