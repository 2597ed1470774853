"""A deadline for everything a connection does: at the deadline the socket is shut down from
another thread, which ends whatever read or write is waiting on it. A socket timeout alone
bounds one read, and a server that sends a byte a second never trips it."""

from __future__ import annotations

import socket
import threading
from types import TracebackType


class Watchdog:
    def __init__(self, sock: socket.socket, seconds: float):
        # a duplicate: the socket may be wrapped in TLS meanwhile, which takes over its file
        # descriptor; shutting the duplicate down ends the connection they share
        self._sock = sock.dup()
        self._lock = threading.Lock()
        self._closed = False
        self.fired = False
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> Watchdog:
        self._timer.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        with self._lock:
            self._closed = True
            self._timer.cancel()
            self._sock.close()

    def _fire(self) -> None:
        with self._lock:
            if self._closed:
                return
            self.fired = True
            try:
                self._sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # the connection is gone already
