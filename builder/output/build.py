"""Build a board: load, assemble, render; write the outputs atomically."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterator

from ..load import i18n
from ..load.config import load_config
from ..load.content import Source, load_content, source_files
from ..load.errors import BuildFailed, SourceError, SourceWarning, UsageError
from ..load.fields import quote
from ..load.records import Config
from ..load.theme import Theme, load_theme
from ..model.board import Board, assemble
from ..model.transparency import pay_transparency_warnings
from ..model.unfinished import unfinished_warnings
from ..render import seo
from ..render.assets import fingerprint
from ..render.site import Generated, Outputs, Page, Site, prepare_site, render_site
from .cache import BuildCache, LastBuild, ParseCache, inputs_key, output_keys
from .guard import check_output
from .parallel import in_background, make_many
from .parse import Keyed, cached_keys, parse_files
from .write import FileStamp, SiteWriter, write_outputs

__all__ = ["build", "build_into", "collector_paused", "load_board", "warnings_of", "write_outputs"]


def build_date() -> date:
    """Today, or SOURCE_DATE_EPOCH's day when set, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return date.today()
    # the reproducible-builds.org format: seconds since 1970 in ASCII digits, as `date +%s` prints
    try:
        if not epoch.isascii() or not epoch.isdigit() or len(epoch) > 20:
            raise ValueError
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        raise UsageError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 up to the "
                         f"year 9999, got {quote(epoch)}") from None


def load_board(board_dir: Path, drafts: bool = False, base_url: str | None = None,
               cache: ParseCache | None = None) -> Board:
    """With a cache, only files not parsed before are parsed, and their results are added to it.
    The caller saves it, whether or not loading fails: failed files are cached with their errors."""
    config = load_config(board_dir, base_url)
    files = source_files(board_dir, config.allow_symlinks_outside)
    companies, postings = load_content(board_dir, files, parse_files(files, cache))
    return assemble(config, companies, postings, build_date(), drafts)


def warnings_of(board: Board, board_dir: Path) -> tuple[SourceWarning, ...]:
    """What the author should fix but that does not stop the build, in file order."""
    return tuple(sorted(pay_transparency_warnings(board) + seo.warnings(board) + unfinished_warnings(board, board_dir)
                        + i18n.warnings(board.config)))


