"""Fetching feeds and pages politely and safely: one `Fetcher` per poll run (or per process).

Built on urllib3 (already installed with trafilatura; now a direct dependency) rather than
urllib.request: it streams a body without decoding it (`decode_content=False`), so the size cap
counts the bytes on the wire and gzip/deflate is decoded here with a cap on the decoded size
(a gzip bomb stops at the cap, not when memory runs out); it returns redirects instead of
following them, so every hop is checked (scheme, robots.txt, count); it pools connections per
host, and keeps connect and read timeouts apart.

The total deadline: a call to `Fetcher.fetch` ends within `total_timeout` seconds of its start,
robots.txt, redirects and waiting for the host's turn included, whatever the server does.
Socket timeouts alone cannot promise that (they bound one read, and a server sending one byte
per second, of its headers, its body or its TLS handshake, never lets one expire), so every
socket a fetch uses is registered with a watchdog thread (`_Watchdog`) that shuts it down when
the fetch's deadline passes; the blocked read then fails at once and the fetch reports a
timeout. Connecting is bounded by the connect timeout, cut to the time left. Name resolution
runs in a daemon thread (`_resolve`) that the fetch waits for only until its deadline: a resolver
that hangs (an unreachable DNS server, a name server that drips its answer) costs the fetch its
deadline, never more; the connection is then made to the resolved addresses in turn, while TLS
and the Host header keep the name.

Politeness: one request at a time per host and `host_delay` seconds between the end of one
request and the start of the next on that host, for every process and machine sharing the
database: the turn is a row per host (`HostTurn`, see `DatabaseTurns`), taken with a lease that
ends at the fetch's deadline (so a process killed while holding it delays the host by at most
`total_timeout`). Within a process, a lock per host keeps threads from asking the database in
turn. Hosts in `settings.FEEDS_RELAXED_HOSTS` have no delay and no shared turn (a local test
server). robots.txt is fetched once per host and kept an hour (RFC 9309: a 4xx answer allows
everything, a 5xx or an unreachable server forbids everything until it is asked again).
"""

from __future__ import annotations

import heapq
import ipaddress
import itertools
import os
import socket
import threading
import time
import uuid
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib import robotparser
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorWrapper
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    SSLError,
)

TURN_POLL_SECONDS = 0.2  # how often a process waiting for a host held elsewhere asks again
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


# --- the total deadline -------------------------------------------------------------------------


class _Watch:
    """The sockets one fetch uses (duplicated descriptors, so shutting one down can never hit a
    socket that was closed and whose number was reused) and whether its deadline passed."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.active = True


class _Watchdog:
    """One daemon thread that shuts down the sockets of every fetch past its deadline."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._queue: list[tuple[float, int, _Watch]] = []
        self._order = itertools.count()
        self._thread: threading.Thread | None = None

    def start(self, deadline: float) -> _Watch:
        watch = _Watch(deadline)
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="fetch-deadlines")
                self._thread.daemon = True
                self._thread.start()
            heapq.heappush(self._queue, (deadline, next(self._order), watch))
            self._lock.notify()
        return watch

    def add(self, watch: _Watch, sock: socket.socket) -> None:
        try:
            copy = socket.socket(fileno=os.dup(sock.fileno()))
        except OSError:
            return  # already closed: nothing left to cut
        with self._lock:
            if watch.active and not watch.expired:
                watch.sockets.append(copy)
                return
            if watch.expired:
                _cut(copy)
            copy.close()

    def stop(self, watch: _Watch) -> None:
        with self._lock:
            watch.active = False
            for sock in watch.sockets:
                sock.close()
            watch.sockets = []

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._queue and not self._queue[0][2].active:
                    heapq.heappop(self._queue)
                if not self._queue:
                    self._lock.wait()
                    continue
                wait = self._queue[0][0] - time.monotonic()
                if wait > 0:
                    self._lock.wait(wait)
                    continue
                _deadline, _n, watch = heapq.heappop(self._queue)
                watch.expired = True
                # Under the lock: `stop` cannot close a descriptor while it is being cut.
                for sock in watch.sockets:
                    _cut(sock)


