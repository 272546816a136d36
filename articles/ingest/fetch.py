"""Fetching feeds and pages politely and safely: one `Fetcher` per poll run (or per process).

Built on urllib3 (already installed with trafilatura; now a direct dependency) rather than
urllib.request: it streams a body without decoding it (`decode_content=False`), so the size cap
counts the bytes on the wire and gzip/deflate is decoded here with a cap on the decoded size
(a gzip bomb stops at the cap, not when memory runs out); it returns redirects instead of
following them, so every hop is checked (scheme, robots.txt, count); it pools connections per
host, and keeps connect and read timeouts apart. A total deadline is checked between reads,
so a server that sends one byte per second is cut off after `total_timeout`.

Politeness: one request at a time per host (a lock per host) and `host_delay` seconds between
the end of one request and the start of the next on that host; hosts in
`settings.FEEDS_RELAXED_HOSTS` have no delay (a local test server). robots.txt is fetched once
per host and kept an hour (RFC 9309: a 4xx answer allows everything, a 5xx or an unreachable
server forbids everything until it is asked again). The lock and delay hold within one process:
the poller runs in one worker process, and one poll run at a time (an advisory lock).
"""

from __future__ import annotations

import threading
import time
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib import robotparser
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_TTL_SECONDS = 3600
ROBOTS_MAX_BYTES = 512 * 1024
READ_CHUNK = 64 * 1024
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, "
    "text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)
# Response headers kept with an archived page.
KEPT_HEADERS = frozenset(
    "content-type content-language content-encoding etag last-modified date expires "
    "cache-control location link x-robots-tag server".split()
)


