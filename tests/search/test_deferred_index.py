"""Issue 20: long work runs in the worker, never in a request. An edit of a long article in the
admin is saved at once; its search vector is the worker's (`reindex_article`), and until then
the admin and the article page say that searches still see the earlier text."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from articles.ingest.recovery import recover_interrupted
from articles.models import Article
from articles.queues import IMPORTS_QUEUE
from articles.search import index
from articles.search.index import reindex_article

pytestmark = pytest.mark.django_db

NEW_WORD = "زمهرير"
FILLER = "وقال المتحدث إن المفاوضات ستستمر خلال الأسابيع المقبلة في العاصمة. "


def found(client: Client, article: Article) -> bool:
    hits = client.get(reverse("search_api"), {"q": NEW_WORD}).json()["results"]
    return article.pk in [hit["id"] for hit in hits]


def edit_body(client: Client, article: Article, body: str) -> Any:
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data |= {"outlet": article.outlet_id, "title": article.title, "author": article.author}
    data |= {"body": body, "language": article.language, "url": article.url}
    data |= {"published_at_0": "", "published_at_1": "", "published_at_source": ""}
    data |= {"near_duplicate_of": "", "copy_of": "", "import_batch": ""}
    return client.post(url, data, follow=True)


@pytest.fixture
def article(demo: None) -> Article:
    found = Article.objects.filter(outlet__slug="sana").first()
    assert found is not None
    return found


def test_a_long_edit_in_the_admin_is_indexed_by_the_worker_not_in_the_request(
    admin_client: Client,
    article: Article,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.SEARCH_INLINE_INDEX_CHARS = 2_000
    settings.LANGUAGE_CODE = "en"
    analysed: list[int] = []
    stored_vectors = index.stored_vectors
    monkeypatch.setattr(
        index,
        "stored_vectors",
        lambda documents: analysed.append(len(documents)) or stored_vectors(documents),
    )
    body = article.body + "\n" + FILLER * 40 + f"وأضاف أن {NEW_WORD} الشتاء اشتد."
    assert len(body) > settings.SEARCH_INLINE_INDEX_CHARS

    with django_capture_on_commit_callbacks(execute=True):
        response = edit_body(admin_client, article, body)

    assert response.status_code == 200
    assert analysed == []  # nothing analysed in the request
    assert "its search index is being rebuilt in the background" in response.text
    article.refresh_from_db()
    assert article.body == body and article.reindex_requested_at is not None
    # (The admin saves an article with annotations twice: one task per save, the second finds
    # nothing left to do.)
    queued = DBTaskResult.objects.filter(task_path=reindex_article.module_path)
    assert {(q.queue_name, q.args_kwargs["args"][0]) for q in queued} == {
        (IMPORTS_QUEUE, article.pk)
    }
    assert not found(admin_client, article)  # the earlier text until the worker is done
    page = admin_client.get(reverse("article_detail", args=[article.pk]))
    assert "searches find this article by its earlier text" in page.text

    assert reindex_article.call(article.pk) == {"article": article.pk, "written": 1}
    assert reindex_article.call(article.pk) == {"article": article.pk, "written": 0}

    article.refresh_from_db()
    assert article.reindex_requested_at is None
    assert found(admin_client, article)
    page = admin_client.get(reverse("article_detail", args=[article.pk]))
    assert "searches find this article by its earlier text" not in page.text


def test_a_short_edit_is_indexed_in_the_request(
    admin_client: Client, article: Article, settings: Any
) -> None:
    body = article.body + f"\nوأضاف أن {NEW_WORD} الشتاء اشتد."
    assert len(body) < settings.SEARCH_INLINE_INDEX_CHARS
    response = edit_body(admin_client, article, body)
    assert response.status_code == 200
    article.refresh_from_db()
    assert article.reindex_requested_at is None
    assert not DBTaskResult.objects.filter(task_path=reindex_article.module_path).exists()
    assert found(admin_client, article)


def test_an_edit_made_while_the_worker_analyses_wins(
    admin_client: Client, article: Article, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.SEARCH_INLINE_INDEX_CHARS = 10
    article.body = article.body + f"\n{NEW_WORD}"
    article.save()
    first_mark = Article.objects.get(pk=article.pk).reindex_requested_at
    assert first_mark is not None
    stored_vectors = index.stored_vectors

    def edited_meanwhile(documents: Any) -> Any:
        again = Article.objects.get(pk=article.pk)
        again.body = again.body.replace(NEW_WORD, "ربيع")
        again.save()  # a newer mark: its own task will write
        return stored_vectors(documents)

    monkeypatch.setattr(index, "stored_vectors", edited_meanwhile)
    assert reindex_article.call(article.pk)["written"] == 0
    article.refresh_from_db()
    assert article.reindex_requested_at is not None and article.reindex_requested_at > first_mark
    monkeypatch.setattr(index, "stored_vectors", stored_vectors)
    assert reindex_article.call(article.pk)["written"] == 1
    assert not found(admin_client, article)  # the later text, without the word


def test_recovery_queues_again_an_index_whose_task_was_lost(
    article: Article, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SEARCH_INLINE_INDEX_CHARS = 10
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    DBTaskResult.objects.filter(task_path=reindex_article.module_path).delete()  # lost

    assert recover_interrupted(queues=[IMPORTS_QUEUE]).indexes_requeued == 1
    assert recover_interrupted(queues=[IMPORTS_QUEUE]).indexes_requeued == 0  # one is waiting
    [queued] = DBTaskResult.objects.filter(task_path=reindex_article.module_path)
    assert queued.args_kwargs["args"] == [article.pk]
