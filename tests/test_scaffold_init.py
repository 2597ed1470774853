"""A board operator's first hour: `jobboard init`, `jobboard new` inside a board, the warnings that
point at what is left to fill in, and check's own wording."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from builder.cli import main
from builder.load.config import SCHEMA as SITE_SCHEMA
from conftest import company_md, posting_md

INIT_FILES = [".github/workflows/jobboard.yml", ".gitignore", "README.md", "content/companies/example-company.md",
              "content/jobs/first-job.md", "schemas/company.schema.json", "schemas/posting.schema.json",
              "schemas/site.schema.json", "site.yml"]


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _jobboard(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_init_makes_a_board_that_builds_and_checks(tmp_path: Path) -> None:
    done = _jobboard("init", "myboard", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("Started a board in myboard: run `jobboard serve myboard` to see it, "
                           "and `jobboard check myboard` for what to fill in\n")
    board = tmp_path / "myboard"
    assert _files(board) == INIT_FILES

    check = _jobboard("check", cwd=board)
    assert check.returncode == 0, check.stderr
    assert check.stdout == "OK: 1 posting, 1 company, 4 warnings\n"
    assert check.stderr.splitlines() == [  # what is left to fill in, each at its field's line
        "content/companies/example-company.md:4: website: warning: 'https://www.example.com' is the skeleton's "
        "placeholder; put the real address",
        "content/jobs/first-job.md:10: locations[0]: warning: 'City, Region, US' is the skeleton's placeholder; "
        "put the real place",
        "content/jobs/first-job.md:17: apply: warning: 'https://www.example.com/jobs/first-job' is the skeleton's "
        "placeholder; put the real address",
        "site.yml:14: base_url: warning: 'https://www.example.com/' is the skeleton's placeholder; put the real address",
    ]
    lines = (board / "content/jobs/first-job.md").read_text().splitlines()
    assert lines[9] == '  - "City, Region, US"' and lines[16].startswith("apply: ")
    assert _jobboard("build", cwd=board).returncode == 0
    page = (board / "public/jobs/first-job/index.html").read_text()
    assert "<h1>First Job</h1>" in page and "Python" in page and "Example Company" in page
    assert "public/" in (board / ".gitignore").read_text() and ".jobboard-cache/" in (board / ".gitignore").read_text()


def test_init_site_yml_names_every_setting() -> None:
    from builder.scaffold.starter import SITE

    for key in SITE_SCHEMA:  # present, or commented out with its default
        assert f"\n{key}: " in SITE or f"\n# {key}:" in SITE, key
    assert SITE.startswith("# yaml-language-server: $schema=schemas/site.schema.json\n")


def test_init_workflow_publishes_on_push_and_daily(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    flow = yaml.safe_load((tmp_path / ".github/workflows/jobboard.yml").read_text())
    triggers = flow[True]  # PyYAML reads the key `on` as the boolean true (YAML 1.1)
    assert triggers["push"] == {"branches": ["main"]} and triggers["schedule"][0]["cron"]
    steps = [step.get("uses", step.get("run", "")) for job in flow["jobs"].values() for step in job["steps"]]
    assert "actions/upload-pages-artifact@v3" in steps and "actions/deploy-pages@v4" in steps
    assert any(step.startswith("jobboard build . -o public --base-url") for step in steps)
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


def test_init_keeps_existing_files_and_refuses_a_board(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    (tmp_path / "README.md").write_text("my own readme\n")
    assert main(["init", str(tmp_path)]) == 0
    assert (tmp_path / "README.md").read_text() == "my own readme\n"
    assert capsys.readouterr().err == f"jobboard: kept the existing {tmp_path / 'README.md'}\n"
    assert _files(tmp_path) == INIT_FILES

    (tmp_path / "site.yml").write_text("title: Mine\n")
    assert main(["init", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"jobboard: error: {tmp_path} is a board already (it has a site.yml); nothing was written\n"
    assert (tmp_path / "site.yml").read_text() == "title: Mine\n"


def test_new_takes_the_board_like_other_commands(make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md()}, site={"currency": "EUR"})
    done = _jobboard("new", "job", "rust-engineer", "board", "--company", "acme", cwd=board.parent)
    assert done.returncode == 0, done.stderr
    job = (board / "content/jobs/rust-engineer.md").read_text()
    assert "  - {min: 100000, max: 130000, currency: EUR, period: YEAR}\n" in job  # the board's currency
    assert "yaml-language-server" not in job  # this board has no schemas/ to point at
    assert _jobboard("new", "company", "initech", "--board", "board", cwd=board.parent).returncode == 0  # as before
    assert _jobboard("check", cwd=board).returncode == 0


def test_new_outside_a_board_says_to_init(tmp_path: Path) -> None:
    done = _jobboard("new", "company", "acme", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "jobboard: error: . is not a board (it has no site.yml); start one with: jobboard init .\n"
    assert _files(tmp_path) == []


def test_new_in_an_initialised_board_carries_the_modeline(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path)]) == 0
    assert main(["new", "company", "acme", str(tmp_path)]) == 0
    text = (tmp_path / "content/companies/acme.md").read_text()
    assert text.startswith("---\n# yaml-language-server: $schema=../../schemas/company.schema.json\nname: Acme\n")


def test_future_dates_and_placeholders_are_warnings(make_board, capsys) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(headquarters="City, Region, DE"),
                        "content/jobs/soon.md": posting_md(date_posted="2026-12-01", apply="https://example.com/x")})
    assert main(["build", str(board)]) == 0
    assert capsys.readouterr().err.splitlines() == [
        "content/companies/acme.md:4: headquarters: warning: 'City, Region, DE' is the skeleton's placeholder; "
        "put the real place",
        "content/jobs/soon.md:4: date_posted: warning: 2026-12-01 is after today (2026-11-22); "
        "the posting is listed already, dated in the future",
        "content/jobs/soon.md:7: apply: warning: 'https://example.com/x' is the skeleton's placeholder; "
        "put the real address",
    ]


def test_check_reports_errors_in_its_own_words(make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/a.md": posting_md(title=None)})
    check = _jobboard("check", cwd=board)
    assert (check.returncode, check.stderr) == (1, "content/jobs/a.md:1: title: is required\njobboard: 1 error found\n")
    build = _jobboard("build", cwd=board)
    assert build.stderr.splitlines()[-1] == "jobboard: 1 error; nothing was written"


def test_new_and_init_usage_errors(make_board, tmp_path: Path, capsys) -> None:  # noqa: ANN001
    board = make_board()
    assert main(["new", "company", "initech", str(board), "--board", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"jobboard: error: two boards given: {board} and --board {tmp_path}\n"
    (tmp_path / "file").write_text("x")
    assert main(["init", str(tmp_path / "file")]) == 2
    assert capsys.readouterr().err == f"jobboard: error: {tmp_path / 'file'} is a file, not a folder\n"
