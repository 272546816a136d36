"""The outlet × claim (or claimant × claim) matrix of stances."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Count, Exists, OuterRef, QuerySet

from articles.models import Annotation, Article, Claim, Claimant, Outlet
from articles.reports.filters import MentionFilterForm, filter_articles, filter_mentions
from articles.reports.tallies import Tally

STANCES: list[str] = list(Annotation.Stance.values)
FRAMINGS: list[str] = list(Annotation.Framing.values)
MatrixMode = Literal["outlets", "claimants"]


# --- Matrix ---------------------------------------------------------------------------------


@dataclass
class MatrixRow:
    key: int
    label: str
    sublabel: str
    url: str
    tally: Tally = field(default_factory=Tally)


@dataclass
class Matrix:
    mode: MatrixMode
    rows: list[MatrixRow]
    claims: list[Claim]
    cells: dict[tuple[int, int], Tally]
    total_claims: int
    total_rows: int
    copies: bool = False  # mentions carried by word-for-word copies were counted
    carried: int = 0  # how many of the counted mentions those are

    def cell(self, row: int, claim: int) -> Tally | None:
        return self.cells.get((row, claim))

    @property
    def grid(self) -> list[tuple[MatrixRow, list[tuple[Claim, Tally | None]]]]:
        return [(row, [(c, self.cell(row.key, c.pk)) for c in self.claims]) for row in self.rows]

    @property
    def max_cell(self) -> int:
        return max((t.total for t in self.cells.values()), default=0)


def matrix(
    mentions: QuerySet[Annotation],
    *,
    mode: MatrixMode,
    max_claims: int = 15,
    max_rows: int = 30,
    carried: list[dict[str, Any]] | None = None,
) -> Matrix:
    """Rows (outlets or claimants) × claims, each cell counted by stance and framing.

    The busiest claims and rows are kept (by number of mentions) so that the picture stays
    readable; the totals say how many were left out. Three queries. `carried`: more counts of
    the same shape (mentions carried by copies, `carried_by_copies`).
    """
    row_field = "article__outlet_id" if mode == "outlets" else "claimant_id"
    counts = list(
        mentions.order_by()
        .exclude(**{f"{row_field}__isnull": True})
        .values(row_field, "claim_id", "stance", "framing")
        .annotate(n=Count("id"))
    )
    counts.extend(carried or [])
    by_claim: Counter[int] = Counter()
    by_row: Counter[int] = Counter()
    for row in counts:
        by_claim[row["claim_id"]] += row["n"]
        by_row[row[row_field]] += row["n"]
    top_claims = [c for c, _n in sorted(by_claim.items(), key=lambda kv: (-kv[1], kv[0]))][
        :max_claims
    ]
    top_rows = [r for r, _n in sorted(by_row.items(), key=lambda kv: (-kv[1], kv[0]))][:max_rows]
    claims = Claim.objects.in_bulk(top_claims)
    rows: dict[int, MatrixRow] = {}
    if mode == "outlets":
        for outlet in Outlet.objects.filter(pk__in=top_rows):
            rows[outlet.pk] = MatrixRow(
                outlet.pk,
                outlet.name_ar,
                outlet.get_alignment_display(),
                outlet_url(outlet),
            )
    else:
        for claimant in Claimant.objects.filter(pk__in=top_rows):
            rows[claimant.pk] = MatrixRow(
                claimant.pk, claimant.name_ar, claimant.name_en, claimant_url(claimant)
            )
    keep_claims, keep_rows = set(top_claims), set(top_rows)
    cells: dict[tuple[int, int], Tally] = defaultdict(Tally)
    for row in counts:
        if row["claim_id"] in keep_claims and row[row_field] in keep_rows:
            cells[(row[row_field], row["claim_id"])].add(row["stance"], row["framing"], row["n"])
            rows[row[row_field]].tally.add(row["stance"], row["framing"], row["n"])
    return Matrix(
        mode=mode,
        rows=[rows[r] for r in top_rows if r in rows],
        claims=[claims[c] for c in top_claims if c in claims],
        cells=dict(cells),
        total_claims=len(by_claim),
        total_rows=len(by_row),
        copies=carried is not None,
        carried=sum(row["n"] for row in carried or []),
    )


def carried_by_copies(
    form: MentionFilterForm | None, *, claim: int | None = None
) -> list[dict[str, Any]]:
    """The mentions word-for-word copies carry, counted for the copy's outlet: each mention of
    an original, once per copy of it in another outlet that has no annotations of its own (a
    copy annotated in its own right counts its own). The form's date and alignment apply to the
    copy, its tag and review status to the mention. Two queries."""
    has_copies = Exists(Article.objects.filter(copy_of=OuterRef("article_id")))
    mentions = filter_mentions(Annotation.objects.filter(has_copies), form, by_article=False)
    if claim is not None:
        mentions = mentions.filter(claim_id=claim)
    per_original = list(
        mentions.order_by()
        .values("article_id", "claim_id", "stance", "framing")
        .annotate(n=Count("id"))
    )
    if not per_original:
        return []
    unannotated = ~Exists(Annotation.objects.filter(article=OuterRef("pk")))
    copies = filter_articles(
        Article.objects.filter(
            unannotated, copy_of_id__in={row["article_id"] for row in per_original}
        ),
        form,
    ).values_list("copy_of_id", "outlet_id")
    outlets_of: dict[int, list[int]] = defaultdict(list)
    for original, outlet in copies:
        outlets_of[original].append(outlet)
    carried: Counter[tuple[int, int, str, str]] = Counter()
    for row in per_original:
        for outlet in outlets_of.get(row["article_id"], ()):
            carried[(outlet, row["claim_id"], row["stance"], row["framing"])] += row["n"]
    return [
        {"article__outlet_id": o, "claim_id": c, "stance": st, "framing": fr, "n": n}
        for (o, c, st, fr), n in sorted(carried.items())
    ]


def outlet_url(outlet: Outlet) -> str:
    from django.urls import reverse

    return reverse("outlet_detail", args=[outlet.slug])


def claimant_url(claimant: Claimant) -> str:
    from django.urls import reverse

    return reverse("claimant_detail", args=[claimant.pk])


def filtered_matrix(
    *, form: MentionFilterForm | None, mode: MatrixMode, max_claims: int, copies: bool = True
) -> Matrix:
    """The matrix of the mentions the filter form keeps. With `copies` (outlet rows only), an
    outlet that published an annotated article word for word is counted with its mentions."""
    carried = carried_by_copies(form) if copies and mode == "outlets" else None
    return matrix(
        filter_mentions(Annotation.objects.all(), form),
        mode=mode,
        max_claims=max_claims,
        carried=carried,
    )
