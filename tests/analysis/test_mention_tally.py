"""The mention counts the triggers keep (`MentionTally`) equal a plain count of the mentions
after every kind of write: create, accept a proposal, edit, move, review, reject, delete, merge
and undo, an article moved to another outlet, deleted, or marked a copy, bulk writes; and the
matrix drawn from them equals the matrix counted from the mentions."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from articles.claims import curation, review
from articles.claims.annotations import annotation_create, annotation_delete, annotation_update
from articles.infrastructure.permissions import LEAD
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, Article, Claim, Claimant, MentionTally, Outlet
from articles.proposals.services import proposal_accept, proposal_reject, proposals_refresh
from articles.reports import filters, matrix
from tests.analysis.test_busy_pages import as_compared

pytestmark = pytest.mark.django_db

BODY = "قالت وزارة الدفاع إن القوات انسحبت من المدينة بعد معارك عنيفة. وأكد ناشطون أن القصف استمر."


def plain_counts() -> Counter[tuple[str, int, int, str, str]]:
    """What the tally should hold, counted from the mentions themselves."""
    counts: Counter[tuple[str, int, int, str, str]] = Counter()
    for outlet, claimant, claim, stance, framing in Annotation.objects.filter(
        claim__isnull=False
    ).values_list("article__outlet_id", "claimant_id", "claim_id", "stance", "framing"):
        counts["o", outlet, claim, stance, framing] += 1
        counts["o", 0, claim, "", ""] += 1
        counts["o", outlet, 0, "", ""] += 1
        if claimant is not None:
            counts["c", claimant, claim, stance, framing] += 1
            counts["c", 0, claim, "", ""] += 1
            counts["c", claimant, 0, "", ""] += 1
    return counts


def stored_counts() -> Counter[tuple[str, int, int, str, str]]:
    return Counter(
        {
            (t.kind, t.row_id, t.claim_id, t.stance, t.framing): t.n
            for t in MentionTally.objects.all()
        }
    )


def assert_exact() -> None:
    stored = stored_counts()
    assert stored == plain_counts()
    assert all(n > 0 for n in stored.values()), "a count that falls to 0 is removed"
    # The unfiltered matrix read from the counts is the one counted from the mentions.
    for mode in ("outlets", "claimants"):
        for max_claims, max_rows in ((15, 30), (2, 2)):
            counted = matrix.matrix(
                filters.filter_mentions(Annotation.objects.all(), None),
                mode=mode,  # type: ignore[arg-type]
                max_claims=max_claims,
                max_rows=max_rows,
            )
            tallied = matrix.matrix(
                None,
                mode=mode,  # type: ignore[arg-type]
                max_claims=max_claims,
                max_rows=max_rows,
            )
            assert as_compared(tallied) == as_compared(counted)


@pytest.fixture
def desk(editor_user: Any, django_user_model: Any) -> dict[str, Any]:
    lead = django_user_model.objects.create_user(username="lead", password="pw-for-tests-1")
    lead.groups.add(Group.objects.get(name=LEAD))
    outlets = [Outlet.objects.create(name_ar=f"وسيلة {i}", slug=f"tally-{i}") for i in range(3)]
    articles = []
    for i in range(6):
        body = f"{i} {BODY}"
        articles.append(
            Article.objects.create(
                outlet=outlets[i % 3],
                title=f"خبر {i}",
                body=body,
                content_hash=content_hash("", body),
                published_at=None if i == 5 else datetime(2024, 3, 1 + i, tzinfo=UTC),
            )
        )
    claims = [Claim.objects.create(text_ar=f"ادعاء {i}") for i in range(3)]
    claimants = [Claimant.objects.create(name_ar=f"متحدث {i}") for i in range(3)]
    return {
        "editor": editor_user,
        "lead": lead,
        "outlets": outlets,
        "articles": articles,
        "claims": claims,
        "claimants": claimants,
    }


def test_the_counts_follow_every_kind_of_write_on_mentions(desk: dict[str, Any]) -> None:
    editor, lead = desk["editor"], desk["lead"]
    articles, claims, claimants = desk["articles"], desk["claims"], desk["claimants"]
    assert not MentionTally.objects.exists()
    made = []
    for i in range(9):
        made.append(
            annotation_create(
                article=articles[i % 6],
                start=i,
                end=i + 8,
                claim=claims[i % 3],
                claimant=None if i % 4 == 0 else claimants[i % 3],
                stance=Annotation.Stance.values[i % 4],
                framing=Annotation.Framing.values[i % 3],
                author=editor,
            )
        )
        assert_exact()
    # A highlight awaiting a claim is no mention.
    Annotation.objects.create(article=articles[0], start=0, end=4, quote=articles[0].body[:4])
    assert_exact()

    # Edit: another claimant (and none), stance, framing, claim.
    first = made[1]
    annotation_update(
        annotation_id=first.pk,
        expected_version=first.version,
        user=editor,
        claim=claims[2],
        claimant=None,
        stance=Annotation.Stance.DENIES,
        framing=Annotation.Framing.DISPUTES,
    )
    assert_exact()
    second = Annotation.objects.get(pk=made[0].pk)
    annotation_update(
        annotation_id=second.pk,
        expected_version=second.version,
        user=editor,
        claim=claims[0],
        claimant=claimants[2],
        stance=Annotation.Stance.QUESTIONS,
    )
    assert_exact()

    # Move to another claim.
    curation.annotation_move(
        annotation=Annotation.objects.get(pk=made[2].pk), claim=claims[0], user=editor
    )
    assert_exact()

    # Review: confirm, dispute, resolve as rejected.
    review.review_confirm(annotation=Annotation.objects.get(pk=made[3].pk), user=lead)
    assert_exact()
    disputed = review.review_dispute(
        annotation=Annotation.objects.get(pk=made[4].pk), user=lead, reason="ليس هذا الادعاء"
    )
    assert_exact()
    review.review_resolve(annotation=disputed, user=lead, accept=False, reason="مرفوض")
    assert Annotation.objects.get(pk=made[4].pk).review_status == "rejected"
    assert_exact()

    # Delete.
    gone = Annotation.objects.get(pk=made[5].pk)
    annotation_delete(annotation_id=gone.pk, expected_version=gone.version, user=editor)
    assert_exact()

    # Merge a claim into another, then undo the merge.
    merge = curation.claims_merge(source=claims[1], target=claims[0], user=editor)
    assert_exact()
    assert not MentionTally.objects.filter(claim_id=claims[1].pk).exists()
    curation.merge_undo(merge=merge, user=editor)
    assert_exact()


def test_the_counts_follow_proposals_accepted_and_rejected(desk: dict[str, Any]) -> None:
    editor, article = desk["editor"], desk["articles"][0]
    proposals_refresh(article=article)
    proposals = list(article.proposals.filter(status="pending").order_by("start"))
    assert len(proposals) >= 2
    accepted = proposal_accept(proposal=proposals[0], user=editor)
    assert accepted.claim_id is not None
    assert_exact()
    proposal_reject(proposal=proposals[1], user=editor)
    assert_exact()


def test_the_counts_follow_articles_moved_deleted_and_marked_as_copies(
    desk: dict[str, Any],
) -> None:
    articles, outlets, claims = desk["articles"], desk["outlets"], desk["claims"]
    for i in range(12):
        annotation_create(
            article=articles[i % 6],
            start=i,
            end=i + 5,
            claim=claims[i % 2],
            claimant=desk["claimants"][i % 3] if i % 5 else None,
        )
    assert_exact()
    moved = articles[0]
    moved.outlet = outlets[2]
    moved.save()
    assert_exact()
    Article.objects.filter(pk=articles[1].pk).update(outlet=outlets[0])  # one statement
    assert_exact()
    articles[3].copy_of = articles[4]
    articles[3].save()
    assert_exact()
    articles[2].delete()
    assert_exact()
    Article.objects.filter(pk__in=[articles[4].pk, articles[5].pk]).delete()
    assert_exact()


def test_the_counts_follow_bulk_writes_updates_and_truncation(desk: dict[str, Any]) -> None:
    articles, claims, claimants = desk["articles"], desk["claims"], desk["claimants"]
    Annotation.objects.bulk_create(
        Annotation(
            article=articles[i % 6],
            start=i % 20,
            end=i % 20 + 6,
            quote=articles[i % 6].body[i % 20 : i % 20 + 6],
            claim=claims[i % 3],
            claimant=claimants[i % 3] if i % 4 else None,
            stance=Annotation.Stance.values[i % 4],
            framing=Annotation.Framing.values[i % 3],
        )
        for i in range(60)
    )
    assert_exact()
    Annotation.objects.filter(claim=claims[0]).update(claim=claims[1], stance="denies")
    assert_exact()
    Annotation.objects.filter(claimant=claimants[0]).update(claimant=None)
    assert_exact()
    Annotation.objects.filter(article=articles[2]).delete()
    assert_exact()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE articles_annotation CASCADE")
    assert not MentionTally.objects.exists()
