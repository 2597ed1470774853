"""The command line with real builds in tmp_path: build, check, new, usage errors."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder.cli import main
from conftest import company_md, posting_md

REPO = Path(__file__).resolve().parent.parent


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_the_site_and_a_summary(make_board, capsys) -> None:  # noqa: ANN001
    board = make_board()
    assert main(["build", str(board)]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(rf"Built \d+ pages \(\d+ files\) in \d+\.\d\d s into {re.escape(str(board / 'public'))}; "
                        r"\d+ rendered, \d+ written or removed\n", out)
    posting = (board / "public/jobs/backend/index.html").read_text()
    assert "<h1>Backend Engineer</h1>" in posting
    assert 'href="../../companies/acme/"' in posting
    assert "Backend Engineer" in (board / "public/index.html").read_text()
    assert "Backend Engineer" in (board / "public/companies/acme/index.html").read_text()
    assert (board / "public/404.html").is_file()


def test_output_folder_and_base_url_options(make_board, tmp_path) -> None:  # noqa: ANN001
    board = make_board()
    out = tmp_path / "elsewhere"
    assert main(["build", str(board), "-o", str(out), "--base-url", "https://other.example/jobs"]) == 0
    assert not (board / "public").exists()
    assert 'href="https://other.example/jobs/jobs/backend/"' in (out / "jobs/backend/index.html").read_text()
    assert 'href="/jobs/assets/' in (out / "404.html").read_text()


def test_check_validates_and_writes_nothing(make_board, capsys) -> None:  # noqa: ANN001
    board = make_board()
    before = _tree(board)
    assert main(["check", str(board)]) == 0
    assert capsys.readouterr().out == "OK: 1 posting, 1 company, no problems found\n"
    assert _tree(board) == before


def test_the_example_board_checks_clean(capsys) -> None:  # noqa: ANN001
    assert main(["check", str(REPO)]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_new_skeletons_pass_check(make_board, capsys) -> None:  # noqa: ANN001
    board = make_board({})
    assert main(["new", "company", "initech", "--board", str(board)]) == 0
    assert main(["new", "job", "rust-engineer", "--company", "initech", "--board", str(board)]) == 0
    assert (board / "content/jobs/rust-engineer.md").read_text().startswith("---\ntitle: Rust Engineer\ncompany: initech\n")
    capsys.readouterr()
    assert main(["check", str(board)]) == 0, capsys.readouterr().err
    assert main(["build", str(board)]) == 0
    assert "Rust Engineer" in (board / "public/index.html").read_text()


def test_new_refuses_to_overwrite_or_guess(make_board, capsys) -> None:  # noqa: ANN001
    board = make_board()
    assert main(["new", "company", "acme", "--board", str(board)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["new", "job", "x", "--company", "nobody", "--board", str(board)]) == 1
    assert "jobboard new company nobody" in capsys.readouterr().err
    assert main(["new", "company", "Bad Slug", "--board", str(board)]) == 2


@pytest.mark.parametrize("argv", [[], ["frobnicate"], ["build", "--nope"], ["new", "job", "x"]])
def test_bad_usage_exits_2(argv: list[str], capsys) -> None:  # noqa: ANN001
    assert main(argv) == 2
    assert "usage: jobboard" in capsys.readouterr().err


def test_missing_board_folder_exits_2(tmp_path, capsys) -> None:  # noqa: ANN001
    assert main(["build", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_not_a_board_exits_1(tmp_path, capsys) -> None:  # noqa: ANN001
    assert main(["build", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"site.yml:1: file: not found in {tmp_path}; is this a board folder?")


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["new"], ["new", "job"]])
def test_help(command: list[str], capsys) -> None:  # noqa: ANN001
    assert main([*command, "--help"]) == 0
    assert "usage: jobboard" in capsys.readouterr().out


def test_drafts_only_with_the_flag(make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(),
                        "content/jobs/secret.md": posting_md(title="Secret Role", draft=True)})
    assert main(["build", str(board)]) == 0
    assert not (board / "public/jobs/secret").exists()
    assert "Secret Role" not in (board / "public/index.html").read_text()
    assert main(["build", str(board), "--drafts"]) == 0
    assert "Secret Role" in (board / "public/jobs/secret/index.html").read_text()


@pytest.mark.parametrize("mode", ["mark", "hide"])
def test_expired_postings(mode: str, make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(),
                        "content/jobs/old.md": posting_md(title="Old Role", valid_through="2026-11-21"),
                        "content/jobs/today.md": posting_md(title="Last Day Role", valid_through="2026-11-22")},
                       site={"expired": mode})
    assert main(["build", str(board)]) == 0
    index = (board / "public/index.html").read_text()
    assert "Last Day Role" in index and "Old Role" not in index
    assert "Old Role" not in (board / "public/companies/acme/index.html").read_text()
    old = board / "public/jobs/old/index.html"
    if mode == "hide":
        assert not old.exists()
    else:
        page = old.read_text()
        assert "This posting expired on November 21, 2026" in page
        assert "Apply for this job" not in page


def test_removed_postings_do_not_linger(make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(),
                        "content/jobs/a.md": posting_md(title="Role A"), "content/jobs/b.md": posting_md(title="Role B")})
    assert main(["build", str(board)]) == 0
    (board / "content/jobs/b.md").unlink()
    assert main(["build", str(board)]) == 0
    assert (board / "public/jobs/a/index.html").exists()
    assert not (board / "public/jobs/b").exists()
    assert sorted(p.name for p in board.iterdir()) == [".jobboard-cache", "content", "public", "site.yml"]


def test_builds_with_source_date_epoch_are_byte_identical(tmp_path) -> None:  # noqa: ANN001
    one, two = tmp_path / "one", tmp_path / "two"
    assert main(["build", str(REPO), "-o", str(one)]) == 0
    assert main(["build", str(REPO), "-o", str(two)]) == 0
    assert _tree(one) == _tree(two)
    assert len(_tree(one)) > 40


def test_python_dash_m_builder_is_the_same_program(make_board) -> None:  # noqa: ANN001
    board = make_board()
    done = subprocess.run([sys.executable, "-m", "builder", "check", str(board)],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("OK: 1 posting,"), done.stderr
