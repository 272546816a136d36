"""Impact lists: the best-ranked articles of each frequent search term, for the first pages of
a query with many hits, without ranking every hit.

Ranking is `ts_rank(vector, t1 | t2 | ... | tn, 1)` over the query's positive terms, which
PostgreSQL computes as the mean of the per-term ranks `ts_rank(vector, ti, 1)`. For each term
with a list, `articles_search_impact` holds the articles whose rank for that term alone is above
the term's `floor`, with that rank; every other article containing the term ranks at most
`floor` for it (migration 0008's triggers keep both true on every insert, update and delete).

So an article in no list of the query's terms ranks at most mean(floors), and a listed article
at most the mean of its listed ranks and the floors of the other terms. `top_ids` ranks the
candidates exactly in that bound's order, only as far as needed to prove that the first `limit`
results cannot be beaten by anything not yet ranked; it returns None when it cannot prove it
(the caller then ranks every hit, as it would have without lists).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from django.db import OperationalError, connection, transaction

IMPACT_TABLE = "articles_search_impact"
FLOOR_TABLE = "articles_search_impact_floor"
# Articles kept per term when its list is built; later inserts above the floor are added.
# More than search.COUNT_CAP, so a list alone shows that a word has more hits than the cap.
DEPTH = 1200
# The deepest a list is made when readers walk past its depth (`search.upkeep.deepen_lists`):
# a deeper list costs the same ranking of every article with the term to build, and its rows.
MAX_DEPTH = 10_000
# Taken exclusively while a list is built, shared by the triggers of article writes: a list is
# built from a snapshot that no concurrent write can slip past.
LOCK = 7452019
# Candidates ranked first (at least 4 times the results asked for); then 4 times more each round.
FIRST_BATCH = 100
# Stored ranks are float4 and the bound adds them up in float8: leave room for rounding.
_SLACK = 1e-4


def term_query(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def floors(terms: Sequence[str]) -> dict[str, float]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, floor FROM {FLOOR_TABLE} WHERE term = ANY(%s)", [list(terms)])
        return dict(cursor.fetchall())


def listed_at_least(terms: Sequence[str], n: int) -> bool:
    """Whether the lists of `terms` hold at least `n` articles (each containing one of them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT count(*) FROM (SELECT DISTINCT article_id FROM {IMPACT_TABLE}
                                      WHERE term = ANY(%s) LIMIT %s) AS listed""",
            [list(terms), n],
        )
        return bool(cursor.fetchone()[0] >= n)


def build(terms: Sequence[str], depth: int | None = None) -> None:
    """(Re)build the lists of `terms`: their `depth` best articles, the next one's rank as floor.
    Costs one ranking of every article containing the term."""
    depth = DEPTH if depth is None else depth
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        for term in terms:
            query = term_query(term)
            cursor.execute(f"DELETE FROM {IMPACT_TABLE} WHERE term = %s", [term])
            cursor.execute(
                """SELECT id, ts_rank(search_vector, %s::tsquery, 1) AS score
                   FROM articles_article WHERE search_vector @@ %s::tsquery
                   ORDER BY score DESC LIMIT %s""",
                [query, query, depth + 1],
            )
            rows = cursor.fetchall()
            floor = rows[depth][1] if len(rows) > depth else 0.0
            cursor.executemany(
                f"INSERT INTO {IMPACT_TABLE} (term, article_id, score) VALUES (%s, %s, %s)",
                [(term, pk, score) for pk, score in rows[:depth]],
            )
            cursor.execute(
                f"""INSERT INTO {FLOOR_TABLE} (term, query, floor) VALUES (%s, %s::tsquery, %s)
                    ON CONFLICT (term) DO UPDATE SET query = EXCLUDED.query,
                                                     floor = EXCLUDED.floor""",
                [term, query, floor],
            )


def missing(terms: Sequence[str]) -> list[str]:
    """The terms without a list yet."""
    known = floors(terms)
    return [t for t in terms if t not in known]


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Statements inside are cancelled after `seconds` (PostgreSQL's statement_timeout, within a
    savepoint so the transaction goes on): raises `TimedOut`. The setting is restored after."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        before = cursor.fetchone()[0]
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)", [f"{int(seconds * 1000)}ms"]
                )
            yield
    except OperationalError as exc:
        if getattr(exc.__cause__, "sqlstate", None) != "57014":  # query_canceled
            raise
        raise TimedOut from exc
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [before])


class TimedOut(Exception):
    """A statement ran past `time_limit`."""


def ensure(terms: Sequence[str]) -> dict[str, float]:
    """Every term's floor, building the missing lists first."""
    known = floors(terms)
    missing = [t for t in terms if t not in known]
    if missing:
        build(missing)
        known = floors(terms)
    return known


# Ranks the given candidate ids exactly: (id, rank) of those matching the query and filters.
RankCandidates = Callable[[list[int]], list[tuple[int, float]]]
# Keeps (in order) the candidate ids that may match, without ranking them.
KeepCandidates = Callable[[list[int]], list[int]]


def _candidates(terms: Sequence[str], total_floor: float) -> list[tuple[int, float]]:
    """Every article in the terms' lists with the best rank it can reach (its listed scores, the
    floor for each term it is not listed under), best bound first."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT i.article_id, (sum(i.score) - sum(f.floor) + %s) / %s AS bound
                FROM {IMPACT_TABLE} i JOIN {FLOOR_TABLE} f ON f.term = i.term
                WHERE i.term = ANY(%s) GROUP BY i.article_id ORDER BY bound DESC""",
            [total_floor, len(terms), list(terms)],
        )
        candidates: list[tuple[int, float]] = cursor.fetchall()
    return candidates


