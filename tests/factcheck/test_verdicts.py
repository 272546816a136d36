"""A lead records a verdict on the claim dossier; others see it; changes keep the history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from articles.claims.verdicts import current_verdict, verdict_record
from articles.models import ClaimVerdict
from tests.factcheck.conftest import Dossier

pytestmark = pytest.mark.django_db


def post_verdict(client: Client, dossier: Dossier, **fields: Any) -> Any:
    data = {"rating": "false", "explanation": "الصور من عام 2015", "reviewed_on": "2024-02-01"}
    data.update(fields)
    return client.post(
        reverse("claim_verdict", args=[dossier.claim.pk]), data, HTTP_HX_REQUEST="true"
    )


def test_lead_records_a_verdict_and_the_dossier_shows_it(
    lead: Client, lead_user: Any, dossier: Dossier
) -> None:
    response = post_verdict(lead, dossier)
    assert response.status_code == 200
    assert 'id="verdict"' in response.content.decode(), "the htmx fragment to swap"
    verdict = current_verdict(dossier.claim)
    assert verdict is not None and verdict.rating == "false"
    assert verdict.recorded_by == lead_user and verdict.reviewed_on == date(2024, 2, 1)
    page = lead.get(reverse("claim_detail", args=[dossier.claim.pk])).content.decode()
    assert "الصور من عام 2015" in page and "rating-false" in page
    assert "recorded by lead" in page


def test_a_changed_verdict_keeps_the_earlier_one_as_history(
    lead: Client, reader: Client, dossier: Dossier
) -> None:
    post_verdict(lead, dossier, rating="mostly_true", explanation="أولًا")
    post_verdict(lead, dossier, rating="misleading", explanation="ثانيًا")
    assert ClaimVerdict.objects.filter(claim=dossier.claim).count() == 2
    assert current_verdict(dossier.claim).explanation == "ثانيًا"  # type: ignore[union-attr]
    page = reader.get(reverse("claim_detail", args=[dossier.claim.pk])).content.decode()
    assert "1 earlier verdict" in page and "أولًا" in page and "ثانيًا" in page


def test_reader_and_reviewer_see_the_verdict_but_get_no_form(
    lead: Client, reader: Client, reviewer: Client, dossier: Dossier
) -> None:
    post_verdict(lead, dossier)
    for client in (reader, reviewer):
        page = client.get(reverse("claim_detail", args=[dossier.claim.pk])).content.decode()
        assert "الصور من عام 2015" in page
        assert reverse("claim_verdict", args=[dossier.claim.pk]) not in page


def test_only_leads_may_record(reviewer: Client, reader: Client, dossier: Dossier) -> None:
    assert post_verdict(reviewer, dossier).status_code == 403
    assert post_verdict(reader, dossier).status_code == 403
    assert not ClaimVerdict.objects.exists()


def test_the_service_refuses_a_reviewer_whoever_calls_it(
    dossier: Dossier, django_user_model: Any
) -> None:
    from tests.factcheck.conftest import account

    reviewer = account(django_user_model, "r3", "Reviewer")
    with pytest.raises(PermissionDenied):
        verdict_record(
            claim=dossier.claim, rating="true", explanation="x", reviewed_on=date.today(),
            user=reviewer,
        )  # fmt: skip


def test_a_verdict_needs_an_explanation_a_rating_and_no_future_date(
    lead: Client, dossier: Dossier
) -> None:
    response = post_verdict(lead, dossier, explanation="   ")
    assert response.status_code == 422 and "form-errors" in response.content.decode()
    assert post_verdict(lead, dossier, rating="wrong").status_code == 422
    future = (date.today() + timedelta(days=5)).isoformat()
    response = post_verdict(lead, dossier, reviewed_on=future)
    assert response.status_code == 422 and "in the future" in response.content.decode()
    assert not ClaimVerdict.objects.exists()


def test_without_javascript_the_form_redirects_back_to_the_verdict(
    lead: Client, dossier: Dossier
) -> None:
    response = lead.post(
        reverse("claim_verdict", args=[dossier.claim.pk]),
        {"rating": "true", "explanation": "ثابت", "reviewed_on": "2024-03-01"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#verdict")
    assert current_verdict(dossier.claim) is not None


def test_the_verdict_history_costs_no_query_per_verdict(lead: Client, dossier: Dossier) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("claim_detail", args=[dossier.claim.pk])
    counts = []
    for n in range(3):
        post_verdict(lead, dossier, explanation=f"حكم {n}")
        lead.get(url)  # warm the caches
        with CaptureQueriesContext(connection) as queries:
            assert lead.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]


def test_a_merge_keeps_the_verdicts_apart_and_undo_brings_them_back(
    lead_user: Any, dossier: Dossier
) -> None:
    from articles.claims.curation import claims_merge, merge_undo
    from articles.models import Claim

    target = Claim.objects.create(text_ar="انسحاب القوات من المنطقة")
    verdict_record(
        claim=dossier.claim, rating="false", explanation="خطأ", reviewed_on=date(2024, 2, 1),
        user=lead_user,
    )  # fmt: skip
    merge = claims_merge(source=dossier.claim, target=target, user=lead_user)
    assert current_verdict(target) is None, "a verdict on other wording is not carried over"
    kept = ClaimVerdict.objects.get()
    assert kept.claim_id is None and kept.claim_ref == dossier.claim.pk
    source = merge_undo(merge=merge, user=lead_user)
    back = current_verdict(source)
    assert back is not None and back.pk == kept.pk and back.explanation == "خطأ"


def test_no_rating_is_preselected_and_none_chosen_is_refused(
    lead: Client, dossier: Dossier
) -> None:

    page = lead.get(reverse("claim_detail", args=[dossier.claim.pk])).content.decode()
    assert 'value="" selected' in page
    response = lead.post(
        reverse("claim_verdict", args=[dossier.claim.pk]),
        {"rating": "", "explanation": "x", "reviewed_on": "2024-02-03"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and "Choose a rating." in response.content.decode()
    assert not ClaimVerdict.objects.exists()


def test_the_django_admin_lists_verdicts_read_only_and_shows_them_on_the_claim(
    lead: Client, dossier: Dossier, django_user_model: Any
) -> None:
    from django.contrib.auth.models import Group

    from articles.infrastructure.permissions import ADMIN

    post_verdict(lead, dossier, rating="mostly_true", explanation="أولًا")
    post_verdict(lead, dossier, rating="misleading", explanation="ثانيًا")
    admin_user = django_user_model.objects.create_user(
        username="room-admin", password="pw-for-tests-1", is_staff=True
    )
    admin_user.groups.add(Group.objects.get(name=ADMIN))
    client = Client()
    client.force_login(admin_user)
    listing = client.get(reverse("admin:articles_claimverdict_changelist"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert dossier.claim.text_ar in text and "misleading" in text and "mostly true" in text
    newest = ClaimVerdict.objects.filter(explanation="ثانيًا").get()
    detail = client.get(reverse("admin:articles_claimverdict_change", args=[newest.pk]))
    assert detail.status_code == 200
    page = detail.content.decode()
    assert reverse("claim_detail", args=[dossier.claim.pk]) in page, "a link to the dossier"
    assert 'name="_save"' not in page, "a published verdict is not edited in the admin"
    assert client.get(reverse("admin:articles_claimverdict_add")).status_code == 403
    delete = reverse("admin:articles_claimverdict_delete", args=[newest.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ClaimVerdict.objects.filter(pk=newest.pk).exists()
    claim_page = client.get(reverse("admin:articles_claim_change", args=[dossier.claim.pk]))
    assert "أولًا" in claim_page.content.decode() and "ثانيًا" in claim_page.content.decode()
