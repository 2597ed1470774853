"""The output folder: a build never touches files it did not write, refuses outputs that overlap the
board, and leaves the old site whole when it cannot write the new one. Real builds, run as users
run them: `python -m builder build` from inside the board, with relative paths."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest
import yaml

from conftest import SITE, company_md, posting_md

ERROR = "jobboard: error: "


def build(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", "build", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120)


def tree(root: Path) -> dict[str, bytes | str | None]:
    """Every entry under root: a file's bytes, a symlink's target, None for a folder."""
    found: dict[str, bytes | str | None] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            found[rel] = os.readlink(path) if path.is_symlink() else None if path.is_dir() else path.read_bytes()
    return found


def one_error_line(done: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    assert done.returncode == code, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(ERROR), done.stderr
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr
    return done.stderr


@pytest.fixture
def home(make_board, tmp_path: Path) -> Path:  # noqa: ANN001
    """A home-like folder: a board beside other people's files."""
    make_board()
    (tmp_path / "notes.txt").write_text("my notes\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/thesis.tex").write_text("\\documentclass{article}\n")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4 not a site")
    return tmp_path


def set_output(board: Path, output: str) -> None:
    (board / "site.yml").write_text(yaml.safe_dump({**SITE, "output": output}, sort_keys=False))


@pytest.mark.parametrize("args, output", [
    (["-o", ".."], None),
    (["-o", "."], None),
    (["-o", "../board"], None),
    (["-o", "./content/"], None),
    (["-o", "templates"], None),
    (["-o", ".jobboard-cache"], None),
    (["-o", "site.yml"], None),
    (["-o", "..", "--force"], None),  # --force never allows an overlap with the board
    (["-o", "content/jobs", "--force"], None),
    ([], "./"),
    ([], ".."),
    ([], "content/"),
    ([], "content/jobs"),
    ([], "static/"),
    ([], "../board/static/out"),
])
def test_an_output_overlapping_the_board_is_refused_and_nothing_changes(home: Path, args: list[str],
                                                                        output: str | None) -> None:
    board = home / "board"
    (board / "static").mkdir()
    (board / "static/extra.css").write_text("body{}\n")
    if output is not None:
        set_output(board, output)
    before = tree(home)
    done = build(board, ".", *args)
    one_error_line(done, 2, "board")
    assert tree(home) == before


def test_building_the_parent_from_the_parent_is_refused(home: Path) -> None:
    before = tree(home)
    one_error_line(build(home, "board", "-o", "."), 2, "contains the board")
    one_error_line(build(home, "board", "-o", "board"), 2, "is the board")
    assert tree(home) == before


def test_an_output_that_is_a_link_to_the_board_is_refused(home: Path) -> None:
    (home / "link").symlink_to("board")
    before = tree(home)
    one_error_line(build(home / "board", "-o", "../link"), 2, "board")
    one_error_line(build(home / "board", "-o", "../link/content"), 2, "content")
    assert tree(home) == before


def test_an_output_that_is_a_file_is_refused(home: Path) -> None:
    before = tree(home)
    one_error_line(build(home / "board", "-o", "../report.pdf"), 2, "not a folder")
    one_error_line(build(home / "board", "-o", "../report.pdf", "--force"), 2, "not a folder")
    assert tree(home) == before


def test_a_folder_of_other_files_is_refused_and_with_force_kept_whole(home: Path) -> None:
    board = home / "board"
    before = tree(home)
    one_error_line(build(board, "-o", "../docs"), 2, "not empty", "--force")
    assert tree(home) == before

    done = build(board, "-o", "../docs", "--force")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Built ")
    assert (home / "docs/jobs/backend/index.html").is_file()
    after = tree(home)
    assert {name: data for name, data in after.items() if name in before} == before


def test_force_never_replaces_a_file_jobboard_did_not_write(home: Path) -> None:
    board = home / "board"
    (home / "site").mkdir()
    (home / "site/index.html").write_text("<p>my own page</p>\n")
    before = tree(home)
    one_error_line(build(board, "-o", "../site", "--force"), 2, "index.html", "not written by jobboard")
    assert {name: data for name, data in tree(home).items() if ".jobboard-cache" not in name} == before
    assert not [name for name in os.listdir(home) if name.startswith(".site.")]  # no staging left


