"""Lighthouse, with Debian's Chromium and its mobile settings, on the example board's board,
posting, company, salaries and saved pages: 100 for accessibility, best practices and SEO, at
least 95 for performance (text compression left out: the host's job). bench/lighthouse.py
builds and serves the board and runs npm's lighthouse, pinned in package.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "node_modules/.bin/lighthouse"


def test_lighthouse_scores_on_a_phone(tmp_path: Path) -> None:
    assert LIGHTHOUSE.exists(), f"{LIGHTHOUSE} is missing: run `npm ci --ignore-scripts` (.ci/run does)"
    run = subprocess.run([sys.executable, "bench/lighthouse.py", "--out", str(tmp_path)], cwd=REPO,
                         capture_output=True, text=True, timeout=1200)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert sorted(summary) == ["board", "company", "posting", "salaries", "saved"]
    for page, result in summary.items():
        scores = result["scores"]
        assert scores["accessibility"] == scores["best-practices"] == scores["seo"] == 100, (page, result)
        assert scores["performance"] >= 95, (page, result)
    assert run.returncode == 0, run.stdout + run.stderr
