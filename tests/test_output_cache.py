"""The build cache: same bytes with and without it, never trusted when damaged, edits picked up."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from builder import cli
from builder.output.build import build, build_into
from builder.output.cache import CODEC, FOLDER, STAMPS, VERSION, ParseResult, Stamp
from builder.output.guard import MARKER, marker_text
from conftest import company_md, posting_md

OLD = 1_000_000_000  # an mtime long past


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def board_files(n: int = 6) -> dict[str, str]:
    files = {
        "content/companies/acme.md": company_md(),
        "content/companies/globex.md": company_md(name="Globex", website="https://globex.example"),
    }
    for i in range(n):
        files[f"content/jobs/team/job-{i}.md"] = posting_md(
            title=f"Engineer {i}", company="acme" if i % 2 else "globex", skills=["Python", "Go"][: 1 + i % 2],
            salary=[{"min": 50000 + i, "max": 70000 + i, "currency": "USD", "period": "YEAR"}],
            body=f"## Role {i}\n\n- build [things](https://x.example/{i})\n")
    return files


def assert_same_as_uncached(board: Path, cached_out: Path, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    build_into(board, fresh, use_cache=False)
    assert site_files(cached_out) == site_files(fresh)
    _, outputs = build(board)  # the plain in-memory build, as the dev server uses it
    assert site_files(cached_out) == {**outputs, MARKER: marker_text(set(outputs))}


def test_cached_rebuilds_equal_uncached_builds_after_each_kind_of_edit(make_board, tmp_path: Path) -> None:
    board = make_board(board_files())
    out = tmp_path / "out"
    build_into(board, out)
    assert (board / FOLDER).is_dir()
    second = build_into(board, out)
    assert second.written == 0
    assert_same_as_uncached(board, out, tmp_path)

    (board / "content/jobs/team/job-1.md").write_text(posting_md(title="Renamed Role", company="acme"))
    build_into(board, out)
    assert "Renamed Role" in (out / "jobs/job-1/index.html").read_text()
    assert "Renamed Role" in (out / "index.html").read_text()
    assert_same_as_uncached(board, out, tmp_path)

    (board / "content/companies/acme.md").write_text(company_md(name="Acme Renamed"))
    build_into(board, out)
    assert "Acme Renamed" in (out / "jobs/job-3/index.html").read_text()  # a posting page shows its company
    assert_same_as_uncached(board, out, tmp_path)

    (board / "templates").mkdir()
    template = (Path(__file__).parent.parent / "templates/posting.html").read_text()
    (board / "templates/posting.html").write_text(template.replace("<h1>", '<h1 class="custom">'))
    build_into(board, out)
    assert '<h1 class="custom">' in (out / "jobs/job-0/index.html").read_text()
    assert_same_as_uncached(board, out, tmp_path)

    (board / "content/jobs/team/job-2.md").unlink()
    build_into(board, out)
    assert not (out / "jobs/job-2").exists()
    assert_same_as_uncached(board, out, tmp_path)


def test_a_changed_day_rerenders_expiry(make_board, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    board = make_board({"content/companies/acme.md": company_md(),
                        "content/jobs/soon.md": posting_md(valid_through="2026-11-25")})
    out = tmp_path / "out"
    build_into(board, out)
    assert 'class="notice expired-notice" role="status" hidden>' in (out / "jobs/soon/index.html").read_text()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(1795348800 + 7 * 86400))
    build_into(board, out)
    assert 'class="notice expired-notice" role="status">This posting expired' in (out / "jobs/soon/index.html").read_text()
    assert_same_as_uncached(board, out, tmp_path)


def damage(board: Path, how: str) -> int:
    files = [p for p in (board / FOLDER).rglob("*.msgpack")]
    for path in files:
        if how == "garbage":
            path.write_bytes(b"\x80\x05not a cache file at all")
        elif how == "truncated":
            path.write_bytes(path.read_bytes()[:len(path.read_bytes()) // 2])
        elif path.parent.name != "parsed":
            path.write_bytes(path.read_bytes().replace(VERSION.encode(), b"an older jobboard", 1))
        else:  # another version's cache, whose entries would show a poisoned title if trusted
            entries = CODEC.loads(VERSION, path.read_bytes(), dict[str, ParseResult])
            for key, result in entries.items():
                record = result[0]
                if record is not None and hasattr(record, "title"):
                    entries[key] = (dataclasses.replace(record, title="POISON"), *result[1:])
            path.write_bytes(CODEC.dumps("an older jobboard", entries))
    return len(files)


@pytest.mark.parametrize("how", ["garbage", "truncated", "outdated"])
def test_a_damaged_or_outdated_cache_is_discarded(make_board, tmp_path: Path, how: str) -> None:
    board = make_board(board_files())
    out = tmp_path / "out"
    build_into(board, out)
    assert damage(board, how) > 1
    (out / "jobs/job-0/index.html").unlink()  # so the page must come from a real render
    build_into(board, out)
    assert "POISON" not in "".join(p.read_text() for p in out.rglob("*.html"))
    assert_same_as_uncached(board, out, tmp_path)
    assert build_into(board, out).written == 0  # and the cache was rewritten whole


def test_errors_of_cached_files_are_reported_every_time(make_board, capsys: pytest.CaptureFixture[str]) -> None:
    board = make_board({"content/companies/acme.md": company_md(),
                        "content/jobs/ok.md": posting_md(),
                        "content/jobs/bad.md": posting_md(date_posted="2026-02-30", company="nobody")})
    runs = []
    for _ in range(2):
        assert cli.main(["build", str(board)]) == 1
        runs.append(capsys.readouterr().err)
    assert runs[0] == runs[1]
    assert "content/jobs/bad.md:4: date_posted:" in runs[0]
    assert not (board / "public").exists()
    assert list((board / FOLDER / "parsed").glob("*.msgpack"))  # the failing run was cached


def test_a_page_edited_in_the_output_is_rewritten(make_board, tmp_path: Path) -> None:
    board = make_board(board_files(2))
    out = tmp_path / "out"
    build_into(board, out)
    original = (out / "jobs/job-0/index.html").read_bytes()
    (out / "jobs/job-0/index.html").write_text("defaced")
    build_into(board, out)
    assert (out / "jobs/job-0/index.html").read_bytes() == original


def backdate(folder: Path) -> dict[str, int]:
    """Set every file's mtime far back; returns name -> mtime_ns to compare with later."""
    stamps = {}
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))
            stamps[path.relative_to(folder).as_posix()] = path.stat().st_mtime_ns
    return stamps


