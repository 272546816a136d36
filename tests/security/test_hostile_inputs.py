"""Hostile inputs, one input path per section: each must be refused cleanly or stored safely,
never answer 500 and never break a page for anybody else. Extend this file with every new path.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from articles.claims import webannotation
from articles.models import Annotation, Article
from tests.task_backends import IMMEDIATE

# --- W3C Web Annotation import (issue 20, item 3) --------------------------------------------


def exported(client: Client, article: Article) -> dict[str, Any]:
    response = client.get(reverse("w3c_article", args=[article.pk]))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def w3c_doc(demo: None, room_admin: Any) -> tuple[dict[str, Any], Article, Client]:
    client = Client()
    client.force_login(room_admin)
    article = Article.objects.get(outlet__slug="al-binaa")
    doc = exported(client, article)
    Annotation.objects.filter(article=article).delete()
    return doc, article, client


BAD_TIMESTAMPS = [
    "0001-01-01T00:00:00+14:00",  # 1 BC once in UTC
    "2020-02-30T10:00:00Z",
    "2020-01-01T10:00:00+99:00",
    "9999-12-31T23:59:59-12:00",  # year 10000 in UTC
    "-0001-01-01T00:00:00Z",
    "2020-13-01T00:00:00Z",
    "x" * 5000,
    12345,
]


@pytest.mark.parametrize("stamp", BAD_TIMESTAMPS)
@pytest.mark.parametrize("key", ["created", "modified"])
def test_item3_w3c_import_refuses_timestamps_the_database_cannot_return(
    w3c_doc: Any, room_admin: Any, stamp: Any, key: str
) -> None:
    doc, article, _ = w3c_doc
    doc["first"]["items"][0][key] = stamp
    with pytest.raises(webannotation.WebAnnotationError) as error:
        webannotation.import_json(json.dumps(doc), importer=room_admin)
    assert "between the years 1 and 9999" in " ".join(error.value.messages)
    assert not Annotation.objects.filter(article=article).exists()


@pytest.mark.parametrize(
    ("path", "value"),
    [
        # The body is a list since issue 17: the ClaimMention first, readable bodies after it.
        (("body", 0, "note"), "a\x00b"),
        (("body", 0, "note"), "a\ud800b"),
        (("body", 0, "claim", "textAr"), "ادعاء\x00"),
        (("body", 0, "tags"), ["وسم\udfff"]),
        (("creator", "nickname"), "x\x00"),
    ],
)
def test_item3_w3c_import_refuses_nul_and_lone_surrogates(
    w3c_doc: Any, room_admin: Any, path: tuple[Any, ...], value: Any
) -> None:
    doc, article, _ = w3c_doc
    item = doc["first"]["items"][0]
    item.setdefault("creator", {"type": "Person", "nickname": "someone"})
    target = item
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    raw = json.dumps(doc)  # json escapes both as \u0000 / \ud800: valid JSON, hostile text
    with pytest.raises(webannotation.WebAnnotationError) as error:
        webannotation.import_json(raw, importer=room_admin)
    assert "NUL" in " ".join(error.value.messages) or "surrogate" in " ".join(error.value.messages)


def test_item3_w3c_import_over_http_reports_problems_not_500(
    w3c_doc: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.TASKS = IMMEDIATE
    doc, article, client = w3c_doc
    doc["first"]["items"][0]["created"] = "0001-01-01T00:00:00+14:00"
    doc["first"]["items"][0]["body"][0]["note"] = "\x00"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("w3c_import"),
            {"file": _upload(json.dumps(doc).encode())},
        )
    assert response.status_code == 302
    status = client.get(response["Location"])
    assert status.status_code == 200
    assert "Nothing was imported" in status.text and "NUL" in status.text
    assert not Annotation.objects.filter(article=article).exists()
    assert client.get(reverse("article_detail", args=[article.pk])).status_code == 200


def _upload(data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("doc.jsonld", data, content_type="application/ld+json")


def test_item3_w3c_source_on_another_host_is_not_this_rooms_article(
    w3c_doc: Any, room_admin: Any
) -> None:
    doc, article, _ = w3c_doc
    for item in doc["first"]["items"]:
        item["target"].pop("contentHash", None)
        item["target"]["source"] = f"https://elsewhere.example/articles/{article.pk}/"
    with pytest.raises(webannotation.WebAnnotationError, match="not in this reading room"):
        webannotation.import_json(json.dumps(doc), importer=room_admin, room_hosts=["testserver"])
    # The room's own host, a relative URL and the article's original URL all select it.
    Article.objects.filter(pk=article.pk).update(url="https://outlet.example/news/1")
    article.refresh_from_db()
    for source in (
        f"http://testserver/articles/{article.pk}/",
        f"/articles/{article.pk}/",
        article.url,
    ):
        for item in doc["first"]["items"]:
            item["target"]["source"] = source
        result = webannotation.import_json(
            json.dumps(doc), importer=room_admin, room_hosts=["testserver"]
        )
        assert result.created or result.already_present
        assert all(a.article_id == article.pk for a in result.created)


def test_item3_w3c_creator_nickname_never_attributes_to_an_account(
    w3c_doc: Any, room_admin: Any, lead: Any
) -> None:
    doc, article, _ = w3c_doc
    for item in doc["first"]["items"]:
        item["creator"] = {"type": "Person", "nickname": lead.username}
    result = webannotation.import_json(json.dumps(doc), importer=room_admin)
    assert result.created
    for annotation in Annotation.objects.filter(article=article):
        assert annotation.author_id == room_admin.pk
        assert lead.username in annotation.note


def test_item3_w3c_review_status_confirmed_lands_as_draft(w3c_doc: Any, room_admin: Any) -> None:
    doc, article, _ = w3c_doc
    for item in doc["first"]["items"]:
        item["body"][0]["reviewStatus"] = "confirmed"
    webannotation.import_json(json.dumps(doc), importer=room_admin)
    statuses = set(
        Annotation.objects.filter(article=article).values_list("review_status", flat=True)
    )
    assert statuses == {Annotation.ReviewStatus.DRAFT}


def test_item3_w3c_import_requires_import_permission(w3c_doc: Any, lead: Any) -> None:
    from django.core.exceptions import PermissionDenied

    doc, _, _ = w3c_doc
    with pytest.raises(PermissionDenied):
        webannotation.import_json(json.dumps(doc), importer=lead)


@pytest.mark.django_db
def test_item3_database_refuses_a_year_pages_cannot_show(demo: None) -> None:
    annotation = Annotation.objects.first()
    assert annotation is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Annotation.objects.filter(pk=annotation.pk).update(created_at="0001-01-01T00:00:00+14:00")


@pytest.mark.django_db(transaction=True)
def test_item3_migration_repairs_rows_stored_as_1_bc(demo: None) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", "articles", "0011", verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE articles_annotation SET created_at = '0001-01-01T00:00:00+14:00'"
                " WHERE id = (SELECT min(id) FROM articles_annotation)"
            )
    finally:
        call_command("migrate", "articles", verbosity=0)
    annotation = Annotation.objects.order_by("id").first()
    assert annotation is not None and annotation.created_at.year == 1
    client = Client()
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("su", password="x-1-y-2-z"))
    assert client.get(reverse("article_detail", args=[annotation.article_id])).status_code == 200
    assert client.get(reverse("claim_detail", args=[annotation.claim_id])).status_code == 200
    assert client.get(reverse("mentions_export", args=["csv"])).status_code == 200


def content_of(response: Any) -> bytes:
    """A response's body, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


