"""The fetcher against the local site: conditional GETs, limits, redirects, TLS, robots.txt."""

from __future__ import annotations

import gzip
import time

import pytest

from articles.ingest.fetch import Fetcher, FetchError, FetchLimits
from tests.feeds.site import RequestHandler, Site, gzip_bomb

SMALL = FetchLimits(
    connect_timeout=2, read_timeout=2, total_timeout=3, max_bytes=1024 * 1024,
    max_decoded_bytes=4 * 1024 * 1024, max_redirects=5,
)  # fmt: skip


def fetcher(**kwargs: object) -> Fetcher:
    return Fetcher(limits=kwargs.pop("limits", SMALL), relaxed_hosts=["127.0.0.1"], **kwargs)  # type: ignore[arg-type]


def test_fetch_sends_the_reading_rooms_user_agent_and_returns_the_page(site: Site) -> None:
    url = site.add("/a.html", "<html><body>مرحبا</body></html>")
    result = fetcher().fetch(url)
    assert result.status == 200
    assert "مرحبا".encode() in result.content
    headers = next(h for path, h, _ in site.hits if path == "/a.html")
    assert headers["User-Agent"].startswith("NewsroomReadingRoom/")
    assert "reading room" in headers["User-Agent"]


def test_conditional_get_sends_etag_and_last_modified_and_returns_304(site: Site) -> None:
    def handler(request: RequestHandler) -> None:
        if request.headers.get("If-None-Match") == '"v1"':
            request.reply(304, b"", {"ETag": '"v1"'})
        else:
            request.reply(
                200, b"<rss/>", {"ETag": '"v1"', "Last-Modified": "Wed, 01 May 2024 10:00:00 GMT"}
            )

    url = site.add_handler("/feed.xml", handler)
    first = fetcher().fetch(url)
    assert first.headers["etag"] == '"v1"'
    again = fetcher().fetch(url, etag='"v1"', last_modified=first.headers["last-modified"])
    assert again.not_modified and again.content == b""
    sent = site.hits[-1][1]
    assert sent["If-Modified-Since"] == "Wed, 01 May 2024 10:00:00 GMT"


def test_gzip_body_is_decoded(site: Site) -> None:
    url = site.add(
        "/z.html", gzip.compress("<p>نص مضغوط</p>".encode()), headers={"Content-Encoding": "gzip"}
    )
    assert "نص مضغوط".encode() in fetcher().fetch(url).content


def test_a_gzip_bomb_stops_at_the_decoded_size_cap(site: Site) -> None:
    url = site.add("/bomb.html", gzip_bomb(), headers={"Content-Encoding": "gzip"})
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetcher().fetch(url)
    assert caught.value.kind == "too_large"
    assert "compression bomb" in str(caught.value)
    assert time.monotonic() - started < 5


