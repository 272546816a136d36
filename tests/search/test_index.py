"""The search index: vectors kept current on save, the demo indexed, the README's seed queries."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Outlet
from articles.search.execution import Filters, search_articles
from articles.search.query import parse_query
from articles.search.suggestions import suggest

pytestmark = pytest.mark.django_db


def hits(q: str) -> set[str]:
    return {
        a.provenance.get("source_file", a.title) for a in search_articles(parse_query(q), Filters())
    }


ALL_SEEDS = {
    "000_398f31dbc2a75417.txt",
    "001_5b11a9e5e613e591.txt",
    "002_848d51e5e84e87d4.txt",
    "003_307b6d8156389d2c.txt",
    "004_6fc3cf2ddfe7e700.txt",
}


def test_american_forces_finds_all_five_seeds(demo: None) -> None:
    assert hits("القوات الأمريكية") == ALL_SEEDS


def test_deir_ez_zor_finds_the_glued_spelling(demo: None) -> None:
    assert "003_307b6d8156389d2c.txt" in hits("دير الزور")
    assert "003_307b6d8156389d2c.txt" in hits('"دير الزور"')


def test_obfuscated_word_is_found_by_its_plain_spelling(demo: None) -> None:
    assert hits("وتيرة") == {"003_307b6d8156389d2c.txt"}
    assert "003_307b6d8156389d2c.txt" in hits("الاستعدادات")


@pytest.fixture
def outlet() -> Outlet:
    return Outlet.objects.create(name_ar="منفذ", slug="outlet")


def make(outlet: Outlet, title: str, body: str, **kw: object) -> Article:
    return Article.objects.create(
        outlet=outlet, title=title, body=body, content_hash=title + body, **kw
    )


def test_new_article_is_indexed_on_create(outlet: Outlet) -> None:
    article = make(outlet, "عنوان", "وصلت القوات إلى المدينة")
    assert [a.pk for a in search_articles(parse_query("قوات"), Filters())] == [article.pk]


def test_changed_title_is_reindexed_on_save(outlet: Outlet) -> None:
    article = make(outlet, "الحكومة", "نص")
    article.title = "البرلمان"
    article.save(update_fields=["title"])
    assert list(search_articles(parse_query("حكومة"), Filters())) == []
    assert [a.pk for a in search_articles(parse_query("برلمان"), Filters())] == [article.pk]


def test_boilerplate_spans_are_not_indexed(outlet: Outlet) -> None:
    body = "خبر عن الانتخابات\nاشترك في قناة تلغرام"
    start = body.index("اشترك")
    make(outlet, "عنوان", body, boilerplate_spans=[[start, len(body), "footer"]])
    assert list(search_articles(parse_query("تلغرام"), Filters())) == []
    assert len(search_articles(parse_query("الانتخابات"), Filters())) == 1


def test_title_ranks_above_body(outlet: Outlet) -> None:
    in_body = make(outlet, "عنوان اول", "تقرير عن الزلزال في المدينة")
    in_title = make(outlet, "الزلزال", "تقرير عن المدينة")
    ranked = [a.pk for a in search_articles(parse_query("زلزال"), Filters())]
    assert ranked == [in_title.pk, in_body.pk]


def test_reindex_command_rebuilds_vectors_and_vocabulary(outlet: Outlet) -> None:
    article = make(outlet, "عنوان", "المستشفى")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET search_vector = NULL WHERE id = %s", [article.pk]
        )
        cursor.execute("TRUNCATE articles_search_vocabulary")
    call_command("reindex", stdout=open("/dev/null", "w"))
    assert len(search_articles(parse_query("مستشفى"), Filters())) == 1
    assert suggest(["المستشفي"]) is None


def test_did_you_mean_uses_the_corpus_vocabulary(demo: None) -> None:
    # 002 has the typo سشوريا; the corpus spells سوريا everywhere else.
    assert suggest(["سورياا"]) == "سوريا"
    assert suggest(["القوات"]) is None