# --- Query parameters (item 11) ---------------------------------------------------------------


@pytest.fixture
def reader_client(reader: Any) -> Client:
    client = Client()
    client.force_login(reader)
    return client


@pytest.mark.parametrize("page", ["100000000000000000000", "99999999999", "-1", "1e3", "٣" * 40])
def test_item11_huge_page_numbers_answer_cleanly(
    demo: None, reader_client: Client, page: str
) -> None:
    page_response = reader_client.get(reverse("search_page"), {"q": "داعش", "page": page})
    assert page_response.status_code < 500
    api = reader_client.get(reverse("search_api"), {"q": "داعش", "page": page})
    assert api.status_code == 400
    assert "page" in api.json()["error"]


@pytest.mark.parametrize(
    "route",
    [
        ("article_list", []),
        ("mentions_export", ["csv"]),
        ("mentions_export", ["json"]),
        ("matrix_export", ["csv"]),
        ("search_page", []),
        ("search_api", []),
    ],
)
def test_item11_nul_in_a_parameter_is_a_clean_400(
    demo: None, reader_client: Client, route: tuple[str, list[str]]
) -> None:
    name, args = route
    response = reader_client.get(reverse(name, args=args) + "?outlet=a%00b&q=x")
    assert response.status_code == 400


# --- Exports (item 12) -----------------------------------------------------------------------


