"""Search benchmark: bytes fetched on page load and on a first query, index size, query time.

    python bench/search_bench.py [--language de] [SIZES...]      (default: 1000 10000 100000)

Boards come from bench/synth.py, in English or (--language de) in German. Up to 10k postings the board is written to disk and built
with the real builder; larger boards are generated as records and only the pages search needs
(the board index's first page, its assets and the search index) are rendered, to keep the run
short.
The site is served on 127.0.0.1 under /board/ and measured in headless Chromium.
"""

from __future__ import annotations

import http.server
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import synth  # noqa: E402

from builder.load.records import Posting  # noqa: E402
from builder.load.theme import load_theme  # noqa: E402
from builder.output.build import build, write_outputs  # noqa: E402
from builder.render.site import prepare_site  # noqa: E402

FULL_BUILD_LIMIT = 10_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WARM_QUERIES = {"en": ["kafka", "senior rust", "python remote", "zurich", "ber", "node.js", "c++", "engineer"],
                "de": ["kafka", "senior rust", "python remote", "zürich", "ber", "node.js", "c++", "Entwickler"]}


def _says(posting: Posting, pattern: str) -> bool:
    """Whether the posting's title, skills or body has a word matching `pattern` (folded)."""
    words = f"{posting.title} {' '.join(posting.skills)}".lower().split() + posting.body_terms.split()
    return any(re.fullmatch(pattern, w.strip(",")) for w in words)


# Relevance: a fixed query list, each with what makes a posting relevant (judged on the records).
GRADED: dict[str, dict[str, Any]] = {"en": {
    "engineers": lambda p: _says(p, r"engineers?|engineering"),
    "go": lambda p: _says(p, "go"),
    "java": lambda p: _says(p, "java"),
    "migration": lambda p: _says(p, r"migrat\w*"),
    "kuberntes": lambda p: _says(p, r"kubernetes"),
    "munich": lambda p: any(loc.city == "München" for loc in p.locations),
    "python remote": lambda p: _says(p, "python") and p.remote == "remote",
    "senior rust": lambda p: p.title.startswith("Senior") and "Rust" in p.skills,
}, "de": {  # German words: compounds and inflected forms count
    "Entwickler": lambda p: _says(p, r"[\w-]*entwickl\w*"),
    "Ingenieure": lambda p: _says(p, r"[\w-]*ingenieur\w*"),
    "Migration": lambda p: _says(p, "migration"),
    "muenchen": lambda p: any(loc.city == "München" for loc in p.locations),
    "python remote": lambda p: _says(p, "python") and p.remote == "remote",
}}
TYPED = "cobol"
BODY_ONLY = {"en": "migration", "de": "Migration"}  # in no title, skill or place: every result shows a snippet


def site_outputs(n: int, work: Path, language: str) -> tuple[dict[str, bytes], str]:
    if n <= FULL_BUILD_LIMIT:
        board_dir = synth.write_board(work / "src", n, language=language)
        _, outputs = build(board_dir)
        return outputs, "full build"
    site = prepare_site(synth.board_of(n, language=language), load_theme(work))
    search = next(group for group in site.generated if group.name == "search/")
    return ({**site.static, "index.html": site.render(site.pages[0]), **search.make()},
            "records -> first index page + search index only")


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    served: list[tuple[str, int]] = []

    def do_GET(self) -> None:  # noqa: N802
        source = self.send_head()
        if source:
            data = source.read()
            source.close()
            self.wfile.write(data)
            CountingHandler.served.append((self.path, len(data)))

    def log_message(self, *args: Any) -> None:
        pass


def take_served() -> dict[str, int]:
    """Bytes served since the last call, by kind: html, assets, search."""
    served, CountingHandler.served = CountingHandler.served, []
    kinds = {"html": 0, "assets": 0, "search": 0}
    for path, size in served:
        kinds["search" if "/search/" in path else "assets" if "/assets/" in path else "html"] += size
    return kinds


