"""Claim matching (rank_claims, polarity, claims_for_passage) and the indexed lookups."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.claims import lookup
from articles.claims.matching import (
    claims_for_passage,
    claims_for_passages,
    match_claims,
    polarity,
    rank_claims,
)
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, Article, Claim, Claimant, ClaimantName, Outlet

US_STAYS = "القوات الأمريكية لن تنسحب من سوريا"
RUSSIA_MOVED = "روسيا نقلت مقاتلي تنظيم داعش من دير الزور إلى جنوب سوريا"
CAMPS = "التحالف الدولي يدرّب منشقين عن تنظيم داعش في ريف الحسكة"
CLAIMS: list[tuple[str, list[str]]] = [(US_STAYS, []), (RUSSIA_MOVED, []), (CAMPS, [])]


def test_the_same_claim_in_other_words_ranks_first() -> None:
    passage = "وشدد المتحدث على أن القوات الامريكيه لن تغادر الأراضي السورية قبل التسوية"
    assert rank_claims(passage, CLAIMS)[0][0] == 0
    passage = "اتهم التحالف روسيا بنقل مئات من مقاتلي التنظيم من ريف دير الزور إلى الجنوب"
    ranked = rank_claims(passage, CLAIMS)
    assert ranked[0][0] == 1 and ranked[0][1] > ranked[1][1]


def test_confirmed_mentions_find_a_claim_its_wording_does_not_say() -> None:
    passage = "وصول مئات العناصر من التنظيم إلى مناطق سيطرة النظام جنوب العاصمة"
    mention = "إن مئات العناصر من تنظيم داعش قد وصلوا إلى مناطق سيطرة النظام جنوب العاصمة دمشق"
    without = rank_claims(passage, [(US_STAYS, []), (RUSSIA_MOVED, []), (CAMPS, [])])
    with_mention = rank_claims(passage, [(US_STAYS, []), (RUSSIA_MOVED, [mention]), (CAMPS, [])])
    assert with_mention[0] == (1, max(score for _i, score in with_mention))
    assert dict(with_mention)[1] > dict(without)[1]


def test_a_denial_is_proposed_as_contradicting_never_as_the_same_claim() -> None:
    passage = "نفت وزارة الدفاع الروسية أن تكون روسيا نقلت مقاتلي تنظيم داعش من دير الزور"
    ranked = match_claims(passage, CLAIMS)
    russia = next(r for r in ranked if r.index == 1)
    assert russia.relation == "contradicts"
    assert russia.score == max(r.score for r in ranked)
    assert rank_claims(passage, CLAIMS)[0][0] != 1
    # The same, with the denial as the cue and the passage as the content after it.
    content = "أن تكون روسيا نقلت مقاتلي تنظيم داعش من دير الزور"
    assert next(r for r in match_claims(content, CLAIMS) if r.index == 1).relation == "same"
    with_cue = match_claims(content, CLAIMS, cue="ونفت")
    assert next(r for r in with_cue if r.index == 1).relation == "contradicts"


def test_a_negated_passage_contradicts_and_a_double_negation_does_not() -> None:
    leaves = "أكد المسؤول أن القوات الأمريكية ستنسحب من سوريا"
    assert next(r for r in match_claims(leaves, CLAIMS) if r.index == 0).relation == "contradicts"
    stays = "قال إن القوات الأمريكية لن تنسحب من سوريا"
    assert next(r for r in match_claims(stays, CLAIMS) if r.index == 0).relation == "same"


def test_words_that_look_negative_but_are_not_keep_the_polarity() -> None:
    assert polarity("لا سيما القوات في الشمال") == 1
    assert polarity("لا يزال التنظيم في المدينة") == 1
    assert polarity("بدأ تنفيذ الخطة") == 1
    assert polarity("رفض القرار") == 1  # rejecting a decision is the content, not a denial
    assert polarity("رفض الاتهامات بأنه نقل المقاتلين") == -1
    assert polarity("الأنباء عارية عن الصحة") == -1
    # Only the clauses about the other text count.
    assert (
        polarity("الاتفاق لا يبدد القلق لكنه سيجعل العالم أكثر أمانا", about="العالم أكثر أمانا")
        == 1
    )


def test_a_mention_recorded_as_denying_counts_the_other_way() -> None:
    claims: list[tuple[str, list[str]]] = [
        ("الطائرة سقطت بسبب عطل فني", ["إن الطائرة سقطت بصاروخ"])
    ]
    passage = "إن الطائرة سقطت بصاروخ أطلقه المسلحون"
    assert match_claims(passage, claims)[0].relation == "same"
    flipped = match_claims(passage, claims, mention_denies=[[True]])
    assert flipped[0].relation == "contradicts"


# --- The database ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_claims_for_passage_reads_candidates_and_confirmed_mentions(
    django_assert_num_queries: Any,
) -> None:
    outlet = Outlet.objects.create(name_ar="منفذ", slug="outlet")
    body = "قال المتحدث إن مئات العناصر من التنظيم وصلوا إلى مناطق سيطرة النظام جنوب دمشق."
    article = Article.objects.create(outlet=outlet, body=body, content_hash=content_hash("", body))
    stays, moved, camps = (Claim.objects.create(text_ar=t) for t in (US_STAYS, RUSSIA_MOVED, CAMPS))
    for i in range(30):  # claims sharing one word only
        Claim.objects.create(text_ar=f"جنوب سوريا يشهد حدثا رقم {i}")
    quote = body[15:-1]
    Annotation.objects.create(
        article=article,
        start=15,
        end=len(body) - 1,
        quote=quote,
        claim=moved,
        review_status=Annotation.ReviewStatus.CONFIRMED,
    )
    with django_assert_num_queries(1):
        matches = claims_for_passage(text="وصل مئات العناصر من التنظيم إلى مناطق سيطرة النظام")
    assert matches and matches[0].claim == moved and matches[0].relation == "same"
    denial = claims_for_passage(text="القوات الأمريكية ستنسحب من سوريا", cue="أكد")
    assert denial[0].claim == stays and denial[0].relation == "contradicts"
    assert len(denial) <= 3 and camps not in [m.claim for m in denial[:1]]
    # Many passages at once: one query, each ranked as it is alone.
    passages = [
        ("وصل مئات العناصر من التنظيم إلى مناطق سيطرة النظام", None),
        ("القوات الأمريكية ستنسحب من سوريا", "أكد"),
        ("كلام لا يشبه أي ادعاء", None),
        ("التحالف يدرب منشقين في الحسكة", "قال"),
    ]
    with django_assert_num_queries(1):
        together = claims_for_passages(passages)
    alone = [claims_for_passage(text=text, cue=cue) for text, cue in passages]
    assert [[(m.claim.pk, m.score, m.relation) for m in ms] for ms in together] == [
        [(m.claim.pk, m.score, m.relation) for m in ms] for ms in alone
    ]
    assert together[0][0].claim == moved and together[3][0].claim == camps
    assert together[2] == []
    with django_assert_num_queries(0):
        assert claims_for_passages([("في من على", None)]) == [[]]
        assert together[0][0].claim.text_ar == RUSSIA_MOVED


@pytest.mark.django_db
def test_find_or_create_finds_spelling_variants_in_one_query(
    django_assert_num_queries: Any,
) -> None:
    mod = Claimant.objects.create(name_ar="وزارة الدفاع الروسية", aliases=["الدفاع الروسية"])
    claim = Claim.objects.create(text_ar="القوات انسحبت")
    for n in (5, 50):
        Claimant.objects.bulk_create(Claimant(name_ar=f"فاعل {n} {i}") for i in range(n))
        with django_assert_num_queries(1):
            assert lookup.claimant_named("الدفاع الروسيه") == mod
        with django_assert_num_queries(1):
            assert lookup.claimant_named("وزارة  الدفاع") is None
        with django_assert_num_queries(1):
            assert lookup.claim_worded("القوّات إنسحبت ") == claim


@pytest.mark.django_db
def test_normalised_columns_follow_every_save() -> None:
    claim = Claim.objects.create(text_ar="القوّات انسحبت", gloss_en="Forces withdrew")
    claim.refresh_from_db()
    assert claim.text_normalized == "القوات انسحبت" and "forces" in claim.terms
    claim.text_ar = "الجيش تقدّم"
    claim.save(update_fields=["text_ar"])
    claim.refresh_from_db()
    assert claim.text_normalized == "الجيش تقدم"
    claimant = Claimant.objects.create(name_ar="سانا")
    claimant.aliases = ["الوكالة العربية السورية للأنباء"]
    claimant.save()
    assert set(ClaimantName.objects.filter(claimant=claimant).values_list("name", flat=True)) == {
        "سانا",
        "الوكاله العربيه السوريه للانباء",
    }
    assert lookup.claimant_named("الوكالة العربية السورية للأنباء") == claimant


@pytest.mark.django_db
def test_suggestions_by_prefix_inside_and_alias_in_constant_queries(
    reader_client: Client, django_assert_num_queries: Any
) -> None:
    kon = Claimant.objects.create(name_ar="إيغور كوناشينكوف", aliases=["كوناشينكوف"])
    mod = Claimant.objects.create(name_ar="وزارة الدفاع الروسية", aliases=["الدفاع الروسية"])
    assert lookup.claimant_matches("كونا") == [kon]
    assert lookup.claimant_matches("الروسيه") == [mod]
    assert lookup.claimant_matches("ايغور") == [kon]
    url = reverse("claimant_suggestions")
    counts = []
    for n in (3, 60):
        Claimant.objects.bulk_create(Claimant(name_ar=f"كيان {n} {i}") for i in range(n))
        reader_client.get(url, {"claimant_new": "كيان"})  # warm the session and permissions
        with CaptureQueriesContext(connection) as queries:
            response = reader_client.get(url, {"claimant_new": "كونا"})
        assert list(response.context["claimants"]) == [kon]
        counts.append(len(queries))
    assert counts[0] == counts[1]
    with django_assert_num_queries(1):
        assert lookup.claimant_matches("الروسي") == [mod]
    claim = Claim.objects.create(text_ar="التحالف الدولي يعزّز قواعده في شمال سوريا")
    response = reader_client.get(reverse("claim_suggestions"), {"claim_new": "التحالف الدولي يعز"})
    assert [c.pk for c, _same in response.context["matches"]] == [claim.pk]
    for typed in ("ال", "قواعد التحالف", "الدولى"):
        with django_assert_num_queries(1):
            assert [c for c, _same in lookup.claim_matches(typed)] == [claim]


@pytest.mark.django_db
def test_the_editor_offers_the_claims_a_selected_passage_expresses(reader_client: Client) -> None:
    outlet = Outlet.objects.create(name_ar="منفذ", slug="outlet")
    body = (
        "قال المتحدث إن القوات الأمريكية لن تغادر سوريا قبل التسوية. "
        "وأكد مسؤول آخر أن القوات الأمريكية ستنسحب من سوريا قريبا."
    )
    article = Article.objects.create(outlet=outlet, body=body, content_hash=content_hash("", body))
    stays = Claim.objects.create(text_ar=US_STAYS)
    Claim.objects.create(text_ar=CAMPS)
    url = reverse("annotation_new", args=[article.pk])
    first = body.index(".")
    response = reader_client.get(url, {"start": 0, "end": first})
    suggested = response.context["suggested_claims"]
    assert suggested[0].claim == stays and suggested[0].relation == "same"
    assert f'data-id="{stays.pk}"' in response.text and 'data-stance="denies"' not in response.text
    start = first + 2
    response = reader_client.get(url, {"start": start, "end": len(body) - 1})
    suggested = response.context["suggested_claims"]
    assert suggested[0].claim == stays and suggested[0].relation == "contradicts"
    assert 'data-stance="denies"' in response.text and "contradicts" in response.text


@pytest.mark.django_db
def test_the_migration_backfills_normalised_claims_and_names() -> None:
    claim = Claim.objects.create(text_ar="القوّات انسحبت")
    claimant = Claimant.objects.create(name_ar="سانا", aliases=["الوكالة السورية"])
    Claim.objects.update(text_normalized="", terms=[])
    ClaimantName.objects.all().delete()
    migration = importlib.import_module("articles.migrations.0013_normalized_lookups")
    migration.backfill(apps, None)
    claim.refresh_from_db()
    assert claim.text_normalized == "القوات انسحبت" and claim.terms == ["انسحبت", "قوات"]
    assert lookup.claimant_named("الوكاله السوريه") == claimant