def _cut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # the peer or the fetch closed it first


_watchdog = _Watchdog()
_current = threading.local()  # `.watch`: the watch of the fetch this thread is running


def _new_watchdog_after_fork() -> None:
    # A forked child (the import's worker processes) has no watchdog thread and may have
    # copied its lock held: it gets its own, started on its first fetch.
    global _watchdog
    _watchdog = _Watchdog()


os.register_at_fork(after_in_child=_new_watchdog_after_fork)


def _guard(sock: socket.socket | None) -> None:
    watch: _Watch | None = getattr(_current, "watch", None)
    if watch is not None and sock is not None:
        _watchdog.add(watch, sock)


def _resolve(host: str, port: int, deadline: float) -> list[str]:
    """The addresses of `host`, asked of the system resolver in a daemon thread and waited for
    until `deadline` (time.monotonic()): a hung lookup is left to finish on its own."""
    answer: dict[str, Any] = {}
    done = threading.Event()

    def lookup() -> None:
        try:
            answer["infos"] = socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
        except OSError as exc:
            answer["error"] = exc
        finally:
            done.set()

    threading.Thread(target=lookup, name="fetch-resolve", daemon=True).start()
    if not done.wait(max(0.0, deadline - time.monotonic())):
        raise FetchError("timeout", f"resolving the name {host!r} outlasted the fetch's deadline")
    if "error" in answer:
        raise FetchError(
            "connection", f"the name {host!r} could not be resolved: {answer['error']}"
        )
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in answer["infos"]:
        if sockaddr[0] not in addresses:
            addresses.append(str(sockaddr[0]))
    return addresses


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _connect_within_deadline(conn: HTTPConnection, connect: Any) -> socket.socket:
    """`connect()` (the base class's `_new_conn`) with the name resolved within the current
    fetch's deadline, trying each address in turn; the connection keeps its name for TLS and
    the Host header (only `_dns_host`, which urllib3 reads to connect, is swapped meanwhile)."""
    watch: _Watch | None = getattr(_current, "watch", None)
    name = conn._dns_host
    if watch is None or _is_address(name):
        sock: socket.socket = connect()
        return sock
    last: Exception | None = None
    for address in _resolve(name, conn.port or 0, watch.deadline):
        if watch.expired or time.monotonic() >= watch.deadline:
            break
        conn._dns_host = address
        try:
            sock = connect()
            return sock
        except (ConnectTimeoutError, NewConnectionError) as exc:
            last = exc
        finally:
            conn._dns_host = name
    if last is None:
        raise FetchError("timeout", f"no time was left to connect to {name!r}")
    raise last


