"""List the files under a folder quickly: os.scandir's d_type saves a stat per entry."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import SourceError

# The file in every output folder that lists what a build wrote there (see output/guard.py): a link
# to a folder holding it leads to a site, which the board must not publish again.
MARKER = ".jobboard-output"


def files_under(folder: str | os.PathLike[str]) -> list[str]:
    """Paths relative to folder, with "/" separators; symlinked folders are not followed."""
    found: list[str] = []
    stack = [("", os.fspath(folder))]
    while stack:
        prefix, path = stack.pop()
        try:
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((prefix + entry.name + "/", entry.path))
            elif entry.is_file():
                found.append(prefix + entry.name)
    return found


def static_path(value: str) -> str | None:
    """A file's path under static/ as site.yml and company files write it ("logo.svg",
    "/logos/a.png"), made relative to static/; None when it leads out of static/ (a ".." part,
    or a backslash, which Windows reads as a separator): only the board's own files are published."""
    path = value.lstrip("/")
    return None if "\\" in path or ".." in path.split("/") else path


def outside_static(value: str) -> str:
    """The error message for a path that static_path refuses."""
    return f"'{value}' leads out of static/; name a file in the board's static/ folder, or give a URL"


ALLOW = "copy it into the board, or set allow_symlinks_outside: true in site.yml to allow links out of the board"


def _outside_message(target: str, fix: str = ALLOW) -> str:
    return f"is a symbolic link to {target}, outside the board; {fix}"


def link_out_of_board(board: Path, rel: str, fix: str = ALLOW) -> SourceError | None:
    """The error for board/rel when it, or a folder on its way, is a symbolic link that leads out
    of the board; None when it stays inside (or does not exist)."""
    root = os.path.realpath(board)
    parts = rel.split("/")
    for i in range(1, len(parts) + 1):
        path = os.path.join(root, *parts[:i])
        if os.path.islink(path):
            target = os.path.realpath(path)
            if not _inside(target, root):
                kind = "folder" if i < len(parts) or os.path.isdir(target) else "file"
                return SourceError("/".join(parts[:i]), 1, kind, _outside_message(target, fix))
    return None


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def board_files(board: Path, folder: str, allow_outside: bool = False,
                visible: tuple[str, ...] = ()) -> tuple[list[str], list[SourceError]]:
    """The files under board/folder (such as "content/jobs" or "static"), as paths relative to it
    with "/" separators, and an error for each symbolic link that cannot be followed.

    Hidden files and folders (a name starting with "."; editor lock and swap files, .DS_Store,
    .git) are not part of a board, except the names in `visible` at the top of the folder.

    A symbolic link, to a file or a folder, is followed when its target is inside the board, or
    anywhere with `allow_outside`; otherwise it is an error and nothing behind it is read, so a
    board from a stranger cannot publish the machine's files. A dangling link is skipped. Each
    folder is listed once: links to folders are followed after the folders themselves, and a
    link to a folder listed already (a loop, or a second way to the same files) is an error."""
    if not allow_outside and (error := link_out_of_board(board, folder)):
        return [], [error]
    root = os.path.realpath(board)
    found: list[str] = []
    errors: list[SourceError] = []
    listed: set[str] = set()  # the real paths of the folders listed
    start = os.path.join(board, folder)
    folders = [("", start, os.path.realpath(start))]  # (path relative to `folder`, on disk, real path)
    links: list[tuple[str, str, str]] = []  # the same, for the links to folders met so far
    while folders or links:
        if not folders:
            links.sort(reverse=True)  # in order of their paths, for the same errors each run
            rel, path, target = links.pop()
            if target in listed:
                errors.append(SourceError(f"{folder}/{rel}", 1, "folder",
                                          f"is a symbolic link to {target}, a folder listed already; remove the link"))
            else:
                folders.append((rel + "/", path, target))
            continue
        prefix, path, real = folders.pop()
        if real in listed:  # inside a linked folder: a folder listed already by its own path
            continue
        listed.add(real)
        try:
            entries = list(os.scandir(path))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.startswith(".") and not (prefix == "" and entry.name in visible):
                continue
            rel = prefix + entry.name
            if entry.is_symlink():
                target = os.path.realpath(entry.path)
                if not allow_outside and not _inside(target, root):
                    kind = "folder" if os.path.isdir(target) else "file"
                    errors.append(SourceError(f"{folder}/{rel}", 1, kind, _outside_message(target)))
                elif os.path.isfile(os.path.join(target, MARKER)):  # the site would publish itself, again each build
                    errors.append(SourceError(f"{folder}/{rel}", 1, "folder",
                                              f"is a symbolic link to {target}, a jobboard output folder; remove the link"))
                elif os.path.isdir(target):
                    links.append((rel, entry.path, target))
                elif os.path.isfile(target):
                    found.append(rel)
            elif entry.is_dir(follow_symlinks=False):  # not a link: its real path is below its parent's
                folders.append((rel + "/", entry.path, os.path.join(real, entry.name)))
            elif entry.is_file(follow_symlinks=False):
                found.append(rel)
    return found, errors
