"""Parsed source files remembered between rebuilds, so `serve` re-parses only what changed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable

Stamp = tuple[int, int, int, int]


def stamp(path: Path) -> Stamp:
    """What changes when a file is written or replaced: mtime and ctime (coarse clock ticks),
    size, and inode (an editor's save-to-temp-then-rename gives a new one)."""
    st = os.stat(path)
    return st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino


class FileMemo:
    """parse(raw bytes, display path) results by display path, reused while the file's stamp is
    unchanged. Only the latest result per file is kept, so memory stays the size of the board."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Callable[..., Any], Stamp, Any]] = {}

    def parse(self, parse: Callable[[bytes, str], Any], display: str, path: Path) -> Any:
        current = stamp(path)
        entry = self._entries.get(display)
        if entry is not None and entry[0] is parse and entry[1] == current:
            return entry[2]
        result = parse(path.read_bytes(), display)
        self._entries[display] = (parse, current, result)
        return result

    def keep_only(self, displays: set[str]) -> None:
        """Forget files that no longer exist."""
        for gone in self._entries.keys() - displays:
            del self._entries[gone]
