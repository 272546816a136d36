"""The admin's feed pages: test a source (fetch once, show what would be imported, write
nothing), a source's last poll in words, and asking the worker to poll now."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from articles.ingest.fetch import Fetcher
from articles.ingest.polling import PollReport, poll_source, refetch_article
from articles.models import Article, Source
from articles.tasks import poll_sources


def _require_source_admin(request: HttpRequest) -> None:
    if not request.user.has_perm("articles.change_source"):
        raise PermissionDenied


def test_page(request: HttpRequest, chosen: list[Source], *, admin_site: Any) -> HttpResponse:
    _require_source_admin(request)
    fetcher = Fetcher()
    reports: list[tuple[Source, PollReport]] = [
        (source, poll_source(source, fetcher=fetcher, dry_run=True)) for source in chosen
    ]
    context = {
        **admin_site.each_context(request),
        "title": _("Test of sources"),
        "opts": Source._meta,
        "reports": reports,
    }
    return render(request, "admin/articles/source_test.html", context)


@require_GET
def test_one(request: HttpRequest, pk: int, admin_site: Any) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("outlet"), pk=pk)
    return test_page(request, [source], admin_site=admin_site)


def render_report_summary(summary: dict[str, Any]) -> SafeString:
    if not summary:
        return mark_safe("—")
    html = render_to_string("admin/articles/source_report.html", {"r": summary})
    return mark_safe(html)  # our template, autoescaped


def enqueue_poll() -> None:
    """Ask the worker to poll the due sources now (the schedule keeps its own waiting task)."""
    poll_sources.enqueue()


def fetch_again(request: HttpRequest, articles: list[Article]) -> None:
    """Re-fetch articles now (the admin's action); reports each outcome as a message."""
    if not request.user.has_perm("articles.change_article"):
        raise PermissionDenied
    fetcher = Fetcher()
    user = request.user if isinstance(request.user, User) else None
    for article in articles:
        if not article.url:
            messages.warning(request, _("Article %(id)s has no address.") % {"id": article.pk})
            continue
        outcome = refetch_article(article, fetcher=fetcher, user=user)
        level = messages.ERROR if outcome.status == "failed" else messages.INFO
        messages.add_message(
            request,
            level,
            _("Article %(id)s: %(status)s. %(reason)s")
            % {"id": article.pk, "status": outcome.status, "reason": outcome.reason},
        )
