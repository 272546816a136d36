"""Every page answers a logged-in reader, sends an anonymous one to log in, and stays cheap."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from articles.claims.annotations import annotation_create
from articles.ingest.fingerprint import content_hash
from articles.models import Article, Claim, Outlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_client(client: Client, user: object) -> Client:
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["article_list", "article_detail"])
def test_anonymous_visitor_is_sent_to_login(client: Client, demo: None, name: str) -> None:
    args = [Article.objects.first().pk] if name == "article_detail" else []
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_renders_for_anonymous_visitor(client: Client) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert 'dir="rtl"' in response.text


def test_home_lists_seed_articles_newest_first(reader_client: Client, demo: None) -> None:
    response = reader_client.get(reverse("article_list"))
    assert response.status_code == 200
    page = list(response.context["page"])
    assert len(page) == 5
    dated = [a for a in page if a.published_at]
    assert [a.outlet.slug for a in dated] == ["youm7", "al-binaa"]
    assert page.index(dated[-1]) < page.index(next(a for a in page if not a.published_at))
    assert "اليوم السابع" in response.text and "16 أكتوبر 2018" in response.text


def test_home_filters_by_outlet_and_answers_htmx_with_the_fragment(
    reader_client: Client, demo: None
) -> None:
    response = reader_client.get(
        reverse("article_list"), {"outlet": "sana"}, headers={"HX-Request": "true"}
    )
    assert [a.outlet.slug for a in response.context["page"]] == ["sana"]
    assert "<html" not in response.text and 'id="results"' in response.text


def test_article_page_shows_text_right_to_left_with_metadata_and_annotations(
    reader_client: Client, demo: None
) -> None:
    article = Article.objects.get(outlet__slug="al-binaa")
    response = reader_client.get(reverse("article_detail", args=[article.pk]))
    assert response.status_code == 200
    text = response.text
    assert '<article class="reader" lang="ar" dir="rtl">' in text
    assert "معن حمية" in text and "11 أكتوبر 2017" in text
    assert "إيغور كوناشينكوف" in text  # the claimant of a demo annotation
    assert text.count('class="annotation ') == article.annotations.count()


def test_interface_switches_to_english(reader_client: Client, demo: None) -> None:
    response = reader_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = reader_client.get(reverse("article_list"))
    assert 'lang="en" dir="ltr"' in response.text
    assert "Articles" in response.text


def test_home_query_count_does_not_grow_with_articles(
    reader_client: Client, demo: None, django_assert_num_queries: object
) -> None:
    outlet = Outlet.objects.first()
    for i in range(40):
        body = f"نص تجريبي رقم {i}"
        Article.objects.create(
            outlet=outlet, title=f"خبر {i}", body=body, content_hash=content_hash("", body)
        )
    reader_client.get(reverse("outlet_list"))  # loads the user's permissions into the cache
    # generations (session, user and permissions come from the cache), count, page ids,
    # annotation counts, page rows, outlets
    with django_assert_num_queries(6):
        reader_client.get(reverse("article_list"))
    # Asked again with the corpus unchanged: only the annotation counts are read.
    with django_assert_num_queries(2):
        reader_client.get(reverse("article_list"))
    Article.objects.create(outlet=outlet, title="خبر جديد", body="نص", content_hash="new")
    with django_assert_num_queries(6):
        response = reader_client.get(reverse("article_list"))
    assert "خبر جديد" in response.text


def test_article_page_query_count_does_not_grow_with_annotations(
    reader_client: Client, demo: None, django_assert_num_queries: object
) -> None:
    article = Article.objects.get(outlet__slug="sana")
    claim = Claim.objects.first()
    reader_client.get(reverse("article_detail", args=[article.pk]))  # warms the caches
    # generations, article, annotations, tags, chain
    with django_assert_num_queries(5) as first:
        reader_client.get(reverse("article_detail", args=[article.pk]))
    for i in range(30):
        annotation_create(article=article, start=i, end=i + 5, claim=claim, claimant=None)
    with django_assert_num_queries(len(first.captured_queries)):
        reader_client.get(reverse("article_detail", args=[article.pk]))


def test_article_without_annotations_skips_the_panel_query(
    reader_client: Client, demo: None, django_assert_num_queries: object
) -> None:
    body = "قال المتحدث إن القوات وصلت."
    article = Article.objects.create(
        outlet=Outlet.objects.first(), title="خبر", body=body, content_hash=content_hash("", body)
    )
    url = reverse("article_detail", args=[article.pk])
    reader_client.get(url)  # warms the caches
    with django_assert_num_queries(2):  # generations, the article (which says: no annotations)
        response = reader_client.get(url)
    assert '<span class="count">(0)</span>' in response.text
    annotation_create(
        article=article, start=0, end=3, claim=Claim.objects.first(), claimant=None, note="أول"
    )
    response = reader_client.get(url)
    assert '<span class="count">(1)</span>' in response.text
    assert "أول" in response.text


def test_list_rows_show_lead_of_untitled_article_escaped(reader_client: Client, demo: None) -> None:
    outlet = Outlet.objects.first()
    body = "<b>قال</b> " + " ".join(f"كلمة{i}" for i in range(30))
    untitled = Article.objects.create(
        outlet=outlet, title="", body=body, content_hash=content_hash("", body)
    )
    html = reader_client.get(reverse("article_list")).text
    row = html[html.index(f'href="/articles/{untitled.pk}/?from=') :].split("</li>", 1)[0]
    assert '<span class="lead">&lt;b&gt;قال&lt;/b&gt; كلمة0' in row
    assert "كلمة12 …" in row and "كلمة13" not in row  # fourteen words, then an ellipsis
    assert "<b>" not in row


def test_pager_keeps_the_outlet_filter(reader_client: Client, demo: None) -> None:
    outlet = Outlet.objects.first()
    for i in range(30):
        body = f"نص {i}"
        Article.objects.create(
            outlet=outlet, title=f"خبر {i}", body=body, content_hash=content_hash("", body)
        )
    html = reader_client.get(reverse("article_list"), {"outlet": outlet.slug}).text
    assert f'rel="next" href="?outlet={outlet.slug}&amp;page=2"' in html
    page2 = reader_client.get(reverse("article_list"), {"outlet": outlet.slug, "page": 2}).text
    assert f'rel="prev" href="?outlet={outlet.slug}&amp;page=1"' in page2
