"""Edit-to-browser latency of `jobboard serve`: file write -> reload event, -> new content over
HTTP, and -> new title visible in headless Chromium. Prints medians; the machine is shared, so
numbers are noisy.

    python bench/serve_latency.py [--postings 10000] [--edits 15] [--no-browser]

With --postings, the board is synth.py's (as build_bench.py's); without, a copy of the example
board at the repository root."""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "bench")]

from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from serving import EventStream, get_text, running  # noqa: E402
from synth import write_board  # noqa: E402


def example_board(root: Path) -> Path:
    for name in ("content", "site.yml"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    return root


def measure(board: Path, edits: int, browser: bool) -> None:
    target = sorted((board / "content/jobs").rglob("*.md"))[0]
    original = target.read_text()
    slug = target.stem
    started = time.perf_counter()
    with running(board) as server:
        print(f"first build (load + check templates): {time.perf_counter() - started:.2f} s")
        url = server.url + f"jobs/{slug}/"
        to_event, to_http = [], []
        for n in range(edits):
            events = EventStream(server)
            title = f"Edited title {n}"
            written = time.perf_counter()
            target.write_text(_retitle(original, title))
            assert events.next()[0] == "reload"
            to_event.append(time.perf_counter() - written)
            assert f">{title}<" in get_text(url)
            to_http.append(time.perf_counter() - written)
            events.close()
        _report("write -> reload event", to_event)
        _report("write -> new page over HTTP", to_http)
        if browser:
            _report("write -> new title in Chromium", _browser_latencies(server, url, target, original, edits))
        print("server said:", *server.lines[-2:], sep="\n  ")


def _retitle(text: str, title: str) -> str:
    lines = text.splitlines(keepends=True)
    return "".join(f'title: "{title}"\n' if line.startswith("title:") else line for line in lines)


def _browser_latencies(server, url: str, target: Path, original: str, edits: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(30_000)
        for n in range(edits):
            page.goto(url)
            page.locator("html[data-live-reload=connected]").wait_for()
            title = f"Browser title {n}"
            written = time.perf_counter()
            target.write_text(_retitle(original, title))
            page.wait_for_function(f"() => document.querySelector('h1').textContent === {title!r}", polling="raf")
            times.append(time.perf_counter() - written)
        browser.close()
    return times


def _report(what: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    print(f"{what:34} median {statistics.median(ms):7.1f} ms   min {ms[0]:7.1f}   max {ms[-1]:7.1f}   (n={len(ms)})")


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--postings", type=int, help="synthetic board size (default: the example board)")
    args.add_argument("--edits", type=int, default=15)
    args.add_argument("--no-browser", action="store_true")
    options = args.parse_args()
    with tempfile.TemporaryDirectory(prefix="jobboard-serve-bench-") as tmp:
        root = Path(tmp) / "board"
        root.mkdir()
        board = write_board(root, options.postings) if options.postings else example_board(root)
        print(f"board: {'%d synthetic postings' % options.postings if options.postings else 'example board'}")
        measure(board, options.edits, not options.no_browser)


if __name__ == "__main__":
    main()