def test_a_50_mb_page_is_aborted_early_while_streaming(site: Site) -> None:
    sent: list[int] = []

    def endless(request: RequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Connection", "close")
        request.end_headers()  # no Content-Length: the client must count
        chunk = b"<p>" + b"x" * 65536 + b"</p>"
        total = 0
        try:
            while total < 50 * 1024 * 1024:
                request.wfile.write(chunk)
                total += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass
        sent.append(total)
        request.close_connection = True

    url = site.add_handler("/huge.html", endless)
    with pytest.raises(FetchError) as caught:
        fetcher().fetch(url)
    assert caught.value.kind == "too_large"
    time.sleep(0.3)
    assert sent and sent[0] < 50 * 1024 * 1024


def test_a_declared_oversized_page_is_refused_before_reading(site: Site) -> None:
    def liar(request: RequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", str(50 * 1024 * 1024))
        request.end_headers()
        request.close_connection = True

    with pytest.raises(FetchError, match="declares 52,428,800 bytes"):
        fetcher().fetch(site.add_handler("/liar.html", liar))


def test_a_server_sending_one_byte_per_second_is_cut_off_by_the_total_timeout(site: Site) -> None:
    def slow(request: RequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", "1000")
        request.end_headers()
        try:
            for _ in range(1000):
                request.wfile.write(b"x")
                request.wfile.flush()
                time.sleep(1)
        except (BrokenPipeError, ConnectionResetError):
            pass

    limits = FetchLimits(connect_timeout=1, read_timeout=1.5, total_timeout=2.5)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetcher(limits=limits).fetch(site.add_handler("/slow.html", slow))
    assert caught.value.kind == "timeout"
    assert time.monotonic() - started < 5


def test_endless_redirects_stop_after_five(site: Site) -> None:
    def loop(request: RequestHandler) -> None:
        n = int(request.path.rsplit("/", 1)[1])
        request.reply(302, b"", {"Location": f"/loop/{n + 1}"})

    for n in range(20):
        site.add_handler(f"/loop/{n}", loop)
    with pytest.raises(FetchError) as caught:
        fetcher().fetch(site.url("/loop/0"))
    assert caught.value.kind == "redirects"
    assert site.paths_hit().count("/loop/6") == 0
    assert "/loop/5" in site.paths_hit()


def test_redirects_are_followed_and_the_final_address_kept(site: Site) -> None:
    site.add("/old", b"", status=301, headers={"Location": "/new"})
    site.add("/new", "<p>هنا</p>")
    result = fetcher().fetch(site.url("/old"))
    assert result.final_url == site.url("/new") and result.redirects == [site.url("/old")]


def test_a_redirect_to_another_scheme_is_refused(site: Site) -> None:
    site.add("/ftp", b"", status=302, headers={"Location": "ftp://127.0.0.1/file"})
    with pytest.raises(FetchError) as caught:
        fetcher().fetch(site.url("/ftp"))
    assert caught.value.kind == "scheme"


def test_only_http_and_https_addresses_are_fetched() -> None:
    for url in ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"]:
        with pytest.raises(FetchError) as caught:
            fetcher().fetch(url)
        assert caught.value.kind == "scheme"


def test_an_https_address_on_a_plain_http_port_reports_a_tls_error(site: Site) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher().fetch(f"https://127.0.0.1:{site.port}/a.html")
    assert caught.value.kind == "tls"
    assert "TLS error" in str(caught.value)


def test_robots_txt_disallow_is_honoured_and_fetched_once_per_host(site: Site) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.add("/private/a.html", "<p>secret</p>")
    site.add("/public/a.html", "<p>open</p>")
    f = fetcher()
    with pytest.raises(FetchError) as caught:
        f.fetch(site.url("/private/a.html"))
    assert caught.value.kind == "robots"
    assert f.fetch(site.url("/public/a.html")).status == 200
    assert site.paths_hit().count("/robots.txt") == 1
    assert "/private/a.html" not in site.paths_hit()


def test_a_missing_robots_txt_allows_everything(site: Site) -> None:
    site.add("/a.html", "<p>ok</p>")
    assert fetcher().fetch(site.url("/a.html")).status == 200


def test_http_errors_are_reported_with_their_status(site: Site) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher().fetch(site.url("/missing"))
    assert caught.value.status == 404 and not caught.value.transient
    site.add("/busy", b"busy", status=503)
    with pytest.raises(FetchError) as caught:
        fetcher().fetch(site.url("/busy"))
    assert caught.value.transient


@pytest.mark.django_db  # the host's turn is a row shared by every process
def test_requests_to_one_host_are_spaced_by_the_politeness_delay(site: Site) -> None:
    for n in range(3):
        site.add(f"/p{n}", "<p>x</p>")
    polite = Fetcher(limits=SMALL, relaxed_hosts=[], host_delay=0.4)
    for n in range(3):
        polite.fetch(site.url(f"/p{n}"))
    times = [t for path, _, t in site.hits if path.startswith("/p")]
    assert all(b - a >= 0.38 for a, b in zip(times, times[1:], strict=False))


def test_the_test_host_is_not_delayed_when_relaxed(site: Site) -> None:
    for n in range(5):
        site.add(f"/q{n}", "<p>x</p>")
    quick = Fetcher(limits=SMALL, relaxed_hosts=["127.0.0.1"], host_delay=5)
    started = time.monotonic()
    for n in range(5):
        quick.fetch(site.url(f"/q{n}"))
    assert time.monotonic() - started < 2


# Run by each of the two processes of the test below: a worker's fetcher, polite to the host.
_POLITE_WORKER = """
import sys, time, django
django.setup()
from articles.ingest.fetch import Fetcher, FetchLimits
base, name = sys.argv[1], sys.argv[2]
limits = FetchLimits(connect_timeout=5, read_timeout=5, total_timeout=20)
fetcher = Fetcher(limits=limits, relaxed_hosts=[], host_delay=0.3)
print("ready", flush=True)
sys.stdin.readline()
for n in range(3):
    fetcher.fetch(f"{base}/{name}-{n}")
"""


@pytest.mark.django_db(transaction=True)
def test_item16_politeness_holds_across_two_worker_processes(site: Site) -> None:
    import subprocess
    import sys
    import threading

    from tests.ingest.conftest import subprocess_env

    spans: list[tuple[float, float, str]] = []
    lock = threading.Lock()

    def slow_page(request: RequestHandler) -> None:
        began = time.monotonic()
        time.sleep(0.2)  # long enough for the other process to try its luck meanwhile
        request.reply(200, b"<p>x</p>", {"Content-Type": "text/html"})
        with lock:
            spans.append((began, time.monotonic(), request.path))

    for name in ("a", "b"):
        for n in range(3):
            site.add_handler(f"/{name}-{n}", slow_page)
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _POLITE_WORKER, site.base, name],
            env={**subprocess_env(), "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    for worker in workers:  # both set up, then both go at once
        assert worker.stdout is not None and worker.stdout.readline() == "ready\n"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    assert [w.wait(timeout=60) for w in workers] == [0, 0]
    spans.sort()
    assert len(spans) == 6
    assert {path[1] for _, _, path in spans} == {"a", "b"}
    for (_, end, _), (began, _, path) in zip(spans, spans[1:], strict=False):
        # The next request starts after the previous one ended and the delay passed; the
        # server's handler ends a moment before the client has the last byte, hence 0.25.
        assert began - end >= 0.25, (path, began - end, spans)
