"""The claim pickers of the dossier (relate, merge) and of moving a mention: a search field with
suggestions instead of a menu of every claim, and, without JavaScript, a typed number or words
only one claim matches."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Annotation, Claim, ClaimMerge, ClaimRelation

pytestmark = pytest.mark.django_db


def _claim(gloss: str) -> Claim:
    return Claim.objects.get(gloss_en__startswith=gloss)


def _picked(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-pick="\w+" data-id="(\d+)"', html)]


def test_dossier_lists_no_claim_menu_whatever_the_catalogue(demo: None, editor: Client) -> None:
    claim = _claim("ISIS is an American creation")
    Claim.objects.bulk_create(Claim(text_ar=f"ادعاء إضافي رقم {i}") for i in range(300))
    page = editor.get(reverse("claim_detail", args=[claim.pk])).content.decode()
    assert "<option value=" not in page.split('id="rel-kind"', 1)[1].split("</select>", 1)[1]
    assert "ادعاء إضافي رقم 7" not in page
    for name in ("other", "claim"):  # relate, merge
        assert (
            f'name="{name}_q"' in page and f'<input type="hidden" name="{name}" value="">' in page
        )


def test_suggestions_match_arabic_spellings_and_leave_out_the_claim_itself(
    demo: None, editor: Client
) -> None:
    made = _claim("ISIS is an American creation")
    url = reverse("claim_pick")
    # Without the shadda and with a bare alif: still the coalition's claims.
    html = editor.get(url, {"target": "other", "other_q": "التحالف ينسق", "exclude": made.pk}).text
    assert _picked(html)[0] == _claim("The US-led coalition coordinates").pk
    assert 'data-pick="other"' in html
    html = editor.get(url, {"target": "claim", "claim_q": "داعش", "exclude": made.pk}).text
    assert made.pk not in _picked(html) and len(_picked(html)) >= 3
    assert 'data-pick="claim"' in html
    # A claim's number, in Latin or Arabic-Indic digits.
    stays = _claim("US forces will not leave Syria")
    arabic_digits = str(stays.pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for typed in (str(stays.pk), f"#{stays.pk}", arabic_digits):
        assert _picked(editor.get(url, {"target": "claim", "claim_q": typed}).text)[0] == stays.pk
    assert made.pk not in _picked(
        editor.get(url, {"target": "claim", "claim_q": str(made.pk), "exclude": made.pk}).text
    )
    none = editor.get(url, {"target": "claim", "claim_q": "كلمات لا توجد في أي ادعاء"}).text
    assert _picked(none) == [] and 'class="hint"' in none
    # An unknown target falls back to "claim"; a huge exclude or query does not fail.
    odd = editor.get(url, {"target": "x><", "claim_q": "داعش", "exclude": "9" * 40}).text
    assert 'data-pick="claim"' in odd and "x><" not in odd


def test_suggestions_escape_the_claims_text(demo: None, editor: Client) -> None:
    odd = Claim.objects.create(text_ar='ادعاء <b>"غريب"</b> & غيره')
    html = editor.get(reverse("claim_pick"), {"target": "claim", "claim_q": "غريب"}).text
    assert odd.pk in _picked(html)
    assert "<b>" not in html and "&lt;b&gt;" in html


def test_relation_with_a_typed_number_or_the_claims_exact_words_without_javascript(
    demo: None, editor: Client
) -> None:
    made = _claim("ISIS is an American creation")
    stays = _claim("US forces will not leave Syria")
    url = reverse("claim_relation_add", args=[made.pk])
    editor.post(url, {"other": "", "other_q": f"#{stays.pk}", "kind": "contradicts"})
    assert ClaimRelation.objects.filter(from_claim=made, to_claim=stays).exists()
    editor.post(url, {"other": "", "other_q": stays.text_ar, "kind": "same_event"})
    assert ClaimRelation.objects.filter(from_claim=made, to_claim=stays, kind="same_event").exists()


def test_relation_with_words_several_claims_match_names_them_and_creates_nothing(
    demo: None, editor: Client
) -> None:
    made = _claim("ISIS is an American creation")
    before = ClaimRelation.objects.count()
    response = editor.post(
        reverse("claim_relation_add", args=[made.pk]),
        {"other": "", "other_q": "التحالف الدولي", "kind": "contradicts"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert ClaimRelation.objects.count() == before
    text = response.content.decode()
    for gloss in ("The US-led coalition coordinates", "The coalition is reinforcing"):
        assert f"#{_claim(gloss).pk}" in text
    response = editor.post(
        reverse("claim_relation_add", args=[made.pk]),
        {"other": "", "other_q": "", "kind": "contradicts"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422 and ClaimRelation.objects.count() == before


def test_merge_and_move_take_a_typed_number_and_never_the_claim_itself(
    demo: None, editor: Client
) -> None:
    source = _claim("The coalition trains ISIS defectors")
    target = _claim("The coalition is reinforcing")
    merge_url = reverse("claim_merge", args=[source.pk])
    editor.post(merge_url, {"claim": "", "claim_q": str(source.pk)})
    assert not ClaimMerge.objects.exists()  # itself: refused
    response = editor.post(merge_url, {"claim": "", "claim_q": str(target.pk)})
    assert response.status_code == 302 and ClaimMerge.objects.filter(target=target).exists()

    mention = Annotation.objects.filter(claim=target).first()
    assert mention is not None
    other = _claim("US forces will not leave Syria")
    move_url = reverse("mention_move", args=[mention.pk])
    page = editor.get(move_url).content.decode()
    assert 'name="claim_q"' in page and "<option value=" not in page
    refused = editor.post(move_url, {"claim": "", "claim_q": str(target.pk)})
    assert refused.status_code == 200 and "claim_q" in refused.content.decode()
    editor.post(move_url, {"claim": "", "claim_q": str(other.pk)})
    mention.refresh_from_db()
    assert mention.claim_id == other.pk


def test_a_picked_id_wins_over_the_typed_text(demo: None, editor: Client) -> None:
    made = _claim("ISIS is an American creation")
    stays = _claim("US forces will not leave Syria")
    editor.post(
        reverse("claim_relation_add", args=[made.pk]),
        {"other": stays.pk, "other_q": stays.text_ar, "kind": "refines"},
    )
    assert ClaimRelation.objects.filter(from_claim=made, to_claim=stays, kind="refines").exists()


def test_a_reader_sees_no_picker_and_cannot_relate(demo: None, reader: Client) -> None:
    made = _claim("ISIS is an American creation")
    stays = _claim("US forces will not leave Syria")
    page = reader.get(reverse("claim_detail", args=[made.pk])).content.decode()
    assert 'name="other_q"' not in page and 'name="claim_q"' not in page
    response = reader.post(
        reverse("claim_relation_add", args=[made.pk]),
        {"other": "", "other_q": str(stays.pk), "kind": "contradicts"},
    )
    assert response.status_code == 403
    assert not ClaimRelation.objects.filter(from_claim=made, to_claim=stays).exists()
