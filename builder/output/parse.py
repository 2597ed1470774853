"""Parse a board's content files with the build cache: a file whose bytes were parsed before gets
its result from the cache, the others are read and parsed now, in worker processes on a large board."""

from __future__ import annotations

import os
from typing import Any

from ..load.content import Parser, Source
from .cache import ParseCache, file_key
from .parallel import run_many

Keyed = list[tuple[str | None, os.stat_result]]  # per file: its cache key, and its stat (see cached_keys)


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def read_and_parse(parser: Parser, display: str, path: str) -> tuple[str, Any]:
    """The file's cache key and its parse result; run in the workers, which read the files too."""
    raw = _read(path)
    return file_key(raw, display), parser(raw, display)


def cached_keys(files: list[Source], cache: ParseCache) -> Keyed:
    """Each file's cache key, and its stat taken before it was read. The key is known from the
    file's stamp, or found by hashing a file touched since; None for a file the cache has never
    seen, which is read and hashed by the worker that parses it."""
    stats = [os.stat(path) for _, _, path in files]
    keys = [cache.known_key(display, st) for (_, display, _), st in zip(files, stats)]
    for i, (_, display, path) in enumerate(files):
        if keys[i] is None and cache.has_seen(display):
            keys[i] = cache.remember_key(display, stats[i], file_key(_read(path), display))
    return list(zip(keys, stats))


def parse_files(files: list[Source], cache: ParseCache | None, keyed: Keyed | None = None) -> list[Any]:
    """parser(raw, display) of every (parser, display, file) of load.content.source_files; from the
    cache when the same bytes were parsed before. `keyed` is cached_keys(files, cache), if the
    caller made it already."""
    if cache is None:
        return [result for _, result in run_many([(read_and_parse, *file) for file in files])]
    keyed = keyed or cached_keys(files, cache)
    keys = [key for key, _ in keyed]
    results = [cache.get(key) if key else None for key in keys]
    missing = [i for i, result in enumerate(results) if result is None]
    for i, (key, result) in zip(missing, run_many([(read_and_parse, *files[i]) for i in missing])):
        keys[i] = cache.remember_key(files[i][1], keyed[i][1], key)
        cache.put(key, result)
        results[i] = result
    cache.sources.update((display, key) for (_, display, _), key in zip(files, keys))
    return results
