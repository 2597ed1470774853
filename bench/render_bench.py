"""CPU seconds to render every page of a synthetic board, two versions of jobboard alternating.

    python bench/render_bench.py OLD_TREE NEW_TREE [--postings 10000] [--runs 5]

Each tree (a checkout, e.g. `git archive COMMIT | tar -x -C /tmp/old`) renders synth.py's board
(records made in memory: no parsing, no writing, no cache) in a process of its own, one process,
so the figure is the template work alone: HTML pages and list cards, feeds and search left out.
Runs alternate between the trees, the order swapped every run, and the script prints each tree's
median and range of CPU seconds and their ratio. For a change to how templates run, such as the
Jinja sandbox.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# Run inside each tree's process: the tree's own builder, the bench's own synth.py.
RENDER = """
import sys, time
from pathlib import Path
sys.path.insert(0, {bench!r})
from synth import board_of
try:
    from builder.load.theme import load_theme
    from builder.render.site import prepare_site
except ImportError:  # a tree from before the package layout (issue 27)
    from builder.build import load_theme
    from builder.render import prepare_site
board = board_of({postings})
site = prepare_site(board, load_theme(Path({bench!r})))
started = time.process_time()
site.render_all(list(site.pages))
print(time.process_time() - started)
"""


def render_seconds(tree: Path, postings: int) -> float:
    code = RENDER.format(bench=str(BENCH), postings=postings)
    out = subprocess.run([sys.executable, "-c", code], cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
                         capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("trees", type=Path, nargs=2, metavar="TREE")
    args.add_argument("--postings", type=int, default=10_000)
    args.add_argument("--runs", type=int, default=5)
    opts = args.parse_args()
    seconds: dict[Path, list[float]] = {tree: [] for tree in opts.trees}
    for run in range(opts.runs):
        for tree in opts.trees if run % 2 == 0 else opts.trees[::-1]:
            seconds[tree].append(render_seconds(tree, opts.postings))
            print(f"run {run + 1}: {tree} {seconds[tree][-1]:.2f} s", file=sys.stderr, flush=True)
    old, new = (statistics.median(seconds[tree]) for tree in opts.trees)
    for tree in opts.trees:
        print(f"{tree} | render CPU median {statistics.median(seconds[tree]):.2f} s "
              f"(min {min(seconds[tree]):.2f}, max {max(seconds[tree]):.2f}) | {opts.runs} runs")
    print(f"new / old: {new / old:.3f}")


if __name__ == "__main__":
    main()
