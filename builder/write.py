"""Write a site into its output folder, touching only files whose bytes changed.

Unchanged files keep their inode and mtime, so rsync and CDN uploads send only changes. Files
arrive one by one (a large site is never whole in memory); each changed one is written into a
sibling staging folder, by the process that made it, and nothing in the old output moves until
every file has arrived: a failed or killed build leaves the previous output as it was. Changes to part of the site are
then renamed into place one by one, in the order they arrived (each file swaps whole; the search
index's manifest comes after the files it names); when most of the site changes (a template
edit), the unchanged files are hard-linked into the staging folder, which is swapped in whole, so
the site flips at once."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from types import TracebackType

from .walk import files_under

Outputs = dict[str, bytes]
FileStamp = tuple[str, int, int, int]  # path in the site, size, mtime_ns, inode

# Rename into place up to this many changed or removed files, or this share of the site. The
# swap costs a hard link per unchanged file and a new folder per page, and deleting the old tree
# slows file creation for minutes on ext4 without a journal: keep it for changes to most pages.
IN_PLACE_MIN = 64
IN_PLACE_SHARE = 0.5


class SiteWriter:
    """with SiteWriter(out_dir, keep) as writer: writer.add(path, data) for every file of the site.
    At the end out_dir holds exactly those files plus the ones named in `keep` (already there,
    as they should be); an exception inside the block leaves out_dir untouched.

    add() is stage() then arrived(). Worker processes forked inside the block may stage files
    themselves, so that the bytes never travel; the writer then hears of them by arrived()."""

    def __init__(self, out_dir: Path, keep: frozenset[str] | set[str] = frozenset()):
        self.out_dir = out_dir.resolve()
        self.keep = set(keep)
        self.old = set(files_under(self.out_dir)) if self.out_dir.is_dir() else set()
        self.seen: set[str] = set()
        self.changed: list[str] = []
        self.out_dir.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name}.new-", dir=self.out_dir.parent))
        self.staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from a static server's user
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
        return True, (name, st.st_size, st.st_mtime_ns, st.st_ino)

    def arrived(self, changed: bool, stamp: FileStamp) -> None:
        """A file staged (or found unchanged) by stage(), in this process or another."""
        self.seen.add(stamp[0])
        if changed:
            self.changed.append(stamp[0])

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if kind is None:
                self._finish()
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _finish(self) -> None:
        missing = self.keep - self.old
        if missing:
            raise FileNotFoundError(f"{self.out_dir}: kept files are missing: {sorted(missing)[:3]}")
        stale = sorted(self.old - self.seen - self.keep)
        self.written = len(self.changed) + len(stale)
        if self.written == 0 and self.out_dir.is_dir():
            return
        in_place_max = max(IN_PLACE_MIN, IN_PLACE_SHARE * len(self.seen | self.keep))
        if self.out_dir.is_dir() and self.written <= in_place_max:
            self._move_into_place(stale)
        else:
            for name in sorted(self.old - set(stale) - set(self.changed)):
                target = self.staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(self.out_dir / name, target)
            _swap(self.staging, self.out_dir)

    def _move_into_place(self, stale: list[str]) -> None:
        for name in self.changed:
            target = self.out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.staging / name, target)
        for name in stale:
            (self.out_dir / name).unlink()
            _remove_empty_parents(self.out_dir, (self.out_dir / name).parent)


def write_outputs(outputs: Outputs, out_dir: Path, keep: frozenset[str] | set[str] = frozenset()) -> int:
    """Make out_dir hold exactly `outputs` plus the files named in `keep`. Returns how many
    files were written or removed."""
    with SiteWriter(out_dir, keep) as writer:
        for name, data in outputs.items():
            writer.add(name, data)
    return writer.written


def _same(path: Path, data: bytes) -> os.stat_result | None:
    """The file's stat if it holds exactly `data`."""
    try:
        st = path.stat()
        return st if st.st_size == len(data) and path.read_bytes() == data else None
    except OSError:
        return None


def _remove_empty_parents(out_dir: Path, folder: Path) -> None:
    while folder != out_dir and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{time.monotonic_ns()}"
    out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
