"""Hostile inputs, one input path per section: each must be refused cleanly or stored safely,
never answer 500 and never break a page for anybody else. Extend this file with every new path.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from articles.claims import webannotation
from articles.models import Annotation, Article

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
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
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
        ("search_api", [], {"q": "داعش"}),
    ],
)
def test_item12_exports_neutralise_bidi_controls(
    hostile_mention: Annotation, reader_client: Client, name: str, args: Any, params: Any
) -> None:
    if name == "w3c_article":
        args = [hostile_mention.article_id]
    elif name == "w3c_claim":
        args = [hostile_mention.claim_id]
    response = reader_client.get(reverse(name, args=args), params)
    assert response.status_code == 200
    body = response.content
    for control in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        assert control.encode() not in body
        assert f"\\u{ord(control):04x}".encode() not in body.lower()


def test_item12_csv_formula_guard_covers_minus_and_leading_controls(
    hostile_mention: Annotation, reader_client: Client
) -> None:
    import csv
    import io

    text = reader_client.get(reverse("mentions_export", args=["csv"])).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(r for r in rows if r["annotation_id"] == str(hostile_mention.pk))
    assert row["note"].startswith("'-2+3")
    assert row["article_title"].startswith("'=HYPERLINK")
    for value in (r[k] for r in rows for k in r):
        assert not (value[:1] in "=+-@\t\r" and value), value


def test_item12_exports_and_api_never_emit_non_http_urls(
    hostile_mention: Annotation, reader_client: Client
) -> None:
    rows = json.loads(reader_client.get(reverse("mentions_export", args=["json"])).content)
    row = next(r for r in rows["mentions"] if r["annotation_id"] == hostile_mention.pk)
    assert row["source_url"] == ""
    text = reader_client.get(reverse("mentions_export", args=["csv"])).content.decode()
    assert "javascript:" not in text
    api = reader_client.get(reverse("search_api"), {"q": "داعش", "page_size": 100}).json()
    assert any(r["id"] == hostile_mention.article_id for r in api["results"])
    assert all(not r["url"] or r["url"].startswith(("http://", "https://")) for r in api["results"])
    assert "javascript:" not in json.dumps(api)