HOSTILE_TEXT = "\u202eexe.gnp\u202c \u2066x\u2069"


@pytest.fixture
def hostile_mention(demo: None) -> Annotation:
    mention = Annotation.objects.select_related("article").first()
    assert mention is not None
    mention.note = "-2+3 " + HOSTILE_TEXT
    mention.save()
    Article.objects.filter(pk=mention.article_id).update(
        url="javascript:alert(1)", title='=HYPERLINK("http://x")' + HOSTILE_TEXT
    )
    return mention


@pytest.mark.parametrize(
    ("name", "args", "params"),
    [
        ("mentions_export", ["csv"], {}),
        ("mentions_export", ["json"], {}),
        ("w3c_article", None, {}),
        ("w3c_claim", None, {}),
        ("w3c_all", [], {}),
        ("claim_schemaorg", None, {}),
        ("search_api", [], {"q": "داعش"}),
    ],
)
def test_item12_exports_neutralise_bidi_controls(
    hostile_mention: Annotation, reader_client: Client, name: str, args: Any, params: Any
) -> None:
    if name == "w3c_article":
        args = [hostile_mention.article_id]
    elif name in ("w3c_claim", "claim_schemaorg"):
        args = [hostile_mention.claim_id]
    response = reader_client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    body = content_of(response)
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control.encode() not in body
        assert f"\\u{ord(control):04x}".encode() not in body.lower()


def test_item12_csv_formula_guard_covers_minus_and_leading_controls(
    hostile_mention: Annotation, reader_client: Client
) -> None:
    import csv
    import io

    text = content_of(reader_client.get(reverse("mentions_export", args=["csv"]))).decode(
        "utf-8-sig"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["annotation_id"] == str(hostile_mention.pk))
    assert row["note"].startswith("'-2+3")
    assert row["article_title"].startswith("'=HYPERLINK")
    for value in (r[k] for r in rows for k in r):
        assert not (value[:1] in "=+-@\t\r" and value), value


def test_item12_exports_and_api_never_emit_non_http_urls(
    hostile_mention: Annotation, reader_client: Client
) -> None:
    rows = json.loads(content_of(reader_client.get(reverse("mentions_export", args=["json"]))))
    row = next(r for r in rows["mentions"] if r["annotation_id"] == hostile_mention.pk)
    assert row["source_url"] == ""
    text = content_of(reader_client.get(reverse("mentions_export", args=["csv"]))).decode()
    assert "javascript:" not in text
    api = reader_client.get(reverse("search_api"), {"q": "داعش", "page_size": 100}).json()
    assert any(r["id"] == hostile_mention.article_id for r in api["results"])
    assert all(not r["url"] or r["url"].startswith(("http://", "https://")) for r in api["results"])
    assert "javascript:" not in json.dumps(api)


# --- Servers that trickle (issue 16, item 7: a slow server) --------------------------------------


class Trickler:
    """A TCP server on 127.0.0.1 that answers every connection with `head` at once, then `drip`
    one byte every `interval` seconds for up to `seconds`: what a hostile or broken server does
    to keep a client waiting without ever letting one read time out."""

    def __init__(self, head: bytes, drip: bytes, *, interval: float = 0.1, seconds: float = 30):
        import socket
        import threading

        self.head, self.drip, self.interval, self.seconds = head, drip, interval, seconds
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        import threading

        while not self.stopped.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: Any) -> None:
        import time

        try:
            conn.recv(65536)  # the request or the TLS ClientHello, unread
            conn.sendall(self.head)
            ends = time.monotonic() + self.seconds
            for byte in self.drip:
                if self.stopped.is_set() or time.monotonic() > ends:
                    break
                conn.sendall(bytes([byte]))
                time.sleep(self.interval)
            self.stopped.wait(max(0.0, ends - time.monotonic()))  # then silence, still open
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self) -> None:
        self.stopped.set()
        self.server.close()


