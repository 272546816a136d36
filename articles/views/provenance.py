"""Where an article came from: its archived pages, its versions and what changed between them,
and the page where a reviewer brings one article in by its address."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET, require_http_methods

from articles.infrastructure import permissions
from articles.ingest.polling import AddressProblem, import_url
from articles.ingest.versions import text_diff
from articles.models import Article, ArticleVersion, FetchedPage, Outlet

# The archived bytes are an outlet's HTML, scripts and all: they are served as text that no
# browser renders, and under a CSP sandbox that would stop anything anyway.
ARCHIVE_CSP = {"default-src": ["'none'"], "sandbox": [""]}


@require_GET
@csp_override(ARCHIVE_CSP)
def archived_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    version = get_object_or_404(
        ArticleVersion.objects.select_related("fetched_page"), article_id=pk, number=number
    )
    page: FetchedPage | None = version.fetched_page
    if page is None:
        return HttpResponse(
            _("No archived page for this version."), status=404, content_type="text/plain"
        )
    response = HttpResponse(page.raw(), content_type="text/plain; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="archived-{page.sha256[:16]}.html.txt"'
    response["X-Archived-From"] = page.final_url.encode("ascii", "replace").decode("ascii")
    response["X-Archived-At"] = page.fetched_at.isoformat()
    return response


@require_GET
def article_versions(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.for_reading(), pk=pk)
    versions = list(article.versions.select_related("fetched_page").defer("fetched_page__content"))
    by_number = {v.number: v for v in versions}
    newest = versions[-1].number if versions else None
    try:
        new_number = int(request.GET.get("to") or newest or 0)
        old_number = int(request.GET.get("from") or new_number - 1)
    except ValueError:
        new_number, old_number = newest or 0, (newest or 0) - 1
    old, new = by_number.get(old_number), by_number.get(new_number)
    diff = text_diff(old.body, new.body) if old and new else []
    title_changed = bool(old and new and old.title != new.title)
    orphans = list(article.annotations.filter(is_orphan=True).select_related("claim"))
    return render(
        request,
        "articles/article_versions.html",
        {
            "article": article,
            "versions": versions,
            "old": old,
            "new": new,
            "diff": diff,
            "title_changed": title_changed,
            "orphans": orphans,
        },
    )


class ImportUrlForm(forms.Form):
    url = forms.URLField(
        label=gettext_lazy("Address of the article"),
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"dir": "ltr", "size": 80, "autofocus": True}),
    )
    outlet = forms.ModelChoiceField(
        queryset=Outlet.objects.order_by("name_ar"),
        required=False,
        label=gettext_lazy("Outlet"),
        help_text=gettext_lazy("Leave empty to recognise the outlet from the address's domain."),
    )


OUTCOME_MESSAGES = {
    "imported": gettext_lazy("The article was brought in."),
    "duplicate": gettext_lazy("This text is already in the room (%(reason)s)."),
    "updated": gettext_lazy("The page had changed: a new version was recorded (%(reason)s)."),
    "unchanged": gettext_lazy("The article is already here and its text has not changed."),
}


@require_http_methods(["GET", "POST"])
def import_url_page(request: HttpRequest) -> HttpResponse:
    if not permissions.can_import_url(request.user):
        raise PermissionDenied
    form = ImportUrlForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        try:
            outcome = import_url(
                form.cleaned_data["url"], user=request.user, outlet=form.cleaned_data["outlet"]
            )
        except AddressProblem as exc:
            error = str(exc)
        else:
            if outcome.status in OUTCOME_MESSAGES and outcome.article_id:
                if outcome.copy_of:
                    text = gettext_lazy(
                        "The article was brought in as a word-for-word copy of article "
                        "%(original)s, published earlier by another outlet; both pages show it "
                        "under “Also published by”."
                    ) % {"original": outcome.copy_of}
                elif outcome.status == "duplicate" and outcome.reason.startswith("same "):
                    text = gettext_lazy(
                        "This text is already in the room as article %(article)s (the same "
                        "outlet or address): nothing was stored."
                    ) % {"article": outcome.article_id}
                else:
                    text = OUTCOME_MESSAGES[outcome.status] % {"reason": outcome.reason}
                messages.success(request, text)
                return HttpResponseRedirect(Article(pk=outcome.article_id).get_absolute_url())
            error = outcome.reason
    status = 400 if request.method == "POST" and (error or form.errors) else 200
    return render(
        request, "articles/import_url.html", {"form": form, "error": error}, status=status
    )