class FetchError(Exception):
    """A fetch that did not give a usable answer; `kind` names what went wrong."""

    def __init__(self, kind: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status

    @property
    def transient(self) -> bool:
        """Worth trying again later (a server error, a timeout), as opposed to a bad address."""
        if self.kind == "http":
            return self.status is not None and (self.status >= 500 or self.status == 429)
        return self.kind in {"timeout", "connection", "robots_unavailable"}


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_decoded_bytes: int = 30 * 1024 * 1024
    max_redirects: int = 5

    @classmethod
    def from_settings(cls) -> FetchLimits:
        return cls(
            connect_timeout=settings.FEEDS_CONNECT_TIMEOUT,
            read_timeout=settings.FEEDS_READ_TIMEOUT,
            total_timeout=settings.FEEDS_TOTAL_TIMEOUT,
            max_bytes=settings.FEEDS_MAX_BYTES,
            max_decoded_bytes=settings.FEEDS_MAX_DECODED_BYTES,
            max_redirects=settings.FEEDS_MAX_REDIRECTS,
        )


@dataclass
class FetchResult:
    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes  # the body with any gzip/deflate content-encoding removed
    fetched_at: datetime
    redirects: list[str] = field(default_factory=list)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def kept_headers(self) -> dict[str, str]:
        return {k: v for k, v in self.headers.items() if k in KEPT_HEADERS}


def host_key(url: str) -> str:
    """host[:port], lower-cased: the unit of politeness."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError("scheme", f"only http and https addresses are fetched, not {url[:200]!r}")
    if not parts.hostname:
        raise FetchError("scheme", f"the address has no host: {url[:200]!r}")


class _Decoder:
    """gzip/deflate decoding with a cap on what comes out."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.cap = cap
        self.size = 0
        self.encoding = encoding
        if encoding in {"gzip", "x-gzip"}:
            self.inflate: Any = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self.inflate = None  # zlib-wrapped or raw: decided on the first bytes
        else:
            self.inflate = False

    def feed(self, data: bytes) -> bytes:
        if self.inflate is False:
            return data
        if self.inflate is None:
            raw = not (
                len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            )
            self.inflate = zlib.decompressobj(wbits=-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        out: list[bytes] = []
        pending = data
        while pending:
            try:
                piece = self.inflate.decompress(pending, self.cap - self.size + 1)
            except zlib.error as exc:
                raise FetchError("decoding", f"the {self.encoding} body is corrupt: {exc}") from exc
            self.size += len(piece)
            if self.size > self.cap:
                raise FetchError(
                    "too_large",
                    f"the {self.encoding} body expands past {self.cap:,} bytes "
                    "(a compression bomb, or a page far larger than any article)",
                )
            out.append(piece)
            pending = self.inflate.unconsumed_tail
        return b"".join(out)


@dataclass
class _Robots:
    parser: robotparser.RobotFileParser | None  # None: everything allowed
    disallow_all: bool
    expires: float
    error: FetchError | None = None  # the host could not be reached at all


class Fetcher:
    """Conditional, size- and time-limited, polite GETs (see the module docstring)."""

    def __init__(
        self,
        *,
        limits: FetchLimits | None = None,
        user_agent: str | None = None,
        host_delay: float | None = None,
        relaxed_hosts: list[str] | None = None,
        obey_robots: bool = True,
    ) -> None:
        self.limits = limits or FetchLimits.from_settings()
        self.user_agent = user_agent or settings.FEEDS_USER_AGENT
        self.agent_token = self.user_agent.split("/", 1)[0]
        self.host_delay = settings.FEEDS_HOST_DELAY if host_delay is None else host_delay
        self.relaxed = set(settings.FEEDS_RELAXED_HOSTS if relaxed_hosts is None else relaxed_hosts)
        self.obey_robots = obey_robots
        self.pool = urllib3.PoolManager(
            num_pools=64,
            maxsize=2,
            retries=False,
            timeout=urllib3.Timeout(
                connect=self.limits.connect_timeout, read=self.limits.read_timeout
            ),
        )
        self._guard = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}

    # --- politeness --------------------------------------------------------------------------

    def _host_lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def _delay_for(self, host: str) -> float:
        bare = host.split(":", 1)[0]
        return 0.0 if host in self.relaxed or bare in self.relaxed else self.host_delay

    def _wait_turn(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is None:
            return
        wait = last + self._delay_for(host) - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    # --- robots.txt --------------------------------------------------------------------------

    def allowed(self, url: str) -> bool:
        if not self.obey_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(origin)
        if robots is None or robots.expires < time.monotonic():
            robots = self._load_robots(origin)
            self._robots[origin] = robots
        if robots.error is not None:
            raise robots.error
        if robots.disallow_all:
            return False
        return robots.parser is None or robots.parser.can_fetch(self.agent_token, url)

    def _load_robots(self, origin: str) -> _Robots:
        expires = time.monotonic() + ROBOTS_TTL_SECONDS
        try:
            result = self._get(
                origin + "/robots.txt", headers={}, max_bytes=ROBOTS_MAX_BYTES, robots=False
            )
        except FetchError as exc:
            if exc.kind == "http" and exc.status is not None and 400 <= exc.status < 500:
                return _Robots(None, False, expires)
            retry = time.monotonic() + 300
            if exc.kind != "http":  # no answer at all: the page would fail the same way
                return _Robots(None, True, retry, error=exc)
            # A server error: RFC 9309 says assume everything is disallowed; asked again in
            # five minutes rather than an hour.
            return _Robots(None, True, retry)
        parser = robotparser.RobotFileParser()
        parser.parse(result.content.decode("utf-8", "replace").splitlines())
        return _Robots(parser, False, expires)

    # --- requests ----------------------------------------------------------------------------

    def fetch(self, url: str, *, etag: str = "", last_modified: str = "") -> FetchResult:
        """GET `url` (conditionally when `etag`/`last_modified` are given), following at most
        `max_redirects` redirects. Raises FetchError; a 304 comes back as a result."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers=headers, max_bytes=self.limits.max_bytes, robots=True)

    def _get(
        self, url: str, *, headers: dict[str, str], max_bytes: int, robots: bool
    ) -> FetchResult:
        started = time.monotonic()
        redirects: list[str] = []
        current = url
        while True:
            check_address(current)
            if robots and not self.allowed(current):
                raise FetchError("robots", f"robots.txt of {host_key(current)} disallows {current}")
            status, response_headers, content = self._one(current, headers, max_bytes, started)
            if status in REDIRECT_STATUSES and response_headers.get("location"):
                if len(redirects) >= self.limits.max_redirects:
                    raise FetchError(
                        "redirects",
                        f"more than {self.limits.max_redirects} redirects from {url} "
                        f"(last: {current})",
                    )
                redirects.append(current)
                current = urljoin(current, response_headers["location"].strip())
                continue
            result = FetchResult(
                url=url,
                final_url=current,
                status=status,
                headers=response_headers,
                content=content,
                fetched_at=datetime.now(UTC),
                redirects=redirects,
            )
            if status == 304 or 200 <= status < 300:
                return result
            raise FetchError("http", f"HTTP {status} from {current}", status=status)

    def _one(
        self, url: str, extra: dict[str, str], max_bytes: int, started: float
    ) -> tuple[int, dict[str, str], bytes]:
        host = host_key(url)
        headers = {
            "User-Agent": self.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate",
            **extra,
        }
        with self._host_lock(host):
            self._wait_turn(host)
            try:
                return self._request(url, headers, max_bytes, started)
            finally:
                self._last_request[host] = time.monotonic()

    def _request(
        self, url: str, headers: dict[str, str], max_bytes: int, started: float
    ) -> tuple[int, dict[str, str], bytes]:
        limits = self.limits
        try:
            response = self.pool.request(
                "GET",
                url,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=False,
            )
        except (SSLError, MaxRetryError, ProtocolError, NewConnectionError, HTTPError) as exc:
            raise _explain(exc, url) from exc
        complete = False
        try:
            response_headers = {k.lower(): v for k, v in response.headers.items()}
            status = response.status
            if status in REDIRECT_STATUSES or status == 304:
                return status, response_headers, b""
            declared = response_headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(
                    "too_large",
                    f"{url} declares {int(declared):,} bytes, over the limit of {max_bytes:,}",
                )
            encoding = response_headers.get("content-encoding", "").strip().lower()
            decoder = _Decoder(encoding, limits.max_decoded_bytes)
            parts: list[bytes] = []
            received = 0
            while True:
                if time.monotonic() - started > limits.total_timeout:
                    raise FetchError(
                        "timeout",
                        f"{url} took more than {limits.total_timeout:g} s "
                        f"({received:,} bytes received)",
                    )
                try:
                    chunk = response.read1(READ_CHUNK)
                except (ReadTimeoutError, ProtocolError, HTTPError, OSError) as exc:
                    raise _explain(exc, url) from exc
                if not chunk:
                    break
                received += len(chunk)
                if received > max_bytes:
                    raise FetchError(
                        "too_large", f"{url} sent more than {max_bytes:,} bytes; stopped reading"
                    )
                parts.append(decoder.feed(chunk))
            complete = True
            return status, response_headers, b"".join(parts)
        finally:
            if not complete:
                # An aborted body must not go back to the pool with bytes still unread.
                response.close()
            response.release_conn()

    def close(self) -> None:
        self.pool.clear()


def _explain(exc: BaseException, url: str) -> FetchError:
    reason: BaseException = exc
    if isinstance(exc, MaxRetryError) and exc.reason is not None:
        reason = exc.reason
    host = host_key(url)
    if isinstance(reason, SSLError):
        return FetchError(
            "tls",
            f"TLS error with {host}: {reason} (the server's certificate or its TLS setup could "
            "not be verified; is it really an https address?)",
        )
    if isinstance(reason, ConnectTimeoutError):
        return FetchError("timeout", f"connecting to {host} timed out")
    if isinstance(reason, ReadTimeoutError):
        return FetchError("timeout", f"{host} stopped sending (read timed out)")
    if isinstance(reason, NewConnectionError):
        return FetchError("connection", f"cannot connect to {host}: {reason}")
    return FetchError("connection", f"{host}: {reason}")
