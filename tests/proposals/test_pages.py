"""Proposals on the article page (reviewers only, one query more), the accept/reject/edit
round trips over HTTP, and the acceptance page for leads."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Annotation, Article, AttributionProposal, Claim
from articles.proposals.services import proposal_accept, proposal_reject, proposals_refresh
from tests.proposals.conftest import english_client

pytestmark = pytest.mark.django_db
Status = AttributionProposal.Status


def _fifteen_proposals(article: Article) -> None:
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", article.body)]
    AttributionProposal.objects.bulk_create(
        AttributionProposal(
            article=article,
            claimant=f"مصدر {i}",
            cue="قال",
            cue_lemma="قال",
            cue_start=start,
            cue_end=end,
            start=start,
            end=end,
            quote=article.body[start:end],
            chain=[f"مصدر {i}"],
            confidence=0.9,
            extractor_version="test",
            fingerprint=f"fp-{i}",
        )
        for i, (start, end) in enumerate(words[200:215])
    )


def test_article_page_with_15_proposals_costs_one_query_more_and_one_for_likely_claims(
    client: Client, demo: None, reviewer: Any, django_assert_num_queries: Any
) -> None:
    english_client(client, reviewer)
    article = Article.objects.get(outlet__slug="sana")
    url = reverse("article_detail", args=[article.pk])
    client.get(url)  # warms the caches
    with django_assert_num_queries(5) as before:  # generations, article, annotations, tags, chain
        client.get(url)
    _fifteen_proposals(article)
    # The proposals (one query), and the likely claims of all fifteen (one query).
    with django_assert_num_queries(len(before.captured_queries) + 2):
        response = client.get(url)
    assert response.text.count('class="proposal"') == 15
    assert 'id="proposal-panel"' in response.text and "js/proposals.js" in response.text
    assert response.text.count('class="likely-claims"') >= 1


def test_readers_see_no_proposals_and_may_not_decide(
    client: Client, article: Article, reader: Any, django_assert_num_queries: Any
) -> None:
    proposals_refresh(article=article)
    english_client(client, reader)
    url = reverse("article_detail", args=[article.pk])
    client.get(url)
    with django_assert_num_queries(2):  # generations, article: no proposal query for readers
        response = client.get(url)
    assert "proposal" not in response.text
    proposal = article.proposals.first()
    assert proposal is not None
    for name, args in (
        ("proposal_accept", [proposal.pk]),
        ("proposal_reject", [proposal.pk]),
        ("proposals_accept_all", [article.pk]),
    ):
        assert client.post(reverse(name, args=args)).status_code == 403
    assert client.get(reverse("proposal_panel", args=[article.pk])).status_code == 403
    assert not Annotation.objects.exists()


def test_accept_over_htmx_answers_the_new_panel_and_an_annotation_event(
    client: Client, article: Article, reviewer: Any
) -> None:
    proposals_refresh(article=article)
    english_client(client, reviewer)
    proposal = article.proposals.get(claimant="الوكالة")
    response = client.post(reverse("proposal_accept", args=[proposal.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "annotationSaved" in response.headers["HX-Trigger"]
    assert f'id="proposal-{proposal.pk}"' not in response.text
    assert 'id="proposal-panel"' in response.text
    proposal.refresh_from_db()
    assert proposal.status == Status.ACCEPTED and proposal.annotation is not None
    # Again: refused with a message, no second annotation.
    again = client.post(reverse("proposal_accept", args=[proposal.pk]), HTTP_HX_REQUEST="true")
    assert "proposalError" in again.headers["HX-Trigger"]
    assert Annotation.objects.count() == 1


def test_reject_without_javascript_redirects_with_a_message(
    client: Client, article: Article, reviewer: Any
) -> None:
    proposals_refresh(article=article)
    english_client(client, reviewer)
    proposal = article.proposals.get(claimant="الوكالة")
    response = client.post(reverse("proposal_reject", args=[proposal.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("article_detail", args=[article.pk])
    assert "will not be proposed again" in response.text
    assert f'id="proposal-{proposal.pk}"' not in response.text
    proposal.refresh_from_db()
    assert proposal.status == Status.REJECTED and proposal.decided_by == reviewer


def test_edit_then_accept_opens_the_editor_prefilled_and_saving_marks_the_proposal_edited(
    client: Client, article: Article, reviewer: Any
) -> None:
    proposals_refresh(article=article)
    english_client(client, reviewer)
    proposal = article.proposals.get(claimant="مصدر عسكري")
    new_url = reverse("annotation_new", args=[article.pk])
    response = client.get(
        new_url, {"start": proposal.start, "end": proposal.end, "proposal": proposal.pk}
    )
    form = response.context["form"]
    assert form["start"].value() == proposal.start and form["quote"].value() == proposal.quote
    assert form["claimant_new"].value() == "مصدر عسكري"
    assert [label for _token, label in response.context["chain"]] == ["وكالة سبوتنيك", "مصدر عسكري"]
    assert f'name="proposal" value="{proposal.pk}"' in response.text
    response = client.post(
        reverse("annotation_add", args=[article.pk]),
        {
            "start": proposal.start,
            "end": proposal.end,
            "quote": proposal.quote,
            "proposal": proposal.pk,
            "claim_new": "توقف الاشتباكات",
            "claimant_new": "مصدر عسكري سوري",
            "chain": ["new:وكالة سبوتنيك", "new:مصدر عسكري سوري"],
            "stance": "asserts",
            "framing": "neutral",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200, response.text
    assert "proposalsChanged" in response.headers["HX-Trigger"]
    proposal.refresh_from_db()
    assert proposal.status == Status.EDITED
    assert proposal.annotation is not None
    assert proposal.annotation.claimant is not None
    assert proposal.annotation.claimant.name_ar == "مصدر عسكري سوري"


def test_accept_all_button_accepts_the_high_confidence_ones(
    client: Client, article: Article, reviewer: Any
) -> None:
    proposals_refresh(article=article)
    english_client(client, reviewer)
    page = client.get(reverse("article_detail", args=[article.pk])).text
    high = article.proposals.filter(confidence__gte=0.8).count()
    assert f"Accept all {high} proposals with confidence 0.8 or more" in page
    client.post(reverse("proposals_accept_all", args=[article.pk]))
    assert Annotation.objects.filter(article=article).count() == high
    assert article.proposals.filter(status=Status.PENDING).count() == (
        article.proposals.count() - high
    )


def test_acceptance_page_counts_per_outlet_and_cue_for_leads_only(
    client: Client, article: Article, reviewer: Any, lead: Any
) -> None:
    proposals_refresh(article=article)
    proposal_accept(proposal=article.proposals.get(claimant="الوكالة"), user=reviewer)
    proposal_accept(proposal=article.proposals.get(claimant="وزارة الدفاع الروسية"), user=reviewer)
    proposal_reject(proposal=article.proposals.get(claimant="مصدر عسكري"), user=reviewer)
    english_client(client, reviewer)
    assert client.get(reverse("proposal_stats")).status_code == 403
    english_client(client, lead)
    response = client.get(reverse("proposal_stats"))
    assert response.status_code == 200
    by_outlet = response.context["by_outlet"]
    assert len(by_outlet) == 1 and by_outlet[0]["label"] == article.outlet.name_ar
    row = by_outlet[0]
    pending = article.proposals.filter(status=Status.PENDING).count()
    assert (row["accepted"], row["edited"], row["rejected"], row["pending"]) == (2, 0, 1, pending)
    assert row["precision"] == pytest.approx(2 / 3)
    by_cue = {r["label"]: r for r in response.context["by_cue"]}
    assert by_cue["ذكر"]["rejected"] == 1 and by_cue["ذكر"]["precision"] == 0
    assert by_cue["قال"]["accepted"] == 1 and by_cue["أكد"]["accepted"] == 1
    assert "0.67" in response.text and row["overturned"] == 0
    # A draft from a proposal rejected in review later counts as overturned (still accepted).
    Annotation.objects.filter(article=article).update(review_status="rejected")
    row = client.get(reverse("proposal_stats")).context["by_outlet"][0]
    assert row["overturned"] == 2 and row["accepted"] == 2
    review = client.get(reverse("review_queue")).text
    assert reverse("proposal_stats") in review


def test_editing_the_agency_proposal_opens_with_the_outlets_own_claimant(
    client: Client, article: Article, reviewer: Any
) -> None:
    proposals_refresh(article=article)
    english_client(client, reviewer)
    proposal = article.proposals.get(claimant="الوكالة")
    response = client.get(
        reverse("annotation_new", args=[article.pk]),
        {"start": proposal.start, "end": proposal.end, "proposal": proposal.pk},
    )
    chosen = response.context["chosen_claimant"]
    assert chosen is not None and chosen.outlet == article.outlet
    assert [token for token, _label in response.context["chain"]] == [str(chosen.pk)]


def test_each_proposal_shows_its_likely_claims_with_contradicting_ones_marked_related(
    client: Client, article: Article, reviewer: Any
) -> None:
    reached = Claim.objects.create(text_ar="القوات وصلت إلى المدينة صباح اليوم")
    not_reached = Claim.objects.create(text_ar="القوات لم تصل إلى المدينة")
    bridge = Claim.objects.create(text_ar="الطائرات قصفت الجسر")
    proposals_refresh(article=article)
    english_client(client, reviewer)
    page = client.get(reverse("article_detail", args=[article.pk])).text
    mod = article.proposals.get(claimant="وزارة الدفاع الروسية")
    item = page[page.index(f'id="proposal-{mod.pk}"') :]
    item = item[: item.index('class="actions"')]
    radios = re.findall(r'name="claim" value="(\d*)" form="accept-(\d+)"', item)
    assert [value for value, _form in radios][:3] == ["", str(reached.pk), str(not_reached.pk)]
    assert {form for _value, form in radios} == {str(mod.pk)}
    assert "Default: join claim 1" in item
    # The opposite claim is offered as related (contradicts), never as the same claim.
    contradicting = item[item.index(f'value="{not_reached.pk}"') :]
    contradicting = contradicting[: contradicting.index("</li>")]
    assert "related (contradicts)" in contradicting
    reached_item = item[item.index(f'value="{reached.pk}"') :]
    assert "related (contradicts)" not in reached_item[: reached_item.index("</li>")]
    assert str(bridge.pk) not in [value for value, _form in radios]


def test_accepting_with_a_chosen_likely_claim_joins_it_and_turns_the_stance_over_if_opposite(
    client: Client, article: Article, reviewer: Any
) -> None:
    reached = Claim.objects.create(text_ar="القوات وصلت إلى المدينة صباح اليوم")
    not_reached = Claim.objects.create(text_ar="القوات لم تصل إلى المدينة")
    unrelated = Claim.objects.create(text_ar="ارتفاع أسعار الذهب في الأسواق")
    proposals_refresh(article=article)
    english_client(client, reviewer)
    mod = article.proposals.get(claimant="وزارة الدفاع الروسية")
    url = reverse("proposal_accept", args=[mod.pk])
    # A claim that is not among its likely claims is refused, and nothing is created.
    refused = client.post(url, {"claim": unrelated.pk}, HTTP_HX_REQUEST="true")
    assert "proposalError" in refused.headers["HX-Trigger"]
    assert "no longer among" in refused.headers["HX-Trigger"]
    garbled = client.post(url, {"claim": "x"}, HTTP_HX_REQUEST="true")
    assert "proposalError" in garbled.headers["HX-Trigger"]
    assert not Annotation.objects.exists()
    response = client.post(url, {"claim": not_reached.pk}, HTTP_HX_REQUEST="true")
    assert "annotationSaved" in response.headers["HX-Trigger"]
    mod.refresh_from_db()
    assert mod.status == Status.ACCEPTED and mod.annotation is not None
    assert mod.annotation.claim == not_reached and mod.annotation.stance == "denies"
    # Without a choice, accept does what it always did: the best claim at SAME_CLAIM_SCORE.
    Annotation.objects.all().delete()
    AttributionProposal.objects.filter(pk=mod.pk).update(status=Status.PENDING, annotation=None)
    client.post(url, HTTP_HX_REQUEST="true")
    mod.refresh_from_db()
    assert mod.annotation is not None and mod.annotation.claim == reached
    assert mod.annotation.stance == "asserts"
