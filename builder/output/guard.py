"""Which output folders a build may use, and which files in one are jobboard's own.

A build replaces and removes files in its output folder, so it refuses a folder that overlaps the
board's sources, a path that is not a folder, and a folder of someone else's files. It leaves a
marker file in the output naming every file it wrote there: only those are ever replaced or
removed by a later build; anything else found there is left as it is."""

from __future__ import annotations

import os
from pathlib import Path

from ..load.errors import UsageError
from ..load.walk import MARKER

_HEADER = "# Written by jobboard: the files it wrote in this folder. A build replaces or removes only these.\n"
SOURCES = ("site.yml", "content", "templates", "static", ".jobboard-cache")
# Files every build writes: a folder without a marker that has them all was built by a jobboard
# older than the marker, and is taken over (see write.SiteWriter).
BUILT_BEFORE = ("404.html", "sitemap.xml", "search/manifest.json")


class OutputRefused(UsageError):
    """The output folder cannot be used; the message says why, in one line."""


def check_output(board: Path, out: Path, force: bool = False) -> None:
    """Raise OutputRefused unless building `board` into `out` can only touch jobboard's own files.
    `force` allows a non-empty folder of other files (they are kept), never an overlap with the
    board's sources."""
    board_real, out_real = board.resolve(), out.resolve()
    if out_real == board_real or board_real.is_relative_to(out_real):
        raise OutputRefused(f"output folder {out} {'is' if out_real == board_real else 'contains'} the board "
                            f"{board}; choose a folder of its own, such as {board / 'public'}")
    for name in SOURCES:
        source = (board / name).resolve()
        how = ("is" if out_real == source else "lies inside" if out_real.is_relative_to(source)
               else "contains" if source.is_relative_to(out_real) else None)
        if how:
            raise OutputRefused(f"output folder {out} {how} the board's {name}; the build would overwrite its "
                                f"sources (choose a folder of its own, such as {board / 'public'})")
    if os.path.lexists(out) and not out.is_dir():
        raise OutputRefused(f"output {out} exists and is not a folder; choose another output folder")
    if not out.is_dir() or (out / MARKER).is_file() or built_before(out) or force:
        return
    if any(out.iterdir()):
        raise OutputRefused(f"output folder {out} is not empty and jobboard did not write it; choose an empty "
                            f"or new folder, or add --force to build into it and keep its files")


def built_before(out: Path) -> bool:
    """Whether a folder without a marker looks like a build by an older jobboard."""
    return all((out / name).is_file() for name in BUILT_BEFORE)


def owned_files(out: Path) -> set[str] | None:
    """The files the marker in `out` names, or None without a marker."""
    try:
        lines = (out / MARKER).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):  # a marker we cannot read names nothing as ours
        return set()
    return {line for line in lines if line and not line.startswith("#")}


def marker_text(files: set[str]) -> bytes:
    return (_HEADER + "".join(f"{name}\n" for name in sorted(files))).encode("utf-8")