def top_ids(
    terms: Sequence[str], limit: int, rank: RankCandidates, keep: KeepCandidates | None = None
) -> list[int] | None:
    """Ids that hold the `limit` best results (and any tied with the last), or None when the
    lists cannot prove which they are. When the first candidates do not suffice, `keep` (if
    given) drops the remaining candidates that cannot match, in one go."""
    known = ensure(terms)
    n = len(terms)
    total_floor = sum(known.values())
    candidates = _candidates(terms, total_floor)
    outside = total_floor / n  # the best any article in no list can do
    ranks: list[float] = []
    ranked: list[tuple[int, float]] = []
    done = 0
    batch = max(4 * limit, FIRST_BATCH)
    while True:
        chunk = candidates[done : done + batch]
        done += len(chunk)
        ranked += rank([pk for pk, _ in chunk])
        ranks = sorted((r for _, r in ranked), reverse=True)
        unseen = max(candidates[done][1] if done < len(candidates) else 0.0, outside)
        if len(ranks) >= limit and ranks[limit - 1] > unseen * (1 + _SLACK) + 1e-12:
            return [pk for pk, r in ranked if r >= ranks[limit - 1]]
        if done >= len(candidates):
            return None
        if keep is not None:
            # Articles that cannot match are no results: dropping them leaves the bounds true.
            kept = set(keep([pk for pk, _ in candidates[done:]]))
            candidates = candidates[:done] + [c for c in candidates[done:] if c[0] in kept]
            keep = None
        batch *= 4


def proven_order(
    terms: Sequence[str],
    needed: int,
    rank: RankCandidates,
    keep: KeepCandidates | None = None,
) -> tuple[list[tuple[int, float]], bool]:
    """The best results the lists prove, with their ranks, best first (ties in any order): at
    least `needed` of them when the lists reach that deep, else as many as they prove. The
    candidates are ranked in the order of their bound, in growing batches, as far as needed,
    like `top_ids`; every result tied with a proven one is proven with it. Also whether they
    are every hit (the lists hold every article with their terms: every floor is 0).
    ([], False) when a term has no list."""
    known = floors(terms)
    if len(known) < len(terms):
        return [], False
    n = len(terms)
    total_floor = sum(known.values())
    candidates = _candidates(terms, total_floor)
    if keep is not None and len(candidates) > needed:
        kept = set(keep([pk for pk, _ in candidates]))
        candidates = [c for c in candidates if c[0] in kept]
    every = not any(known.values())
    outside = total_floor / n
    ranked: list[tuple[int, float]] = []
    done = 0
    batch = max(needed + needed // 4, FIRST_BATCH)
    while True:
        chunk = candidates[done : done + batch]
        done += len(chunk)
        ranked += rank([pk for pk, _ in chunk])
        if done >= len(candidates) and every:
            return sorted(ranked, key=lambda h: -h[1]), True
        unseen = max(candidates[done][1] if done < len(candidates) else 0.0, outside)
        proven = sorted(
            ((pk, r) for pk, r in ranked if r > unseen * (1 + _SLACK) + 1e-12),
            key=lambda h: -h[1],
        )
        if len(proven) >= needed or done >= len(candidates):
            return proven, False
        batch *= 4


def listed_ranks(term: str, ids: list[int]) -> list[tuple[int, float]]:
    """(id, rank) of the listed articles among `ids`, from `term`'s list: for a query of that
    one term and no filter, exactly what ranking them gives (the list holds `ts_rank` of that
    term as PostgreSQL computed it, kept true on every write), without unpacking a vector."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT article_id, score FROM {IMPACT_TABLE} WHERE term = %s AND article_id = ANY(%s)",
            [term, ids],
        )
        ranks: list[tuple[int, float]] = cursor.fetchall()
    return ranks


def list_depths(terms: Sequence[str]) -> dict[str, int]:
    """How many articles each term's list holds (terms without a list are left out)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT term, count(*) FROM {IMPACT_TABLE} WHERE term = ANY(%s) GROUP BY term",
            [list(terms)],
        )
        return dict(cursor.fetchall())