def build(board_dir: Path, drafts: bool = False, base_url: str | None = None) -> tuple[Board, Outputs]:
    board = load_board(board_dir, drafts, base_url)
    return board, render_site(board, load_theme(board_dir, board.config.allow_symlinks_outside))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading a large board makes about a million long-lived objects and no garbage cycles; the
    cyclic collector would walk them again each time the heap grew (a third of a 10k board's
    no-change rebuild, a quarter of the dev server's rebuild). They are then frozen out of later
    collections too; records dropped later are still freed, by their reference counts."""
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


@dataclass(frozen=True)
class Built:
    out_dir: Path
    files: int  # in the site
    pages: int  # HTML pages in the site
    rendered: int  # pages rendered this time
    written: int  # files written or removed this time
    warnings: tuple[SourceWarning, ...]


def build_into(board_dir: Path, out_dir: Path | None = None, drafts: bool = False, base_url: str | None = None,
               use_cache: bool = True, force: bool = False) -> Built:
    """Build and write the board. With the cache (board/.jobboard-cache/), unchanged files are not
    parsed again and pages whose inputs are unchanged are neither rendered nor written; when no
    input changed since the last build into out_dir, nothing is parsed or rendered at all.
    An output folder that check_output refuses (`force`: a non-empty one not written by
    jobboard may be used) raises OutputRefused before anything is written.

    The stages, each asking the cache at its start what it may skip: the settings and the list
    of sources; the whole build (_as_last_time); parsing (parse_files) and assembling; rendering
    and writing (_render_into: _plan, _write); remembering what was written."""
    config, today = load_config(board_dir, base_url), build_date()
    out_dir = out_dir or board_dir / config.output
    check_output(board_dir, out_dir, force)
    theme, files = _sources(board_dir, config.allow_symlinks_outside)
    cache = BuildCache.open(board_dir) if use_cache else None
    inputs = None  # the inputs_key, when every source's key is known before loading
    try:
        keyed = cached_keys(files, cache.parsed) if cache else None
        if cache and keyed and all(key for key, _ in keyed):  # every file read before: maybe nothing changed
            inputs, same = _as_last_time(cache, out_dir, config, today, drafts, theme, files, keyed)
            if same:
                return same
        with collector_paused():
            results = parse_files(files, cache.parsed if cache else None, keyed)
            board = assemble(config, *load_content(board_dir, files, results), today, drafts)
    except BaseException:
        if cache:
            cache.parsed.save()
        raise
    # while the site is rendered: it is all new records on a cold build, a tenth of its time
    saved = in_background(cache.parsed.save, len(board.postings)) if cache else lambda: None
    try:
        return _render_into(board_dir, board, drafts, theme, out_dir, cache, inputs)
    finally:
        saved()


def _sources(board_dir: Path, allow_outside: bool) -> tuple[Theme, list[Source]]:
    """The theme and the content files; BuildFailed with the problems of both."""
    errors: list[SourceError] = []
    theme: Theme | None = None
    try:
        theme = load_theme(board_dir, allow_outside)
    except BuildFailed as failed:
        errors += failed.errors
    try:
        files = source_files(board_dir, allow_outside)
    except BuildFailed as failed:
        errors += failed.errors
    if errors or theme is None:
        raise BuildFailed(errors)
    return theme, files


def _as_last_time(cache: BuildCache, out_dir: Path, config: Config, today: date, drafts: bool, theme: Theme,
                  files: list[Source], keyed: Keyed) -> tuple[str, Built | None]:
    """The build's inputs_key, when the cache knows every source's key; and the last build into
    out_dir again, if it had these inputs and its files are still as it wrote them: then only the
    static files are compared, and any other file jobboard wrote there removed."""
    sources = {display: key for (_, display, _), (key, _) in zip(files, keyed)}
    static, assets = fingerprint(theme.static)
    inputs = inputs_key(config, today, drafts, sources, theme.templates, assets, static)
    last = cache.outputs.last_build(out_dir, inputs)
    keys = cache.outputs.keys_if_unchanged(out_dir, inputs)
    if last is None or keys is None:
        return inputs, None
    kept = cache.outputs.unchanged(out_dir, keys)
    if len(kept) < len(keys):
        return inputs, None
    kept_files = {name for names in kept.values() for name in names}
    with SiteWriter(out_dir, kept_files) as writer:
        for path, data in static.items():
            if path not in kept_files:  # a page's file (a generated one never has a static file's path)
                writer.add(path, data)
    cache.parsed.sources.update(sources)
    cache.parsed.save()  # the stamps of files touched but not changed
    return inputs, Built(out_dir, len(writer.seen | writer.keep), last.pages, 0, writer.written, last.warnings)


@dataclass(frozen=True)
class Plan:
    """What the cache says of a site's output units (pages, groups of generated files) at the start
    of rendering: the units whose files are as the same key made them last time, kept as they
    are; the groups to make and the pages to render; the keys to remember them by."""

    inputs: str | None  # the build's inputs_key
    keys: dict[str, str]  # unit -> its key
    kept: dict[str, tuple[str, ...]]  # unit -> its files in the output, as written last time
    groups: list[Generated]
    pages: list[Page]


def _plan(site: Site, drafts: bool, out_dir: Path, cache: BuildCache | None, inputs: str | None) -> Plan:
    """Without a cache, everything is made. `inputs`: the build's inputs_key if build_into made it
    already (the sources are the same)."""
    if cache is None:
        return Plan(None, {}, {}, list(site.generated), list(site.pages))
    board, templates, sources = site.board, site.theme.templates, cache.parsed.sources
    inputs = inputs or inputs_key(board.config, board.today, drafts, sources, templates, site.assets, site.static)
    keys = (cache.outputs.keys_if_unchanged(out_dir, inputs)
            or output_keys(board, sources, templates, site.assets, list(site.pages), list(site.generated), inputs))
    kept = cache.outputs.unchanged(out_dir, keys)
    return Plan(inputs, keys, kept, [cache.kept.remade(group) for group in site.generated if group.name not in kept],
                [page for page in site.pages if page.path not in kept])


def _render_into(board_dir: Path, board: Board, drafts: bool, theme: Theme, out_dir: Path,
                 cache: BuildCache | None, inputs: str | None) -> Built:
    site = prepare_site(board, theme)
    warnings = warnings_of(board, board_dir)
    plan = _plan(site, drafts, out_dir, cache, inputs)
    made, writer = _write(site, plan, out_dir)
    if cache:
        cache.outputs.record(out_dir, LastBuild(plan.inputs, len(site.pages), warnings), plan.keys, made, plan.kept)
    return Built(out_dir, len(writer.seen | writer.keep), len(site.pages), len(plan.pages), writer.written, warnings)


def _write(site: Site, plan: Plan, out_dir: Path) -> tuple[dict[str, tuple[FileStamp, ...]], SiteWriter]:
    """The static files, and the plan's groups and pages made (by the worker processes on a large
    site), written into out_dir beside the kept units' files; the files each unit made now."""
    # as in render_site: pages win over the board's static files, which win over generated ones
    page_paths = {page.path for page in site.pages}
    static = {path: data for path, data in site.static.items() if path not in page_paths}
    made: dict[str, tuple[FileStamp, ...]] = {}
    with SiteWriter(out_dir, {name for names in plan.kept.values() for name in names}) as writer:
        for path, data in static.items():
            writer.add(path, data)

        def store(files: Outputs) -> list[tuple[bool, FileStamp]]:
            return [writer.stage(path, data) for path, data in files.items() if path not in static]

        for unit, stored in make_many(site, plan.groups, plan.pages, store):
            for changed, stamp in stored:
                writer.arrived(changed, stamp)
            made[unit] = tuple(stamp for _, stamp in stored)
    return made, writer
