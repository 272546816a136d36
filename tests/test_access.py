"""Every URL pattern, for every role and for an anonymous visitor; hostile content stays inert.

Adding a route without an entry in articles.access.URL_POLICY (and, when it takes arguments,
in SAMPLE_KWARGS below) makes these tests fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from articles.claims.annotations import annotation_create
from articles.infrastructure import permissions
from articles.infrastructure.access import URL_POLICY, required_level, user_has_level
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, Article, Claim, Claimant, ClaimRelation, Outlet

pytestmark = pytest.mark.django_db


def _sample_merge() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from articles.claims.curation import claims_merge

    boss = get_user_model().objects.filter(
        is_superuser=True
    ).first() or get_user_model().objects.create_superuser(
        username="merge-sample", password="pw-for-tests-1", email=""
    )
    source = Claim.objects.create(text_ar="ادعاء مؤقت للدمج")
    target = Claim.objects.create(text_ar="ادعاء هدف للدمج")
    return {"pk": claims_merge(source=source, target=target, user=boss).pk}


def _first_claim() -> dict[str, Any]:
    return {"pk": Claim.objects.order_by("pk").first().pk}


def _relation() -> dict[str, Any]:
    relation = ClaimRelation.objects.order_by("pk").first()
    return {"pk": relation.from_claim_id, "relation_pk": relation.pk}


def _sample_proposal() -> dict[str, Any]:
    from articles.proposals.services import proposals_refresh

    article = Article.objects.order_by("pk").first()
    if not article.proposals.exists():
        proposals_refresh(article=article)
    return {"pk": article.proposals.order_by("pk").first().pk}


def _annotation_import() -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from articles.models import AnnotationImport

    job = AnnotationImport.objects.order_by("pk").first() or AnnotationImport.objects.create(
        created_by=get_user_model().objects.order_by("pk").first(), name="a.jsonld"
    )
    return {"pk": job.pk}


SAMPLE_KWARGS: dict[str, Callable[[], dict[str, Any]]] = {
    "proposal_panel": lambda: {"pk": Article.objects.order_by("pk").first().pk},
    "proposals_accept_all": lambda: {"pk": Article.objects.order_by("pk").first().pk},
    "proposal_accept": _sample_proposal,
    "proposal_reject": _sample_proposal,
    "proposal_reopen": _sample_proposal,
    "w3c_import_status": _annotation_import,
    "w3c_import_run": _annotation_import,
    "w3c_annotation": lambda: {"pk": Annotation.objects.order_by("pk").first().pk},
    "claim_detail": _first_claim,
    "claim_relation_add": _first_claim,
    "claim_relation_remove": _relation,
    "claim_merge": _first_claim,
    "w3c_claim": _first_claim,
    "claim_schemaorg": _first_claim,
    "claim_verdict": _first_claim,
    "merge_undo": _sample_merge,
    "mention_move": lambda: {"pk": Annotation.objects.order_by("-pk").first().pk},
    "mentions_export": lambda: {"fmt": "csv"},
    "search_export": lambda: {"fmt": "csv"},
    "matrix_export": lambda: {"fmt": "json"},
    "claimant_detail": lambda: {"pk": Claimant.objects.order_by("pk").first().pk},
    "outlet_detail": lambda: {"slug": Outlet.objects.order_by("pk").first().slug},
    "w3c_article": lambda: {"pk": Article.objects.order_by("pk").first().pk},
    "article_detail": lambda: {"pk": Article.objects.order_by("pk").first().pk},
    "article_versions": lambda: {"pk": Article.objects.order_by("pk").first().pk},
    "archived_page": lambda: {"pk": Article.objects.order_by("pk").first().pk, "number": 1},
    "review_decide": lambda: {"pk": Annotation.objects.order_by("-pk").first().pk},
    "annotation_panel": lambda: {"pk": Article.objects.order_by("pk").first().pk},
    "annotation_new": lambda: {"pk": Article.objects.order_by("pk").first().pk},
    "annotation_add": lambda: {"pk": Article.objects.order_by("pk").first().pk},
    "annotation_edit": lambda: {"annotation_id": Annotation.objects.order_by("-pk").first().pk},
    "annotation_save": lambda: {"annotation_id": Annotation.objects.order_by("-pk").first().pk},
    "annotation_delete": lambda: {"annotation_id": Annotation.objects.order_by("-pk").first().pk},
    "annotation_history": lambda: {"annotation_ref": Annotation.objects.order_by("-pk").first().pk},
}


def named_patterns() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue  # the Django admin checks staff and model permissions itself
                yield from walk(p.url_patterns, p.namespace or namespace)
            elif isinstance(p, URLPattern):
                yield (p.name or repr(p.pattern), p)

    yield from walk(get_resolver().url_patterns)


def test_every_url_pattern_has_an_access_policy() -> None:
    missing = sorted(name for name, _ in named_patterns() if name not in URL_POLICY)
    assert missing == [], f"add these routes to articles.access.URL_POLICY: {missing}"
    stale = sorted(set(URL_POLICY) - {name for name, _ in named_patterns()})
    assert stale == [], f"URL_POLICY names routes that no longer exist: {stale}"


def users(django_user_model: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"anonymous": None}
    for role in permissions.ROLE_ORDER:
        user = django_user_model.objects.create_user(
            username=f"u-{role}", password="pw-for-tests-1"
        )
        user.groups.add(Group.objects.get(name=role))
        if role == permissions.ADMIN:
            user.is_staff = True
            user.save()
        out[role] = user
    return out


def url_for(name: str, pattern: URLPattern) -> str:
    if pattern.pattern.converters or "<" in str(pattern.pattern):
        assert name in SAMPLE_KWARGS, f"add sample arguments for {name!r} to SAMPLE_KWARGS"
        return reverse(name, kwargs=SAMPLE_KWARGS[name]())
    return reverse(name)


def test_every_route_answers_each_role_as_its_policy_says(
    client: Client, demo: None, django_user_model: Any
) -> None:
    accounts = users(django_user_model)
    # The newest annotation (the one sample URLs use) belongs to the reviewer: authors may edit.
    annotation_create(
        article=Article.objects.first(), start=0, end=4, claim=Claim.objects.first(),
        claimant=None, author=accounts[permissions.REVIEWER],
    )  # fmt: skip
    # Only a relation's creator (or a lead) removes it (issue 20, item 5): the reviewer made it.
    ClaimRelation.objects.update(created_by=accounts[permissions.REVIEWER])
    for who, user in accounts.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        for name, pattern in named_patterns():
            if name == "logout":
                continue  # would end the session the loop relies on
            url = url_for(name, pattern)
            for method in ("get", "post"):
                level = required_level(name, method.upper())
                response = getattr(client, method)(url)
                where = f"{method.upper()} {url} as {who} (policy {level})"
                assert response.status_code < 500, where
                if user is None and level != "public" and url.startswith("/api/"):
                    assert response.status_code in {401, 405}, where
                elif user is None and level != "public":
                    assert (
                        response.status_code == 302 and "/accounts/login/" in response["Location"]
                    ), where
                elif user is not None and not user_has_level(user, level):
                    assert response.status_code == 403, where
                else:
                    assert response.status_code != 403, where


def test_forms_and_htmx_requests_need_a_csrf_token(demo: None, django_user_model: Any) -> None:
    accounts = users(django_user_model)
    client = Client(enforce_csrf_checks=True)
    client.force_login(accounts[permissions.ADMIN])
    annotation_create(
        article=Article.objects.first(), start=0, end=4, claim=Claim.objects.first(), claimant=None
    )
    for name, pattern in named_patterns():
        if URL_POLICY[name] == "public" and name != "set_language":
            continue
        url = url_for(name, pattern)
        for headers in ({}, {"HX-Request": "true"}):
            response = client.post(url, {}, headers=headers)
            assert response.status_code in {403, 405}, (
                f"POST {url} without CSRF token: {response.status_code}"
            )


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> " hx-get="/evil" onclick="x()" \u202egnp.exe'


def test_hostile_content_is_inert_everywhere(
    client: Client, demo: None, django_user_model: Any
) -> None:
    outlet = Outlet.objects.create(name_ar=HOSTILE, name_en=HOSTILE, slug="hostile")
    body = f"{HOSTILE}\nنص عادي بعد ذلك {HOSTILE}"
    article = Article.objects.create(
        outlet=outlet, title=HOSTILE, body=body, author=HOSTILE, url="javascript:alert(3)",
        content_hash=content_hash("", body),
    )  # fmt: skip
    claim = Claim.objects.create(text_ar=HOSTILE, gloss_en=HOSTILE, notes=HOSTILE)
    claimant = Claimant.objects.create(name_ar=HOSTILE, name_en=HOSTILE, aliases=[HOSTILE])
    annotation_create(
        article=article,
        start=0,
        end=20,
        claim=claim,
        claimant=claimant,
        chain=[claimant],
        note=HOSTILE,
    )
    client.force_login(users(django_user_model)[permissions.ADMIN])
    SAMPLE_KWARGS["article_detail"] = lambda: {"pk": article.pk}
    checked = 0
    try:
        for name, pattern in named_patterns():
            if name in {"logout", "login"} or required_level(name, "GET") == "public":
                continue
            response = client.get(url_for(name, pattern))
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            checked += 1
            assert "<script>alert" not in html, name
            assert not re.search(r"<img[^>]*onerror", html), name
            assert 'hx-get="/evil"' not in html and 'onclick="x()"' not in html, name
            assert "\u202e" not in html, name
            assert 'href="javascript:' not in html.lower(), name
    finally:
        SAMPLE_KWARGS["article_detail"] = lambda: {"pk": Article.objects.order_by("pk").first().pk}
    assert checked >= 2
