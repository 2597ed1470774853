"""`pip install .` (not editable) ships the theme: a board with only site.yml and content/ builds
from the installed package, and `jobboard init` starts a board that builds and checks. The
repository itself holds sources only: no wheel, archive or build output is committed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv holding the wheel built from this checkout: its bin folder.

    The venv has no system site packages: when the tests run inside a virtualenv, the base
    interpreter's site packages lack our dependencies. Instead a .pth file puts the running
    interpreter's site-packages folders (where the dependencies are) after the venv's own, so
    the wheel's `builder` comes first, and nothing is downloaded."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True, timeout=60).stdout.strip()
    ours = [p for p in sys.path if p.endswith(("site-packages", "dist-packages")) and os.path.isdir(p)]
    Path(purelib, "_running_interpreter.pth").write_text("".join(f"{p}\n" for p in ours))

    wheel_dir = env_dir / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheel_dir), str(REPO)],
                   check=True, timeout=300)
    wheel = next(wheel_dir.glob("jobboard-*.whl"))
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--quiet", "--force-reinstall", str(wheel)],
                   check=True, timeout=300)
    return env_dir / "bin"


def _run(args: list[str | Path], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the installed copy, not the checkout
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_installed_package_builds_a_bare_board(installed: Path, make_board) -> None:  # noqa: ANN001
    board = make_board()
    assert sorted(p.name for p in board.iterdir()) == ["content", "site.yml"]
    done = _run([installed / "jobboard", "build"], cwd=board)
    assert done.returncode == 0, done.stderr
    where = _run([installed / "python", "-c", "import builder; print(builder.__file__)"], cwd=board)
    assert where.stdout.startswith(str(installed.parent)), where.stdout
    page = (board / "public/jobs/backend/index.html").read_text()
    assert "<h1>Backend Engineer</h1>" in page
    assert any(p.suffix == ".css" for p in (board / "public/assets").iterdir())


def test_installed_package_has_the_catalogs(installed: Path, make_board) -> None:  # noqa: ANN001
    board = make_board(site={"language": "fr"})
    done = _run([installed / "jobboard", "build"], cwd=board)
    assert done.returncode == 0 and "language" not in done.stderr, done.stderr
    assert ">Postuler</a>" in (board / "public/jobs/backend/index.html").read_text()


def test_installed_init_build_check(installed: Path, tmp_path: Path) -> None:
    jobboard = installed / "jobboard"
    for command in (["init", "x"], ["build", "x"], ["check", "x"]):
        done = _run([jobboard, *command], cwd=tmp_path)
        assert done.returncode == 0, (command, done.stderr)
    assert done.stdout.startswith("OK: 1 posting, 1 company, ")
    assert "<h1>First Job</h1>" in (tmp_path / "x/public/jobs/first-job/index.html").read_text()


# What is made or downloaded, never written by hand: packages and archives, compiled Python,
# build and test output folders, caches, and the lock files tools leave behind (Hugo's, in bench/hugo/).
GENERATED = re.compile(r"\.(whl|egg|tar|gz|tgz|bz2|xz|zip|7z|jar|pyc|pyo|so)$"
                       r"|(^|/)(build|dist|public|node_modules|__pycache__|\.jobboard-cache|[^/]+\.egg-info)/"
                       r"|(^|/)(\.jobboard-output|\.hugo_build\.lock)$")


def test_the_repository_holds_no_wheel_archive_or_build_output() -> None:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, timeout=60)
    if listed.returncode != 0:
        pytest.skip("not a git checkout")
    tracked = listed.stdout.decode().split("\0")
    assert len(tracked) > 100
    assert [name for name in tracked if GENERATED.search(name)] == []
