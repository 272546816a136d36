"""Signal receivers: an article saved with a new body gets its proposals again, in the background."""

from __future__ import annotations

from django.db import transaction

from articles.models import Article


def article_body_saved(
    sender: type, instance: Article, update_fields: frozenset[str] | None = None, **kwargs: object
) -> None:
    """post_save: queue a proposal refresh when the body may have changed (the task does
    nothing when the body's hash and the extractor are those of the last extraction).

    Bulk imports write their rows with COPY (no signal); their batch queues its own task."""
    if kwargs.get("raw"):
        return
    if update_fields is not None and "body" not in update_fields:
        return
    from articles.tasks import refresh_article_proposals

    article_id = instance.pk
    transaction.on_commit(lambda: refresh_article_proposals.enqueue(article_id))
