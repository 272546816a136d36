"""The outlet × claim (or claimant × claim) matrix of stances."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection
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


# One statement: the busiest claims and rows with their ranks and how many there are in all (c,
# r), then the cells of the busiest (g). The mentions are never materialised: counting by claim
# and by row is one pass (grouping sets) over only the two columns it needs (an index-only scan
# when no filter reads more), and the cells read the busiest claims' mentions through the claim
# index. Counts carried by copies (`carried_by_copies`) join as weighted rows. Grouping every
# mention by (row, claim, stance, framing) made nearly one group per mention, and materialising
# all of them (the previous form) spilled to disk at 50,000 mentions.
_MATRIX_SQL = """
WITH m AS NOT MATERIALIZED (
    SELECT row_id, claim_id, stance::text AS stance, framing::text AS framing
    FROM ({mentions}) AS mention(row_id, claim_id, stance, framing)
), carried(row_id, claim_id, stance, framing, w) AS (
    SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::bigint[])
), top AS MATERIALIZED (
    SELECT is_row, key, rank, total FROM (
        SELECT is_row, key, row_number() OVER (PARTITION BY is_row ORDER BY n DESC, key) AS rank,
               count(*) OVER (PARTITION BY is_row) AS total
        FROM (SELECT GROUPING(claim_id) AS is_row, coalesce(claim_id, row_id) AS key, sum(w) AS n
              FROM (SELECT row_id, claim_id, 1::bigint AS w FROM m
                    UNION ALL SELECT row_id, claim_id, w FROM carried) AS weighted
              GROUP BY GROUPING SETS ((claim_id), (row_id))) AS sums
    ) AS ranked
    WHERE rank <= CASE is_row WHEN 0 THEN %s ELSE %s END
)
(SELECT CASE is_row WHEN 0 THEN 'c' ELSE 'r' END, key, total, NULL, NULL, rank FROM top)
UNION ALL
(SELECT 'g', row_id, claim_id, stance, framing, sum(w)::bigint FROM (
    SELECT row_id, claim_id, stance, framing, 1::bigint AS w FROM m
    WHERE claim_id IN (SELECT key FROM top WHERE is_row = 0)
      AND row_id IN (SELECT key FROM top WHERE is_row = 1)
    UNION ALL
    SELECT * FROM carried
    WHERE claim_id IN (SELECT key FROM top WHERE is_row = 0)
      AND row_id IN (SELECT key FROM top WHERE is_row = 1)
 ) AS busiest
 GROUP BY row_id, claim_id, stance, framing)
"""


# The unfiltered matrix from the counts the triggers keep (`MentionTally`): the busiest claims
# and rows from their totals (a row per claim, a row per outlet or claimant), the cells from
# the busiest claims' rows. Same output as _MATRIX_SQL, without reading a mention.
_TALLY_SQL = """
WITH carried(row_id, claim_id, stance, framing, w) AS (
    SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::bigint[])
), top AS MATERIALIZED (
    SELECT is_row, key, rank, total FROM (
        SELECT is_row, key, row_number() OVER (PARTITION BY is_row ORDER BY n DESC, key) AS rank,
               count(*) OVER (PARTITION BY is_row) AS total
        FROM (SELECT is_row, key, sum(w) AS n FROM (
                  SELECT 0 AS is_row, claim_id AS key, n::bigint AS w FROM articles_mentiontally
                  WHERE kind = %s AND row_id = 0 AND claim_id <> 0
                  UNION ALL
                  SELECT 1, row_id, n::bigint FROM articles_mentiontally
                  WHERE kind = %s AND claim_id = 0 AND row_id <> 0
                  UNION ALL SELECT 0, claim_id, w FROM carried
                  UNION ALL SELECT 1, row_id, w FROM carried
              ) AS weighted GROUP BY is_row, key) AS sums
    ) AS ranked
    WHERE rank <= CASE is_row WHEN 0 THEN %s ELSE %s END
)
(SELECT CASE is_row WHEN 0 THEN 'c' ELSE 'r' END, key, total, NULL, NULL, rank FROM top)
UNION ALL
(SELECT 'g', row_id, claim_id, stance, framing, sum(w)::bigint FROM (
    SELECT row_id, claim_id, stance::text, framing::text, n::bigint AS w FROM articles_mentiontally
    WHERE kind = %s AND claim_id IN (SELECT key FROM top WHERE is_row = 0)
      AND row_id IN (SELECT key FROM top WHERE is_row = 1)
    UNION ALL
    SELECT * FROM carried
    WHERE claim_id IN (SELECT key FROM top WHERE is_row = 0)
      AND row_id IN (SELECT key FROM top WHERE is_row = 1)
 ) AS busiest
 GROUP BY row_id, claim_id, stance, framing)