def _deadline_fetch(url: str, total: float, *, connect: float = 1.0, read: float = 1.0) -> Any:
    import time

    from articles.ingest.fetch import Fetcher, FetchError, FetchLimits

    limits = FetchLimits(connect_timeout=connect, read_timeout=read, total_timeout=total)
    fetcher = Fetcher(limits=limits, relaxed_hosts=["127.0.0.1"], obey_robots=False)
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    return caught.value, time.monotonic() - started


@pytest.mark.parametrize(
    ("phase", "head", "drip"),
    [
        # The status line, then a header that never ends.
        ("headers", b"HTTP/1.1 200 OK\r\n", b"X-Slow: " + b"a" * 10_000),
        # Headers line after line, a byte at a time.
        ("headers", b"", b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 5_000),
        # Complete headers, then the body a byte at a time.
        ("body", b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n", b"x" * 100_000),
        ("body", b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", b"x" * 100_000),
    ],
)
def test_item16_trickling_server_is_cut_off_at_the_total_deadline(
    phase: str, head: bytes, drip: bytes
) -> None:
    server = Trickler(head, drip, interval=0.1)
    try:
        error, took = _deadline_fetch(f"http://127.0.0.1:{server.port}/a.html", total=1.5)
    finally:
        server.stop()
    assert error.kind == "timeout", (phase, error)
    assert "1.5 s" in str(error)
    assert took < 2.3, (phase, took)  # the server would have kept going for 30 s


def test_item16_tls_handshake_that_trickles_is_cut_off_at_the_total_deadline() -> None:
    # A TLS record header announcing 16 kB of ServerHello, then one byte at a time; the connect
    # timeout (which bounds the handshake in CPython) is longer than the total deadline.
    server = Trickler(b"\x16\x03\x03\x40\x00", b"\x02" * 10_000, interval=0.1)
    try:
        error, took = _deadline_fetch(
            f"https://127.0.0.1:{server.port}/a.html", total=1.5, connect=20, read=20
        )
    finally:
        server.stop()
    assert error.kind == "timeout", error
    assert took < 2.3, took


def test_item16_silent_server_is_cut_off_at_the_total_deadline() -> None:
    # Accepts, reads the request and says nothing: read timeout longer than the deadline.
    server = Trickler(b"", b"", seconds=30)
    try:
        error, took = _deadline_fetch(f"http://127.0.0.1:{server.port}/a.html", total=1.0, read=20)
    finally:
        server.stop()
    assert error.kind == "timeout", error
    assert took < 1.8, took


# --- An article too big for one tsvector, on every path that writes one (issue 20, item 13) --


def realistic_huge_body(chars: int = 3_000_000, seed: int = 13) -> str:
    """3 million characters of Arabic-like news text with a news-like vocabulary: words drawn
    by Zipf's law from 15,000 stems, with the article, conjunction and preposition clitics and
    the common suffixes (about 120,000 distinct written words, 300,000 terms once analysed:
    several MB of lexemes, over PostgreSQL's 1 MB per tsvector)."""
    import itertools
    import random

    rng = random.Random(seed)
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    prefixes = ["", "", "", "ال", "و", "وال", "ب", "بال", "ل", "ف"]
    suffixes = ["", "", "", "ة", "ات", "ون", "ين", "ها"]
    stems = ["".join(rng.choices(letters, k=rng.choice((3, 4, 4, 5, 6)))) for _ in range(15_000)]
    zipf = list(itertools.accumulate(1 / rank for rank in range(1, len(stems) + 1)))
    paragraphs, size = [], 0
    while size < chars:
        words = rng.choices(stems, cum_weights=zipf, k=300)
        text = " ".join(rng.choice(prefixes) + w + rng.choice(suffixes) for w in words) + "."
        paragraphs.append(text)
        size += len(text) + 1
    return "\n".join(paragraphs)[:chars].rstrip()


@pytest.fixture(scope="module")
def huge_body() -> str:
    return realistic_huge_body()


def assert_indexed_by_what_fits(article: Article) -> None:
    from django.db import connection

    from articles.search.index import TRUNCATED_NOTE

    article.refresh_from_db()
    assert len(article.body) > 2_500_000
    assert article.provenance.get("search_index") == TRUNCATED_NOTE
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT length(search_vector), search_vector @@ to_tsquery('simple', %s)"
            " FROM articles_article WHERE id = %s",
            [huge_first_word(article.body), article.pk],
        )
        lexemes, found = cursor.fetchone()
    assert lexemes > 50_000 and found  # indexed, and found by its first words


def huge_first_word(body: str) -> str:
    from articles import arabic

    [(_start, positions)] = list(arabic.analysed_positions(body.split(" ", 1)[0]))[:1]
    return sorted(positions[0])[0]


@pytest.mark.slow  # 3 million characters analysed
def test_item13_huge_vocabulary_would_overflow_a_tsvector(huge_body: str) -> None:
    """The input of the tests below really is too big: its lexemes alone take over 2 MB."""
    from articles.search.index import document_vector

    literal = document_vector("", huge_body)
    lexemes = re.findall(r"'((?:[^']|'')*)':", literal)
    assert sum(len(term.encode()) for term in lexemes) > 2 * 1024 * 1024


@pytest.mark.slow  # 3 million characters analysed
@pytest.mark.django_db
def test_item13_admin_edit_of_a_huge_article_saves_and_indexes_what_fits(
    demo: None, superuser: Any, huge_body: str, settings: Any
) -> None:
    from django.contrib import admin as django_admin
    from django.forms.models import model_to_dict
    from django.test import RequestFactory

    from articles.admin import ArticleAdmin

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 32 * 1024 * 1024  # 6 MB of UTF-8 in one form field
    article = Article.objects.filter(outlet__slug="sana").first()
    assert article is not None
    request = RequestFactory().get("/")
    request.user = superuser
    form = ArticleAdmin(Article, django_admin.site).get_form(request, article)
    data = {
        k: v for k, v in model_to_dict(article, fields=form.base_fields).items() if v is not None
    }
    data = {k: (",".join(map(str, v)) if isinstance(v, list) else v) for k, v in data.items()}
    data["body"] = huge_body
    client = Client()
    client.force_login(superuser)
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content[:3000]
    # Saved at once; the analysis is the worker's (issue 20: long work never in a request).
    from articles.search.index import reindex_article

    article.refresh_from_db()
    assert article.reindex_requested_at is not None
    assert reindex_article.call(article.pk)["written"] == 1
    assert_indexed_by_what_fits(article)


def _huge_page(huge_body: str) -> str:
    from tests.feeds.site import article_page

    paragraphs = huge_body.split("\n")
    return article_page("sana", 1, title="مقال ضخم جدا", paragraphs=paragraphs)


@pytest.fixture
def news_site() -> Any:
    from tests.feeds.site import Site

    server = Site()
    yield server
    server.stop()


def _fetcher() -> Any:
    from articles.ingest.fetch import Fetcher, FetchLimits

    limits = FetchLimits(max_bytes=20 * 1024 * 1024, max_decoded_bytes=40 * 1024 * 1024)
    return Fetcher(limits=limits, relaxed_hosts=["127.0.0.1"])


@pytest.mark.slow  # 3 million characters analysed
@pytest.mark.django_db
def test_item13_pasted_address_of_a_huge_article_imports_and_indexes_what_fits(
    demo: None, lead: Any, huge_body: str, news_site: Any
) -> None:
    from articles.ingest.polling import import_url
    from articles.models import Outlet

    url = news_site.add("/sana/huge", _huge_page(huge_body))
    outcome = import_url(url, user=lead, outlet=Outlet.objects.get(slug="sana"), fetcher=_fetcher())
    assert outcome.status == "imported", outcome
    assert_indexed_by_what_fits(Article.objects.get(pk=outcome.article_id))


@pytest.mark.slow  # 3 million characters analysed
@pytest.mark.django_db
def test_item13_feed_item_and_its_new_version_index_what_fits(
    demo: None, huge_body: str, news_site: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from articles.ingest.polling import poll_source
    from articles.models import Outlet, Source
    from tests.feeds.site import article_page, rfc822, rss

    page = "/sana/news/huge"
    news_site.add(page, _huge_page(huge_body))
    small = "/sana/news/small"
    news_site.add(small, article_page("sana", 2))
    published = timezone.now() - timedelta(hours=1)
    items = [
        {"title": "ضخم", "link": news_site.url(page), "guid": "huge", "pubDate": rfc822(published)},
        {"title": "صغير", "link": news_site.url(small), "guid": "s", "pubDate": rfc822(published)},
    ]
    feed_url = news_site.add("/sana/feed", rss(items), content_type="application/rss+xml")
    source = Source.objects.create(outlet=Outlet.objects.get(slug="sana"), url=feed_url)
    report = poll_source(source, fetcher=_fetcher())
    assert report.count("imported") == 2, report.summary()
    assert_indexed_by_what_fits(Article.objects.get(url=news_site.url(page)))
    # The small article's page grows to the huge text: its next version is indexed by what fits.
    news_site.add(small, _huge_page(huge_body.replace("ال", "لل", 1000)))
    items[1]["pubDate"] = rfc822(timezone.now())
    news_site.add("/sana/feed", rss(items), content_type="application/rss+xml")
    source.refresh_from_db()
    report = poll_source(source, fetcher=_fetcher())
    assert report.count("updated") == 1, report.summary()
    # A saved body this long is analysed by the import worker's task (issue 20, queues).
    from articles.search.index import reindex_article

    grown = Article.objects.get(url=news_site.url(small))
    assert grown.reindex_requested_at is not None
    assert reindex_article.call(grown.pk)["written"] == 1
    assert_indexed_by_what_fits(grown)


@pytest.mark.slow  # 3 million characters analysed
@pytest.mark.django_db
def test_item13_upload_of_one_huge_file_and_a_reindex_index_what_fits(
    demo: None, huge_body: str, tmp_path: Any
) -> None:
    from django.core.management import call_command

    from articles.ingest.pipeline import create_batch_from_paths, run_batch

    path = tmp_path / "huge.txt"
    path.write_text("مقال ضخم في ملف واحد\n\n" + huge_body, encoding="utf-8")
    batch = run_batch(create_batch_from_paths([str(path)]), workers=1)
    assert batch.created == 1 and batch.failed == 0
    article = Article.objects.get(import_batch=batch)
    assert_indexed_by_what_fits(article)
    Article.objects.filter(pk=article.pk).update(search_vector=None, provenance={})
    call_command("reindex", stdout=__import__("io").StringIO())
    assert_indexed_by_what_fits(article)


def test_item16_a_hung_name_resolver_is_cut_off_at_the_total_deadline(monkeypatch: Any) -> None:
    # The system resolver never answers for this name (an unreachable DNS server): the fetch
    # still ends at its deadline, with a timeout that names the lookup.
    import socket
    import threading
    import time

    from articles.ingest.fetch import Fetcher, FetchError, FetchLimits

    real = socket.getaddrinfo
    released = threading.Event()

    def hung(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "news.hung-resolver.example":
            released.wait(30)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", hung)
    limits = FetchLimits(connect_timeout=1, read_timeout=1, total_timeout=1)
    fetcher = Fetcher(
        limits=limits, relaxed_hosts=["news.hung-resolver.example"], obey_robots=False
    )
    started = time.monotonic()
    try:
        with pytest.raises(FetchError) as caught:
            fetcher.fetch("http://news.hung-resolver.example/a.html")
    finally:
        released.set()
    assert caught.value.kind == "timeout", caught.value
    assert "hung-resolver.example" in str(caught.value)
    assert time.monotonic() - started < 1.8


def test_item16_a_name_resolved_within_the_deadline_connects_and_keeps_its_host_header(
    monkeypatch: Any,
) -> None:
    # The fetch resolves the name itself and connects to the address; the request still
    # carries the name in its Host header.
    import socket

    from articles.ingest.fetch import Fetcher, FetchLimits
    from tests.feeds.site import Site

    site = Site()
    real = socket.getaddrinfo
    asked: list[str] = []

    def local(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        asked.append(str(host))
        if host == "outlet.local-test.example":
            host = "127.0.0.1"
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", local)
    url = site.add("/a.html", "<html><body>ok</body></html>").replace(
        "127.0.0.1", "outlet.local-test.example"
    )
    limits = FetchLimits(connect_timeout=1, read_timeout=1, total_timeout=3)
    fetcher = Fetcher(limits=limits, relaxed_hosts=["outlet.local-test.example"], obey_robots=False)
    try:
        result = fetcher.fetch(url)
    finally:
        site.stop()
    assert result.status == 200
    assert b"ok" in result.content
    assert "outlet.local-test.example" in asked
    headers = next(h for path, h, _ in site.hits if path == "/a.html")
    assert headers["Host"].startswith("outlet.local-test.example:")
