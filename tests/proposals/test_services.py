"""Reviewing proposals: refresh keeps decisions, accept makes a draft with matched claimants,
reject is remembered, accept-all respects its threshold, and only reviewers may decide."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.claims.annotations import annotation_create, article_replace_body
from articles.models import Annotation, Article, AttributionProposal, Claim, Claimant
from articles.proposals import records
from articles.proposals.services import (
    ProposalEdits,
    proposal_accept,
    proposal_reject,
    proposals_accept_high_confidence,
    proposals_refresh,
)

pytestmark = pytest.mark.django_db
Status = AttributionProposal.Status


def _by_claimant(article: Article, name: str) -> AttributionProposal:
    return AttributionProposal.objects.get(article=article, claimant=name)


def test_refresh_stores_each_attribution_with_its_spans_cue_lemma_and_chain(
    article: Article,
) -> None:
    counts = proposals_refresh(article=article)
    proposals = list(AttributionProposal.objects.filter(article=article).order_by("start"))
    assert counts.added == len(proposals) >= 5
    for p in proposals:
        assert article.body[p.start : p.end] == p.quote
        assert article.body[p.cue_start : p.cue_end] == p.cue
        assert p.status == Status.PENDING and p.extractor_version == records.extractor_version()
    chained = _by_claimant(article, "مصدر عسكري")
    assert chained.chain == ["وكالة سبوتنيك", "مصدر عسكري"] and chained.cue_lemma == "ذكر"
    continued = AttributionProposal.objects.get(article=article, cue="وأضاف")
    assert continued.antecedent and continued.claimant == "الوزير"
    assert continued.claimant_start is None and continued.cue_lemma == "أضاف"


def test_refresh_twice_changes_nothing(article: Article) -> None:
    proposals_refresh(article=article)
    before = list(AttributionProposal.objects.values_list("pk", "fingerprint").order_by("pk"))
    counts = proposals_refresh(article=article)
    assert (counts.added, counts.updated, counts.dropped) == (0, 0, 0)
    assert (
        list(AttributionProposal.objects.values_list("pk", "fingerprint").order_by("pk")) == before
    )


def test_accept_creates_a_draft_annotation_with_an_existing_claimant_matched_by_alias(
    article: Article, reviewer: Any
) -> None:
    mod = Claimant.objects.create(name_ar="وزارة الدفاع في روسيا", aliases=["وزارة الدفاع الروسيه"])
    proposals_refresh(article=article)
    proposal = _by_claimant(article, "وزارة الدفاع الروسية")
    annotation = proposal_accept(proposal=proposal, user=reviewer)
    assert annotation.review_status == Annotation.ReviewStatus.DRAFT
    assert annotation.author == reviewer and annotation.claimant == mod  # ة/ه folded
    assert (annotation.start, annotation.end, annotation.quote) == (
        proposal.start,
        proposal.end,
        proposal.quote,
    )
    assert annotation.claim.text_ar == proposal.quote  # no existing claim: worded from the quote
    assert annotation.revisions.count() == 1
    proposal.refresh_from_db()
    assert proposal.status == Status.ACCEPTED and proposal.annotation == annotation
    assert proposal.decided_by == reviewer and proposal.decided_at is not None


def test_the_agency_in_an_agency_article_is_the_outlets_own_claimant(
    article: Article, reviewer: Any
) -> None:
    proposals_refresh(article=article)
    annotation = proposal_accept(proposal=_by_claimant(article, "الوكالة"), user=reviewer)
    assert annotation.claimant is not None and annotation.claimant.outlet == article.outlet
    assert annotation.claimant.name_ar == article.outlet.name_ar
    # The next one is linked to the same claimant, and the outlet heads every chain.
    other = proposal_accept(proposal=_by_claimant(article, "مصدر عسكري"), user=reviewer)
    chain = [step.claimant for step in other.chain.all()]
    assert chain[0] == annotation.claimant
    assert [c.name_ar for c in chain[1:]] == ["وكالة سبوتنيك", "مصدر عسكري"]
    assert other.claimant == chain[-1]
    assert Claimant.objects.filter(outlet=article.outlet).count() == 1


def test_accept_matches_an_existing_claim_and_a_denial_denies_it(
    article: Article, reviewer: Any
) -> None:
    claim = Claim.objects.create(text_ar="الطائرات قصفت الجسر")
    proposals_refresh(article=article)
    annotation = proposal_accept(
        proposal=_by_claimant(article, "المتحدث باسم التحالف الدولي"), user=reviewer
    )
    assert annotation.claim == claim
    assert annotation.stance == Annotation.Stance.DENIES


def test_accept_with_edits_marks_the_proposal_edited(article: Article, reviewer: Any) -> None:
    proposals_refresh(article=article)
    proposal = _by_claimant(article, "وزارة الدفاع الروسية")
    annotation = proposal_accept(
        proposal=proposal,
        user=reviewer,
        edits=ProposalEdits(claimant="وزارة الدفاع", end=proposal.end - len(" صباح اليوم")),
    )
    assert annotation.quote == "القوات وصلت إلى المدينة"
    assert annotation.claimant is not None and annotation.claimant.name_ar == "وزارة الدفاع"
    proposal.refresh_from_db()
    assert proposal.status == Status.EDITED


def test_a_rejected_proposal_is_not_proposed_again_after_re_extraction(
    article: Article, reviewer: Any
) -> None:
    proposals_refresh(article=article)
    rejected = proposal_reject(proposal=_by_claimant(article, "الوكالة"), user=reviewer)
    accepted = _by_claimant(article, "وزارة الدفاع الروسية")
    proposal_accept(proposal=accepted, user=reviewer)
    counts = proposals_refresh(article=article)
    assert counts.added == 0
    assert AttributionProposal.objects.filter(article=article, claimant="الوكالة").count() == 1
    rejected.refresh_from_db()
    assert rejected.status == Status.REJECTED
    assert (
        AttributionProposal.objects.filter(article=article, claimant="وزارة الدفاع الروسية")
        .values_list("status", flat=True)
        .get()
        == Status.ACCEPTED
    )


def test_an_edited_body_moves_pending_proposals_drops_stale_ones_and_keeps_decisions(
    article: Article, reviewer: Any
) -> None:
    proposals_refresh(article=article)
    proposal_reject(proposal=_by_claimant(article, "الوكالة"), user=reviewer)
    stale = AttributionProposal.objects.get(article=article, cue="قال")
    moved = _by_claimant(article, "مصدر عسكري")
    body = "مقدمة جديدة. " + article.body.replace("قال الوزير إن الحكومة ستدعم المزارعين. ", "")
    article_replace_body(article=article, body=body)
    counts = proposals_refresh(article=article)
    assert counts.dropped >= 1 and counts.updated >= 1
    assert not AttributionProposal.objects.filter(pk=stale.pk).exists()
    moved.refresh_from_db()
    assert body[moved.start : moved.end] == moved.quote == "الاشتباكات توقفت"
    assert _by_claimant(article, "الوكالة").status == Status.REJECTED


def test_a_repeated_sentence_gets_two_proposals_and_rejecting_one_keeps_the_other(
    agency: Any, reviewer: Any
) -> None:
    sentence = "قال الوزير إن الحكومة ستدعم المزارعين."
    body = f"{sentence} خبر بينهما. {sentence}"
    article = Article.objects.create(outlet=agency, body=body, content_hash="repeat")
    proposals_refresh(article=article)
    first, second = AttributionProposal.objects.filter(article=article).order_by("start")
    assert first.fingerprint != second.fingerprint
    proposal_reject(proposal=first, user=reviewer)
    proposals_refresh(article=article)
    second.refresh_from_db()
    assert second.status == Status.PENDING


def test_accept_all_takes_only_proposals_at_or_above_the_threshold(
    article: Article, reviewer: Any
) -> None:
    proposals_refresh(article=article)
    low = _by_claimant(article, "الوكالة")
    AttributionProposal.objects.filter(pk=low.pk).update(confidence=0.5)
    pending = AttributionProposal.objects.filter(article=article, status=Status.PENDING)
    high = [p.pk for p in pending if p.confidence >= 0.8 and p.pk != low.pk]
    accepted = proposals_accept_high_confidence(article=article, user=reviewer)
    assert sorted(a.proposals.get().pk for a in accepted) == sorted(high)
    low.refresh_from_db()
    assert low.status == Status.PENDING
    assert all(p.status == Status.ACCEPTED for p in AttributionProposal.objects.filter(pk__in=high))
    below = sorted(pending.filter(status=Status.PENDING).values_list("pk", flat=True))
    assert low.pk in below and len(below) == 2  # the pronoun continuation is at 0.75
    again = proposals_accept_high_confidence(article=article, user=reviewer, threshold=0.4)
    assert sorted(a.proposals.get().pk for a in again) == below


def test_accept_all_skips_a_passage_already_annotated_by_hand(
    article: Article, reviewer: Any
) -> None:
    proposals_refresh(article=article)
    proposal = _by_claimant(article, "وزارة الدفاع الروسية")
    annotation_create(
        article=article,
        start=proposal.start,
        end=proposal.end,
        claim=Claim.objects.create(text_ar="وصول القوات"),
        claimant=None,
        author=reviewer,
    )
    proposals_accept_high_confidence(article=article, user=reviewer)
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING
    assert Annotation.objects.filter(article=article, start=proposal.start).count() == 1


def test_a_decided_proposal_cannot_be_decided_again(article: Article, reviewer: Any) -> None:
    proposals_refresh(article=article)
    proposal = _by_claimant(article, "الوكالة")
    proposal_accept(proposal=proposal, user=reviewer)
    with pytest.raises(ValidationError):
        proposal_reject(proposal=proposal, user=reviewer)
    with pytest.raises(ValidationError):
        proposal_accept(proposal=proposal, user=reviewer)
    assert Annotation.objects.filter(article=article).count() == 1


def test_readers_and_anonymous_callers_may_not_decide(article: Article, reader: Any) -> None:
    proposals_refresh(article=article)
    proposal = _by_claimant(article, "الوكالة")
    with pytest.raises(PermissionDenied):
        proposal_accept(proposal=proposal, user=reader)
    with pytest.raises(PermissionDenied):
        proposal_reject(proposal=proposal, user=reader)
    with pytest.raises(PermissionDenied):
        proposals_accept_high_confidence(article=article, user=reader)
    proposal.refresh_from_db()
    assert proposal.status == Status.PENDING and not Annotation.objects.exists()


def test_accept_refuses_a_proposal_whose_passage_changed(article: Article, reviewer: Any) -> None:
    proposals_refresh(article=article)
    proposal = _by_claimant(article, "الوكالة")
    Article.objects.filter(pk=article.pk).update(body="نص آخر تماما " + article.body)
    with pytest.raises(ValidationError):
        proposal_accept(proposal=proposal, user=reviewer)
    assert not Annotation.objects.exists()


def test_a_rejection_can_be_undone_by_whoever_made_it_or_a_lead_only(
    article: Article, reviewer: Any, lead: Any, django_user_model: Any
) -> None:
    from django.contrib.auth.models import Group

    from articles.infrastructure.permissions import REVIEWER
    from articles.proposals.services import proposal_reopen

    other = django_user_model.objects.create_user(username="other", password="pw-for-tests-1")
    other.groups.add(Group.objects.get(name=REVIEWER))
    proposals_refresh(article=article)
    proposal = _by_claimant(article, "الوكالة")
    with pytest.raises(ValidationError):
        proposal_reopen(proposal=proposal, user=reviewer)  # not rejected
    proposal_reject(proposal=proposal, user=reviewer)
    with pytest.raises(PermissionDenied):
        proposal_reopen(proposal=proposal, user=other)
    reopened = proposal_reopen(proposal=proposal, user=reviewer)
    assert reopened.status == Status.PENDING and reopened.decided_by is None
    proposal_reject(proposal=proposal, user=other)
    assert proposal_reopen(proposal=proposal, user=lead).status == Status.PENDING
    proposals_refresh(article=article)
    assert _by_claimant(article, "الوكالة").status == Status.PENDING
