"""Bounded, polite HTTP for `import` and `sync`. What a server sends is not trusted: a body is
read up to a size cap, a whole fetch (redirects and retries included) ends at a deadline, at
most REDIRECTS redirects are followed, only to http(s) URLs, and a redirect that leaves the
URL the user gave may not lead to a private, loopback or link-local address (a server could
otherwise make jobboard read a service only this machine can reach). Every failure is a
FetchError of one line."""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from .. import __version__
from .deadline import Watchdog

USER_AGENT = f"jobboard/{__version__} (+https://github.com/jobboard/jobboard; job board import)"
HEADERS = {"User-Agent": USER_AGENT, "Accept": "application/json, text/html;q=0.9, */*;q=0.5", "Connection": "close"}
MAX_MB = 20  # the default size cap of a body, --max-size
SECONDS = 60  # the default deadline of a whole fetch, --timeout
REDIRECTS = 5
RETRIES = 3
BACKOFF = 1.0  # seconds before the first retry, doubled each time
_RETRY_STATUS = {429, 500, 502, 503, 504}
_REDIRECT_STATUS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024
_SAFE = "/%:@!$&'()*+,;=~-._"  # what a URL's path may hold unquoted


@dataclass(frozen=True)
class Limits:
    max_bytes: int = MAX_MB * 1024 * 1024
    seconds: float = SECONDS


class FetchError(Exception):
    """A URL that could not be fetched; the message says why, for the user, in one line.
    `status` is the server's HTTP status, if it answered."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class _Retry(FetchError):
    """A failure worth another try: a busy server, a dropped connection. `wait` is the
    server's Retry-After in seconds, if it gave one."""

    def __init__(self, message: str, status: int | None = None, wait: float | None = None):
        super().__init__(message, status)
        self.wait = wait


@dataclass(frozen=True)
class _Target:
    url: str
    scheme: str
    host: str
    port: int
    path: str  # the request target: path and query, percent-encoded
    public_only: bool = False  # a redirect away from the user's URL: no private addresses

    @property
    def origin(self) -> tuple[str, str, int]:
        return self.scheme, self.host, self.port


def _target(url: str, public_only: bool = False) -> _Target:
    try:
        parts = urlsplit(url)
        port = parts.port
        host = (parts.hostname or "").encode("idna").decode("ascii")
    except ValueError as exc:  # an unclosed [ of an IPv6 address, a port past 65535, a bad name
        raise FetchError(f"not a valid URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError("only http and https URLs can be fetched")
    if not host:
        raise FetchError("has no host")
    path = quote(parts.path or "/", safe=_SAFE) + (f"?{quote(parts.query, safe=_SAFE + '?')}" if parts.query else "")
    return _Target(url, scheme, host, port or (443 if scheme == "https" else 80), path, public_only)


def fetch(url: str, limits: Limits = Limits()) -> bytes:
    """The body of `url`, following redirects and retrying a busy server, all within the
    deadline; a FetchError otherwise."""
    deadline = time.monotonic() + limits.seconds
    first = current = _target(url)
    for _ in range(REDIRECTS + 1):
        try:
            body, location = _with_retries(current, limits, deadline)
        except FetchError as exc:
            raise exc if current is first else FetchError(f"redirected to {current.url}: {exc}", exc.status) from None
        if location is None:
            return body
        current = _redirect(first, current, location)
    raise FetchError(f"redirected more than {REDIRECTS} times (a redirect loop?)")


def _redirect(first: _Target, current: _Target, location: str) -> _Target:
    """Where a redirect leads: anywhere but the address the user gave has to be public."""
    try:
        moved = urljoin(current.url, location)
        return _target(moved, public_only=_target(moved).origin != first.origin)
    except ValueError as exc:  # urljoin's own parse: an unclosed [ of an IPv6 address
        raise FetchError(f"redirected to {location}: not a valid URL ({exc})") from None
    except FetchError as exc:
        raise FetchError(f"redirected to {location}: {exc}") from None


def _with_retries(where: _Target, limits: Limits, deadline: float) -> tuple[bytes, str | None]:
    delay = BACKOFF
    for attempt in range(RETRIES + 1):
        try:
            return _attempt(where, limits, deadline)
        except _Retry as exc:
            wait = delay if exc.wait is None else exc.wait
            if attempt == RETRIES or time.monotonic() + wait >= deadline:
                raise FetchError(str(exc), exc.status) from None
        time.sleep(min(wait, 30))
        delay *= 2
    raise AssertionError("unreachable")


def _attempt(where: _Target, limits: Limits, deadline: float) -> tuple[bytes, str | None]:
    """One request: the body, or the Location of a redirect."""
    sock = _connect(where, deadline)
    with Watchdog(sock, deadline - time.monotonic()) as watchdog:
        try:
            if where.scheme == "https":
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=where.host)
            answer = _exchange(where, sock, limits)
        except (OSError, http.client.HTTPException, ValueError, FetchError) as exc:
            if watchdog.fired or time.monotonic() >= deadline:  # whatever the cut-off connection looked like
                raise _late(limits) from None
            if isinstance(exc, FetchError):
                raise
            if isinstance(exc, (ConnectionError, TimeoutError)):
                raise _Retry(f"the connection failed: {_reason(exc)}") from None
            raise FetchError(f"cannot fetch: {_reason(exc)}") from None
        finally:
            sock.close()
    if watchdog.fired:  # a body cut off at the deadline looks like one that ended
        raise _late(limits)
    return answer


