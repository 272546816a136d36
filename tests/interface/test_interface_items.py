"""Issue 18, item by item, as a reader meets it: messages instead of silence, choices nobody
made left unmade, tags split at the Arabic comma, one date everywhere, outlets named and placed,
small labels readable."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles.claims.annotations import annotation_create
from articles.claims.lookup import annotation_fields_resolve
from articles.infrastructure import permissions
from articles.models import Annotation, Article, Claim, Outlet, Tag
from articles.reports import charts
from articles.reports.dates import show_date
from articles.reports.dossiers import claim_spread

pytestmark = pytest.mark.django_db


def _client(client: Client, django_user_model: Any, role: str, language: str = "ar") -> Client:
    user = django_user_model.objects.create_user(username=f"u-{role.lower()}")
    user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


# --- 1. Messages instead of silence --------------------------------------------------------


def test_a_dispute_without_a_reason_answers_with_a_message_htmx_swaps_and_stays_a_draft(
    client: Client, demo: None, django_user_model: Any
) -> None:
    annotation = Annotation.objects.filter(review_status=Annotation.ReviewStatus.DRAFT).first()
    assert annotation is not None
    _client(client, django_user_model, permissions.REVIEWER, "en")
    response = client.post(
        reverse("review_decide", args=[annotation.pk]),
        {"action": "dispute", "reason": "", "version": str(annotation.version)},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "Say why you dispute" in response.text
    annotation.refresh_from_db()
    assert annotation.review_status == Annotation.ReviewStatus.DRAFT
    # htmx swaps 4xx answers only when told to: the page configures 422 (and 400, 409) to swap.
    page = client.get(reverse("review_queue")).text
    assert '"responseHandling"' in page and "422" in page


def test_a_zero_hit_search_says_what_to_try_including_dropping_each_chosen_filter(
    client: Client, demo: None, django_user_model: Any
) -> None:
    _client(client, django_user_model, permissions.READER, "en")
    response = client.get(reverse("search_page"), {"q": "zzzzqqqxx", "outlet": "sana"})
    text = response.text
    assert "No article matches." in text
    assert "searching without the filter “Outlet”" in text
    assert "?q=zzzzqqqxx" in text  # the link that drops the outlet
    assert "either word with OR" in text


def test_a_4000_character_query_gets_a_message_in_the_page_and_the_api(
    client: Client, demo: None, django_user_model: Any
) -> None:
    _client(client, django_user_model, permissions.READER, "en")
    query = "ق" * 4000
    page = client.get(reverse("search_page"), {"q": query})
    assert page.status_code == 200
    assert "The query is too long (4000 characters)" in page.text
    api = client.get(reverse("search_api"), {"q": query})
    assert api.status_code == 400 and "too long" in api.json()["error"]
    # The box itself refuses more than the limit, with the reason next to it.
    assert 'pattern=".{0,500}"' in page.text and 'id="search-too-long"' in page.text


def test_the_server_lets_a_long_search_address_through_to_django() -> None:
    source = importlib.import_module("articles.management.commands.runroom")
    text = open(source.__file__ or "", encoding="utf-8").read()
    assert '"--limit-request-line", "0"' in text


def test_the_shared_search_address_names_only_the_chosen_filters(
    client: Client, demo: None, django_user_model: Any
) -> None:
    _client(client, django_user_model, permissions.READER, "en")
    empty = {"q": "القوات", "outlet": "", "claim": "", "tag": "", "date_from": ""}
    response = client.get(reverse("search_page"), empty)
    assert response.status_code == 302
    assert response["Location"].endswith("/search/?q=%D8%A7%D9%84%D9%82%D9%88%D8%A7%D8%AA")
    partial = client.get(reverse("search_page"), empty, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    assert partial["HX-Push-Url"] == response["Location"]


# --- 2. No default stance or framing -------------------------------------------------------


def test_a_new_annotation_needs_a_chosen_stance_and_framing(
    client: Client, demo: None, django_user_model: Any
) -> None:
    _client(client, django_user_model, permissions.LEAD, "en")
    article = Article.objects.order_by("pk").first()
    assert article is not None
    editor = client.get(
        reverse("annotation_new", args=[article.pk]),
        {"start": 0, "end": 5},
        headers={"HX-Request": "true"},
    ).text
    assert 'name="stance" value="asserts" checked' not in editor
    assert 'name="framing" value="neutral" checked' not in editor
    before = Annotation.objects.count()
    response = client.post(
        reverse("annotation_add", args=[article.pk]),
        {"start": 0, "end": 5, "quote": article.body[:5], "claim_new": "ادعاء"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert "Choose the claimant&#x27;s stance." in response.text
    assert "Choose the outlet&#x27;s framing." in response.text
    assert Annotation.objects.count() == before


# --- 4. The Arabic comma separates tags ------------------------------------------------------


def test_the_arabic_comma_and_semicolon_separate_tags(demo: None, admin_user: Any) -> None:
    fields = annotation_fields_resolve(
        data={
            "claim_new": "ادعاء",
            "stance": "asserts",
            "framing": "neutral",
            "tags": "انسحاب، الوجود الأمريكي؛ دير الزور, انسحاب",
        },
        chain_tokens=[],
        user=admin_user,
    )
    assert [t.name for t in fields["tags"]] == ["انسحاب", "الوجود الأمريكي", "دير الزور"]


def test_the_data_migration_splits_tags_written_with_the_arabic_comma(demo: None) -> None:
    migration = importlib.import_module("articles.migrations.0016_interface")
    article = Article.objects.order_by("pk").first()
    claim = Claim.objects.order_by("pk").first()
    assert article and claim
    glued = Tag.objects.create(name="انسحاب، الوجود الأمريكي", slug="glued")
    annotation = annotation_create(
        article=article, start=0, end=5, claim=claim, claimant=None, tags=[glued]
    )
    migration.split_tags(django_apps, None)
    assert not Tag.objects.filter(name__contains="،").exists()
    assert {t.name for t in annotation.tags.all()} == {"انسحاب", "الوجود الأمريكي"}


# --- 5. One date everywhere -----------------------------------------------------------------


def test_the_al_binaa_article_is_11_october_2017_on_every_page_that_shows_it(
    client: Client, demo: None, django_user_model: Any
) -> None:
    article = Article.objects.get(outlet__slug="al-binaa")
    assert article.published_at is not None
    assert article.published_at.day == 10  # in UTC: the evening before, in Beirut
    claim = Claim.objects.create(text_ar="ادعاء لا يذكره إلا البناء")
    annotation_create(article=article, start=0, end=5, claim=claim, claimant=None)
    _client(client, django_user_model, permissions.READER, "ar")
    pages = {
        "article": reverse("article_detail", args=[article.pk]),
        "dossier": reverse("claim_detail", args=[claim.pk]),
        "claims": reverse("claim_list"),
    }
    for name, path in pages.items():
        text = client.get(path).text
        assert ("11 أكتوبر 2017" in text) or ("11 أكت 2017" in text), name
        assert "10 أكتوبر 2017" not in text and "10 أكت" not in text, name
    with translation.override("ar"):
        svg = charts.claim_timeline(claim_spread(claim), rtl=True)
    assert "11 أكتوبر 2017" in svg or "11 أكت" in svg
    assert "10 أكت" not in svg


def test_english_dates_use_the_latin_comma_and_arabic_ones_the_arabic_comma(demo: None) -> None:
    article = Article.objects.exclude(published_at=None).order_by("pk").first()
    assert article and article.published_at
    moment = article.published_at.replace(hour=12, minute=30)
    with translation.override("en"):
        english = show_date(moment, zone="UTC", with_time=True)
    with translation.override("ar"):
        arabic = show_date(moment, zone="UTC", with_time=True)
    assert "،" not in english and ", 12:30" in english
    assert "، 12:30" in arabic


# --- 7. Outlets named and placed --------------------------------------------------------------


def test_countries_show_in_the_interface_language(
    client: Client, demo: None, django_user_model: Any
) -> None:
    assert Outlet.objects.get(slug="sana").country == "SY"
    _client(client, django_user_model, permissions.READER, "ar")
    text = client.get(reverse("outlet_list")).text
    assert "<td>سوريا</td>" in text and "<td>لبنان</td>" in text and "<td>Syria" not in text
    detail = client.get(reverse("outlet_detail", args=["sana"])).text
    assert "توقيت دمشق" in detail and "Asia/Damascus" not in detail


def test_an_import_names_a_saudinewsnet_outlet_from_the_registry(demo: None) -> None:
    from articles.ingest.pipeline import OutletResolver

    resolver = OutletResolver(fixed=None)
    prepared = type("P", (), {"source": "sabq", "domain": "", "outlet_name": ""})()
    outlet, _how = resolver._create(prepared)  # type: ignore[arg-type]
    assert (outlet.name_ar, outlet.name_en, outlet.country) == ("صحيفة سبق", "Sabq", "SA")
    assert outlet.timezone == "Asia/Riyadh" and not outlet.needs_review
    was, _how = resolver._create(
        type("P", (), {"source": "was", "domain": "", "outlet_name": ""})()
    )  # type: ignore[arg-type]
    assert was.name_en == "Saudi Press Agency" and was.alignment == "saudi_state"


# --- 8, 13. Labels ------------------------------------------------------------------------------


def test_boilerplate_is_named_in_words_and_the_version_is_spelled_out(
    client: Client, demo: None, django_user_model: Any
) -> None:
    _client(client, django_user_model, permissions.LEAD, "ar")
    article = Article.objects.exclude(boilerplate_spans=[]).order_by("pk").first()
    assert article is not None
    text = client.get(reverse("article_detail", args=[article.pk])).text
    assert "date_line" not in text.split("<main", 1)[-1].split("data-spans", 1)[0]
    annotated = Annotation.objects.order_by("pk").first()
    assert annotated is not None
    page = client.get(reverse("article_detail", args=[annotated.article_id])).text
    assert "الإصدار 1" in page and "ن1" not in page


def test_readers_do_not_see_the_annotate_hint_but_annotators_do(
    client: Client, demo: None, django_user_model: Any
) -> None:
    article = Article.objects.order_by("pk").first()
    assert article is not None
    _client(client, django_user_model, permissions.READER, "en")
    assert 'id="reader-hint"' not in client.get(reverse("article_detail", args=[article.pk])).text
    other = Client()
    _client(other, django_user_model, permissions.REVIEWER, "en")
    assert 'id="reader-hint"' in other.get(reverse("article_detail", args=[article.pk])).text


def test_favicon_ico_is_served_and_linked_from_admin_pages(
    client: Client, demo: None, admin_user: Any
) -> None:
    response = Client().get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith(".svg")
    client.force_login(admin_user)
    assert 'rel="icon"' in client.get(reverse("admin:index")).text


# --- 12. A queued import says so ---------------------------------------------------------------


def test_a_queued_import_shows_waiting_not_100_percent_of_0_files(
    client: Client, demo: None, admin_user: Any
) -> None:
    from articles.models import ImportBatch

    batch = ImportBatch.objects.create(status=ImportBatch.Status.PENDING)
    client.force_login(admin_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("admin:articles_importbatch_progress", args=[batch.pk])).text
    assert "Queued: waiting for the background worker" in text
    assert "100%" not in text and "0 of 0 files" not in text
    batch.status, batch.total, batch.processed = ImportBatch.Status.RUNNING, 4, 1
    batch.save()
    text = client.get(reverse("admin:articles_importbatch_progress", args=[batch.pk])).text
    assert "25%" in text and "1 of 4 files processed" in text


# --- 13. A claim without mentions -----------------------------------------------------------------


def test_a_claim_whose_mentions_were_deleted_is_left_out_of_the_list_unless_asked_for(
    client: Client, demo: None, django_user_model: Any
) -> None:
    Claim.objects.create(text_ar="ادعاء حُذفت إشارته الوحيدة")
    _client(client, django_user_model, permissions.READER, "en")
    text = client.get(reverse("claim_list")).text
    assert "ادعاء حُذفت إشارته الوحيدة" not in text
    assert "Also show 1 claim without mentions" in text
    shown = client.get(reverse("claim_list"), {"unmentioned": "1"}).text
    assert "ادعاء حُذفت إشارته الوحيدة" in shown and "no mentions" in shown


def test_kappa_reads_with_a_point_and_a_minus_sign_and_outlet_counts_agree_in_arabic() -> None:
    from django.template import Context, Template

    from articles.templatetags.reports import decimal

    assert decimal(-1.0, 2) == "\u22121.00" and decimal(0.5, 2) == "0.50"
    with translation.override("ar"):
        text = Template(
            "{% load i18n %}{% blocktranslate count counter=5 %}{{ rows }} of {{ counter }} "
            "outlet{% plural %}{{ rows }} of {{ counter }} outlets{% endblocktranslate %}"
        ).render(Context({"rows": 5}))
    assert "وسائل" in text and "وسيلة" not in text
