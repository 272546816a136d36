"""Re-fetched articles whose text changed: versions, re-anchored annotations, the diff, the
archived copy; and the reviewer's paste-an-address page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from articles.claims.annotations import annotation_create
from articles.infrastructure.permissions import READER
from articles.ingest.fetch import Fetcher
from articles.ingest.polling import import_url, poll_source, refetch_article
from articles.ingest.versions import text_diff
from articles.models import Annotation, Article, ArticleVersion, Claim, Outlet, Source
from tests.feeds.site import Site, article_page, rss, stories

pytestmark = pytest.mark.django_db

STORY = "raqqa_water"
TITLE, PARAGRAPHS = stories.AR[STORY]


@pytest.fixture
def outlets(db: None) -> dict[str, Outlet]:
    spec = json.loads((Path(settings.BASE_DIR) / "fixtures" / "demo.json").read_text("utf-8"))
    made = {o["slug"]: Outlet.objects.create(**o) for o in spec["outlets"]}
    made["sana"].domains = ["127.0.0.1"]
    made["sana"].save()
    return made


def fetcher() -> Fetcher:
    return Fetcher(relaxed_hosts=["127.0.0.1"])


def serve(site: Site, paragraphs: list[str], title: str = TITLE) -> str:
    return site.add("/sana/news/77", article_page("sana", 77, title=title, paragraphs=paragraphs))


def annotate(article: Article, phrase: str) -> Annotation:
    start = article.body.index(phrase)
    return annotation_create(
        article=article, start=start, end=start + len(phrase), claim=Claim.objects.create(text_ar=phrase),
        claimant=None,
    )  # fmt: skip


def test_a_changed_page_becomes_a_new_version_and_annotations_reanchor(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    url = serve(site, PARAGRAPHS)
    feed = Source.objects.create(
        outlet=outlets["sana"],
        url=site.add("/f", rss([{"link": url, "pubDate": "Wed, 01 May 2024 10:00:00 +0000"}])),
    )
    poll_source(feed, fetcher=fetcher())
    article = Article.objects.get()
    kept_phrase = " ".join(PARAGRAPHS[2].split()[:6])  # paragraph 3 stays, moves down the text
    lost_phrase = " ".join(PARAGRAPHS[1].split()[:6])  # paragraph 2 is rewritten
    kept, lost = annotate(article, kept_phrase), annotate(article, lost_phrase)
    new_paragraphs = ["فقرة جديدة أضافها المحرر بعد النشر تتحدث عن تطورات لاحقة في المدينة."] + [
        PARAGRAPHS[0],
        "وقال مسؤول في المحطة إن الأعطال أصلحت بالكامل.",
        *PARAGRAPHS[2:],
    ]
    serve(site, new_paragraphs)
    site.add("/f", rss([{"link": url, "pubDate": "Thu, 02 May 2024 10:00:00 +0000"}]))
    report = poll_source(feed, fetcher=fetcher())
    assert [p.status for p in report.pages] == ["updated"]
    article.refresh_from_db()
    assert article.body.startswith("فقرة جديدة")
    versions = list(ArticleVersion.objects.filter(article=article).order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].body != versions[1].body and versions[1].body == article.body
    assert (
        versions[1].fetched_page is not None
        and versions[1].fetched_page != versions[0].fetched_page
    )
    kept.refresh_from_db()
    lost.refresh_from_db()
    assert not kept.is_orphan and article.body[kept.start : kept.end] == kept_phrase
    assert lost.is_orphan and lost.quote == lost_phrase
    assert versions[1].reanchor["moved"] == [kept.pk] and versions[1].reanchor["orphaned"] == [
        lost.pk
    ]
    assert Annotation.objects.filter(article=article).count() == 2


def test_an_unchanged_page_makes_no_version(site: Site, outlets: dict[str, Outlet]) -> None:
    url = serve(site, PARAGRAPHS)
    import_url(url, user=_reviewer(), fetcher=fetcher())
    article = Article.objects.get()
    outcome = refetch_article(article, fetcher=fetcher())
    assert outcome.status == "unchanged"
    assert ArticleVersion.objects.filter(article=article).count() == 1


def test_a_page_that_lost_its_text_keeps_the_stored_version(
    site: Site, outlets: dict[str, Outlet]
) -> None:
    url = serve(site, PARAGRAPHS)
    import_url(url, user=_reviewer(), fetcher=fetcher())
    article = Article.objects.get()
    site.add("/sana/news/77", "<html><body><h1>404</h1></body></html>")
    outcome = refetch_article(article, fetcher=fetcher())
    assert outcome.status == "failed" and "stored text is kept" in outcome.reason
    article.refresh_from_db()
    assert PARAGRAPHS[0][:30] in article.body


def test_the_article_page_shows_the_change_the_diff_and_the_orphans(
    site: Site, outlets: dict[str, Outlet], client: Client
) -> None:
    url = serve(site, PARAGRAPHS)
    reviewer = _reviewer()
    import_url(url, user=reviewer, fetcher=fetcher())
    article = Article.objects.get()
    lost = annotate(article, " ".join(PARAGRAPHS[1].split()[:5]))
    changed = [PARAGRAPHS[0], "<script>alert(1)</script> نص مكتوب من جديد.", *PARAGRAPHS[2:]]
    serve(site, changed)
    assert refetch_article(article, fetcher=fetcher()).status == "updated"
    client.force_login(reviewer)
    page = client.get(reverse("article_detail", args=[article.pk])).text
    assert reverse("article_versions", args=[article.pk]) in page
    assert reverse("archived_page", args=[article.pk, 2]) in page
    versions = client.get(reverse("article_versions", args=[article.pk])).text
    assert "<ins>" in versions and "<del>" in versions
    assert "<script>alert(1)</script>" not in versions
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in versions
    assert lost.quote in versions  # listed among the orphans
    assert Annotation.objects.get(pk=lost.pk).is_orphan


def test_the_archived_copy_is_served_as_sandboxed_plain_text(
    site: Site, outlets: dict[str, Outlet], client: Client
) -> None:
    url = site.add(
        "/sana/news/5",
        article_page("sana", 5).replace("</body>", "<script>steal()</script></body>"),
    )
    reviewer = _reviewer()
    import_url(url, user=reviewer, fetcher=fetcher())
    article = Article.objects.get()
    client.force_login(reviewer)
    response = client.get(reverse("archived_page", args=[article.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"<script>steal()</script>" in response.content


def test_text_diff_marks_added_removed_and_changed_words() -> None:
    lines = text_diff("أ ب ج\nفقرة ثانية\nتحذف", "أ ب د\nفقرة ثانية\nجديدة")
    kinds = [line.kind for line in lines]
    assert kinds[0] == "changed" and "same" in kinds
    changed = lines[0].segments
    assert ("removed", "ج") in [(s.kind, s.text) for s in changed]
    assert ("added", "د") in [(s.kind, s.text) for s in changed]


# --- pasting one address --------------------------------------------------------------------


def _reviewer() -> Any:
    from django.contrib.auth import get_user_model

    from articles.infrastructure.permissions import REVIEWER

    user = get_user_model().objects.create_user(
        username=f"rev{get_user_model().objects.count()}", password="pw-for-tests-1"
    )
    user.groups.add(Group.objects.get(name=REVIEWER))
    return user


def test_a_reviewer_brings_one_article_in_by_its_address(
    site: Site, outlets: dict[str, Outlet], client: Client
) -> None:
    url = serve(site, PARAGRAPHS)
    client.force_login(_reviewer())
    assert client.get(reverse("import_url")).status_code == 200
    response = client.post(reverse("import_url"), {"url": url})
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == article.get_absolute_url()
    assert article.outlet.slug == "sana" and article.title == TITLE
    assert ArticleVersion.objects.get(article=article).fetched_page is not None


def test_pasting_a_bad_address_shows_a_clear_error(
    site: Site, outlets: dict[str, Outlet], client: Client
) -> None:
    client.force_login(_reviewer())
    response = client.post(reverse("import_url"), {"url": site.url("/tag/syria")})
    assert response.status_code == 400 and "tag page" in response.text
    response = client.post(reverse("import_url"), {"url": site.url("/missing")})
    assert response.status_code == 400 and "HTTP 404" in response.text
    response = client.post(reverse("import_url"), {"url": "https://unknown.example/a/1"})
    assert (
        response.status_code == 400 and "no outlet has the domain unknown.example" in response.text
    )
    assert Article.objects.count() == 0


def test_a_reader_may_not_paste_addresses(
    site: Site, outlets: dict[str, Outlet], client: Client
) -> None:
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.create_user(username="reader", password="pw-for-tests-1")
    reader.groups.add(Group.objects.get(name=READER))
    client.force_login(reader)
    assert client.get(reverse("import_url")).status_code == 403
    assert client.post(reverse("import_url"), {"url": serve(site, PARAGRAPHS)}).status_code == 403
    with pytest.raises(PermissionDenied):
        import_url(site.url("/x"), user=reader)


def test_the_pages_speak_arabic_by_default(site: Site, outlets: dict[str, Outlet]) -> None:
    reviewer = _reviewer()
    import_url(serve(site, PARAGRAPHS), user=reviewer, fetcher=fetcher())
    article = Article.objects.get()
    arabic = Client()
    arabic.force_login(reviewer)
    assert "النسخة المؤرشفة" in arabic.get(reverse("article_detail", args=[article.pk])).text
    assert "جلب مقال" in arabic.get(reverse("import_url")).text
