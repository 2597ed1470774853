"""Writing the output: unchanged files keep their mtime, stale files go, failures leave the old site."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from builder.load.errors import BuildFailed
from builder.output import write
from builder.output.build import build_into
from builder.output.guard import MARKER
from conftest import company_md, posting_md

OLD = 1_000_000_000  # an mtime no build would write


def board_files(n: int) -> dict[str, str]:
    files = {"content/companies/acme.md": company_md()}
    files.update({f"content/jobs/job-{i}.md": posting_md(title=f"Job {i}") for i in range(n)})
    return files


def force_in_place(monkeypatch: pytest.MonkeyPatch, in_place: bool) -> None:
    """Make every change rename files into place, or every change stage and swap the site."""
    monkeypatch.setattr(write, "IN_PLACE_MIN", 10**9 if in_place else 0)
    monkeypatch.setattr(write, "IN_PLACE_SHARE", 1.0 if in_place else 0.0)


def age(out: Path) -> dict[str, tuple[int, int]]:
    """Backdate every file; returns name -> (mtime_ns, inode) to compare with later."""
    stamps = {}
    for path in out.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))
            stamps[path.relative_to(out).as_posix()] = (path.stat().st_mtime_ns, path.stat().st_ino)
    return stamps


def touched(out: Path, before: dict[str, tuple[int, int]]) -> set[str]:
    now = {p.relative_to(out).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino) for p in out.rglob("*") if p.is_file()}
    return {name for name in now.keys() | before.keys() if now.get(name) != before.get(name)}


@pytest.mark.parametrize("use_cache", [True, False])
@pytest.mark.parametrize("in_place", [True, False])  # rename into place, or stage and swap
def test_only_changed_files_are_written(make_board, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        use_cache: bool, in_place: bool) -> None:
    force_in_place(monkeypatch, in_place)
    board = make_board(board_files(3))
    out = tmp_path / "out"
    build_into(board, out, use_cache=use_cache)
    before = age(out)
    assert build_into(board, out, use_cache=use_cache).written == 0
    assert touched(out, before) == set()

    (board / "content/jobs/job-1.md").write_text(posting_md(title="Job 1", body="A new description.\n"))
    build_into(board, out, use_cache=use_cache)
    # the lists show no bodies; the feeds carry each posting's summary, the search index its words
    changed = touched(out, before)
    assert {name for name in changed if not name.startswith("search/")} - {MARKER} == {
        "jobs/job-1/index.html", "feed.xml", "companies/acme/feed.xml"}
    assert "search/manifest.json" in changed
    assert "A new description." in (out / "jobs/job-1/index.html").read_text()
    assert (out / "jobs/job-1/index.html").stat().st_mode & 0o777 == 0o644


def test_stale_files_are_removed_and_files_jobboard_did_not_write_are_kept(make_board, tmp_path: Path) -> None:
    board = make_board(board_files(3))
    out = tmp_path / "out"
    build_into(board, out)
    (out / "CNAME").write_text("jobs.example.org\n")
    (out / "jobs/notes.txt").write_text("put here by hand")
    (board / "content/jobs/job-2.md").unlink()
    build_into(board, out)
    assert (out / "CNAME").read_text() == "jobs.example.org\n"
    assert (out / "jobs/notes.txt").read_text() == "put here by hand"
    assert not (out / "jobs/job-2").exists()
    assert (out / "jobs/job-1/index.html").is_file()


def test_a_failed_build_leaves_the_old_output(make_board, tmp_path: Path) -> None:
    board = make_board(board_files(2))
    out = tmp_path / "out"
    build_into(board, out)
    before = age(out)
    (board / "content/jobs/job-0.md").write_text(posting_md(apply="javascript:alert(1)"))
    with pytest.raises(BuildFailed):
        build_into(board, out)
    assert touched(out, before) == set()


@pytest.mark.parametrize("in_place", [True, False])
def test_a_build_killed_while_writing_leaves_the_old_output(make_board, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch, in_place: bool) -> None:
    force_in_place(monkeypatch, in_place)
    board = make_board(board_files(3))
    out = tmp_path / "out"
    build_into(board, out)
    before = age(out)
    old_bytes = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    for i in range(3):
        (board / f"content/jobs/job-{i}.md").write_text(posting_md(title=f"Job {i}", body=f"Edited {i}.\n"))

    written = []
    os_open = os.open

    def dying(path, flags, *args, **kwargs):  # the second file created is where the build "dies"
        if flags & os.O_CREAT:
            written.append(path)
            if len(written) == 2:
                raise KeyboardInterrupt
        return os_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(write.os, "open", dying)
    with pytest.raises(KeyboardInterrupt):
        build_into(board, out, use_cache=False)  # without the cache, only the output is written
    monkeypatch.undo()
    assert len(written) == 2
    assert touched(out, before) == set()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == old_bytes
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]  # no staging left behind
    build_into(board, out)
    assert "Edited 2." in (out / "jobs/job-2/index.html").read_text()


def test_a_change_to_part_of_the_site_is_renamed_into_place_and_one_to_most_of_it_swaps(
        make_board, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write, "IN_PLACE_MIN", 2)  # so that the share decides on a small site
    # Its pages are under half its files (each posting also has its search text file, and the
    # theme has a stemmer script per language), so the share is lowered for a template edit to
    # change "most" of it.
    monkeypatch.setattr(write, "IN_PLACE_SHARE", 0.35)
    board = make_board(board_files(30))
    out = tmp_path / "out"
    build_into(board, out)
    folder = out.stat().st_ino

    (board / "content/jobs/job-1.md").write_text(posting_md(title="Job 1 renamed"))
    assert 2 < build_into(board, out).written < len([p for p in out.rglob("*") if p.is_file()]) / 2
    assert out.stat().st_ino == folder  # the same folder: files were renamed into it

    (board / "templates").mkdir()
    (board / "templates/base.html").write_text(
        (Path(__file__).parents[1] / "templates/base.html").read_text().replace("<body", "<body data-edit"))
    build_into(board, out)
    assert out.stat().st_ino != folder  # every page changed: a new folder swapped in whole
    assert "data-edit" in (out / "jobs/job-1/index.html").read_text()
    assert "Job 1 renamed" in (out / "jobs/job-1/index.html").read_text()