QUERY_JS = """async (text) => {
  const box = document.getElementById('search'), input = document.getElementById('search-q');
  const started = performance.now();
  const done = new Promise((resolve) => box.addEventListener('jobboard:results', (e) => resolve(e.detail), {once: true}));
  input.value = text;
  input.dispatchEvent(new Event('input'));
  const detail = await done;
  return {count: detail.count, ms: performance.now() - started};
}"""


RESULT_SLUGS_JS = """() => [...document.querySelectorAll('.search-results h3 a')]
  .map((a) => a.getAttribute('href').split('/jobs/')[1].replace(/\\/$/, ''))"""


def relevance(browser: Any, url: str, board: Any, graded: dict[str, Any]) -> list[tuple[str, int, int, float]]:
    """(query, results, relevant postings on the board, precision of the first 10) per GRADED query."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, timeout=600_000, wait_until="domcontentloaded")
    page.wait_for_selector("#search-q", state="visible", timeout=600_000)
    postings = {p.slug: p for p in board.open_postings if not p.draft}
    rows = []
    for q, relevant in graded.items():
        count = page.evaluate(QUERY_JS, q)["count"]
        top = page.evaluate(RESULT_SLUGS_JS)[:10]
        good = sum(bool(relevant(postings[slug])) for slug in top)
        rows.append((q, count, sum(map(bool, map(relevant, postings.values()))), good / len(top) if top else 0.0))
    context.close()
    return rows


def typed_bytes(browser: Any, url: str, delay_ms: int) -> dict[str, int]:
    """Bytes fetched while typing TYPED key by key (delay_ms between keys) on a loaded page."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, timeout=600_000, wait_until="domcontentloaded")
    page.wait_for_selector("#search-q", state="visible", timeout=600_000)
    page.wait_for_load_state("networkidle")
    take_served()
    page.type("#search-q", TYPED, delay=delay_ms)
    page.wait_for_function(f"() => document.querySelector('.search-status').textContent.includes('{TYPED}')")
    page.wait_for_load_state("networkidle")
    context.close()
    return take_served()


def measure(browser: Any, url: str, language: str) -> dict[str, Any]:
    context = browser.new_context()
    page = context.new_page()
    take_served()
    page.goto(url, timeout=600_000, wait_until="domcontentloaded")  # at 100k the HTML list is ~50 MB
    page.wait_for_selector("#search-q", state="visible", timeout=600_000)
    page.wait_for_load_state("networkidle")
    load = take_served()
    first = page.evaluate(QUERY_JS, "kafka")
    query = take_served()
    typed = [page.evaluate(QUERY_JS, "python"[:k]) for k in range(1, 7)]
    typing = take_served()
    cold, warm = [], []  # a query's first run may fetch shards; repeats run on cached files
    for q in WARM_QUERIES[language]:
        cold.append(page.evaluate(QUERY_JS, q)["ms"])
        warm += [page.evaluate(QUERY_JS, q)["ms"] for _ in range(2)]
    other = take_served()
    pasted = page.evaluate(QUERY_JS, TYPED)
    take_served()
    context.close()
    context = browser.new_context()  # TYPED pasted on a fresh page: its bytes alone
    page = context.new_page()
    page.goto(url, timeout=600_000, wait_until="domcontentloaded")
    page.wait_for_selector("#search-q", state="visible", timeout=600_000)
    page.wait_for_load_state("networkidle")
    take_served()
    pasted = page.evaluate(QUERY_JS, TYPED)
    pasted_bytes = take_served()
    body_only = page.evaluate(QUERY_JS, BODY_ONLY[language])
    # the snippets' text files come after the results; every result of BODY_ONLY shows one
    page.wait_for_function("document.querySelectorAll('.search-results .snippet').length === 20", timeout=60_000)
    snippets = page.evaluate("document.querySelectorAll('.search-results .snippet').length")
    body_only_bytes = take_served()
    context.close()
    return {"load": load, "first": first, "query": query, "typed": typed, "typing": typing, "cold": cold,
            "warm": warm, "other": other, "pasted": pasted_bytes, "pasted_ms": pasted["ms"],
            "body_only": body_only_bytes, "body_only_ms": body_only["ms"], "snippets": snippets,
            "typed_fast": typed_bytes(browser, url, 100), "typed_slow": typed_bytes(browser, url, 300)}