def test_files_put_beside_the_site_are_kept_across_rebuilds(make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(),
                        "content/jobs/a.md": posting_md(title="Role A"), "content/jobs/b.md": posting_md(title="Role B")})
    assert build(board).returncode == 0
    (board / "public/CNAME").write_text("jobs.example.org\n")
    (board / "public/jobs/README").write_text("kept\n")
    (board / "content/jobs/b.md").unlink()
    (board / "templates").mkdir()  # every page changes: the swap path, which must keep them too
    (board / "templates/_card.html").write_text(
        (Path(__file__).parents[1] / "templates/_card.html").read_text() + "<!-- edited -->\n")
    done = build(board)
    assert done.returncode == 0, done.stderr
    assert (board / "public/CNAME").read_text() == "jobs.example.org\n"
    assert (board / "public/jobs/README").read_text() == "kept\n"
    assert not (board / "public/jobs/b").exists()
    assert "Role A" in (board / "public/jobs/a/index.html").read_text()


def test_a_build_from_before_the_marker_is_taken_over(make_board) -> None:  # noqa: ANN001
    """An older jobboard's public/ has no marker: its files where this build writes are taken
    over (a page of a removed posting goes), anything else is left."""
    board = make_board()
    assert build(board).returncode == 0
    (board / "public/.jobboard-output").unlink()
    (board / "public/jobs/gone").mkdir()
    (board / "public/jobs/gone/index.html").write_text("a removed posting")
    (board / "public/CNAME").write_text("jobs.example.org\n")
    done = build(board)
    assert done.returncode == 0, done.stderr
    assert not (board / "public/jobs/gone").exists()
    assert (board / "public/CNAME").read_text() == "jobs.example.org\n"
    assert "jobs/backend/index.html\n" in (board / "public/.jobboard-output").read_text()


def test_a_new_or_empty_output_folder_is_used(make_board) -> None:  # noqa: ANN001
    board = make_board()
    (board / "empty").mkdir()
    assert build(board, "-o", "empty").returncode == 0
    assert build(board, "-o", "../new/site").returncode == 0
    assert (board / "empty/jobs/backend/index.html").is_file()
    assert (board.parent / "new/site/jobs/backend/index.html").is_file()


# A file that cannot be written: a folder the build cannot change (immutable for root, who may
# write anywhere; read-only for anyone else).

@pytest.fixture
def unwritable() -> Iterator[Callable[[Path], None]]:
    made: list[Path] = []

    def lock(folder: Path) -> None:
        if os.geteuid() == 0:
            if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(folder)]).returncode != 0:
                pytest.skip("root, and no chattr +i here")
        else:
            folder.chmod(0o555)
        made.append(folder)

    yield lock
    for folder in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)


def edited_board(make_board) -> Path:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(),
                        **{f"content/jobs/job-{i}.md": posting_md(title=f"Job {i}") for i in range(3)}})
    assert build(board).returncode == 0
    (board / "content/jobs/job-1.md").write_text(posting_md(title="Job 1 renamed", body="New words.\n"))
    return board


def test_a_file_that_cannot_be_written_leaves_the_old_site_whole(make_board, unwritable) -> None:  # noqa: ANN001
    """The feeds and the search index are made before the pages: they must not be left new
    beside an old page."""
    board = edited_board(make_board)
    before = tree(board / "public")
    unwritable(board / "public/jobs/job-1")
    done = build(board)
    one_error_line(done, 1, "cannot write", "public/jobs/job-1/index.html", "previous output")
    assert tree(board / "public") == before
    assert not [name for name in os.listdir(board) if name.startswith(".public.")]


def test_an_unwritable_output_folder_is_one_error(make_board, unwritable) -> None:  # noqa: ANN001
    board = edited_board(make_board)
    before = tree(board / "public")
    unwritable(board / "public")
    one_error_line(build(board), 1, "cannot write")
    assert tree(board / "public") == before
    unwritable(board)  # not even a staging folder beside it
    one_error_line(build(board, "-o", "public", "--no-cache"), 1, "cannot write")
    assert tree(board / "public") == before


def test_a_full_disk_is_one_error_and_leaves_the_old_site(make_board) -> None:  # noqa: ANN001
    """Files larger than the process may write fail as on a full disk (EFBIG rather than ENOSPC)."""
    board = edited_board(make_board)
    before = tree(board / "public")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of killing the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))

    done = subprocess.run([sys.executable, "-m", "builder", "build", "--no-cache"], cwd=board, capture_output=True,
                          text=True, timeout=120, preexec_fn=small_files)
    one_error_line(done, 1, "cannot write", "File too large", "previous output")
    assert tree(board / "public") == before
    assert not [name for name in os.listdir(board) if name.startswith(".public.")]
