"""Spread parsing and rendering over a few worker processes for large boards.

Workers are forked, so the Board and Theme reach them without pickling; chunks of work go out
as file paths or page paths, and records, or the names of the files written, come back. Small
boards stay in one process, where starting workers would cost more than it saves."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from itertools import islice
from typing import Any, Callable, Iterator, Sequence, TypeVar

from ..load.errors import BuildFailed, SourceError
from ..render.site import Generated, Outputs, Page, Site

MIN_ITEMS = 500  # below this many files or pages, one process is faster
PROCESSES = min(2, os.cpu_count() or 1)

T = TypeVar("T")
R = TypeVar("R")


def processes_for(count: int) -> int:
    return PROCESSES if count >= MIN_ITEMS and PROCESSES > 1 and _can_fork() else 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _die_with(parent: int) -> None:
    """In a forked worker: end when `parent` does, even by SIGKILL, which gives it no chance to
    stop its workers (they would wait for work for ever, holding its stdout open)."""
    if sys.platform.startswith("linux"):
        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # it died before the lines above
        os._exit(1)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _in_worker(parent: int, function: Callable[..., None] | None, *arguments: Any) -> None:
    _die_with(parent)
    if function is not None:
        function(*arguments)


def in_background(function: Callable[[], None], items: int) -> Callable[[], None]:
    """Start function() in a forked process for a large job (as processes_for counts), and
    return what waits for it to end; a small job just runs now."""
    if processes_for(items) == 1:
        function()
        return lambda: None
    process = multiprocessing.get_context("fork").Process(target=_in_worker, args=(os.getpid(), function))
    process.start()

    def wait() -> None:
        process.join()
        if process.exitcode != 0:  # its traceback is already on stderr
            raise RuntimeError(f"{function.__qualname__} failed in a background process")
    return wait


CHUNK_MAX = 500  # items: a chunk of rendered pages is a few MB in flight, not hundreds


def _chunks(items: Sequence[T], processes: int) -> Iterator[Sequence[T]]:
    """Chunks that shrink as the items run out: each a quarter of what is left per process, so
    large ones first (little per-chunk overhead) and small ones last, and no process waits long
    at the end for another to finish a large one."""
    start = 0
    while start < len(items):
        size = min(CHUNK_MAX, max(16, (len(items) - start) // (processes * 4) + 1))
        yield items[start : start + size]
        start += size


def _pool(processes: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                               initializer=_in_worker, initargs=(os.getpid(), initializer, *initargs))


# Parsing: workers get (function, arguments...) jobs, such as a parser and a file to read, and
# return results.

def _run_chunk(jobs: Sequence[tuple[Callable[..., R], Any]]) -> list[R]:
    return [function(*arguments) for function, *arguments in jobs]


def run_many(jobs: Sequence[tuple[Callable[..., R], Any]]) -> list[R]:
    """function(*arguments) of every job, in order; the functions must be module-level."""
    processes = processes_for(len(jobs))
    if processes == 1:
        return _run_chunk(jobs)
    with _pool(processes) as pool:
        parts = pool.map(_run_chunk, _chunks(jobs, processes))
        return [result for part in parts for result in part]


# Rendering: each worker builds its Jinja environment once, then renders chunks of pages or
# makes generated groups (the search index, feeds) beside them, and stores what it made.

_worker: dict[str, Any] = {}

Store = Callable[[Outputs], R]  # puts files where they go; returns what the caller needs to know


def _init_renderer(site: Site, groups: list[Generated], store: Store[R]) -> None:
    _worker.update(site=site, pages={page.path: page for page in site.pages},
                   groups={group.name: group for group in groups}, store=store)


def _make_chunk(chunk: tuple[str, Sequence[str]]) -> list[tuple[str, Any]] | list[SourceError]:
    kind, names = chunk
    site, store = _worker["site"], _worker["store"]
    try:
        if kind == "groups":
            return [(name, store(_worker["groups"][name].make())) for name in names]
        return [(path, store({path: site.render(_worker["pages"][path])})) for path in names]
    except BuildFailed as failed:  # its errors travel back; the exception itself does not pickle
        return failed.errors


def make_many(site: Site, groups: list[Generated], pages: list[Page], store: Store[R]) -> Iterator[tuple[str, R]]:
    """Every given group made and page rendered, a chunk at a time, and store(files) of each,
    in the order they finish: a large site is written as it is made, never held whole in
    memory, and by the process that made it. `store` runs in the workers, which are forked:
    it may use anything the caller set up before. The groups go out first, so the search
    index is built on one core while the other renders pages. A group makes its own files: one
    that keeps state between builds comes with what reads and leaves it (cache.KeptStates.remade)."""
    processes = processes_for(len(pages))
    if processes == 1:
        yield from ((group.name, store(group.make())) for group in groups)
        yield from ((page.path, store({page.path: site.render(page)})) for page in pages)
        return
    chunks = [("groups", names) for names in _chunks([group.name for group in groups], processes)]
    chunks += [("pages", paths) for paths in _chunks([page.path for page in pages], processes)]
    with _pool(processes, _init_renderer, (site, groups, store)) as pool:
        todo = iter(chunks)
        running = {pool.submit(_make_chunk, chunk) for chunk in islice(todo, 2 * processes)}
        try:
            while running:
                # A few chunks in flight: when writing is slower than rendering (a slow disk),
                # the workers wait instead of piling up rendered pages in memory.
                done, running = wait(running, return_when=FIRST_COMPLETED)
                running |= {pool.submit(_make_chunk, chunk) for chunk in islice(todo, len(done))}
                for future in done:
                    part = future.result()
                    if part and isinstance(part[0], SourceError):
                        raise BuildFailed(part)  # type: ignore[arg-type]
                    yield from part  # type: ignore[misc]
        except BaseException:
            pool.shutdown(cancel_futures=True)  # do not finish the other chunks first
            raise
