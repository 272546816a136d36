"""Annotation writes: optimistic locking, history, re-anchoring, and the views' validation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from articles.claims.annotations import (
    AnnotationConflict,
    annotation_create,
    annotation_delete,
    annotation_snapshot,
    annotation_update,
    article_replace_body,
    check_quote,
    find_anchor,
)
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, AnnotationRevision, Article, Claim, Claimant, Outlet, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db: None) -> Article:
    outlet = Outlet.objects.create(name_ar="منفذ", slug="outlet")
    body = "قال المتحدث إن القوات انسحبت.\nوأضاف أن القوات انسحبت من المدينة 😀 أمس."
    return Article.objects.create(outlet=outlet, body=body, content_hash=content_hash("", body))


@pytest.fixture
def claim(db: None) -> Claim:
    return Claim.objects.create(text_ar="القوات انسحبت")


def _span(article: Article, text: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = article.body.index(text, at + 1)
    return at, at + len(text)


def test_stale_update_raises_conflict_carrying_the_other_version(
    article: Article, claim: Claim, user: Any, other_user: Any
) -> None:
    start, end = _span(article, "انسحبت")
    annotation = annotation_create(
        article=article, start=start, end=end, claim=claim, claimant=None
    )
    annotation_update(
        annotation_id=annotation.pk,
        expected_version=1,
        user=user,
        claim=claim,
        claimant=None,
        note="أول",
    )
    with pytest.raises(AnnotationConflict) as raised:
        annotation_update(
            annotation_id=annotation.pk,
            expected_version=1,
            user=other_user,
            claim=claim,
            claimant=None,
            note="ثان",
        )
    assert raised.value.current.note == "أول" and raised.value.current.version == 2
    annotation.refresh_from_db()
    assert annotation.note == "أول"


def test_every_change_is_kept_with_who_and_what(article: Article, claim: Claim, user: Any) -> None:
    start, end = _span(article, "انسحبت")
    claimant = Claimant.objects.create(name_ar="المتحدث")
    tag = Tag.objects.create(name="انسحاب", slug="withdrawal")
    annotation = annotation_create(
        article=article, start=start, end=end, claim=claim, claimant=None
    )
    annotation_update(
        annotation_id=annotation.pk,
        expected_version=1,
        user=user,
        claim=claim,
        claimant=claimant,
        chain=[claimant],
        stance=Annotation.Stance.DENIES,
        tags=[tag],
    )
    annotation_delete(annotation_id=annotation.pk, expected_version=2, user=user)
    revisions = list(
        AnnotationRevision.objects.filter(annotation_ref=annotation.pk).order_by("version")
    )
    assert [r.action for r in revisions] == ["created", "updated", "deleted"]
    assert [r.version for r in revisions] == [1, 2, 3]
    update = revisions[1]
    assert update.user == user
    assert update.changes["stance"] == ["asserts", "denies"]
    assert update.changes["claimant_name"] == ["", "المتحدث"]
    assert update.changes["chain_names"] == [[], ["المتحدث"]]
    assert update.changes["tags"] == [[], ["انسحاب"]]
    assert "note" not in update.changes
    assert revisions[2].snapshot["stance"] == "denies"


def test_the_creation_snapshot_is_what_the_database_holds(
    article: Article, claim: Claim, user: Any
) -> None:
    """annotation_create writes its snapshot from the chain and tags it was given, not read back:
    the two must agree, a tag given twice included."""
    start, end = _span(article, "انسحبت")
    relay, source = (
        Claimant.objects.create(name_ar="سانا"),
        Claimant.objects.create(name_ar="المتحدث"),
    )
    tag = Tag.objects.create(name="انسحاب", slug="withdrawal")
    annotation = annotation_create(
        article=article,
        start=start,
        end=end,
        claim=claim,
        claimant=source,
        chain=[relay, source],
        tags=[tag, tag],
        author=user,
    )
    written = AnnotationRevision.objects.get(annotation_ref=annotation.pk).snapshot
    assert written["chain_names"] == ["سانا", "المتحدث"] and written["tags"] == ["انسحاب"]
    assert written == annotation_snapshot(Annotation.objects.get(pk=annotation.pk))


def test_deleting_a_stale_version_is_refused(article: Article, claim: Claim, user: Any) -> None:
    annotation = annotation_create(article=article, start=0, end=3, claim=claim, claimant=None)
    annotation_update(
        annotation_id=annotation.pk, expected_version=1, user=user, claim=claim, claimant=None
    )
    with pytest.raises(AnnotationConflict):
        annotation_delete(annotation_id=annotation.pk, expected_version=1, user=user)
    assert Annotation.objects.filter(pk=annotation.pk).exists()


def test_quote_check_refuses_a_mismatch_and_folds_whitespace(article: Article) -> None:
    start, end = _span(article, "انسحبت.\nوأضاف")
    check_quote(article.body, start, end, "انسحبت. وأضاف")
    with pytest.raises(ValidationError):
        check_quote(article.body, start, end, "انسحبوا. وأضاف")
    with pytest.raises(ValidationError):
        check_quote(article.body, 0, len(article.body) + 1, article.body)


def test_find_anchor_uses_context_and_refuses_to_guess() -> None:
    body = "أ القوات انسحبت ب ... ج القوات انسحبت د"
    assert find_anchor(body, "القوات انسحبت", "ج ", " د") == body.rindex("القوات")
    assert find_anchor(body, "القوات انسحبت", "س ", " ص") is None  # two equal candidates
    assert find_anchor(body, "غير موجود", "", "") is None


def test_replacing_the_body_moves_orphans_or_keeps_annotations_never_silently(
    article: Article, claim: Claim, user: Any
) -> None:
    first = annotation_create(article=article, start=0, end=3, claim=claim, claimant=None)
    start, end = _span(article, "انسحبت من المدينة")
    moved = annotation_create(article=article, start=start, end=end, claim=claim, claimant=None)
    start, end = _span(article, "😀 أمس")
    lost = annotation_create(article=article, start=start, end=end, claim=claim, claimant=None)
    new_body = "قال 🇸🇾 مصدر: القوات انسحبت من المدينة فجرا."
    report = article_replace_body(article=article, body=new_body, user=user)
    assert report.kept == [first.pk] and report.moved == [moved.pk] and report.orphaned == [lost.pk]
    moved.refresh_from_db()
    assert new_body[moved.start : moved.end] == moved.quote == "انسحبت من المدينة"
    assert moved.version == 2 and not moved.is_orphan
    lost.refresh_from_db()
    assert lost.is_orphan and lost.quote == "😀 أمس"
    history = AnnotationRevision.objects.get(annotation_ref=lost.pk, action="updated")
    assert history.changes["is_orphan"] == [False, True]
    assert AnnotationRevision.objects.filter(annotation_ref=moved.pk, action="updated").exists()


def test_orphans_are_listed_apart_and_not_highlighted(
    reader_client: Client, article: Article, claim: Claim
) -> None:
    annotation_create(article=article, start=0, end=3, claim=claim, claimant=None)
    start, end = _span(article, "😀 أمس")
    lost = annotation_create(article=article, start=start, end=end, claim=claim, claimant=None)
    article_replace_body(article=article, body="قال نص آخر تماما")
    text = reader_client.get(reverse("article_detail", args=[article.pk])).text
    assert 'class="claim-group orphans"' in text
    assert f'id="annotation-{lost.pk}" data-id="{lost.pk}"' in text.split("orphans")[1]
    assert 'data-orphan="true"' in text


def _post(client: Client, article: Article, **fields: Any) -> Any:
    data = {"stance": "asserts", "framing": "neutral"} | fields
    return client.post(
        reverse("annotation_add", args=[article.pk]), data, headers={"HX-Request": "true"}
    )


def test_server_rejects_offsets_that_do_not_match_the_quote(
    reader_client: Client, article: Article, claim: Claim
) -> None:
    start, end = _span(article, "القوات")
    response = _post(reader_client, article, start=start, end=end, quote="المتحدث", claim=claim.pk)
    assert response.status_code == 422
    assert "does not match the article" in response.text
    response = _post(reader_client, article, start=5, end=9999, quote="x", claim=claim.pk)
    assert response.status_code == 422 and "outside the article" in response.text
    response = _post(reader_client, article, start="x", end="", quote="", claim=claim.pk)
    assert response.status_code == 422 and "Select a passage" in response.text
    response = _post(reader_client, article, start=start, end=end, quote="القوات")
    assert response.status_code == 422 and "write a new one" in response.text
    response = _post(reader_client, article, start=start, end=end, quote="القوات", claim=99999)
    assert response.status_code == 422 and "no longer exists" in response.text
    response = _post(
        reader_client, article, start=start, end=end, quote="القوات", claim=claim.pk, chain="bogus"
    )
    assert response.status_code == 422 and "invalid step" in response.text
    response = _post(
        reader_client, article, start=start, end=end, quote="القوات", claim=claim.pk, stance="x"
    )
    assert response.status_code == 422
    assert not Annotation.objects.exists()


def test_new_claim_and_claimant_that_read_the_same_reuse_the_existing_ones(
    reader_client: Client, article: Article, claim: Claim
) -> None:
    claimant = Claimant.objects.create(name_ar="وزارة الدفاع الروسية", aliases=["الدفاع الروسية"])
    start, end = _span(article, "القوات")
    response = _post(
        reader_client,
        article,
        start=start,
        end=end,
        quote="القوات",
        claim_new="القوّات انسحبت",  # a shadda more: the same claim
        claimant_new="الدفاع الروسيه",  # an alias, ta marbuta written as ha
        chain=[str(claimant.pk), "new:مصدر جديد"],
        tags="انسحاب, انسحاب",
    )
    assert response.status_code == 200
    assert "annotationSaved" in response["HX-Trigger"]
    annotation = Annotation.objects.get()
    assert annotation.claim == claim and annotation.claimant == claimant
    assert [s.claimant.name_ar for s in annotation.chain.all()] == [
        "وزارة الدفاع الروسية",
        "مصدر جديد",
    ]
    assert [t.name for t in annotation.tags.all()] == ["انسحاب"]
    assert Claim.objects.count() == 1


def test_stale_edit_through_the_view_answers_409_with_the_other_version(
    reader_client: Client, article: Article, claim: Claim, other_user: Any
) -> None:
    annotation = annotation_create(article=article, start=0, end=3, claim=claim, claimant=None)
    annotation_update(
        annotation_id=annotation.pk,
        expected_version=1,
        user=other_user,
        claim=claim,
        claimant=None,
        note="نسختهم",
    )
    response = reader_client.post(
        reverse("annotation_save", args=[annotation.pk]),
        {
            "version": 1,
            "claim": claim.pk,
            "stance": "denies",
            "framing": "neutral",
            "note": "نسختي",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409
    assert "نسختهم" in response.text and "نسختي" in response.text and "second" in response.text
    assert 'name="version" value="2"' in response.text
    annotation.refresh_from_db()
    assert annotation.note == "نسختهم"
    response = reader_client.post(
        reverse("annotation_delete", args=[annotation.pk]),
        {"version": 1},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 409 and Annotation.objects.filter(pk=annotation.pk).exists()
    response = reader_client.post(
        reverse("annotation_delete", args=[annotation.pk]), {"version": "x"}
    )
    assert response.status_code == 400


def test_history_page_shows_who_changed_what_even_after_deletion(
    reader_client: Client, article: Article, claim: Claim, user: Any
) -> None:
    annotation = annotation_create(
        article=article, start=0, end=3, claim=claim, claimant=None, author=user
    )
    annotation_update(
        annotation_id=annotation.pk,
        expected_version=1,
        user=user,
        claim=claim,
        claimant=None,
        stance="denies",
    )
    annotation_delete(annotation_id=annotation.pk, expected_version=2, user=user)
    response = reader_client.get(reverse("annotation_history", args=[annotation.pk]))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["revision"].action for r in rows] == ["created", "updated", "deleted"]
    assert ("Stance", "asserts", "denies") in [(str(a), b, c) for a, b, c in rows[1]["changes"]]
    assert response.context["deleted"] and "reviewer" in response.text
    assert reader_client.get(reverse("annotation_history", args=[999999])).status_code == 404


def test_non_htmx_create_redirects_to_the_annotation(
    reader_client: Client, article: Article, claim: Claim
) -> None:
    response = reader_client.post(
        reverse("annotation_add", args=[article.pk]),
        {
            "start": 0,
            "end": 3,
            "quote": article.body[:3],
            "claim": claim.pk,
            "stance": "asserts",
            "framing": "neutral",
        },
    )
    annotation = Annotation.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"#annotation-{annotation.pk}"
    )


def test_claim_suggestions_match_across_spellings(reader_client: Client, claim: Claim) -> None:
    Claim.objects.create(text_ar="روسيا نقلت مقاتلي داعش", gloss_en="Russia moved ISIS fighters")
    response = reader_client.get(reverse("claim_suggestions"), {"claim_new": "القوّات إنسحبت"})
    assert [c.pk for c, _same in response.context["matches"]] == [claim.pk]
    response = reader_client.get(reverse("claim_suggestions"), {"claim_new": "isis"})
    assert len(response.context["matches"]) == 1
    response = reader_client.get(
        reverse("claimant_suggestions"), {"target": "chain", "chain_q": "  "}
    )
    assert response.status_code == 200 and "suggestion" not in response.text


def test_annotation_editor_requests_answer_without_a_500(
    reader_client: Client, article: Article
) -> None:
    url = reverse("annotation_new", args=[article.pk])
    response = reader_client.get(url, {"start": "a", "end": "b"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Select a passage" in response.text
    assert reader_client.get(url, {"start": 0, "end": 3}).status_code == 200
    assert reader_client.get(reverse("annotation_edit", args=[424242])).status_code == 404
    assert reader_client.get(reverse("annotation_panel", args=[article.pk])).status_code == 302


def test_update_and_delete_services_refuse_a_reviewer_who_is_not_the_author(
    demo: None, user: Any, django_user_model: Any
) -> None:
    from django.contrib.auth.models import Group
    from django.core.exceptions import PermissionDenied

    from articles.infrastructure.permissions import REVIEWER

    other = django_user_model.objects.create_user(username="other-reviewer", password="pw-1")
    other.groups.add(Group.objects.get(name=REVIEWER))
    article = Article.objects.order_by("pk").first()
    claim = Claim.objects.order_by("pk").first()
    annotation = annotation_create(
        article=article, start=0, end=3, claim=claim, claimant=None, author=user
    )
    with pytest.raises(PermissionDenied):
        annotation_update(
            annotation_id=annotation.pk, expected_version=1, user=other, claim=claim, claimant=None
        )
    with pytest.raises(PermissionDenied):
        annotation_delete(annotation_id=annotation.pk, expected_version=1, user=other)
    annotation.refresh_from_db()
    assert annotation.version == 1
