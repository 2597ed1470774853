"""The persistent build cache in <board>/.jobboard-cache/: parsed files by content hash, and the
keys of the pages last written to each output folder. Never trusted: anything unreadable, of
another version, or not matching the disk is ignored and rebuilt. Its files hold data only
(cache_codec), since a board from someone else may come with a cache folder of their making.
Optional too: a cache that cannot be saved costs one warning, never the build."""

from __future__ import annotations

import errno
import hashlib
import mmap
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, Iterable, NamedTuple

import babel
import jinja2
import markdown_it
import yaml

from .. import __version__
from ..load.errors import SourceError, SourceWarning
from ..load.records import Band, Company, Config, Location, Posting
from ..model.board import Board
from ..render.site import Generated, Outputs
from ..search.index import Kept, Shown
from .cache_codec import Codec
from .write import FileStamp

FOLDER = ".jobboard-cache"
STAMPS, OUTPUTS = "stamps.msgpack", "outputs.msgpack"  # files in FOLDER, beside parsed/ and kept/
RACY_NS = 2_000_000_000  # file systems keep mtimes in ticks of up to a second or two
PACKAGE = Path(__file__).resolve().parents[1]  # builder/


def _version_key() -> str:
    """Everything that can change a parsed record or a page besides the inputs themselves:
    the generator's own source, its catalogs of the theme's words and the search's stop words,
    the libraries that parse and render (Babel's data formats dates and numbers), the Python version."""
    digest = hashlib.sha256(f"{__version__} {sys.version} {yaml.__version__} {markdown_it.__version__} "
                            f"{jinja2.__version__} {babel.__version__} {getattr(yaml, '__with_libyaml__', False)}".encode())
    for module in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.glob("load/locale/*/LC_MESSAGES/*.po"),
                          *PACKAGE.glob("search/stopwords/*.txt")]):
        digest.update(module.relative_to(PACKAGE).as_posix().encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


VERSION = _version_key()


def file_key(raw: bytes, display: str) -> str:
    """A parse result depends on the bytes and on the display path (slug, error messages)."""
    return hashlib.sha256(display.encode() + b"\0" + raw).hexdigest()


# What a parse_company or parse_posting call returns (see load/content.py)
ParseResult = (tuple[Company | None, list[SourceError]]
               | tuple[Posting | None, list[SourceError], tuple[str, int] | None])
Stamp = tuple[int, int, int, str]  # a source file's mtime_ns, size and inode, and its file_key


def _load(path: Path, hint: object) -> Any | None:
    """The value saved at path, if it is of this VERSION and of the type `hint`; else None:
    a missing, damaged, outdated or foreign file is simply not used."""
    try:
        with path.open("rb") as f:
            return CODEC.loads(VERSION, f.read(), hint)
    except Exception:  # noqa: BLE001 - any doubt (unreadable, garbage, wrong version or type) means rebuild
        return None


# One byte shared with the processes forked during a build (the background save, the render
# workers), so that whichever fails to save first warns, and the others stay quiet.
_not_saved = mmap.mmap(-1, 1)


def _save(folder: Path, name: str, value: object) -> None:
    """Write folder/name beside, then rename: a killed build never leaves a half-written cache
    file. A cache that cannot be written (a file where a folder goes, a read-only folder, a full
    disk) is left as it is, with one warning per build: the build does not need it."""
    if _not_saved[0]:
        return
    data, path = CODEC.dumps(VERSION, value), folder / name
    try:
        # the cache holds the board's text: a link must not carry it somewhere else
        if folder.is_symlink() or not _inside(path.parent, folder.parent):
            raise OSError(errno.ELOOP, "is a symbolic link; the cache is not written through links")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name, dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as exc:
        if not _not_saved[0]:
            _not_saved[0] = 1
            print(f"jobboard: warning: cache not saved: {path.parent}: {exc.strerror or exc} "
                  f"(the build is fine; delete {folder} or fix its permissions)", file=sys.stderr, flush=True)


def _inside(path: Path, board: Path) -> bool:
    """Whether path, as far as it exists, leads to a place inside the board."""
    return path.resolve().is_relative_to(board.resolve())


def _shard_file(name: str) -> str:
    return f"parsed/{name}.msgpack"


@dataclass
class ParseCache:
    """Parse results (record, errors, ...) by file_key, sharded by the key's first two hex digits
    so that saving after one edit rewrites one small file, not the whole cache."""

    folder: Path
    shards: dict[str, dict[str, Any]] = field(default_factory=dict)
    dirty: set[str] = field(default_factory=set)
    used: set[str] = field(default_factory=set)
    sources: dict[str, str] = field(default_factory=dict)  # display path -> file_key, for output keys
    # display path -> (mtime_ns, size, inode, file_key), saved with the cache: the next build then
    # reads and hashes only the files touched since (as git's index and make do)
    stamps: dict[str, Stamp] | None = None
    stamps_changed: bool = False

    def known_key(self, display: str, st: os.stat_result) -> str | None:
        stamp = self._stamps().get(display)
        return stamp[3] if stamp and stamp[:3] == (st.st_mtime_ns, st.st_size, st.st_ino) else None

    def has_seen(self, display: str) -> bool:
        """Whether a file at this path was read in an earlier load or build."""
        return display in self.sources or display in self._stamps()

    def _stamps(self) -> dict[str, Stamp]:
        if self.stamps is None:
            self.stamps = _load(self.folder / STAMPS, dict[str, Stamp]) or {}
        return self.stamps

    def remember_key(self, display: str, st: os.stat_result, key: str) -> str:
        """`st` is taken before the file is read. A file changed in the last RACY_NS may change
        again within the same mtime tick without its stamp changing, so it is not remembered."""
        if self.stamps is not None and st.st_mtime_ns < time.time_ns() - RACY_NS:
            self.stamps[display] = (st.st_mtime_ns, st.st_size, st.st_ino, key)
            self.stamps_changed = True
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
            self.shards[name] = _load(self.folder / _shard_file(name), dict[str, ParseResult]) or {}
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
                _save(self.folder, _shard_file(name), entries)
        self.dirty.clear()
        if self.stamps is not None and self.stamps.keys() - self.sources.keys():  # files since removed
            self.stamps = {display: stamp for display, stamp in self.stamps.items() if display in self.sources}
            self.stamps_changed = True
        if self.stamps_changed and self.stamps is not None:
            _save(self.folder, STAMPS, self.stamps)
            self.stamps_changed = False
        self.used.clear()  # a long-lived cache (the dev server's) counts use per load


def _settings(config: Config, today: date) -> bytes:
    """What every output is made with besides its inputs: our version, the settings, the day."""
    return f"{VERSION}\0{config!r}\0{today}\0".encode()


def _page_settings(config: Config, today: date, templates: dict[str, tuple[str, str]], assets: dict[str, str]) -> Any:
    """A sha256 of what every page is rendered with besides its context: the settings, the
    templates, and the published asset names (pages link the fingerprinted files, so a
    stylesheet edit renames what every page links to)."""
    digest = hashlib.sha256(_settings(config, today))
    for name, (source, display) in sorted(templates.items()):
        digest.update(f"{name}\0{display}\0{source}\0".encode())
    for name, path in sorted(assets.items()):
        digest.update(f"{name}\0{path}\0".encode())
    return digest


def output_keys(board: Board, sources: dict[str, str], templates: dict[str, tuple[str, str]],
                assets: dict[str, str], pages: list[Any], groups: list[Any], inputs: str) -> dict[str, str]:
    """A key per page (render/site.py's Page) and per group of generated files (Generated) that
    changes whenever its output can. A page's context names what it shows (a posting with its
    company, a company, a list of postings, a skill); a page without context draws on the whole
    board (counts, lists of everything), so its key is `inputs`, the inputs_key of the build.
    Templates must reach the board only through a posting's company and expiry. Generated
    files do not use the templates or the assets, so a template or stylesheet edit leaves them be."""
    page_base = _page_settings(board.config, board.today, templates, assets).hexdigest()
    data_base = hashlib.sha256(_settings(board.config, board.today)).hexdigest()

    # by id(), computed once: a posting is in many lists (index, skills, company), and contexts
    # hold only the board's own records
    record_keys = {id(company): sources[company.path] for company in board.companies.values()}
    record_keys.update((id(posting), sources[posting.path] + record_keys[id(board.companies[posting.company])])
                       for posting in board.postings)

    def value_key(value: Any) -> str:
        if isinstance(value, (Posting, Company)):
            return record_keys[id(value)]
        # sequences in contexts are homogeneous: look inside only if they hold records
        if isinstance(value, (tuple, list)) and value and isinstance(value[0], (Posting, Company)):
            return "[" + ",".join([record_keys[id(record)] for record in value]) + "]"
        return repr(value)

    def key(base: str, name: str, inputs: dict[str, Any]) -> str:
        parts = [base, name, *(f"{k}={value_key(v)}" for k, v in sorted(inputs.items()))]
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    keys = {page.path: key(page_base, page.template, {"page": page.path, **page.context}) if page.context
            else key(inputs, page.template, {"page": page.path}) for page in pages}
    keys.update((group.name, key(data_base, group.name, group.inputs)) for group in groups)
    return keys


def inputs_key(config: Config, today: date, drafts: bool, sources: dict[str, str],
               templates: dict[str, tuple[str, str]], assets: dict[str, str], static: Iterable[str]) -> str:
    """Everything a build's output depends on but the static files' bytes: the board is made of
    the parsed sources, the settings, the day and --drafts; its pages also of the templates and
    asset names; which generated files are made, of the paths of the static files."""
    digest = _page_settings(config, today, templates, assets)
    digest.update(f"drafts={drafts}\0{sorted(static)}\0".encode())
    digest.update("\0".join(f"{display}={key}" for display, key in sorted(sources.items())).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class LastBuild:
    """What a build into an output folder left besides its files, for a next build with the
    same inputs: then it has nothing to parse or render, and only says it again."""

    inputs: str  # its inputs_key
    pages: int
    warnings: tuple[SourceWarning, ...]


class Written(NamedTuple):  # not a dataclass: a site has thousands, and a tuple is cheap to load
    """An output unit (a page, or a group of generated files) as we last wrote it: the same key
    and untouched files mean it need not be made or written again."""

    key: str
    files: tuple[FileStamp, ...]


def _stamp(out_dir: Path, name: str) -> FileStamp:
    st = os.stat(f"{out_dir}/{name}")  # not Path: this runs for every file of the site
    return name, st.st_size, st.st_mtime_ns, st.st_ino


@dataclass
class OutputCache:
    """What was last written into each output folder, unit by unit."""

    folder: Path
    outputs: dict[str, dict[str, Written]] = field(default_factory=dict)
    last: dict[str, LastBuild] = field(default_factory=dict)  # per output folder

    @classmethod
    def load(cls, folder: Path) -> OutputCache:
        saved = _load(folder / OUTPUTS, tuple[dict[str, dict[str, Written]], dict[str, LastBuild]])
        return cls(folder, *saved) if saved else cls(folder)

    def last_build(self, out_dir: Path, inputs: str) -> LastBuild | None:
        """The last build into out_dir, if it had the same inputs_key."""
        last = self.last.get(str(out_dir.resolve()))
        return last if last is not None and last.inputs == inputs else None

    def keys_if_unchanged(self, out_dir: Path, inputs: str) -> dict[str, str] | None:
        """The keys of the last build into out_dir, if it had the same inputs_key: then output_keys
        would give them again (a fifth of a no-change rebuild of a large board)."""
        out = str(out_dir.resolve())
        if self.last_build(out_dir, inputs) is None or out not in self.outputs:
            return None
        return {name: written.key for name, written in self.outputs[out].items()}

    def unchanged(self, out_dir: Path, keys: dict[str, str]) -> dict[str, tuple[str, ...]]:
        """The units whose files are exactly what the same key produced last time, with their files."""
        written = self.outputs.get(str(out_dir.resolve()), {})
        kept = {}
        for name, key in keys.items():
            old = written.get(name)
            try:
                if old is not None and old.key == key and all(_stamp(out_dir, f[0]) == f for f in old.files):
                    kept[name] = tuple(f[0] for f in old.files)
            except OSError:
                pass
        return kept

    def record(self, out_dir: Path, last: LastBuild, keys: dict[str, str], made: dict[str, tuple[FileStamp, ...]],
               kept: Iterable[str]) -> None:
        """Remember the units now in out_dir: `made` ones with their files' stamps, `kept` ones as
        they were; every unit with a key is one or the other."""
        out = str(out_dir.resolve())
        old = self.outputs.get(out, {})
        now = {name: old[name] for name in kept}
        now.update((name, Written(keys[name], files)) for name, files in made.items() if name in keys)
        self.outputs[out], self.last[out] = now, last
        _save(self.folder, OUTPUTS, (self.outputs, self.last))


@dataclass
class KeptStates:
    """What generated groups keep between builds (Generated.remake), one file per group, read
    and written only when the group is remade, by the process that remakes it. The group
    checks that it still fits the board, so a stale one is only slower, never wrong."""

    folder: Path

    def _name(self, group: str) -> str:
        return f"kept/{hashlib.sha256(group.encode()).hexdigest()[:16]}.msgpack"

    def load(self, group: str) -> Kept | None:
        return _load(self.folder / self._name(group), Kept)

    def save(self, group: str, state: Kept) -> None:
        _save(self.folder, self._name(group), state)

    def remade(self, group: Generated) -> Generated:
        """The group, made from what it kept last time and keeping what it makes now, if it keeps
        anything (the search index). Read and written by whichever process makes the group: in a
        worker, the state never crosses a process boundary."""
        if group.remake is None:
            return group
        remake = group.remake

        def make() -> Outputs:
            files, state = remake(self.load(group.name))
            self.save(group.name, state)
            return files
        return replace(group, make=make, remake=None)


@dataclass
class BuildCache:
    """The board's cache folder: parse results, what was written where, what groups kept.
    Compiled templates are not kept: Jinja's are code it runs, and a board's folder is no
    place to take code from (compiling the theme again costs ~50 ms on a rebuild that renders)."""

    parsed: ParseCache
    outputs: OutputCache
    kept: KeptStates

    @classmethod
    def open(cls, board: Path) -> BuildCache:
        _not_saved[0] = 0  # a new build may warn again
        folder = board / FOLDER
        return cls(ParseCache(folder), OutputCache.load(folder), KeptStates(folder))


CODEC = Codec((Location, Band, Company, Posting, SourceError, SourceWarning, LastBuild, Kept, Shown))
