"""Rebuild times of two versions of jobboard on the same synthetic board, runs alternating.

    python bench/compare_rebuilds.py OLD_TREE NEW_TREE [--postings 10000] [--runs 7]

Each tree (a checkout of the repository, e.g. `git archive COMMIT | tar -x -C /tmp/old`)
builds its own copy of synth.py's board into its own output, so each keeps its own cache.
After a cold build per tree, each run edits one posting's body and rebuilds ("edit 1
posting"), then rebuilds with nothing changed ("no change"), tree after tree, the order
swapped every run: on a shared machine speed drifts within minutes, and alternating spreads
the drift over both. Prints the median and range of each step's wall seconds per tree, and
the median CPU seconds (less sensitive to other work on the machine, but not to cache misses).
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_board  # noqa: E402

EPOCH = "1795348800"  # as build_bench.py: expiry does not move between runs


def build(tree: Path, board: Path, out: Path) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of the process and the workers it waited for."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(tree)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "builder", "build", str(board), "-o", str(out)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{tree}: the build failed")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("trees", type=Path, nargs=2, metavar="TREE")
    args.add_argument("--postings", type=int, default=10_000)
    args.add_argument("--runs", type=int, default=7)
    args.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / "out" / "compare")
    opts = args.parse_args()
    boards = {}
    for i, tree in enumerate(opts.trees):
        compileall.compile_dir(str(tree / "builder"), quiet=1)  # as build_bench.py: as installed
        board = opts.work / f"board-{i}"
        shutil.rmtree(board, ignore_errors=True)
        write_board(board, opts.postings)
        boards[tree] = board, opts.work / f"out-{i}"
        shutil.rmtree(boards[tree][1], ignore_errors=True)
        print(f"{tree}: cold build {build(tree, *boards[tree])[0]:.2f} s", flush=True)
    times: dict[tuple[Path, str], list[tuple[float, float]]] = {}
    for run in range(opts.runs):
        for tree in opts.trees if run % 2 == 0 else opts.trees[::-1]:
            board, out = boards[tree]
            job = sorted((board / "content/jobs").rglob("*.md"))[0]
            job.write_text(job.read_text() + f"\nOne more line about the role ({run}).\n")
            times.setdefault((tree, "edit 1 posting"), []).append(build(tree, board, out))
            times.setdefault((tree, "no change"), []).append(build(tree, board, out))
    for (tree, step), runs in times.items():
        wall, cpu = zip(*runs)
        print(f"{tree} | {step} | wall median {statistics.median(wall):.2f} s (min {min(wall):.2f}, "
              f"max {max(wall):.2f}) | CPU median {statistics.median(cpu):.2f} s | {len(runs)} runs")


if __name__ == "__main__":
    main()
