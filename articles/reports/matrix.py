"""The outlet × claim (or claimant × claim) matrix of stances."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import Count, QuerySet

from articles.models import Annotation, Claim, Claimant, Outlet
from articles.reports.filters import MentionFilterForm, filter_mentions
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
) -> Matrix:
    """Rows (outlets or claimants) × claims, each cell counted by stance and framing.

    The busiest claims and rows are kept (by number of mentions) so that the picture stays
    readable; the totals say how many were left out. Three queries.
    """
    row_field = "article__outlet_id" if mode == "outlets" else "claimant_id"
    counts = list(
        mentions.order_by()
        .exclude(**{f"{row_field}__isnull": True})
        .values(row_field, "claim_id", "stance", "framing")
        .annotate(n=Count("id"))
    )
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
    )


def outlet_url(outlet: Outlet) -> str:
    from django.urls import reverse

    return reverse("outlet_detail", args=[outlet.slug])


def claimant_url(claimant: Claimant) -> str:
    from django.urls import reverse

    return reverse("claimant_detail", args=[claimant.pk])


def filtered_matrix(*, form: MentionFilterForm | None, mode: MatrixMode, max_claims: int) -> Matrix:
    """The matrix of the mentions the filter form keeps."""
    return matrix(filter_mentions(Annotation.objects.all(), form), mode=mode, max_claims=max_claims)