def _late(limits: Limits) -> FetchError:
    return FetchError(f"no complete answer within {limits.seconds:g} s (--timeout)")


def _connect(where: _Target, deadline: float) -> socket.socket:
    """A socket to the host, at an address that was checked when it has to be public: the name
    is resolved once, so that it cannot change between the check and the connection."""
    try:
        infos = socket.getaddrinfo(where.host, where.port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise _Retry(f"cannot find {where.host}: {_reason(exc)}") from None
    except ValueError as exc:  # a name no resolver takes
        raise FetchError(f"cannot find {where.host}: {_reason(exc)}") from None
    addresses = [info[4] for info in infos]
    if where.public_only and (private := next((a[0] for a in addresses if not _is_public(a[0])), None)):
        raise FetchError(f"{where.host} is at {private}, a private, loopback or link-local address; "
                         f"a redirect may not lead there")
    failure: OSError | None = None
    for address in addresses:
        try:
            return socket.create_connection(address[:2], timeout=max(deadline - time.monotonic(), 0.01))
        except OSError as exc:
            failure = exc
    raise _Retry(f"cannot connect to {where.host}: {_reason(failure or OSError())}")


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])  # an IPv6 address may carry a zone: fe80::1%eth0
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _exchange(where: _Target, sock: socket.socket, limits: Limits) -> tuple[bytes, str | None]:
    connection = (http.client.HTTPSConnection if where.scheme == "https" else http.client.HTTPConnection)(
        where.host, where.port)
    connection.sock = sock
    connection.request("GET", where.path, headers=HEADERS)
    response = connection.getresponse()
    status, reason = response.status, response.reason[:100]
    if status in _REDIRECT_STATUS:
        location = response.getheader("Location")
        if not location:
            raise FetchError(f"the server answered {status} {reason} with no Location to go to", status)
        return b"", location
    if status in _RETRY_STATUS:
        raise _Retry(f"the server answered {status} {reason}", status, _retry_after(response))
    if not 200 <= status < 300:
        raise FetchError(f"the server answered {status} {reason}", status)
    return _body(response, limits), None


def _retry_after(response: http.client.HTTPResponse) -> float | None:
    """Seconds the server asks us to wait, when it gives a plain number of them."""
    value = (response.getheader("Retry-After") or "").strip()
    return float(value) if re.fullmatch(r"[0-9]{1,5}", value) else None


def _body(response: http.client.HTTPResponse, limits: Limits) -> bytes:
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise _too_large(limits, f" (it says {int(declared):,} bytes)")
    chunks, size = [], 0
    while chunk := response.read(_CHUNK):
        size += len(chunk)
        if size > limits.max_bytes:
            raise _too_large(limits)
        chunks.append(chunk)
    if declared.isdigit() and size != int(declared):
        raise FetchError(f"the connection closed after {size:,} of the {int(declared):,} bytes announced")
    return _decoded(b"".join(chunks), response.getheader("Content-Encoding", "identity"), limits)


def _decoded(body: bytes, encoding: str, limits: Limits) -> bytes:
    """The body as sent, or gunzipped (we ask for no compression, but a server may send it),
    within the same size cap."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip"):
        raise FetchError(f"the body is compressed as {encoding[:40]!r}, which jobboard does not read")
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        plain = inflate.decompress(body, limits.max_bytes + 1)
    except zlib.error as exc:
        raise FetchError(f"the gzip body is broken ({exc})") from None
    if len(plain) > limits.max_bytes:
        raise _too_large(limits, " once uncompressed")
    return plain


def _too_large(limits: Limits, detail: str = "") -> FetchError:
    return FetchError(f"the body is larger than {limits.max_bytes / 1024 / 1024:g} MB{detail}; "
                      f"--max-size raises the limit")


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__