def disk(outputs: dict[str, bytes]) -> str:
    search = {p: len(d) for p, d in outputs.items() if p.startswith("search/")}
    terms = [s for p, s in search.items() if "/terms/" in p]
    facets = {p.split("/")[-1].split("-")[0]: s for p, s in search.items() if "/facets/" in p}
    return (f"search/ on disk {sum(search.values()) / 1e6:.1f} MB in {len(search)} files "
            f"({len(terms)} term shards, largest {max(terms) / 1e3:.0f} kB); "
            f"facet files kB: " + ", ".join(f"{k} {v / 1e3:.0f}" for k, v in sorted(facets.items())))


def kb(kinds: dict[str, int]) -> str:
    return " + ".join(f"{k} {v / 1e3:.1f}" for k, v in kinds.items()) + f" = {sum(kinds.values()) / 1e3:.1f} kB"


def run(n: int, browser: Any, language: str) -> None:
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        outputs, how = site_outputs(n, work, language)
        built = time.perf_counter() - started
        write_outputs(outputs, work / "root" / "board")
        handler = lambda *a, **k: CountingHandler(*a, directory=str(work / "root"), **k)  # noqa: E731
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/board/"
            r = measure(browser, url, language)
            graded = relevance(browser, url, synth.board_of(n, language=language), GRADED[language])
        finally:
            server.shutdown()
            server.server_close()
    print(f"\n== {n:,} postings in {language!r} ({how}; {built:.0f} s)")
    print("  " + disk(outputs))
    print(f"  page load:            {kb(r['load'])}")
    print(f"  first query 'kafka':  {kb(r['query'])}; {r['first']['count']:,} results in {r['first']['ms']:.1f} ms")
    print(f"  load + first query, without the HTML: {(sum(r['load'].values()) - r['load']['html'] + sum(r['query'].values())) / 1e3:.1f} kB")
    print(f"  typing 'python' key by key afterwards: {kb(r['typing'])}; per key ms: "
          + ", ".join(f"{t['ms']:.0f}" for t in r["typed"]))
    print(f"  {len(WARM_QUERIES[language])} more queries {WARM_QUERIES[language]}: first run (fetching {sum(r['other'].values()) / 1e3:.0f} kB "
          f"in all) median {statistics.median(r['cold']):.1f} ms, max {max(r['cold']):.1f} ms; "
          f"repeats median {statistics.median(r['warm']):.1f} ms, max {max(r['warm']):.1f} ms")
    total = lambda kinds: sum(kinds.values()) / 1e3  # noqa: E731
    print(f"  '{TYPED}' pasted: {total(r['pasted']):.1f} kB; typed 100 ms/key: {total(r['typed_fast']):.1f} kB; "
          f"typed 300 ms/key: {total(r['typed_slow']):.1f} kB; page + typed (100 ms/key): "
          f"{total(r['load']) + total(r['typed_fast']):.1f} kB")
    print(f"  '{BODY_ONLY[language]}' (body only) after '{TYPED}': {total(r['body_only']):.1f} kB with {r['snippets']} snippets; "
          f"results in {r['body_only_ms']:.0f} ms")
    print("  relevance (query: results / relevant postings on the board, precision of the first 10):")
    for q, count, relevant, precision in graded:
        print(f"    {q!r}: {count:,} / {relevant:,}, P@10 {precision:.1f}")


def main() -> None:
    from playwright.sync_api import sync_playwright

    args = sys.argv[1:]
    language = "en"
    if "--language" in args:
        at = args.index("--language")
        language = args[at + 1]
        del args[at:at + 2]
    sizes = [int(s) for s in args] or [1_000, 10_000, 100_000]
    print("Search benchmark (2 shared cores: timings are noisy). Bytes are uncompressed.")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for n in sizes:
            run(n, browser, language)
        browser.close()


if __name__ == "__main__":
    main()