def rewritten(folder: Path, before: dict[str, int]) -> set[str]:
    """Files changed or removed since `before`."""
    return {name for name, mtime in before.items()
            if not (folder / name).exists() or (folder / name).stat().st_mtime_ns != mtime}


def test_outputs_are_remade_only_when_what_they_show_changes(make_board, tmp_path: Path) -> None:
    board = make_board(board_files())
    out = tmp_path / "out"
    build_into(board, out)

    before = backdate(out)
    job = board / "content/jobs/team/job-1.md"
    job.write_text(job.read_text() + "\nA new paragraph about kafka.\n")
    build_into(board, out)
    changed = rewritten(out, before)
    assert "jobs/job-1/index.html" in changed and "search/manifest.json" in changed
    # the salary tables show no body text; the other postings' pages and feeds are untouched
    assert not changed & {"salaries/index.html", "jobs/job-0/index.html", "companies/globex/feed.xml"}
    assert_same_as_uncached(board, out, tmp_path)

    before = backdate(out)
    (board / "templates").mkdir()
    template = (Path(__file__).parent.parent / "templates/posting.html").read_text()
    (board / "templates/posting.html").write_text(template.replace("<h1>", '<h1 class="custom">'))
    build_into(board, out)
    changed = rewritten(out, before)
    assert "jobs/job-0/index.html" in changed
    assert not any(name.startswith("search/") or name.endswith(".xml") for name in changed)  # no template in them
    assert_same_as_uncached(board, out, tmp_path)

    (board / "static/assets").mkdir(parents=True)
    css = (Path(__file__).parent.parent / "static/assets/style.css").read_text()
    (board / "static/assets/style.css").write_text(css + "\n.custom { color: teal; }\n")
    build_into(board, out)  # every page links the stylesheet by its new fingerprinted name
    stylesheet = next((out / "assets").glob("style.*.css")).name
    assert f"assets/{stylesheet}" in (out / "jobs/job-0/index.html").read_text()
    assert_same_as_uncached(board, out, tmp_path)


