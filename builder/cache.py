"""The persistent build cache in <board>/.jobboard-cache/: parsed files by content hash, and the
keys of the pages last written to each output folder. Never trusted: anything unreadable, of
another version, or not matching the disk is ignored and rebuilt."""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markdown_it
import yaml

from . import __version__
from .model import Board
from .records import Company, Posting

FOLDER = ".jobboard-cache"
PACKAGE = Path(__file__).resolve().parent


def _version_key() -> str:
    """Everything that can change a parsed record or a page besides the inputs themselves:
    the generator's own source, the libraries that parse and render, the Python version."""
    digest = hashlib.sha256(f"{__version__} {sys.version} {yaml.__version__} {markdown_it.__version__} "
                            f"{jinja2.__version__} {getattr(yaml, '__with_libyaml__', False)}".encode())
    for module in sorted(PACKAGE.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


VERSION = _version_key()


def file_key(raw: bytes, display: str) -> str:
    """A parse result depends on the bytes and on the display path (slug, error messages)."""
    return hashlib.sha256(display.encode() + b"\0" + raw).hexdigest()


def _load(path: Path) -> dict[str, Any] | None:
    """A pickled dict of this VERSION, or None: a corrupt or outdated file is simply not used."""
    try:
        with path.open("rb") as f:
            data = pickle.load(f)
    except Exception:  # noqa: BLE001 - any damage (truncation, garbage, missing classes) means rebuild
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    return data


def _save(path: Path, data: dict[str, Any]) -> None:
    """Write beside, then rename: a killed build never leaves a half-written cache file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump({**data, "version": VERSION}, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


@dataclass
class ParseCache:
    """Parse results (record, errors, ...) by file_key, sharded by the key's first two hex digits
    so that saving after one edit rewrites one small file, not the whole cache."""

    folder: Path
    shards: dict[str, dict[str, Any]] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)
    sources: dict[str, str] = field(default_factory=dict)  # display path -> file_key, for page keys
    # display path -> (mtime_ns, size, inode, file_key), in memory only: a long-lived cache (the dev
    # server's) then reads and hashes only the files touched since its last load
    stamps: dict[str, tuple[int, int, int, str]] = field(default_factory=dict)

    def known_key(self, display: str, st: os.stat_result) -> str | None:
        stamp = self.stamps.get(display)
        return stamp[3] if stamp and stamp[:3] == (st.st_mtime_ns, st.st_size, st.st_ino) else None

    def remember_key(self, display: str, st: os.stat_result, key: str) -> str:
        """`st` is taken before the file is read: an edit racing the read then shows as a new stamp."""
        self.stamps[display] = (st.st_mtime_ns, st.st_size, st.st_ino, key)
        return key

    def get(self, key: str) -> Any | None:
        shard = self._shard(key[:2])
        self.used.add(key)
        return shard.get(key)

    def put(self, key: str, result: Any) -> None:
        self._shard(key[:2])[key] = result
        self.used.add(key)
        self.dirty.add(key[:2])

    def _shard(self, name: str) -> dict[str, Any]:
        if name not in self.shards:
            data = _load(self.folder / "parsed" / f"{name}.pickle")
            self.shards[name] = data["entries"] if data and isinstance(data.get("entries"), dict) else {}
        return self.shards[name]

    def save(self) -> None:
        """Write changed shards, dropping entries of files that no longer exist in this form."""
        for name, entries in self.shards.items():
            unused = [key for key in entries if key not in self.used]
            if unused:
                self.dirty.add(name)
                for key in unused:
                    del entries[key]
            if name in self.dirty:
                _save(self.folder / "parsed" / f"{name}.pickle", {"entries": entries})
        self.dirty.clear()
        self.used.clear()  # a long-lived cache (the dev server's) counts use per load


def site_key(board: Board, templates: dict[str, tuple[str, str]]) -> str:
    """What every page depends on besides its own context: generator, settings, day, templates."""
    digest = hashlib.sha256(f"{VERSION}\0{board.config!r}\0{board.today}\0".encode())
    for name, (source, display) in sorted(templates.items()):
        digest.update(f"{name}\0{display}\0{source}\0".encode())
    return digest.hexdigest()


def page_keys(board: Board, pages: list[Any], sources: dict[str, str], site: str) -> dict[str, str]:
    """A key per page that changes whenever its output can. A page's context names what it shows
    (a posting with its company, a company, a list of postings, a skill); pages without context
    draw on the whole board (counts, lists of everything), so they get no key and are always
    rendered. Templates must reach the board only through a posting's company and expiry."""
    def digest(value: Any) -> str:
        if isinstance(value, Posting):
            return sources[value.path] + sources[board.companies[value.company].path]
        if isinstance(value, Company):
            return sources[value.path]
        if isinstance(value, (tuple, list)):
            return "[" + ",".join(map(digest, value)) + "]"
        return repr(value)

    return {
        page.path: hashlib.sha256("\0".join(
            [site, page.path, page.template, *(f"{k}={digest(v)}" for k, v in sorted(page.context.items()))]
        ).encode()).hexdigest()
        for page in pages if page.context
    }


@dataclass(frozen=True)
class Stamp:
    """What a page's output file looked like when we wrote it: same key and same file means the
    page need not be rendered or written again."""

    key: str
    size: int
    mtime_ns: int
    inode: int


def stamp_of(key: str, path: Path) -> Stamp:
    st = path.stat()
    return Stamp(key, st.st_size, st.st_mtime_ns, st.st_ino)


@dataclass
class PageCache:
    """The stamps of the pages last written into each output folder."""

    folder: Path
    outputs: dict[str, dict[str, Stamp]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path) -> PageCache:
        data = _load(folder / "pages.pickle")
        outputs = data.get("outputs") if data else None
        return cls(folder, outputs if isinstance(outputs, dict) else {})

    def unchanged(self, out_dir: Path, keys: dict[str, str]) -> set[str]:
        """The pages whose output file is exactly what the same key produced last time."""
        stamps = self.outputs.get(str(out_dir.resolve()), {})
        kept = set()
        for name, key in keys.items():
            old = stamps.get(name)
            if old is not None and old.key == key:
                try:
                    if stamp_of(key, out_dir / name) == old:
                        kept.add(name)
                except OSError:
                    pass
        return kept

    def record(self, out_dir: Path, keys: dict[str, str], kept: set[str]) -> None:
        """Remember the pages now in out_dir; the kept ones were not touched, so their stamps stand."""
        out_dir = out_dir.resolve()
        old = self.outputs.get(str(out_dir), {})
        self.outputs[str(out_dir)] = {
            name: old[name] if name in kept else stamp_of(key, out_dir / name) for name, key in keys.items()
        }
        _save(self.folder / "pages.pickle", {"outputs": self.outputs})


@dataclass
class BuildCache:
    """The board's cache folder: parse results and page stamps."""

    parsed: ParseCache
    pages: PageCache

    @classmethod
    def open(cls, board: Path) -> BuildCache:
        folder = board / FOLDER
        return cls(ParseCache(folder), PageCache.load(folder))
