"""Every analysis page answers from the demo data, and keeps a constant number of queries."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Annotation, Claim, Claimant, Outlet
from tests.analysis.conftest import grow

pytestmark = pytest.mark.django_db


def _coordination() -> Claim:
    return Claim.objects.get(gloss_en__startswith="The US-led coalition coordinates")


PAGES: dict[str, Callable[[], str]] = {
    "claim_list": lambda: reverse("claim_list"),
    "claim_list_search": lambda: reverse("claim_list") + "?q=داعش&sort=recent",
    "claim_detail": lambda: reverse("claim_detail", args=[_coordination().pk]),
    "matrix": lambda: reverse("matrix_page"),
    "matrix_claimants": lambda: reverse("matrix_page") + "?mode=claimants&review_status=draft",
    "matrix_cell": lambda: (
        reverse("matrix_cell")
        + f"?row={Outlet.objects.get(slug='sana').pk}&claim={_coordination().pk}"
    ),
    "claimant_list": lambda: reverse("claimant_list"),
    "claimant_detail": lambda: reverse(
        "claimant_detail",
        args=[_coordination().annotations.exclude(claimant=None).first().claimant_id],
    ),
    "outlet_list": lambda: reverse("outlet_list") + "?sort=articles",
    "outlet_detail": lambda: reverse("outlet_detail", args=["sana"]),
    "merge_list": lambda: reverse("merge_list"),
}

# One query reads the cache generations (session, user and permissions then come from the
# cache, loaded by a first request); the rest is the page's own, whatever the amount of data.
QUERIES = {
    "claim_list": 5,  # count, page, its days' time zones, the claims without mentions
    "claim_list_search": 6,  # + the names compared in normalized form
    "claim_detail": 10,  # claim, tags, mentions counted per outlet and day, a page of them +
    # tags + chains, relations, options, merges, verdicts
    # tags for the filter, counts (and the busiest), claims, rows, mentions of originals with
    # copies (+ one for the copies when there are some)
    "matrix": 6,
    "matrix_claimants": 5,
    "matrix_cell": 7,  # claim, row, mentions + tags + chains, this outlet's copies
    "claimant_list": 4,  # count, page, its days' time zones
    # claimant, a page of mentions (count, rows, tags, chains), by claim, outlet and month in
    # one grouped query, claims, outlets, chains, relayed for, claimants
    "claimant_detail": 12,
    "outlet_list": 3,
    "outlet_detail": 8,  # by claim, claimant and month in one grouped query
    "merge_list": 2,
}


@pytest.mark.parametrize("name", PAGES)
def test_page_renders_from_the_demo_annotations(reader: Client, demo: None, name: str) -> None:
    response = reader.get(PAGES[name]())
    assert response.status_code == 200, response.content[:500]
    assert "Traceback" not in response.text


@pytest.mark.parametrize("name", PAGES)
def test_page_keeps_a_constant_number_of_queries(
    editor: Client, demo: None, name: str, django_assert_num_queries: Any
) -> None:
    url = PAGES[name]()
    count = QUERIES[name]
    editor.get(url)  # loads the user's permissions into the cache
    with django_assert_num_queries(count):
        editor.get(url)
    claim = _coordination()
    grow(12, claim=claim, seed=1)  # more outlets, claimants and mentions of the same claim
    grow(6, seed=2)  # more claims
    sana = Outlet.objects.get(slug="sana")
    grow_claimant = Claimant.objects.filter(claims_made__claim=claim).first()
    assert grow_claimant is not None and sana is not None
    editor.get(url)  # what is cached per catalogue generation (the claim menus) is built again
    with django_assert_num_queries(count):
        editor.get(url)


def test_anonymous_visitor_is_sent_to_login(client: Client, demo: None) -> None:
    for name in ("claim_list", "matrix_page", "claimant_list", "outlet_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_dossier_groups_mentions_by_outlet_and_links_to_passages(
    reader: Client, demo: None
) -> None:
    claim = _coordination()
    response = reader.get(reverse("claim_detail", args=[claim.pk]))
    text = response.text
    for mention in claim.annotations.all():
        assert f'href="{mention.get_absolute_url()}"' in text
    spread = response.context["spread"]
    assert {o.outlet.slug for o in spread.outlets} == set(
        claim.annotations.values_list("article__outlet__slug", flat=True)
    )
    # Undated articles are said to be undated, not given a date.
    assert spread.undated_count == claim.annotations.filter(article__published_at=None).count()
    if spread.undated_count:
        assert "undated-note" in text
    assert "<svg" in text and "<title>" in text


def test_a_busy_claims_dossier_counts_every_mention_and_lists_them_a_page_at_a_time(
    reader: Client, db: None
) -> None:
    from articles.views.claims import MENTIONS_PAGE

    claim = Claim.objects.create(text_ar="القوات انسحبت من المنطقة")
    made = grow(MENTIONS_PAGE + 5, claim=claim, seed=9)
    url = reverse("claim_detail", args=[claim.pk])
    first = reader.get(url)
    assert first.context["mention_count"] == len(made)
    assert len(first.context["spread"].outlets) == len(made)  # one outlet each
    assert first.context["tally"].total == len(made)
    assert first.text.count('class="mention ') == MENTIONS_PAGE
    # One timeline mark per outlet and day, saying how many mentions it stands for.
    dated = Annotation.objects.filter(claim=claim, article__published_at__isnull=False)
    days = {(m.article.outlet_id, m.article.published_at.date()) for m in dated}
    assert first.text.count('class="dot"') == len(days)
    marks = [int(n) for n in re.findall(r'data-mentions="(\d+)"', first.text)]
    assert sum(marks) == dated.count()
    assert 'rel="next"' in first.text
    second = reader.get(url, {"page": 2})
    assert second.text.count('class="mention ') == 5
    listed = {
        m.pk
        for _outlet, ms in [*first.context["page_groups"], *second.context["page_groups"]]
        for m in ms
    }
    assert listed == {m.pk for m in made}
    # Dated outlets first, in order of first appearance; undated ones after.
    dates = [o.first_date for o in first.context["spread"].outlets]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated) and dates[: len(dated)] == dated


def test_matrix_filters_and_reports_invalid_dates_without_crashing(
    reader: Client, demo: None
) -> None:
    response = reader.get(
        reverse("matrix_page"), {"date_from": "2019-01-01", "date_to": "2018-01-01"}
    )
    assert response.status_code == 200
    assert "form-errors" in response.text
    response = reader.get(reverse("matrix_page"), {"date_from": "not a date"})
    assert response.status_code == 200 and "error" in response.text
    response = reader.get(reverse("matrix_page"), {"alignment": "syrian_state"})
    rows = response.context["matrix"].rows
    assert rows and all(Outlet.objects.get(pk=r.key).alignment == "syrian_state" for r in rows)


def test_matrix_cell_answers_htmx_with_the_passages_fragment(reader: Client, demo: None) -> None:
    url = PAGES["matrix_cell"]()
    response = reader.get(url, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="passages"' in response.text
    full = reader.get(url)
    assert "<html" in full.text and 'id="passages"' in full.text


def test_claimant_search_finds_aliases_across_spellings(reader: Client, demo: None) -> None:
    claimant = Claimant.objects.exclude(aliases=[]).first()
    alias = claimant.aliases[0]
    response = reader.get(reverse("claimant_list"), {"q": alias})
    assert claimant in list(response.context["page"])


def test_claim_search_ignores_hamza_and_clitics(reader: Client, demo: None) -> None:
    # The claim says "القوات الأمريكية"; a reader types it without hamza and with a clitic.
    response = reader.get(reverse("claim_list"), {"q": "والقوات الامريكيه"})
    texts = [c.text_ar for c in response.context["page"]]
    assert "القوات الأمريكية لن تنسحب من سوريا" in texts
    response = reader.get(reverse("claim_list"), {"q": "zzzz"})
    assert list(response.context["page"]) == []
