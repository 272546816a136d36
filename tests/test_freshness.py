"""Cached fragments, results and permissions are never served after what they depend on changed."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.claims.annotations import annotation_create
from articles.infrastructure import permissions
from articles.infrastructure.freshness import generation
from articles.ingest.fingerprint import content_hash
from articles.models import Article, Claim, Claimant, Outlet

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader_client(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_corpus_generation_moves_on_every_kind_of_write_to_articles_and_outlets(demo: None) -> None:
    article = Article.objects.first()
    assert article is not None
    seen = [generation("corpus")]

    def moved() -> bool:
        seen.append(generation("corpus"))
        return seen[-1] > seen[-2]

    Article.objects.filter(pk=article.pk).update(title="عنوان آخر")
    assert moved()
    with connection.cursor() as cursor:  # a write the ORM does not see
        cursor.execute("UPDATE articles_article SET author = 'x' WHERE id = %s", [article.pk])
    assert moved()
    Outlet.objects.filter(slug="sana").update(name_en="SANA news")
    assert moved()
    annotation_create(article=article, start=0, end=4, claim=Claim.objects.first(), claimant=None)
    Claim.objects.create(text_ar="ادعاء جديد")
    assert not moved()  # annotations and claims are not the corpus
    Article.objects.filter(pk=article.pk).delete()
    assert moved()


def test_catalogue_and_permission_generations_watch_their_own_tables(demo: None, user: Any) -> None:
    catalogue, permission = generation("catalogue"), generation("permission")
    Claimant.objects.create(name_ar="وزارة الدفاع")
    assert generation("catalogue") > catalogue
    user.groups.add(Group.objects.get(name=permissions.LEAD))
    assert generation("permission") > permission
    permission = generation("permission")
    user.save(update_fields=["last_login"])  # a login's write does not count
    assert generation("permission") == permission
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    assert generation("permission") > permission


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_moves_the_generation_again_at_commit() -> None:
    """A reader who read the generation while the writer had not committed may have cached
    what it saw then: the second move at commit makes that entry unreachable."""
    from django.db import transaction

    outlet = Outlet.objects.create(slug="x", name_ar="منفذ")
    before = generation("corpus")
    with transaction.atomic():
        Article.objects.create(outlet=outlet, title="ع", body="نص", content_hash="h1")
        during = generation("corpus")
    assert before < during < generation("corpus")


def test_an_edited_article_is_shown_edited(reader_client: Client, demo: None) -> None:
    article = Article.objects.get(outlet__slug="sana")
    url = reverse("article_detail", args=[article.pk])
    assert article.title in reader_client.get(url).text
    Article.objects.filter(pk=article.pk).update(title="عنوان مصحح")
    assert "عنوان مصحح" in reader_client.get(url).text


def test_the_list_shows_live_annotation_counts_and_new_articles(
    reader_client: Client, demo: None
) -> None:
    article = Article.objects.get(outlet__slug="sana")
    before = reader_client.get(reverse("article_list")).text
    annotation_create(article=article, start=0, end=4, claim=Claim.objects.first(), claimant=None)
    after = reader_client.get(reverse("article_list")).text
    assert after != before and after.count('class="badge"') >= before.count('class="badge"')
    outlet = Outlet.objects.get(slug="sana")
    Article.objects.create(
        outlet=outlet, title="خبر عاجل جديد", body="نص الخبر", content_hash=content_hash("", "x")
    )
    assert "خبر عاجل جديد" in reader_client.get(reverse("article_list")).text


def test_a_repeated_search_finds_an_article_added_in_between(
    reader_client: Client, demo: None
) -> None:
    params = {"q": "الزرافة"}
    assert '<li class="hit">' not in reader_client.get(reverse("search_page"), params).text
    Article.objects.create(
        outlet=Outlet.objects.get(slug="sana"),
        title="الزرافة في الحديقة",
        body="شوهدت الزرافة اليوم",
        content_hash=content_hash("", "giraffe"),
    )
    assert reader_client.get(reverse("search_page"), params).text.count('<li class="hit">') == 1


def test_searches_filtered_by_annotations_are_never_cached(
    reader_client: Client, demo: None
) -> None:
    article = Article.objects.get(outlet__slug="sana")
    claim = Claim.objects.create(text_ar="ادعاء للاختبار")
    params = {"q": article.body.split()[0], "claim": claim.pk}
    assert '<li class="hit">' not in reader_client.get(reverse("search_page"), params).text
    annotation_create(article=article, start=0, end=4, claim=claim, claimant=None)
    assert reader_client.get(reverse("search_page"), params).text.count('<li class="hit">') == 1


def test_a_revoked_permission_stops_working_on_the_next_request(
    client: Client, demo: None, user: Any
) -> None:
    client.force_login(user)
    assert client.get(reverse("review_queue")).status_code == 200  # permissions now cached
    user.groups.set([Group.objects.get(name=permissions.READER)])
    assert client.get(reverse("review_queue")).status_code == 403


def test_a_logout_ends_the_cached_session_everywhere(demo: None, user: Any) -> None:
    first, second = Client(), Client()
    first.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    second.cookies[name] = first.cookies[name].value  # the same session, held elsewhere
    assert second.get(reverse("article_list")).status_code == 200  # the session is now cached
    first.post(reverse("logout"))
    assert second.get(reverse("article_list")).status_code == 302


def test_a_new_password_or_a_disabled_account_takes_effect_on_the_next_request(
    client: Client, demo: None, user: Any
) -> None:
    client.force_login(user)
    assert client.get(reverse("article_list")).status_code == 200  # session and user now cached
    user.set_password("another-pw-for-tests-2")
    user.save()
    assert (
        client.get(reverse("article_list")).status_code == 302
    )  # the session's hash no longer matches
    client.force_login(user)
    assert client.get(reverse("article_list")).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(reverse("article_list")).status_code == 302
