"""A local news site for the feed tests and the throughput bench: an HTTP server on 127.0.0.1
(random port) serving what a test registers, and pages in the styles of the five seed outlets
(the extraction bench's layouts, `bench/extraction/generate.py`).

Nothing else is reachable: every address the tests fetch points at this server.
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench" / "extraction"))

import generate  # noqa: E402
import stories  # noqa: E402

# The five seed outlets and one layout of each (bench/extraction/generate.py).
OUTLET_LAYOUTS = {
    "sana": "sana_a",
    "youm7": "youm7_a",
    "baladi-news": "baladi_a",
    "north-pulse": "northpress_a",
    "al-binaa": "albinaa_wp",
}
OUTLET_ZONES = {"sana": 3, "youm7": 3, "baladi-news": 3, "north-pulse": 3, "al-binaa": 2}
STORIES = list(stories.AR)

Handler = Callable[["RequestHandler"], None]


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    handler: Handler | None = None


class RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body leave in two writes: without this, Nagle's algorithm holds the body
    # back until the client's delayed ACK (40 ms a response on Linux).
    disable_nagle_algorithm = True
    server: SiteServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site
        with site.lock:
            site.hits.append((self.path, dict(self.headers.items()), time.monotonic()))
        route = site.routes.get(self.path)
        if route is None:
            self.reply(404, b"not found", {"Content-Type": "text/plain"})
            return
        if route.handler is not None:
            route.handler(self)
            return
        self.reply(route.status, route.body, route.headers)

    def reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    site: Site


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[tuple[str, dict[str, str], float]] = []
        self.lock = threading.Lock()
        self.server = SiteServer(("127.0.0.1", 0), RequestHandler)
        self.server.site = self
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def add(
        self,
        path: str,
        body: bytes | str,
        *,
        status: int = 200,
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(status, data, {"Content-Type": content_type, **(headers or {})})
        return self.url(path)

    def add_handler(self, path: str, handler: Handler) -> str:
        self.routes[path] = Route(handler=handler)
        return self.url(path)

    def paths_hit(self) -> list[str]:
        with self.lock:
            return [path for path, _, _ in self.hits]

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- pages ------------------------------------------------------------------------------------


def article_page(
    outlet: str,
    number: int,
    *,
    story: str | None = None,
    title: str | None = None,
    paragraphs: list[str] | None = None,
    author: str | None = "كنان سلطان",
    published: datetime | None = None,
) -> str:
    """One article page in `outlet`'s layout; the story's text unless title/paragraphs given."""
    key = story or STORIES[number % len(STORIES)]
    story_title, story_body = stories.AR[key]
    page = generate.Page(
        name=f"{outlet}_{number}",
        story=key,
        layout=OUTLET_LAYOUTS[outlet],
        author=author,
        pub=published or datetime(2024, 5, 1, 10, 30) + timedelta(hours=number),
        tz=OUTLET_ZONES[outlet],
        extra={"id": 5000 + number},
    )
    fn, _lang = generate.LAYOUTS[page.layout]
    return str(fn(page, title or story_title, paragraphs or story_body))


def rss(items: list[dict[str, str]], *, title: str = "أخبار") -> str:
    parts = []
    for item in items:
        inner = "".join(
            f"<{key}>{escape(value)}</{key}>"
            for key, value in item.items()
            if key in {"title", "link", "guid", "pubDate", "description"}
        )
        parts.append(f"<item>{inner}</item>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://example.invalid/</link>"
        + "".join(parts)
        + "</channel></rss>"
    )


def atom(entries: list[dict[str, str]]) -> str:
    parts = [
        f'<entry><title>{escape(e.get("title", ""))}</title><link rel="alternate" '
        f'href="{escape(e["link"])}"/><id>{escape(e.get("id", e["link"]))}</id>'
        f"<updated>{e.get('updated', '2024-05-01T10:00:00Z')}</updated></entry>"
        for e in entries
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Feed</title>" + "".join(parts) + "</feed>"
    )


def rdf(items: list[dict[str, str]]) -> str:
    parts = [
        f'<item rdf:about="{escape(i["link"])}"><title>{escape(i.get("title", ""))}</title>'
        f"<link>{escape(i['link'])}</link><dc:date>{i.get('date', '2024-05-01T10:00:00+03:00')}"
        "</dc:date></item>"
        for i in items
    ]
    return (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>RDF</title></channel>" + "".join(parts) + "</rdf:RDF>"
    )


def news_sitemap(urls: list[tuple[str, str]]) -> str:
    parts = [
        f"<url><loc>{escape(u)}</loc><news:news><news:publication><news:name>x</news:name>"
        f"<news:language>ar</news:language></news:publication><news:publication_date>{d}"
        f"</news:publication_date><news:title>t</news:title></news:news></url>"
        for u, d in urls
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset '
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        + "".join(parts)
        + "</urlset>"
    )


def sitemap(urls: list[tuple[str, str]]) -> str:
    parts = [f"<url><loc>{escape(u)}</loc><lastmod>{d}</lastmod></url>" for u, d in urls]
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset '
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(parts) + "</urlset>"
    )


def sitemap_index(children: list[tuple[str, str]]) -> str:
    parts = [
        f"<sitemap><loc>{escape(u)}</loc><lastmod>{d}</lastmod></sitemap>" for u, d in children
    ]
    return (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex '
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + "".join(parts) + "</sitemapindex>"
    )


def rfc822(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


_BOMB: bytes | None = None


def gzip_bomb() -> bytes:
    """About 100 KB of gzip that expands to 100 MB of zeros."""
    global _BOMB
    if _BOMB is None:
        _BOMB = gzip.compress(b"\0" * (100 * 1024 * 1024), compresslevel=9)
    return _BOMB
