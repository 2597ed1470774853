"""What a build reads: the board's own files only. Symbolic links out of the board are errors
(unless site.yml allows them), hidden files are not content, and no file is left out silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import company_md, posting_md

REPO = Path(__file__).resolve().parents[1]
ALLOW = "copy it into the board, or set allow_symlinks_outside: true in site.yml to allow links out of the board"
SECRET = b"root:x:0:0:root:/root:/bin/bash\n"


def jobboard(board: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI as a user runs it: from inside the board, with relative paths."""
    return subprocess.run([sys.executable, "-m", "builder", *args], cwd=board, capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def outside(tmp_path: Path) -> Path:
    """A folder beside the board, as /etc is: a secret file and a folder of them."""
    folder = tmp_path / "outside"
    (folder / "secrets").mkdir(parents=True)
    (folder / "passwd").write_bytes(SECRET)
    (folder / "secrets" / "key.txt").write_bytes(SECRET)
    (folder / "other.md").write_text(posting_md(title="Planted"), encoding="utf-8")
    (folder / "base.html").write_text("{{ site.title }}", encoding="utf-8")
    return Path(os.path.realpath(folder))


def test_links_out_of_the_board_are_errors_and_nothing_is_written(make_board, tmp_path) -> None:  # noqa: ANN001
    board, out = make_board(), outside(tmp_path)
    assert jobboard(board, "build").returncode == 0
    before = tree(board / "public")
    (board / "static").mkdir()
    (board / "static" / "passwd.txt").symlink_to(out / "passwd")
    (board / "static" / "secrets").symlink_to(out / "secrets")
    (board / "content" / "jobs" / "planted.md").symlink_to(out / "other.md")
    (board / "templates").mkdir()
    (board / "templates" / "base.html").symlink_to(out / "base.html")

    done = jobboard(board, "build")

    assert done.returncode == 1
    assert done.stderr.splitlines()[:4] == [
        f"content/jobs/planted.md:1: file: is a symbolic link to {out}/other.md, outside the board; {ALLOW}",
        f"static/passwd.txt:1: file: is a symbolic link to {out}/passwd, outside the board; {ALLOW}",
        f"static/secrets:1: folder: is a symbolic link to {out}/secrets, outside the board; {ALLOW}",
        f"templates/base.html:1: file: is a symbolic link to {out}/base.html, outside the board; {ALLOW}",
    ]
    assert "Traceback" not in done.stderr
    assert tree(board / "public") == before


def test_a_static_folder_that_is_a_link_out_of_the_board_is_an_error(make_board, tmp_path) -> None:  # noqa: ANN001
    board, out = make_board(), outside(tmp_path)
    (board / "static").symlink_to(out / "secrets")
    done = jobboard(board, "check")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"static:1: folder: is a symbolic link to {out}/secrets, outside the board; {ALLOW}")


def test_site_yml_is_never_read_through_a_link_out_of_the_board(make_board, tmp_path) -> None:  # noqa: ANN001
    """Not even with allow_symlinks_outside: that setting is in the file it would allow."""
    board, out = make_board(), outside(tmp_path)
    (out / "site.yml").write_text("title: T\nbase_url: https://x.example/\nallow_symlinks_outside: true\n")
    (board / "site.yml").unlink()
    (board / "site.yml").symlink_to(out / "site.yml")
    done = jobboard(board, "build")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"site.yml:1: file: is a symbolic link to {out}/site.yml, outside the board; copy it into the board")


def test_allow_symlinks_outside_publishes_what_the_links_lead_to(make_board, tmp_path) -> None:  # noqa: ANN001
    out = outside(tmp_path)
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md()},
                       site={"allow_symlinks_outside": True})
    (board / "static").mkdir()
    (board / "static" / "passwd.txt").symlink_to(out / "passwd")
    (board / "static" / "secrets").symlink_to(out / "secrets")
    done = jobboard(board, "build")
    assert done.returncode == 0, done.stderr
    site = tree(board / "public")
    assert site["passwd.txt"] == SECRET and site["secrets/key.txt"] == SECRET


def test_links_inside_the_board_are_followed(make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(), "shared/remote.md": posting_md(title="Shared"),
                        "assets/logo.svg": "<svg/>", "assets/img/a.png": "png"})
    (board / "content" / "jobs").mkdir(parents=True)
    (board / "content" / "jobs" / "remote.md").symlink_to("../../shared/remote.md")
    (board / "static").mkdir()
    (board / "static" / "logo.svg").symlink_to("../assets/logo.svg")
    (board / "static" / "img").symlink_to("../assets/img")
    (board / "static" / "img-again").symlink_to("img")  # a second way to the same folder: listed once

    done = jobboard(board, "build")

    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"static/img-again:1: folder: is a symbolic link to {os.path.realpath(board)}/assets/img, "
        "a folder listed already; remove the link")
    (board / "static" / "img-again").unlink()
    done = jobboard(board, "build")
    assert done.returncode == 0, done.stderr
    site = tree(board / "public")
    assert site["logo.svg"] == b"<svg/>" and site["img/a.png"] == b"png"
    assert "Shared" in site["jobs/remote/index.html"].decode()


def test_hidden_files_are_not_part_of_the_board_but_well_known_is_published(make_board) -> None:  # noqa: ANN001
    board = make_board({
        "content/companies/acme.md": company_md(),
        "content/jobs/backend.md": posting_md(),
        "content/jobs/.backend.md": "half-saved, not a posting",
        "content/jobs/.drafts/wip.md": "not a posting either",
        "templates/.DS_Store": b"\x00\x00\x00\x01Bud1\x00\xff\xfe",
        "static/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "static/.git/config": "[core]\n",
        "static/.well-known/security.txt": "Contact: mailto:security@example.org\n",
    })
    (board / "content" / "jobs" / ".#backend.md").symlink_to("user@host.12345:1700000000")  # an editor's lock

    done = jobboard(board, "build")

    assert done.returncode == 0, done.stderr
    site = tree(board / "public")
    assert site[".well-known/security.txt"] == b"Contact: mailto:security@example.org\n"
    assert not [path for path in site if ".DS_Store" in path or ".git" in path]


def test_a_markdown_file_with_an_upper_case_extension_is_reported(make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md(),
                        "content/jobs/europe/Senior.MD": posting_md()})
    done = jobboard(board, "check")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "content/jobs/europe/Senior.MD:1: file: has an upper-case extension and is not read; rename it to Senior.md")


def test_a_template_that_is_not_utf8_is_an_error_not_a_traceback(make_board) -> None:  # noqa: ANN001
    board = make_board({"content/companies/acme.md": company_md(), "content/jobs/backend.md": posting_md(),
                        "templates/skill.html": "{# Caf\xe9 #}\n{{ skill }}\n".encode("latin-1")})
    done = jobboard(board, "build")
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        "templates/skill.html:1: encoding: not valid UTF-8 (byte 0xe9); save the file as UTF-8")


def test_a_link_to_the_output_folder_is_an_error_not_a_site_that_grows(make_board) -> None:  # noqa: ANN001
    board = make_board()
    assert jobboard(board, "build").returncode == 0
    (board / "static").mkdir(exist_ok=True)
    (board / "static" / "mirror").symlink_to(Path("..") / "public")
    done = jobboard(board, "build")
    assert done.returncode == 1
    assert f"static/mirror:1: folder: is a symbolic link to {(board / 'public').resolve()}, a jobboard output folder; remove the link" in done.stderr.splitlines()
    assert not (board / "public" / "mirror").exists()
