"""Write a site into its output folder, touching only files whose bytes changed.

Unchanged files keep their inode and mtime, so rsync and CDN uploads send only changes. Every
new file is written in full before anything in the old output moves: a failed or killed build
leaves the previous output as it was. A few changes are renamed into place one by one (each
file swaps whole); many changes are assembled in a sibling staging folder that hard-links the
unchanged files and is swapped in whole."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from .walk import files_under

Outputs = dict[str, bytes]

IN_PLACE_MAX = 64  # up to this many changed or removed files, rename into place
TEMP_PREFIX = ".jobboard-new-"


def write_outputs(outputs: Outputs, out_dir: Path, keep: frozenset[str] | set[str] = frozenset()) -> int:
    """Make out_dir hold exactly `outputs` plus the files named in `keep` (already there, as they
    should be). Returns how many files were written or removed."""
    out_dir = out_dir.resolve()
    old = _files(out_dir)
    changed = [name for name in outputs if not _same(out_dir / name, outputs[name])]
    stale = sorted(old - outputs.keys() - set(keep))
    missing = set(keep) - old
    if missing:
        raise FileNotFoundError(f"{out_dir}: kept files are missing: {sorted(missing)[:3]}")
    if not changed and not stale and out_dir.is_dir():
        return 0
    if out_dir.is_dir() and len(changed) + len(stale) <= IN_PLACE_MAX:
        _update_in_place(out_dir, {name: outputs[name] for name in changed}, stale)
    else:
        _rebuild_and_swap(out_dir, outputs, set(changed), old - set(stale) - set(changed))
    return len(changed) + len(stale)


def _files(folder: Path) -> set[str]:
    return set(files_under(folder)) if folder.is_dir() else set()


def _same(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _update_in_place(out_dir: Path, changed: Outputs, stale: list[str]) -> None:
    """Write every changed file beside its target first; only then rename them over the old ones."""
    ready: list[tuple[str, Path]] = []
    try:
        for name, data in changed.items():
            target = out_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=target.parent)
            ready.append((name, Path(tmp)))
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the page from a static server's user
    except BaseException:
        for _, tmp in ready:
            tmp.unlink(missing_ok=True)
        raise
    for name, tmp in ready:
        os.replace(tmp, out_dir / name)
    for name in stale:
        (out_dir / name).unlink()
        _remove_empty_parents(out_dir, (out_dir / name).parent)


def _remove_empty_parents(out_dir: Path, folder: Path) -> None:
    while folder != out_dir and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _rebuild_and_swap(out_dir: Path, outputs: Outputs, changed: set[str], unchanged: set[str]) -> None:
    """A fresh sibling folder with the unchanged files hard-linked from the old one, swapped in whole."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would hide the site from a static server's user
    try:
        for name in sorted(unchanged):
            _place(staging / name, lambda target, source=out_dir / name: os.link(source, target))
        for name in changed:
            _place(staging / name, lambda target, data=outputs[name]: target.write_bytes(data))
        _swap(staging, out_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _place(target: Path, make) -> None:  # noqa: ANN001
    target.parent.mkdir(parents=True, exist_ok=True)
    make(target)


def _swap(staging: Path, out_dir: Path) -> None:
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}-{time.monotonic_ns()}"
    out_dir.rename(old)
    staging.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)
