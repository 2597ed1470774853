"""The dev server: build in memory, serve it, rebuild on change, tell open browsers."""

from __future__ import annotations

import http.server
import json
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import Callable

from .errors import BuildFailed, SourceError
from .handler import SiteHandler
from .cache import FOLDER, ParseCache
from .snapshot import Snapshot, load_snapshot
from .watch import Changes, start_observer

DEBOUNCE = 0.03  # seconds without events before rebuilding: one save is a burst of events


class Notifier:
    """The events browsers should see, numbered, so each event stream sends every event it has
    not sent yet. Streams block on the condition; publishing wakes them all."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._events: deque[tuple[int, str, str]] = deque(maxlen=64)
        self._seq = 0
        self.closed = False

    @property
    def seq(self) -> int:
        return self._seq

    def publish(self, name: str, data: str) -> None:
        with self._cond:
            self._seq += 1
            self._events.append((self._seq, name, data))
            self._cond.notify_all()

    def wait_after(self, seq: int, timeout: float) -> list[tuple[int, str, str]]:
        """Events numbered above `seq`, waiting up to `timeout` for one; [] on timeout or close."""
        with self._cond:
            self._cond.wait_for(lambda: self._seq > seq or self.closed, timeout)
            return [event for event in self._events if event[0] > seq]

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


class DevServer:
    """`jobboard serve`: owns the current snapshot (swapped whole), the watcher, the build loop
    and the HTTP server. `report` receives every line meant for the terminal."""

    def __init__(self, board_dir: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False,
                 report: Callable[[str], None] = lambda line: None):
        self.board_dir = board_dir
        self.drafts = drafts
        self.report = report
        self.cache = ParseCache(board_dir / FOLDER)  # the build cache: rebuilds parse only changed files
        self.notifier = Notifier()
        self.snapshot: Snapshot | None = None
        self.errors: tuple[SourceError, ...] = ()
        self.changes = Changes(board_dir)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._observer = None
        self.httpd = _HTTPServer((host, port), SiteHandler, self)  # OSError if the port is taken

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{self.snapshot.base_path if self.snapshot else '/'}"

    def start(self) -> None:
        """Build once, then serve and watch in background threads."""
        self.rebuild(set())
        self._observer = start_observer(self.board_dir, self.changes)
        for target in (self.httpd.serve_forever, self._build_loop):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def close(self) -> None:
        self._stop.set()
        self.notifier.close()
        if self._observer is not None:
            self._observer.stop()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def _build_loop(self) -> None:
        while not self._stop.is_set():
            changed = self.changes.wait(quiet=DEBOUNCE, timeout=0.2)
            if changed:
                self.rebuild(changed)

    def rebuild(self, changed: set[str]) -> None:
        started = time.perf_counter()
        try:
            new = load_snapshot(self.board_dir, self.drafts, self.cache, self.snapshot)
        except BuildFailed as failed:
            self._failed(tuple(failed.errors))
            return
        except OSError as exc:  # a file vanished mid-load; its deletion event rebuilds again
            self.report(f"jobboard: rebuild skipped: {exc}")
            return
        had_errors, self.errors = bool(self.errors), ()
        if new.same_site(self.snapshot):
            if had_errors:
                self.notifier.publish("ok", "")
                self.report("Fixed; the site is as it was before the errors")
            return
        css_only = self.snapshot is not None and not had_errors and _css_only(changed)
        self.snapshot = new  # one swap: requests see the old site or the new one, whole
        self.notifier.publish("css" if css_only else "reload", str(new.version))
        ms = (time.perf_counter() - started) * 1000
        what = ", ".join(sorted(changed)[:3]) + (" ..." if len(changed) > 3 else "")
        self.report(f"{'Rebuilt' if new.version > 1 else 'Built'} in {ms:.0f} ms" + (f" ({what})" if what else "")
                    + f": {len(new.board.postings)} postings")

    def _failed(self, errors: tuple[SourceError, ...]) -> None:
        if errors == self.errors:
            return
        self.errors = errors
        self.notifier.publish("errors", json.dumps([str(e) for e in errors]))
        for error in errors:
            self.report(str(error))
        kept = "serving the last good version" if self.snapshot else "nothing to serve yet"
        self.report(f"jobboard: {len(errors)} error{'s' if len(errors) != 1 else ''}; {kept}")


def _css_only(changed: set[str]) -> bool:
    return bool(changed) and all(p.startswith("static/") and p.endswith(".css") for p in changed)


class _HTTPServer(http.server.ThreadingHTTPServer):
    daemon_threads = True  # open event streams must not keep the process alive

    def __init__(self, address: tuple[str, int], handler: type, dev: DevServer):
        self.dev = dev
        super().__init__(address, handler)

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        """A browser closing a connection mid-response is normal; anything else is reported."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, ConnectionError):
            self.dev.report(f"jobboard: error serving {client_address[0]}: {exc!r}")
