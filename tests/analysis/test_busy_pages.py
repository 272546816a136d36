"""The analysis pages' faster forms give the numbers the plain computation gives: the matrix's
one statement (busiest claims and rows, totals, cells, copies' carried counts, filters, ties),
the outlet dossier's lookup by the outlet's articles, the timeline's day labels, the cached
claim menus (issue 21's busy claims)."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, Article, AttributionStep, Claim, Claimant, Outlet, Tag
from articles.reports import dossiers, filters, matrix
from articles.reports.dates import short_day_formatter, show_date

pytestmark = pytest.mark.django_db

BODY = "قالت وزارة الدفاع إن القوات انسحبت من المدينة بعد معارك استمرت ثلاثة أيام في الريف."
ALIGNMENTS = ["syrian_state", "syrian_opposition", "lebanese_pro_damascus"]


@pytest.fixture
def crowd() -> dict[str, Any]:
    """Six outlets, five claimants, seven claims, forty articles (some undated, some copies of
    another outlet's article with no annotations of their own), about ninety mentions of every
    review status (rejected ones too), some without a claimant, two highlights without a claim,
    tags on mentions and on claims, attribution chains; counts made to tie."""
    rng = random.Random(21)
    outlets = [
        Outlet.objects.create(
            name_ar=f"وسيلة {i}", slug=f"crowd-{i}", alignment=ALIGNMENTS[i % 3], timezone=zone
        )
        for i, zone in enumerate(["Asia/Damascus", "", "Asia/Beirut", "UTC", "", "Asia/Riyadh"])
    ]
    claimants = [Claimant.objects.create(name_ar=f"متحدث {i}") for i in range(5)]
    claimants[0].outlet = outlets[0]
    claimants[0].save()
    claims = [Claim.objects.create(text_ar=f"ادعاء رقم {i}") for i in range(7)]
    tag = Tag.objects.create(name="معارك", slug="battles")
    claims[2].tags.add(tag)
    articles: list[Article] = []
    for i in range(40):
        body = f"{i} {BODY}"
        articles.append(
            Article.objects.create(
                outlet=outlets[i % 6],
                title=f"خبر {i}",
                body=body,
                content_hash=content_hash("", body),
                published_at=None if i % 7 == 0 else datetime(2024, 1 + i % 5, 1 + i % 27, i % 24, tzinfo=UTC),
            )
        )  # fmt: skip
    mentions = []
    for n in range(90):
        target = articles[rng.randrange(0, 34)]
        mention = Annotation.objects.create(
            article=target,
            start=n % 20,
            end=n % 20 + 10,
            quote=target.body[n % 20 : n % 20 + 10],
            claim=claims[min(rng.randrange(0, 9), 6)],
            claimant=None if n % 11 == 0 else rng.choice(claimants),
            stance=rng.choice(Annotation.Stance.values),
            framing=rng.choice(Annotation.Framing.values),
            review_status=rng.choice(Annotation.ReviewStatus.values),
        )
        if n % 5 == 0:
            mention.tags.add(tag)
        for position in range(n % 3):
            AttributionStep.objects.create(
                annotation=mention, position=position, claimant=rng.choice(claimants)
            )
        mentions.append(mention)
    for k in (34, 35):  # highlights still awaiting a claim: never counted
        Annotation.objects.create(article=articles[k], start=0, end=5, quote=articles[k].body[:5])
    # Copies in other outlets of annotated articles, without annotations of their own.
    annotated = sorted({m.article_id for m in mentions})[:6]
    place = {o.pk: k for k, o in enumerate(outlets)}
    for i, original in enumerate(Article.objects.filter(pk__in=annotated)):
        Article.objects.create(
            outlet=outlets[(place[original.outlet_id] + 1 + i % 4) % 6],
            title=original.title,
            body=original.body,
            content_hash=original.content_hash,
            published_at=datetime(2024, 6, 1 + i, tzinfo=UTC),
            copy_of=original,
        )
    return {"outlets": outlets, "claimants": claimants, "claims": claims, "tag": tag}


def reference_matrix(
    rows: list[tuple[int, int, str, str, int]], *, max_claims: int, max_rows: int
) -> dict[str, Any]:
    """The matrix computed the plain way from (row, claim, stance, framing, weight) rows."""
    by_claim: Counter[int] = Counter()
    by_row: Counter[int] = Counter()
    for row, claim, _stance, _framing, n in rows:
        by_claim[claim] += n
        by_row[row] += n
    top_claims = sorted(by_claim, key=lambda c: (-by_claim[c], c))[:max_claims]
    top_rows = sorted(by_row, key=lambda r: (-by_row[r], r))[:max_rows]
    cells: dict[tuple[int, int], Counter[str]] = defaultdict(Counter)
    for row, claim, stance, framing, n in rows:
        if claim in top_claims and row in top_rows:
            cells[(row, claim)][f"s:{stance}"] += n
            cells[(row, claim)][f"f:{framing}"] += n
    return {
        "claims": top_claims,
        "rows": top_rows,
        "totals": (len(by_claim), len(by_row)),
        "cells": dict(cells),
    }


def as_compared(table: matrix.Matrix) -> dict[str, Any]:
    cells = {}
    for key, tally in table.cells.items():
        counts: Counter[str] = Counter()
        for stance, n in tally.stance.items():
            counts[f"s:{stance}"] += n
        for framing, n in tally.framing.items():
            counts[f"f:{framing}"] += n
        cells[key] = +counts
    return {
        "claims": [c.pk for c in table.claims],
        "rows": [r.key for r in table.rows],
        "totals": (table.total_claims, table.total_rows),
        "cells": cells,
    }


FILTERS = [
    {},
    {"review_status": "rejected"},
    {"review_status": "confirmed"},
    {"alignment": "syrian_state"},
    {"date_from": "2024-02-01", "date_to": "2024-06-30"},
    {"tag": "battles"},
    {"tag": "battles", "alignment": "syrian_opposition", "review_status": "draft"},
]


@pytest.mark.parametrize("query", FILTERS)
@pytest.mark.parametrize(("mode", "copies"), [("outlets", True), ("outlets", False), ("claimants", False)])  # fmt: skip
@pytest.mark.parametrize(("max_claims", "max_rows"), [(15, 30), (3, 2)])
def test_the_matrix_equals_the_plain_count_with_copies_rejected_mentions_and_filters(
    crowd: dict[str, Any],
    query: dict[str, str],
    mode: matrix.MatrixMode,
    copies: bool,
    max_claims: int,
    max_rows: int,
) -> None:
    form = filters.MentionFilterForm(query or None)
    assert form.is_valid() or not query
    row_field = "article__outlet_id" if mode == "outlets" else "claimant_id"
    kept = filters.filter_mentions(Annotation.objects.all(), form).exclude(
        **{f"{row_field}__isnull": True}
    )
    rows = [(*row, 1) for row in kept.values_list(row_field, "claim_id", "stance", "framing")]
    carried = matrix.carried_by_copies(form) if copies else None
    rows += [
        (c[row_field], c["claim_id"], c["stance"], c["framing"], c["n"]) for c in carried or []
    ]
    if copies and not query:
        assert carried, "the fixture's copies carry mentions"
    table = matrix.matrix(
        filters.filter_mentions(Annotation.objects.all(), form),
        mode=mode,
        max_claims=max_claims,
        max_rows=max_rows,
        carried=carried,
    )
    assert as_compared(table) == reference_matrix(rows, max_claims=max_claims, max_rows=max_rows)
    if not query:  # unfiltered, the page reads the counts the triggers keep: the same matrix
        tallied = matrix.filtered_matrix(
            form=form, mode=mode, max_claims=max_claims, copies=copies
        ) if max_rows == 30 else matrix.matrix(
            None, mode=mode, max_claims=max_claims, max_rows=max_rows, carried=carried
        )  # fmt: skip
        assert as_compared(tallied) == as_compared(table)
    for row in table.rows:  # a row's tally is its cells' among the busiest claims
        assert row.tally.total == sum(
            tally.total for (r, _c), tally in table.cells.items() if r == row.key
        )


def test_the_matrix_is_one_statement_whatever_the_number_of_mentions(
    crowd: dict[str, Any], django_assert_num_queries: Any
) -> None:
    mentions = filters.filter_mentions(Annotation.objects.all(), None)
    with django_assert_num_queries(3):  # the statement, the claims, the rows
        matrix.matrix(mentions, mode="outlets")


def test_the_outlet_dossier_counts_the_outlets_own_mentions(crowd: dict[str, Any]) -> None:
    for outlet in crowd["outlets"]:
        dossier = dossiers.outlet_dossier(outlet=outlet)
        own = Annotation.objects.filter(claim__isnull=False, article__outlet=outlet)
        by_claim = Counter(own.values_list("claim_id", flat=True))
        assert {c.pk: t.total for c, t in dossier["claims"]} == by_claim
        assert dossier["claim_total"] == len(by_claim)
        assert dossier["tally"].total == own.count()
        by_claimant = Counter(own.exclude(claimant=None).values_list("claimant_id", flat=True))
        assert {c.pk: t.total for c, t in dossier["claimants"]} == by_claimant
        # Intermediaries: chain steps (of any annotation in the outlet's articles) naming
        # another claimant than the annotation's, not one of the outlet's own voices.
        via: dict[int, set[int]] = defaultdict(set)
        for step in AttributionStep.objects.filter(annotation__article__outlet=outlet):
            annotation = step.annotation
            if step.claimant.outlet_id == outlet.pk or step.claimant_id == annotation.claimant_id:
                continue
            via[step.claimant_id].add(annotation.pk)
        assert {c.pk: n for c, n in dossier["intermediaries"]} == {
            k: len(v) for k, v in via.items()
        }
        assert (
            sum(n for _label, n in dossier["activity"].points) + dossier["activity"].undated
            == own.count()
        )


def test_the_claimant_dossier_counts_by_claim_outlet_and_month_in_one_pass(
    crowd: dict[str, Any],
) -> None:
    for claimant in crowd["claimants"]:
        dossier = dossiers.claimant_dossier(claimant=claimant)
        own = Annotation.objects.filter(claim__isnull=False, claimant=claimant)
        assert dossier["tally"].total == own.count()
        assert dossier["claim_total"] == own.values("claim_id").distinct().count()
        for claim, activity in dossier["claims"]:
            mine = own.filter(claim=claim)
            assert activity.tally.stance == Counter(mine.values_list("stance", flat=True))
            assert activity.tally.framing == Counter(mine.values_list("framing", flat=True))
            dates = [d for d in mine.values_list("article__published_at", flat=True) if d]
            assert (activity.first, activity.last) == (
                (min(dates), max(dates)) if dates else (None, None)
            )
        by_outlet = Counter(own.values_list("article__outlet_id", flat=True))
        assert {o.pk: row["n"] for o, row in dossier["outlets"]} == by_outlet
        for outlet, row in dossier["outlets"]:
            dates = [
                d
                for d in own.filter(article__outlet=outlet).values_list(
                    "article__published_at", flat=True
                )
                if d
            ]
            assert row["first"] == (min(dates) if dates else None)
        activity = dossier["activity"]
        assert sum(n for _label, n in activity.points) + activity.undated == own.count()
        assert activity.undated == own.filter(article__published_at=None).count()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_the_timelines_day_labels_are_show_dates_in_each_outlets_zone(language: str) -> None:
    moments = [
        datetime(2024, m, d, h, 30, tzinfo=UTC)
        for m in (1, 6, 12)
        for d in (1, 28)
        for h in (0, 22)
    ]
    with translation.override(language):
        day = short_day_formatter()
        for zone in ["Asia/Damascus", "America/Los_Angeles", "", None, "Not/AZone", "UTC"]:
            for moment in moments:
                assert day(moment, zone) == show_date(moment, zone=zone, short=True)


def test_matrix_cell_links_keep_the_pages_filters_and_name_their_row_and_claim(
    crowd: dict[str, Any], reader: Client
) -> None:
    page = reader.get(reverse("matrix_page"), {"review_status": "draft", "top": "30"})
    html = page.content.decode()
    table = page.context["matrix"]
    links = [
        f"{reverse('matrix_cell')}?review_status=draft&amp;top=30&amp;row={row}&amp;claim={claim}"
        for (row, claim) in table.cells
    ]
    assert links
    for link in links:
        assert html.count(f'href="{link}"') == 1
        assert html.count(f'hx-get="{link}"') == 1
    # Followed, a link opens that cell with the filters.
    row, claim = next(iter(table.cells))
    cell = reader.get(
        reverse("matrix_cell"), {"review_status": "draft", "top": "30", "row": row, "claim": claim}
    )
    assert cell.status_code == 200
    assert cell.context["tally"].total == table.cells[(row, claim)].total


def test_a_tally_bar_shows_each_present_value_with_its_label_and_count() -> None:
    from articles.reports.tallies import Tally
    from articles.templatetags.reports import tally_bar

    tally = Tally()
    tally.add("denies", "disputes", 1234)
    tally.add("asserts", "neutral", 5)
    with translation.override("en"):
        assert str(tally_bar(tally, "stance")) == (
            '<span class="tally tally-stance">'
            '<span class="seg stance-asserts" title="asserts: 5"><i class="swatch stance-asserts"'
            ' aria-hidden="true"></i>asserts <b>5</b></span>'
            '<span class="seg stance-denies" title="denies: 1234"><i class="swatch stance-denies"'
            ' aria-hidden="true"></i>denies <b>1234</b></span></span>'
        )
        assert "framing-disputes" in str(tally_bar(tally, "framing"))
        assert str(tally_bar(Tally(), "framing")) == '<span class="tally tally-framing"></span>'
