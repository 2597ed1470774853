"""The dev server: build in memory, serve it, rebuild on change, tell open browsers."""

from __future__ import annotations

import http.server
import ipaddress
import json
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Callable

from ..load.errors import BuildFailed, one_line, plural
from ..output.cache import FOLDER, ParseCache
from .handler import MAX_STREAMS, Notifier, SiteHandler
from .snapshot import Snapshot, load_snapshot
from .watch import Changes, start_observer

DEBOUNCE = 0.03  # seconds without events before rebuilding: one save is a burst of events
CLOSE_WAIT = 1.0  # seconds a rebuild under way may take to finish when the server stops


class DevServer:
    """`jobboard serve`: owns the current snapshot (swapped whole), the watcher, the build loop
    and the HTTP server. `report` receives every line meant for the terminal."""

    def __init__(self, board_dir: Path, host: str = "127.0.0.1", port: int = 8000, drafts: bool = False,
                 report: Callable[[str], None] = lambda line: None):
        # absolute once and for all: the watcher reports absolute paths, and they are compared with it
        self.board_dir = board_dir.resolve()
        self.drafts = drafts
        self.report = report
        self.cache = ParseCache(self.board_dir / FOLDER)  # the build cache: rebuilds parse only changed files
        self.notifier = Notifier()
        self.snapshot: Snapshot | None = None
        self.errors: tuple[str, ...] = ()  # the lines the overlay shows while the board is broken
        self.changes = Changes(self.board_dir)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._observer = None
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)  # the live-reload streams that may open
        self.httpd = _HTTPServer((host, port), SiteHandler, self)  # OSError if the port is taken
        # the names a request's Host may give besides localhost's (see handler.host_allowed)
        self.addresses = frozenset({host.lower().strip("[]"), self.httpd.server_address[0]})

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{self.snapshot.base_path if self.snapshot else '/'}"

    @property
    def local_only(self) -> bool:
        """Whether only this machine can connect: the address bound is a loopback one."""
        return ipaddress.ip_address(self.httpd.server_address[0]).is_loopback

    def start(self) -> None:
        """Build once, then serve and watch in background threads. A broken board starts too:
        it serves the errors until an edit fixes them."""
        self.rebuild(set())
        self._observer = start_observer(self.board_dir, self.changes)
        for target in (self.httpd.serve_forever, self._build_loop):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def close(self) -> None:
        """Stop within about CLOSE_WAIT seconds, whatever is under way: open event streams end,
        and a rebuild that takes longer is left to die with the process (its thread is a daemon)."""
        self._stop.set()
        self.notifier.close()
        if self._observer is not None:
            self._observer.stop()
        if self._threads:  # shutdown() waits for serve_forever, forever if it never ran
            self.httpd.shutdown()
        self.httpd.server_close()
        deadline = time.monotonic() + CLOSE_WAIT
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))

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
            self._failed(tuple(map(str, failed.errors)))
            return
        except OSError as exc:  # a file vanished mid-load; its deletion event rebuilds again
            self.report(f"jobboard: rebuild skipped: {one_line(str(exc))}")
            return
        except Exception as exc:  # a bug, or input the validator let through: keep serving, retry on the next edit
            if not self._stop.is_set():  # not a failure the Ctrl-C that stops the server caused
                self._failed((self.crashed(exc),))
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
        what = one_line(", ".join(sorted(changed)[:3])) + (" ..." if len(changed) > 3 else "")  # the board's file names
        self.report(f"{'Rebuilt' if new.version > 1 else 'Built'} in {ms:.0f} ms" + (f" ({what})" if what else "")
                    + f": {plural(len(new.board.postings), 'posting')}")

    def crashed(self, exc: Exception) -> str:
        """Report an unexpected exception's traceback; return its one-line summary for the browser."""
        self.report("".join(traceback.format_exception(exc)).rstrip("\n"))
        summary = traceback.format_exception_only(exc)[-1].strip().replace("\n", " ")
        return f"jobboard: the build crashed: {summary} (the traceback is in the terminal)"

    def _failed(self, lines: tuple[str, ...]) -> None:
        if lines == self.errors:
            return
        self.errors = lines
        self.notifier.publish("errors", json.dumps(lines))
        for line in lines:
            self.report(line)
        kept = "serving the last good version" if self.snapshot else "nothing to serve yet"
        self.report(f"jobboard: {plural(len(lines), 'error')}; {kept}")


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
