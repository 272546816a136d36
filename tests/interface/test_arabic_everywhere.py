"""Every page, for every role, in the Arabic interface: no English interface string and no
internal code reaches the reader. Data (names, glosses, quotes, usernames) may be in any
language: the allow-list is built from the database, not written by hand."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from articles.claims.annotations import annotation_create
from articles.claims.verdicts import verdict_record
from articles.infrastructure import permissions
from articles.models import Annotation, Article, Claim, Claimant, Outlet, Tag

pytestmark = pytest.mark.django_db

# Latin words that are names of formats and standards, the same in both interfaces.
UNIVERSAL = {
    "English",
    "CSV",
    "JSON",
    "JSON-LD",
    "W3C",
    "URL",
    "ISO",
    "HTML",
    "JSONL",
    "Lines",
    "SVG",
    "ZIP",
    # Feed formats and HTTP and time-zone standards named in the sources admin.
    "RSS",
    "Atom",
    "RDF",
    "CSS",
    "ETag",
    "Last-Modified",
    "IANA",
    "Google",  # Google News sitemaps: the format's own name
    # schema.org and its ClaimReview: the fact-checkers' format, named as it is published.
    "schema",
    "org",
    "ClaimReview",
    "Hypothesis",  # the annotation tool whose exports the import page reads (issue 17)
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_\-]{2,}")


class _Text(HTMLParser):
    """The text a reader sees, plus attributes a reader meets (placeholders, labels, titles)."""

    SKIP = {
        "script",
        "style",
        "template",
        "code",
        "pre",
        "kbd",
    }  # keys are named as printed on them

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:
            if name in {"placeholder", "aria-label", "title", "alt"} and value:
                self.parts.append(value)
            if (
                name == "value"
                and tag in {"input", "button"}
                and value
                and (dict(attrs).get("type") in {"submit", "button"})
            ):
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def data_words() -> set[str]:
    """Every Latin word stored as data: names, glosses, titles, bodies, usernames, slugs."""
    from django.contrib.auth import get_user_model

    texts: list[str] = []
    texts += [
        f"{o.name_ar} {o.name_en} {o.slug} {o.website} {o.notes}" for o in Outlet.objects.all()
    ]
    texts += [f"{c.name_ar} {c.name_en} {' '.join(c.aliases)}" for c in Claimant.objects.all()]
    texts += [f"{c.text_ar} {c.gloss_en}" for c in Claim.objects.all()]
    texts += [f"{t.name} {t.slug}" for t in Tag.objects.all()]
    texts += [
        f"{a.title} {a.body} {a.author} {a.url} {a.content_hash}" for a in Article.objects.all()
    ]
    texts += [f"{a.note} {a.quote}" for a in Annotation.objects.all()]
    texts += [u.get_username() for u in get_user_model().objects.all()]
    return {w for text in texts for w in LATIN_WORD.findall(text)}


def english_words(html: str, allowed: set[str]) -> list[str]:
    words = LATIN_WORD.findall(visible_text(html))
    return sorted({w for w in words if w not in allowed and w not in UNIVERSAL})


def _account(django_user_model: Any, role: str) -> Any:
    user = django_user_model.objects.create_user(username=f"u-{role.split()[0].lower()}")
    if role == "superuser":
        user.is_staff = user.is_superuser = True
        user.save()
    else:
        user.groups.add(Group.objects.get(name=role))
        if role == permissions.ADMIN:
            user.is_staff = True
            user.save()
    return user


def _pages() -> list[str]:
    article = Article.objects.order_by("pk").first()
    claim = Claim.objects.order_by("pk").first()
    claimant = Claimant.objects.filter(claims_made__isnull=False).order_by("pk").first()
    annotation = Annotation.objects.order_by("pk").first()
    assert article and claim and claimant and annotation
    return [
        reverse("article_list"),
        reverse("article_detail", args=[article.pk]),
        reverse("search_page") + "?q=القوات",
        reverse("search_page") + "?q=zzzzqqqxx",
        reverse("search_page") + "?q=" + "ق" * 600,
        reverse("claim_list"),
        reverse("claim_detail", args=[claim.pk]),
        reverse("merge_list"),
        reverse("claimant_list"),
        reverse("claimant_detail", args=[claimant.pk]),
        reverse("outlet_list"),
        reverse("outlet_detail", args=["sana"]),
        reverse("matrix_page"),
        reverse("matrix_page") + "?mode=claimants",
        reverse("review_queue"),
        reverse("review_agreement"),
        reverse("annotation_history", args=[annotation.pk]),
        reverse("w3c_import"),
    ]


def _admin_pages() -> list[str]:
    """The admin's index, and the list, an object's form and the add form of every model of
    the project, plus the import pages (upload and a batch's progress)."""
    from django.contrib import admin

    from articles.models import ImportBatch

    batch = ImportBatch.objects.create()
    pages = [reverse("admin:index"), reverse("admin:articles_importbatch_upload")]
    pages.append(reverse("admin:articles_importbatch_progress", args=[batch.pk]))
    for model in admin.site._registry:
        if model._meta.app_label != "articles":
            continue
        prefix = f"admin:articles_{model._meta.model_name}"
        pages.append(reverse(f"{prefix}_changelist"))
        pages.append(reverse(f"{prefix}_add"))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append(reverse(f"{prefix}_change", args=[obj.pk]))
    return pages


@pytest.mark.parametrize(
    "role",
    [permissions.READER, permissions.REVIEWER, permissions.LEAD, permissions.ADMIN, "superuser"],
)
def test_every_page_speaks_arabic_to_every_role(
    client: Client, demo: None, django_user_model: Any, role: str
) -> None:
    user = _account(django_user_model, role)
    annotation_create(
        article=Article.objects.order_by("pk").first(),
        start=0,
        end=5,
        claim=Claim.objects.order_by("pk").first(),
        claimant=None,
        author=user,
    )
    # The claim dossier shows a verdict with its history (recorded by a lead).
    lead = _account(django_user_model, permissions.LEAD) if role != permissions.LEAD else user
    for rating in ("mostly_true", "misleading"):
        verdict_record(
            claim=Claim.objects.order_by("pk").first(),  # type: ignore[arg-type]
            rating=rating,
            explanation="الصور قديمة",
            reviewed_on=date(2024, 2, 3),
            user=lead,
        )
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    allowed = data_words()
    found: dict[str, list[str]] = {}
    for path in _pages() + (_admin_pages() if role in (permissions.ADMIN, "superuser") else []):
        response = client.get(path)
        if response.status_code in (302, 403):
            continue
        assert response.status_code == 200, path
        words = english_words(response.content.decode(), allowed)
        if words:
            found[path] = words
    assert not found, "\n".join(f"{path}: {words}" for path, words in found.items())
