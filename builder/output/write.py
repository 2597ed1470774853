"""Write a site into its output folder, touching only files whose bytes changed.

Unchanged files keep their inode and mtime, so rsync and CDN uploads send only changes. Files
arrive one by one (a large site is never whole in memory); each changed one is written into a
sibling staging folder, by the process that made it, and nothing in the old output moves until
every file has arrived. Changes to part of the site are then renamed into place in the order they
arrived (the search index's manifest comes after the files it names), each replaced or removed
file first linked aside, so that a failure on the way puts every one back; when most of the site
changes (a template edit), the unchanged files are hard-linked into the staging folder, which is
swapped in whole. Either way the output is the old site or the new one, whole, unless the build
is killed in the moment the renames take.

Only files that jobboard wrote are replaced or removed: the marker file (walk.MARKER)
names them; other files in the output folder stay as they are. Staging folders carry the
building process's id, so that the next build removes those of builds that were killed."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Callable

from ..load.walk import MARKER, files_under
from .guard import OutputRefused, built_before, marker_text, owned_files

Outputs = dict[str, bytes]
FileStamp = tuple[str, int, int, int]  # path in the site, size, mtime_ns, inode

# Rename into place up to this many changed or removed files, or this share of the site. The
# swap costs a hard link per unchanged file and a new folder per page, and deleting the old tree
# slows file creation for minutes on ext4 without a journal: keep it for changes to most pages.
IN_PLACE_MIN = 64
IN_PLACE_SHARE = 0.5


class OutputWriteError(Exception):
    """The output could not be written (a read-only folder, a full disk); the old one is intact."""


class SiteWriter:
    """with SiteWriter(out_dir, keep) as writer: writer.add(path, data) for every file of the site.
    At the end out_dir holds exactly those files plus the ones named in `keep` (already there,
    as they should be) and any files jobboard did not write; an exception inside the block, or a
    failure to write, leaves out_dir untouched.

    add() is stage() then arrived(). Worker processes forked inside the block may stage files
    themselves, so that the bytes never travel; the writer then hears of them by arrived()."""

    def __init__(self, out_dir: Path, keep: frozenset[str] | set[str] = frozenset()):
        self.out_dir = out_dir.resolve()
        self.keep = set(keep)
        self.old = set(files_under(self.out_dir)) if self.out_dir.is_dir() else set()
        self.old.discard(MARKER)
        owned = owned_files(self.out_dir)
        self.adopting = owned is None and built_before(self.out_dir)  # decided in _finish
        # files jobboard did not write: never replaced or removed
        self.foreign = set() if self.adopting else self.old - (owned or set())
        self.seen: set[str] = set()
        self.changed: list[str] = []
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            remove_dead_staging(self.out_dir)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.new-{os.getpid()}-",
                                                 dir=self.out_dir.parent))
            self.staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from a static server's user
        except OSError as error:
            raise _failed(self.out_dir.parent, error) from error
        self.folders = {str(self.staging)}  # made in the staging folder (by this process)
        self.written = 0  # files written or removed, once done

    def add(self, name: str, data: bytes) -> None:
        self.arrived(*self.stage(name, data))

    def stage(self, name: str, data: bytes) -> tuple[bool, FileStamp]:
        """Whether the file changed, and its stamp as it will be in out_dir; a changed one is
        written into the staging folder. Only touches the disk, so workers can call it."""
        if name in self.old:
            st = _same(self.out_dir / name, data)
            if st is not None:
                return False, (name, st.st_size, st.st_mtime_ns, st.st_ino)
        # os calls on strings, not pathlib and open(): this runs for every file of the site
        target = f"{self.staging}/{name}"
        try:
            folder = os.path.dirname(target)
            if folder not in self.folders:
                os.makedirs(folder, exist_ok=True)
                self.folders.add(folder)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            try:
                rest = memoryview(data)
                while rest:
                    rest = rest[os.write(fd, rest):]
                st = os.fstat(fd)  # moving the file into place keeps its inode and mtime
            finally:
                os.close(fd)
        except OSError as error:
            raise _failed(self.out_dir / name, error) from error
        return True, (name, st.st_size, st.st_mtime_ns, st.st_ino)

    def arrived(self, changed: bool, stamp: FileStamp) -> None:
        """A file staged (or found unchanged) by stage(), in this process or another."""
        name = stamp[0]
        if changed and name in self.foreign:
            raise OutputRefused(f"{self.out_dir / name} was not written by jobboard and the build would replace "
                                f"it; move it away or choose another output folder")
        self.seen.add(name)
        if changed:
            self.changed.append(name)

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if kind is None:
                self._finish()
        except OSError as failure:
            raise _failed(Path(failure.filename or self.out_dir), failure) from failure
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _finish(self) -> None:
        missing = self.keep - self.old
        if missing:
            raise FileNotFoundError(f"{self.out_dir}: kept files are missing: {sorted(missing)[:3]}")
        site = self.seen | self.keep
        if self.adopting:  # an older jobboard's build: its files are those where this build writes
            tops = {name.split("/", 1)[0] for name in site}
            self.foreign = {name for name in self.old if name.split("/", 1)[0] not in tops}
        stale = sorted(self.old - site - self.foreign)
        self.written = len(self.changed) + len(stale)
        marker = marker_text(site)
        marker_same = _same(self.out_dir / MARKER, marker) is not None
        if self.written == 0 and marker_same:
            return
        moved, unchanged = list(self.changed), sorted(self.old - set(stale) - set(self.changed))
        if marker_same:
            unchanged.append(MARKER)
        else:
            self.stage(MARKER, marker)
            moved.append(MARKER)
        in_place_max = max(IN_PLACE_MIN, IN_PLACE_SHARE * len(site))
        if self.out_dir.is_dir() and (self.written <= in_place_max or self.foreign):
            # a marker naming the old files and the new, until the last rename: a build killed
            # on the way leaves no file of jobboard's unnamed (it would count as someone else's)
            claimed = None if marker_same else marker_text(site | (self.old - self.foreign))
            self._move_into_place(moved, stale, claimed)
        else:
            for name in unchanged:
                target = self.staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(self.out_dir / name, target)
            _swap(self.staging, self.out_dir)

    def _move_into_place(self, moved: list[str], stale: list[str], claimed: bytes | None) -> None:
        """Rename the staged files into place (after the `claimed` marker, if any) and remove the
        stale ones; on any failure undo every step taken, so that out_dir is as it was."""
        out, staging = str(self.out_dir), str(self.staging)
        aside = tempfile.mkdtemp(prefix=f".{self.out_dir.name}.old-{os.getpid()}-", dir=self.out_dir.parent)
        undo: list[Callable[[], object]] = []
        folders: set[str] = {out}
        target = out
        try:
            renames = [(f"{staging}/{name}", f"{out}/{name}") for name in moved]
            if claimed is not None:
                with open(f"{staging}/{MARKER}.claimed", "wb") as file:
                    file.write(claimed)
                renames.insert(0, (f"{staging}/{MARKER}.claimed", f"{out}/{MARKER}"))
            for source, target in renames:
                _make_folders(os.path.dirname(target), folders, undo)
                if os.path.lexists(target):
                    kept = f"{aside}/{len(undo)}"
                    os.link(target, kept)
                    os.replace(source, target)
                    undo.append(partial(os.replace, kept, target))
                else:
                    os.rename(source, target)
                    undo.append(partial(os.unlink, target))
            for name in stale:
                target = f"{out}/{name}"
                kept = f"{aside}/{len(undo)}"
                os.rename(target, kept)
                undo.append(partial(os.rename, kept, target))
        except BaseException as error:
            if not _undo(undo):  # keep what was set aside where no later build removes it
                left = self.out_dir.parent / f".{self.out_dir.name}.undo-failed-{os.getpid()}"
                os.rename(aside, left)
                raise OutputWriteError(f"cannot write {target} nor put back the old files: they are in {left}") \
                    from error
            if isinstance(error, OSError):
                raise _failed(Path(target), error) from error
            raise
        finally:
            shutil.rmtree(aside, ignore_errors=True)
        for name in stale:
            _remove_empty_parents(self.out_dir, (self.out_dir / name).parent)


def write_outputs(outputs: Outputs, out_dir: Path, keep: frozenset[str] | set[str] = frozenset()) -> int:
    """Make out_dir hold exactly `outputs` plus the files named in `keep`. Returns how many
    files were written or removed."""
    with SiteWriter(out_dir, keep) as writer:
        for name, data in outputs.items():
            writer.add(name, data)
    return writer.written


def remove_dead_staging(out_dir: Path) -> None:
    """Remove the staging and set-aside folders beside out_dir of builds that were killed: only
    folders named as SiteWriter names them for this output, of processes no longer running."""
    ours = re.compile(rf"\.{re.escape(out_dir.name)}\.(?:new|old)-(\d+)-[^/]+\Z")
    for entry in os.scandir(out_dir.parent):
        found = ours.match(entry.name)
        if found and entry.is_dir(follow_symlinks=False) and not _running(int(found[1])):
            shutil.rmtree(entry.path, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    try:  # a killed build its parent has not reaped yet
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rpartition(b")")[2].split()[0] != b"Z"
    except OSError:
        return True


def _undo(steps: list[Callable[[], object]]) -> bool:
    """Take every step, last first, even when one fails; whether all succeeded."""
    undone = True
    for step in reversed(steps):
        try:
            step()
        except BaseException:
            undone = False
    return undone


def _make_folders(folder: str, made: set[str], undo: list[Callable[[], object]]) -> None:
    """Make `folder` and its missing parents; undoing removes them again. `made`: folders known
    to exist."""
    wanted, missing = folder, []
    while folder not in made and not os.path.isdir(folder):
        missing.append(folder)
        folder = os.path.dirname(folder)
    for folder in reversed(missing):
        os.mkdir(folder)
        undo.append(partial(os.rmdir, folder))
    made.add(wanted)


def _failed(path: Path, error: OSError) -> OutputWriteError:
    return OutputWriteError(f"cannot write {path}: {error.strerror or error}; the previous output was left as it was")


def _same(path: Path, data: bytes) -> os.stat_result | None:
    """The file's stat if it holds exactly `data`."""
    try:
        st = path.stat()
        return st if st.st_size == len(data) and path.read_bytes() == data else None
    except OSError:
        return None


def _remove_empty_parents(out_dir: Path, folder: Path) -> None:
    while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{time.monotonic_ns()}"
    out_dir.rename(old)
    try:
        staging.rename(out_dir)
    except BaseException:
        old.rename(out_dir)
        raise
    shutil.rmtree(old, ignore_errors=True)