def test_a_rebuild_with_the_same_inputs_reuses_the_output_keys(make_board, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    board = make_board({**board_files(), "content/jobs/draft.md": posting_md(title="Draft", company="acme", draft=True)})
    out = tmp_path / "out"
    build_into(board, out)
    with monkeypatch.context() as patched:
        patched.setattr("builder.output.build.output_keys", lambda *args: pytest.fail("keys made again"))
        assert build_into(board, out).written == 0
    drafts = build_into(board, out, drafts=True)  # the same files, but a different board
    assert drafts.written > 0 and "Draft" in (out / "jobs/draft/index.html").read_text()
    build_into(board, out)
    assert not (out / "jobs/draft").exists()


def test_file_stamps_are_remembered_but_never_trusted_over_an_edit(make_board, tmp_path: Path) -> None:
    board = make_board(board_files(2))
    out = tmp_path / "out"
    build_into(board, out)
    # written just now, so its mtime may not move on a next edit within the same tick: not remembered
    assert not (board / FOLDER / STAMPS).exists()

    backdate(board / "content")
    build_into(board, out)
    stamps = CODEC.loads(VERSION, (board / FOLDER / STAMPS).read_bytes(), dict[str, Stamp])
    assert "content/jobs/team/job-0.md" in stamps

    job = board / "content/jobs/team/job-0.md"
    job.write_text(job.read_text().replace("Engineer 0", "Engineer Z"))  # same size, new mtime
    build_into(board, out)
    assert "Engineer Z" in (out / "jobs/job-0/index.html").read_text()
    assert_same_as_uncached(board, out, tmp_path)


def test_a_rebuild_with_no_input_changed_parses_and_renders_nothing(make_board, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """It still warns as before, puts back a static file edited in the output and keeps a file
    that jobboard did not write, as a full build would."""
    board = make_board({**board_files(), "static/robots.txt": "User-agent: *\nDisallow:\n",
                        "content/jobs/denver.md": posting_md(company="acme", locations=["Denver, CO, US"])})
    out = tmp_path / "out"
    backdate(board / "content")  # as files written more than a moment ago: their stamps are kept
    assert cli.main(["build", str(board), "-o", str(out)]) == 0
    first = capsys.readouterr()
    assert "content/jobs/denver.md:1: salary: warning:" in first.err
    files = site_files(out)
    (out / "robots.txt").write_text("defaced")
    (out / "stray.html").write_text("left by hand")
    with monkeypatch.context() as patched:
        patched.setattr("builder.output.build.load_content", lambda *args: pytest.fail("parsed again"))
        patched.setattr("builder.output.build.prepare_site", lambda *args, **kwargs: pytest.fail("rendered again"))
        assert cli.main(["build", str(board), "-o", str(out)]) == 0
    again = capsys.readouterr()
    assert site_files(out) == {**files, "stray.html": b"left by hand"}
    (out / "stray.html").unlink()
    assert again.err == first.err
    summary = first.out.split(" in ")[0]  # "Built 16 pages (30 files)"
    assert again.out.startswith(summary) and again.out.endswith("; 0 rendered, 1 written or removed\n")
    (board / "content/jobs/denver.md").write_text(posting_md(company="acme", locations=["Denver, CO, US"],
                                                             salary=[{"min": 1, "max": 2, "currency": "USD",
                                                                      "period": "HOUR"}]))
    assert cli.main(["build", str(board), "-o", str(out)]) == 0
    edited = capsys.readouterr()
    assert edited.err == "" and "0 rendered" not in edited.out
    assert_same_as_uncached(board, out, tmp_path)


def test_a_static_file_added_where_a_generated_one_was_replaces_it(make_board, tmp_path: Path) -> None:
    board = make_board(board_files(2))
    out = tmp_path / "out"
    backdate(board / "content")
    build_into(board, out)
    (board / "static").mkdir(exist_ok=True)
    (board / "static/sitemap.xml").write_text("<urlset/>\n")  # no content file changed
    build_into(board, out)
    assert (out / "sitemap.xml").read_text() == "<urlset/>\n"
    assert_same_as_uncached(board, out, tmp_path)
