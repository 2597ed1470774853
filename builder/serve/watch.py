"""Watch a board's sources with watchdog and hand over settled batches of changed paths."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

WATCHED_DIRS = ("content", "templates", "static")
CHANGES = {"created", "modified", "deleted", "moved"}  # not opened/closed: reading a file is no edit


class Changes(FileSystemEventHandler):
    """Collects changed paths from watchdog's thread. It only records; the build loop decides
    when to rebuild, so a burst of events from one save becomes one rebuild."""

    def __init__(self, board: Path):
        self.board = board.resolve()
        self._paths: set[str] = set()
        self._last = 0.0
        self._cond = threading.Condition()
        self.observer: Observer | None = None

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in CHANGES or (event.is_directory and event.event_type == "modified"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if event.is_directory and event.event_type == "created" and self._relative(paths[0]) in WATCHED_DIRS:
            self._watch_new_folder(str(paths[0]))
        relevant = {rel for rel in map(self._relative, paths) if rel and _watched(rel)}
        if relevant:
            self.add(relevant)

    def _watch_new_folder(self, folder: str) -> None:
        """A templates/ or static/ created while serving: watch it, and rebuild with it."""
        if self.observer is not None:
            self.observer.schedule(self, folder, recursive=True)
        self.add({self._relative(folder) + "/"})

    def add(self, paths: set[str]) -> None:
        with self._cond:
            self._paths |= paths
            self._last = time.monotonic()
            self._cond.notify_all()

    def _relative(self, path: str | bytes) -> str:
        path = path.decode() if isinstance(path, bytes) else path
        try:
            return Path(path).relative_to(self.board).as_posix() if path else ""
        except ValueError:
            return ""

    def wait(self, quiet: float, timeout: float) -> set[str]:
        """The paths changed since the last call, once no event came for `quiet` seconds;
        an empty set if nothing changed within `timeout`."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._paths, timeout):
                return set()
            while (left := self._last + quiet - time.monotonic()) > 0:
                self._cond.wait(left)
            paths, self._paths = self._paths, set()
            return paths


def _watched(rel: str) -> bool:
    return rel == "site.yml" or rel.split("/", 1)[0] in WATCHED_DIRS and "/" in rel


def start_observer(board: Path, changes: Changes) -> Observer:
    """Watch content/, templates/, static/ (recursively) and the board folder itself (not
    recursively: site.yml, and those folders appearing later). The output folder is never
    watched, so large built sites cost no inotify watches."""
    observer = Observer()
    changes.observer = observer
    observer.schedule(changes, str(board), recursive=False)
    for name in WATCHED_DIRS:
        if (board / name).is_dir():
            observer.schedule(changes, str(board / name), recursive=True)
    observer.daemon = True
    observer.start()
    return observer
