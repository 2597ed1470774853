"""Polite HTTP: http(s) only, a user agent that names us, a timeout, and a few retries with
backoff when the server is busy or the network hiccups."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from .. import __version__

USER_AGENT = f"jobboard/{__version__} (+https://github.com/jobboard/jobboard; job board import)"
TIMEOUT = 20  # seconds per attempt
RETRIES = 3
BACKOFF = 1.0  # seconds before the first retry, doubled each time
_RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A URL that could not be fetched; the message says why, for the user. `status` is the
    server's HTTP status, if it answered."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def fetch(url: str) -> bytes:
    if urlsplit(url).scheme not in ("http", "https"):
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json, text/html;q=0.9, */*;q=0.5"})
    delay = BACKOFF
    for attempt in range(RETRIES + 1):
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            if exc.code not in _RETRY_STATUS or attempt == RETRIES:
                raise FetchError(f"{url}: the server answered {exc.code} {exc.reason}", exc.code) from None
            retry_after = exc.headers.get("Retry-After", "")
            wait = float(retry_after) if retry_after.isdigit() else delay
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            if attempt == RETRIES:
                reason = getattr(exc, "reason", exc)
                raise FetchError(f"{url}: cannot fetch: {reason}") from None
            wait = delay
        time.sleep(min(wait, 30))
        delay *= 2
    raise AssertionError("unreachable")
