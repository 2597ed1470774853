"""`pip install .` (not editable) ships the theme: a board with only site.yml and content/ builds
from the installed package."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_installed_package_builds_a_bare_board(make_board, tmp_path: Path) -> None:  # noqa: ANN001
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    python = env_dir / "bin" / "python"
    wheel_dir = tmp_path / "wheel"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheel_dir), str(REPO)],
                   check=True, timeout=300)
    wheel = next(wheel_dir.glob("jobboard-*.whl"))
    subprocess.run([python, "-m", "pip", "install", "--no-deps", "--quiet", "--force-reinstall", str(wheel)],
                   check=True, timeout=300)

    board = make_board()
    assert sorted(p.name for p in board.iterdir()) == ["content", "site.yml"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([env_dir / "bin" / "jobboard", "build"], cwd=board, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    where = subprocess.run([python, "-c", "import builder; print(builder.__file__)"], cwd=board, env=env,
                           capture_output=True, text=True, timeout=60)
    assert where.stdout.startswith(str(env_dir)), where.stdout  # the installed copy, not the checkout
    page = (board / "public/jobs/backend/index.html").read_text()
    assert "<h1>Backend Engineer</h1>" in page
    assert any(p.suffix == ".css" for p in (board / "public/assets").iterdir())