class _GuardedHTTPConnection(HTTPConnection):
    """Registers its socket with the current fetch's watch: a new one as soon as it is connected
    (before any TLS handshake), a pooled one when a request starts on it."""

    def _new_conn(self) -> socket.socket:
        sock = _connect_within_deadline(self, super()._new_conn)
        _guard(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        _guard(self.sock)
        super().request(*args, **kwargs)


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = _connect_within_deadline(self, super()._new_conn)
        _guard(sock)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        _guard(self.sock)
        super().request(*args, **kwargs)


class _GuardedHTTPConnectionPool(HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSConnectionPool(HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


def _timed_out(url: str, total: float, phase: str) -> FetchError:
    return FetchError("timeout", f"{url} took more than {total:g} s ({phase})")


# --- turns per host, shared through the database ------------------------------------------------


@contextmanager
def _autocommit_cursor() -> Iterator[CursorWrapper]:
    """A cursor whose statements commit at once: the thread's connection, or a connection of its
    own when the caller is inside a transaction (a turn must be seen by others now, not when
    that transaction ends)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            yield cursor
        return
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        with own.cursor() as cursor:
            yield cursor
    finally:
        own.close()


class DatabaseTurns:
    """One request at a time per host, and a delay between requests, for every process that
    shares the database: a `HostTurn` row per host (see the module docstring)."""

    def claim(self, host: str, deadline: float) -> str | None:
        """Wait for the host's turn until `deadline` (time.monotonic()); a token for `release`,
        or None when the deadline came first."""
        token = uuid.uuid4().hex
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            with _autocommit_cursor() as cursor:
                # The lease ends at the fetch's deadline (plus a second of slack): a holder
                # that dies frees the host by then.
                cursor.execute(
                    """
                    INSERT INTO articles_hostturn AS t (host, available_at, holder)
                    VALUES (%s, clock_timestamp() + make_interval(secs => %s), %s)
                    ON CONFLICT (host) DO UPDATE
                        SET available_at = EXCLUDED.available_at, holder = EXCLUDED.holder
                        WHERE t.available_at <= clock_timestamp()
                    RETURNING 1
                    """,
                    [host, left + 1.0, token],
                )
                if cursor.fetchone() is not None:
                    return token
                cursor.execute(
                    """SELECT extract(epoch FROM available_at - clock_timestamp()), holder
                       FROM articles_hostturn WHERE host = %s""",
                    [host],
                )
                row = cursor.fetchone()
            if row is None:
                continue
            wait, holder = float(row[0]), row[1]
            # A holder may give the turn back early: ask again soon. A delay's end is known.
            pause = min(wait, TURN_POLL_SECONDS) if holder else wait
            time.sleep(max(0.0, min(pause, deadline - time.monotonic())))

    def release(self, host: str, token: str, delay: float) -> None:
        with _autocommit_cursor() as cursor:
            cursor.execute(
                """UPDATE articles_hostturn
                   SET available_at = clock_timestamp() + make_interval(secs => %s), holder = ''
                   WHERE host = %s AND holder = %s""",
                [delay, host, token],
            )


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
        turns: DatabaseTurns | None = None,
    ) -> None:
        self.limits = limits or FetchLimits.from_settings()
        self.user_agent = user_agent or settings.FEEDS_USER_AGENT
        self.agent_token = self.user_agent.split("/", 1)[0]
        self.host_delay = settings.FEEDS_HOST_DELAY if host_delay is None else host_delay
        self.relaxed = set(settings.FEEDS_RELAXED_HOSTS if relaxed_hosts is None else relaxed_hosts)
        self.obey_robots = obey_robots
        self.turns = turns or DatabaseTurns()
        self.pool = urllib3.PoolManager(
            num_pools=64,
            maxsize=2,
            retries=False,
            timeout=urllib3.Timeout(
                connect=self.limits.connect_timeout, read=self.limits.read_timeout
            ),
        )
        self.pool.pool_classes_by_scheme = {
            "http": _GuardedHTTPConnectionPool,
            "https": _GuardedHTTPSConnectionPool,
        }
        self._guard = threading.Lock()
        self._host_locks: dict[str, threading.Lock] = {}
        self._robots: dict[str, _Robots] = {}

    # --- politeness --------------------------------------------------------------------------

    def _host_lock(self, host: str) -> threading.Lock:
        with self._guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def _relaxed(self, host: str) -> bool:
        return host in self.relaxed or host.split(":", 1)[0] in self.relaxed

    @contextmanager
    def _turn(self, host: str, url: str, deadline: float) -> Iterator[None]:
        """This process's lock for the host, then (unless relaxed) the host's shared turn."""
        lock = self._host_lock(host)
        if not lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise _timed_out(url, self.limits.total_timeout, f"waiting for {host}'s turn")
        try:
            if self._relaxed(host):
                yield
                return
            token = self.turns.claim(host, deadline)
            if token is None:
                raise _timed_out(url, self.limits.total_timeout, f"waiting for {host}'s turn")
            try:
                yield
            finally:
                self.turns.release(host, token, self.host_delay)
        finally:
            lock.release()

    # --- robots.txt --------------------------------------------------------------------------

    def allowed(self, url: str, *, deadline: float | None = None) -> bool:
        if not self.obey_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        robots = self._robots.get(origin)
        if robots is None or robots.expires < time.monotonic():
            if deadline is None:
                deadline = time.monotonic() + self.limits.total_timeout
            robots = self._load_robots(origin, deadline)
            self._robots[origin] = robots
        if robots.error is not None:
            raise robots.error
        if robots.disallow_all:
            return False
        return robots.parser is None or robots.parser.can_fetch(self.agent_token, url)

    def _load_robots(self, origin: str, deadline: float) -> _Robots:
        expires = time.monotonic() + ROBOTS_TTL_SECONDS
        try:
            result = self._get(
                origin + "/robots.txt",
                headers={},
                max_bytes=ROBOTS_MAX_BYTES,
                robots=False,
                deadline=deadline,
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
        `max_redirects` redirects, within `total_timeout` seconds in all. Raises FetchError; a
        304 comes back as a result."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        deadline = time.monotonic() + self.limits.total_timeout
        return self._get(
            url, headers=headers, max_bytes=self.limits.max_bytes, robots=True, deadline=deadline
        )

    def _get(
        self,
        url: str,
        *,
        headers: dict[str, str],
        max_bytes: int,
        robots: bool,
        deadline: float,
    ) -> FetchResult:
        redirects: list[str] = []
        current = url
        while True:
            check_address(current)
            if robots and not self.allowed(current, deadline=deadline):
                raise FetchError("robots", f"robots.txt of {host_key(current)} disallows {current}")
            status, response_headers, content = self._one(current, headers, max_bytes, deadline)
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
        self, url: str, extra: dict[str, str], max_bytes: int, deadline: float
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {
            "User-Agent": self.user_agent,
            "Accept": ACCEPT,
            "Accept-Encoding": "gzip, deflate",
            **extra,
        }
        with self._turn(host_key(url), url, deadline):
            watch = _watchdog.start(deadline)
            _current.watch = watch
            try:
                return self._request(url, headers, max_bytes, deadline, watch)
            except FetchError as exc:
                if watch.expired and exc.kind != "timeout":
                    raise _timed_out(url, self.limits.total_timeout, exc.kind) from exc
                raise
            finally:
                _current.watch = None
                _watchdog.stop(watch)

    def _request(
        self, url: str, headers: dict[str, str], max_bytes: int, deadline: float, watch: _Watch
    ) -> tuple[int, dict[str, str], bytes]:
        limits = self.limits
        left = deadline - time.monotonic()
        if left <= 0:
            raise _timed_out(url, limits.total_timeout, "before the request")
        try:
            response = self.pool.request(
                "GET",
                url,
                headers=headers,
                redirect=False,
                retries=False,
                preload_content=False,
                decode_content=False,
                timeout=urllib3.Timeout(
                    connect=min(limits.connect_timeout, left), read=min(limits.read_timeout, left)
                ),
            )
        except (SSLError, MaxRetryError, ProtocolError, NewConnectionError, HTTPError) as exc:
            if watch.expired:
                raise _timed_out(url, limits.total_timeout, "no complete headers") from exc
            raise _explain(exc, url) from exc
        complete = False
        received = 0
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
            while True:
                if watch.expired or time.monotonic() > deadline:
                    raise _timed_out(url, limits.total_timeout, f"{received:,} bytes received")
                try:
                    chunk = response.read1(READ_CHUNK)
                except (ReadTimeoutError, ProtocolError, HTTPError, OSError) as exc:
                    if watch.expired:
                        raise _timed_out(
                            url, limits.total_timeout, f"{received:,} bytes received"
                        ) from exc
                    raise _explain(exc, url) from exc
                if not chunk:
                    if watch.expired:  # the watchdog's shutdown reads as the end of the body
                        raise _timed_out(url, limits.total_timeout, f"{received:,} bytes received")
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