"""


def matrix(
    mentions: QuerySet[Annotation] | None,
    *,
    mode: MatrixMode,
    max_claims: int = 15,
    max_rows: int = 30,
    carried: list[dict[str, Any]] | None = None,
) -> Matrix:
    """Rows (outlets or claimants) × claims, each cell counted by stance and framing.

    The busiest claims and rows are kept (by number of mentions) so that the picture stays
    readable; the totals say how many were left out. `mentions` None: all of them, read from
    the counts kept by the triggers (`MentionTally`). One SQL statement reads the mentions
    once, chooses the busiest and sends only their cells (choosing in Python read tens of
    thousands of groups with 50,000 mentions). Three queries. `carried`: more counts of the
    same shape (mentions carried by copies, `carried_by_copies`), weighing in the choice too.
    """
    row_field = "article__outlet_id" if mode == "outlets" else "claimant_id"
    ranked_claims: list[tuple[int, int]] = []
    ranked_rows: list[tuple[int, int]] = []
    total_claims = total_rows = 0
    counts: list[tuple[int, int, str, str, int]] = []
    with connection.cursor() as cursor:
        extra = carried or []
        columns = [
            [row[row_field] for row in extra],
            [row["claim_id"] for row in extra],
            [row["stance"] for row in extra],
            [row["framing"] for row in extra],
            [row["n"] for row in extra],
        ]
        if mentions is None:  # every mention: their counts
            kind = "o" if mode == "outlets" else "c"
            cursor.execute(_TALLY_SQL, (*columns, kind, kind, max_claims, max_rows, kind))
        else:
            rows_read = (
                mentions.order_by()
                .exclude(**{f"{row_field}__isnull": True})
                .values_list(row_field, "claim_id", "stance", "framing")
            )
            inner, params = rows_read.query.sql_with_params()
            cursor.execute(
                _MATRIX_SQL.format(mentions=inner), (*params, *columns, max_claims, max_rows)
            )
        for kind, a, b, stance, framing, n in cursor.fetchall():
            if kind == "c":
                ranked_claims.append((n, a))
                total_claims = b
            elif kind == "r":
                ranked_rows.append((n, a))
                total_rows = b
            else:
                counts.append((a, b, stance, framing, n))
    top_claims = [key for _rank, key in sorted(ranked_claims)]
    top_rows = [key for _rank, key in sorted(ranked_rows)]
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
    cells: dict[tuple[int, int], Tally] = defaultdict(Tally)
    for row_id, claim_id, stance, framing, n in counts:
        cells[(row_id, claim_id)].add(stance, framing, n)
        if row_id in rows:
            rows[row_id].tally.add(stance, framing, n)
    return Matrix(
        mode=mode,
        rows=[rows[r] for r in top_rows if r in rows],
        claims=[claims[c] for c in top_claims if c in claims],
        cells=dict(cells),
        total_claims=total_claims,
        total_rows=total_rows,
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
    unfiltered = form is None or not form.is_valid() or not form.active
    return matrix(
        None if unfiltered else filter_mentions(Annotation.objects.all(), form),
        mode=mode,
        max_claims=max_claims,
        carried=carried,
    )
