"""The article page: layout with offsets, boilerplate folded, copies, neighbours, query count."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from articles.claims.annotations import annotation_create
from articles.ingest.fingerprint import content_hash
from articles.models import Article, Claim, Claimant, Outlet, Tag
from articles.text_layout import blocks

pytestmark = pytest.mark.django_db


def _article(outlet: Outlet, body: str, **fields: Any) -> Article:
    return Article.objects.create(
        outlet=outlet, body=body, content_hash=content_hash("", body), **fields
    )


def test_blocks_split_paragraphs_at_boilerplate_edges_and_keep_offsets() -> None:
    body = "فقرة أولى\r\nفقرة ثانية تنتهي بتذييل\n\nتابعونا على تيليغرام\n"
    footer = body.index("بتذييل")
    out = blocks(body, [[footer, len(body), "footer"], ["bad"], [5, 2, "empty"]])
    assert [b.boilerplate for b in out] == [False, True]
    assert out[1].kinds == ["footer"]
    for block in out:
        for p in block.paragraphs:
            assert body[p.start : p.end] == p.text and "\r" not in p.text
    assert out[0].paragraphs[-1].text == "فقرة ثانية تنتهي "


def test_article_page_folds_boilerplate_and_lists_copies_both_ways(
    reader_client: Client, demo: None
) -> None:
    original = Article.objects.get(outlet__slug="sana")
    footer = original.body.index("تابعوا آخر الأخبار")
    original.boilerplate_spans = [[footer, len(original.body), "subscription footer"]]
    original.save()
    copy = _article(
        Outlet.objects.get(slug="al-binaa"), original.body + "\nنسخة", near_duplicate_of=original
    )
    text = reader_client.get(reverse("article_detail", args=[original.pk])).text
    folded = text.split('<details class="boilerplate">')[1].split("</details>")[0]
    assert "subscription footer" in folded and "تابعوا آخر الأخبار" in folded
    assert "تابعوا آخر الأخبار" not in text.split('<details class="boilerplate">')[0]
    assert "Also published by" in text and f'href="/articles/{copy.pk}/"' in text
    text = reader_client.get(reverse("article_detail", args=[copy.pk])).text
    assert f'href="/articles/{original.pk}/"' in text and "original" in text
    for start, end, para in re.findall(r'<p data-start="(\d+)" data-end="(\d+)">([^<]*)</p>', text):
        assert copy.body[int(start) : int(end)] == para.replace("&quot;", '"').replace(
            "&#x27;", "'"
        ).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def test_previous_and_next_follow_the_list_the_reader_came_from(
    reader_client: Client, demo: None
) -> None:
    outlet = Outlet.objects.get(slug="sana")
    when = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    newer = _article(outlet, "أحدث", published_at=when + dt.timedelta(days=1))
    older = _article(outlet, "أقدم", published_at=when)
    undated = Article.objects.get(outlet=outlet, published_at__isnull=True)
    listed = [a.pk for a in Article.objects.filter(outlet=outlet).newest_first()]
    assert listed == [newer.pk, older.pk, undated.pk]
    response = reader_client.get(
        reverse("article_detail", args=[older.pk]), {"from": "/?outlet=sana"}
    )
    assert response.context["preceding"] == newer and response.context["following"] == undated
    assert "from=%2F%3Foutlet%3Dsana" in response.text
    response = reader_client.get(
        reverse("article_detail", args=[undated.pk]), {"from": "/?outlet=sana"}
    )
    assert response.context["preceding"] == older and response.context["following"] is None
    response = reader_client.get(
        reverse("article_detail", args=[newer.pk]), {"from": "https://evil.example/"}
    )
    assert response.context["preceding"] is None and response.context["from_path"] == ""
    home = reader_client.get(reverse("article_list"), {"outlet": "sana"}).text
    assert f"/articles/{older.pk}/?from=%2F%3Foutlet%3Dsana" in home


def test_article_page_query_count_is_constant_with_200_annotations(
    reader_client: Client, demo: None, django_assert_num_queries: Any
) -> None:
    article = Article.objects.get(outlet__slug="sana")
    url = reverse("article_detail", args=[article.pk])
    reader_client.get(url, {"from": "/"})  # the user's permissions and the article's text cached
    # generations (session, user, permissions and the article's text come from the cache),
    # article, annotations, tags, chain, 2 neighbours
    with django_assert_num_queries(7):
        reader_client.get(url, {"from": "/"})
    claims = [Claim.objects.create(text_ar=f"ادعاء {i}") for i in range(20)]
    claimants = [Claimant.objects.create(name_ar=f"فاعل {i}") for i in range(5)]
    tag = Tag.objects.create(name="وسم", slug="wasm")
    for i in range(200):
        annotation_create(
            article=article,
            start=i,
            end=i + 7,
            claim=claims[i % 20],
            claimant=claimants[i % 5],
            chain=claimants[: i % 4],
            tags=[tag] if i % 2 else [],
        )
    with django_assert_num_queries(7):
        response = reader_client.get(url, {"from": "/"})
    assert response.text.count('class="annotation stance-') == 200 + 3  # and the three demo ones
    # generations, article, annotations, tags, chain
    with django_assert_num_queries(5):
        reader_client.get(
            reverse("annotation_panel", args=[article.pk]), headers={"HX-Request": "true"}
        )
