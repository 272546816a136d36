"""Which canonical claims a passage expresses: Arabic-aware text similarity, and polarity.

`rank_claims(passage, claims)` is pure: each claim is given as its wording and the texts of its
confirmed mentions; the answer is every claim's index with a score in [0, 1], best first.
The score of a claim is the best cosine similarity between the passage and any of its texts,
each text a TF-IDF vector (IDF over the candidates' texts and the passage) of
- analysed words (`arabic.terms`: normalised, article and conjunctions off, loanword spellings
  merged), without function words and reporting verbs, and
- character 3- and 4-grams inside those words, which match what light stemming leaves apart
  (انسحاب/تنسحب/الانسحاب, قوات/القوة), half the weight each.

Opposites: a passage that negates or denies what a claim's text asserts is not that claim.
A text's polarity is the parity of its negations (لم، لن، لا، ليس، عدم ...; not لا سيما, لا يزال)
and denial words (نفى، كذّب، دحض، أنكر، رفض، "عار عن الصحة" ...), with the cue's when it is given.
The relation to a claim is read from the text that matched best: the same polarity is "same",
the other "contradicts" (a mention whose stance is "denies" counts the other way round).
`rank_claims` puts every "same" claim before every "contradicts" one: what it ranks first is
what the passage says, never its opposite. `match_claims` gives the relation with each score.

This module imports Django only inside the functions that read the database, so that
`rank_claims` runs without settings (the benchmarks import it bare).
`claims_for_passage` reads its candidates from the database through the indexed columns
(`Claim.terms`, GIN; never every claim in Python), and re-ranks them the same way over each
candidate's wording and its confirmed mentions.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from articles import arabic

if TYPE_CHECKING:
    from articles.models import Claim

Relation = Literal["same", "contradicts"]

# Words that say nothing about what is claimed: function words, pronouns, reporting verbs in
# their common forms, negations (their meaning is carried by the polarity instead).
_STOP_WORDS = """
في من على الى إلى عن مع أن ان إن قد ما لا لم لن ليس ليست ليسوا هذا هذه ذلك تلك التي الذي الذين
هو هي هم هما نحن انه انها بأن بان وان كان كانت يكون تكون كل بعض غير عدم بين حتى او أو ثم بل لكن
الا إلا اذا إذا كما عند منذ خلال بعد قبل حول ضد لدى لها له لهم به بها فيه فيها منه منها عليه عليها
عنه عنها اليه إليه الان الآن أيضا ايضا اي أي اية أية وقد وكان وهو وهي ولا ولم ولن يا
قال قالت يقول تقول قالوا اكد أكد اكدت أكدت يؤكد تؤكد أكدوا اعلن أعلن اعلنت أعلنت يعلن تعلن
افاد أفاد افادت أفادت ذكر ذكرت يذكر اضاف أضاف اضافت أضافت تابع تابعت اوضح أوضح اوضحت أوضحت
اشار أشار اشارت أشارت مشيرا مشيراً موضحا موضحاً مؤكدا مؤكداً صرح صرّح صرحت قائلا قائلاً
نقل نقلت نقلا نقلاً بحسب حسب وفقا وفقاً وفق طبقا طبقاً لسان تصريح تصريحات بيان
the of in and to a an is are was were on with by that this for as at from be it its not no
"""
_STOP = frozenset(arabic.primary_term(arabic.normalize(w)) for w in _STOP_WORDS.split())

# Negation particles (normalised, after a leading و/ف is taken off) and the words after them that
# make no negation: لا سيما "especially", لا يزال / لم يزل "still", لا بد "must".
_NEGATIONS = frozenset("لم لن لا ليس ليست ليسوا ليسا لسنا لست عدم".split())
_NOT_NEGATED_AFTER = frozenset("سيما سيّما يزال تزال يزالون تزالان يزل تزل يزالا بد مفر".split())
# Denial verbs and nouns (normalised, without و/ف), and what a denial is of: "نفى أن ..." and
# "نفت صحة ..." deny a proposition; "رفض الاتهامات" too, but "رفض القرار" is itself the content.
_DENIALS = frozenset(
    """نفي نفت نفوا نفيا ينفي تنفي ينفون تنفيان نافيا نافيه كذب كذبت كذبوا يكذب تكذب تكذيب
    دحض دحضت دحضوا يدحض تدحض انكر انكرت انكروا ينكر تنكر انكار رفض رفضت رفضوا يرفض ترفض
    رافضا رافضه""".split()
)
_DENIED_OBJECTS = frozenset("ان بان انه انها انهم بانه بانها صحه وجود ما".split())
_REPORT_NOUNS = re.compile(r"^(?:ال)?(?:انباء|اتهام|مزاعم|ادعاء|تقارير|تقرير|شايع|اشاع|روايه)")
_BASELESS = re.compile(
    r"(?:عار|عاري|عاريه)\s+(?:عن|من)\s+ال?صحه|لا\s+(?:اساس|صحه)|غير\s+صحيح|مزاعم\s+كاذبه"
)
# Where a clause ends: punctuation, and the words that open a contrasting clause.
_CLAUSE_BREAK = re.compile(r"[،,;؛.:!?؟\n]|\s(?:لكن|لكنه|لكنها|ولكن|ولكنه|بينما|فيما|الا ان)\s")
_CLITICS = "وف"


@dataclass(frozen=True, slots=True)
class Ranked:
    index: int
    score: float
    relation: Relation


def _words(text: str) -> list[str]:
    return [arabic.normalize(w) for w in arabic.words(text)]


def _bare(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in _CLITICS else word


# How far after a denial verb its object may come (past a subject: نفى المتحدث باسم الوزارة أن).
_DENIAL_REACH = 6


def _is_denial(following: Sequence[str]) -> bool:
    return any(w in _DENIED_OBJECTS or _REPORT_NOUNS.match(w) for w in following[:_DENIAL_REACH])


def negations(text: str, *, cue: bool = False) -> int:
    """How many negations and denials the text holds (its polarity is the parity). A cue is a
    denial by itself (نفى); in running text a denial verb counts when a proposition or a report
    follows it within a few words (نفى أن، نفت الوزارة صحة، رفض الاتهامات)."""
    words = [_bare(w) for w in _words(text)]
    count = 0
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word in _NEGATIONS and nxt not in _NOT_NEGATED_AFTER:
            count += 1
        elif word in _DENIALS and (cue or _is_denial(words[i + 1 :])):
            count += 1
    return count + len(_BASELESS.findall(arabic.normalize(text)))


def clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE_BREAK.split(arabic.normalize(text)) if c.strip()]


def polarity(text: str, cue: str | None = None, *, about: str | None = None) -> int:
    """+1 when the text (with its cue) asserts, -1 when it negates or denies. With `about`,
    only the clauses that share a content word with that other text count: "لا يبدد القلق لكنه
    سيجعل العالم أكثر أمانا" does not contradict "سيجعل العالم أكثر أمانا"."""
    parts = clauses(text)
    if about is not None and len(parts) > 1:
        theirs = set(content_terms(about))
        shared = [c for c in parts if theirs & set(content_terms(c))]
        parts = shared or parts
    n = sum(negations(c) for c in parts) + (negations(cue, cue=True) if cue else 0)
    return -1 if n % 2 else 1


def content_terms(text: str) -> list[str]:
    """The analysed words that say what is claimed."""
    return [t for t in arabic.terms(text) if t and t not in _STOP and not t.isdigit()]


@functools.lru_cache(maxsize=4096)
def _terms_of(text: str) -> tuple[str, ...]:
    """`content_terms`, remembered: a panel's proposals share candidate claims and mentions,
    whose texts would otherwise be analysed again for every proposal."""
    return tuple(content_terms(text))


def _grams(terms: Sequence[str]) -> list[str]:
    out: list[str] = []
    for term in terms:
        padded = f"#{term}#"
        for n in (3, 4):
            out.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
    return out


def _weights(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vec = {k: (1 + math.log(c)) * idf[k] for k, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {k: v / norm for k, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


class _Space:
    """TF-IDF vectors (words and character n-grams) over one set of texts."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.terms = [Counter(_terms_of(t)) for t in texts]
        self.grams = [Counter(_grams(list(c.elements()))) for c in self.terms]
        self.term_vectors = self._vectors(self.terms)
        self.gram_vectors = self._vectors(self.grams)

    @staticmethod
    def _vectors(bags: list[Counter[str]]) -> list[dict[str, float]]:
        df: Counter[str] = Counter()
        for bag in bags:
            df.update(bag.keys())
        n = len(bags)
        idf = {k: math.log((n + 1) / (d + 1)) + 1.0 for k, d in df.items()}
        return [_weights(bag, idf) for bag in bags]

    def similarity(self, i: int, j: int) -> float:
        return 0.5 * _cosine(self.term_vectors[i], self.term_vectors[j]) + 0.5 * _cosine(
            self.gram_vectors[i], self.gram_vectors[j]
        )


def match_claims(
    passage: str,
    claims: Sequence[tuple[str, Sequence[str]]],
    *,
    cue: str | None = None,
    mention_denies: Sequence[Sequence[bool]] | None = None,
) -> list[Ranked]:
    """Every claim's index, score and relation to the passage, "same" first, best first.

    `mention_denies[i][k]` says that mention k of claim i was recorded with the stance "denies"
    (its text then stands for the claim's opposite).
    """
    texts = [passage]
    owners: list[tuple[int, int]] = []  # (claim index, mention index or -1 for the wording)
    for i, (wording, mentions) in enumerate(claims):
        texts.append(wording)
        owners.append((i, -1))
        for k, mention in enumerate(mentions):
            texts.append(mention)
            owners.append((i, k))
    space = _Space(texts)
    best: dict[int, tuple[float, Relation]] = {}
    for position, (i, k) in enumerate(owners, start=1):
        if not texts[position].strip():
            continue
        score = space.similarity(0, position)
        if i in best and best[i][0] >= score:
            continue
        flipped = k >= 0 and mention_denies is not None and bool(mention_denies[i][k])
        text = texts[position]
        side = polarity(passage, cue, about=text)
        same = (polarity(text, about=passage) == side) != flipped
        best[i] = (score, "same" if same else "contradicts")
    ranked = [
        Ranked(i, round(best.get(i, (0.0, "same"))[0], 4), best.get(i, (0.0, "same"))[1])
        for i in range(len(claims))
    ]
    ranked.sort(key=lambda r: (r.relation != "same", -r.score, r.index))
    return ranked


def rank_claims(passage: str, claims: list[tuple[str, list[str]]]) -> list[tuple[int, float]]:
    """Claim indices with scores, best first; claims the passage contradicts come last."""
    return [(r.index, r.score) for r in match_claims(passage, claims)]


# --- From the database ------------------------------------------------------------------------

# Candidates read for a passage, and confirmed mentions read per candidate.
CANDIDATE_CLAIMS = 30
MENTIONS_PER_CLAIM = 20
# Below this, a claim shares too little with the passage to be proposed at all.
MIN_SCORE = 0.05


@dataclass(frozen=True, slots=True)
class ClaimMatch:
    claim: Claim
    score: float
    relation: Relation


def candidate_claims(terms: Sequence[str], *, limit: int = CANDIDATE_CLAIMS) -> list[Claim]:
    """The claims sharing the most analysed words with `terms`, through the GIN index on
    `Claim.terms` (only claims sharing at least one word are read)."""
    from django.db.models.expressions import RawSQL

    from articles.models import Claim

    wanted = sorted(set(terms))
    if not wanted:
        return []
    shared = RawSQL(
        "cardinality(ARRAY(SELECT unnest(articles_claim.terms) INTERSECT SELECT unnest(%s::text[])))",
        (wanted,),
    )
    return list(
        Claim.objects.filter(terms__overlap=wanted)
        .annotate(shared=shared)
        .order_by("-shared", "pk")
        .only("text_ar", "gloss_en")[:limit]
    )


def claims_for_passage(*, text: str, cue: str | None = None, limit: int = 3) -> list[ClaimMatch]:
    """The existing claims a passage most likely expresses (or contradicts), best first.

    Candidates come from the indexed words of each claim's wording; each is scored against its
    wording and its latest confirmed mentions (`match_claims`): one query.
    """
    return claims_for_passages([(text, cue)], limit=limit)[0]


# One query for any number of passages: each passage's candidates (a LATERAL top-N over the GIN
# index on `Claim.terms`), then each distinct candidate once, with its latest confirmed mentions
# (a LATERAL top-N per claim over the annotations' claim index). Candidate rows carry the
# passage's position (`ord`, from 1); claim rows have none.
_PASSAGES_SQL = """
WITH passage AS MATERIALIZED (
    SELECT p.ord::int AS ord, ARRAY(SELECT jsonb_array_elements_text(p.terms)) AS terms
    FROM jsonb_array_elements(%(terms)s::jsonb) WITH ORDINALITY AS p(terms, ord)
), candidate AS MATERIALIZED (
    SELECT passage.ord, c.id, c.shared
    FROM passage CROSS JOIN LATERAL (
        SELECT claim.id, cardinality(ARRAY(
            SELECT unnest(claim.terms) INTERSECT SELECT unnest(passage.terms))) AS shared
        FROM articles_claim claim
        WHERE claim.terms && passage.terms
        ORDER BY shared DESC, claim.id
        LIMIT %(candidates)s
    ) c
)
SELECT candidate.ord, candidate.id, candidate.shared,
       NULL::text, NULL::text, NULL::text[], NULL::text[]
FROM candidate
UNION ALL
SELECT NULL, claim.id, NULL, claim.text_ar, claim.gloss_en, m.quotes, m.stances
FROM articles_claim claim CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(a.quote ORDER BY a.id DESC), '{}') AS quotes,
           coalesce(array_agg(a.stance ORDER BY a.id DESC), '{}') AS stances
    FROM (
        SELECT a.id, a.quote, a.stance FROM articles_annotation a
        WHERE a.claim_id = claim.id AND a.review_status = %(confirmed)s
        ORDER BY a.id DESC LIMIT %(mentions)s
    ) a
) m
WHERE claim.id IN (SELECT DISTINCT id FROM candidate)
"""


def claims_for_passages(
    passages: Sequence[tuple[str, str | None]], *, limit: int = 3
) -> list[list[ClaimMatch]]:
    """`claims_for_passage` for many (text, cue) passages at once, in one query (none when no
    passage has a content word): the article panel's likely claims for all its proposals.
    Each passage is ranked over its own candidates, as `claims_for_passage` ranks it alone."""
    import json

    from django.db import connection

    from articles.models import Annotation, Claim

    wanted = [sorted(set(content_terms(f"{text} {cue or ''}"))) for text, cue in passages]
    if not any(wanted):
        return [[] for _ in passages]
    params: dict[str, str | int] = {
        "terms": json.dumps(wanted),
        "candidates": CANDIDATE_CLAIMS,
        "confirmed": str(Annotation.ReviewStatus.CONFIRMED),
        "mentions": MENTIONS_PER_CLAIM,
    }
    with connection.cursor() as cursor:
        cursor.execute(_PASSAGES_SQL, params)
        rows = cursor.fetchall()
    fields = ["id", "text_ar", "gloss_en"]
    claims: dict[int, tuple[Claim, list[str], list[bool]]] = {}
    ranked_ids: dict[int, list[tuple[int, int]]] = {}
    for ord_, claim_id, shared, text_ar, gloss_en, quotes, stances in rows:
        if ord_ is None:
            claim = Claim.from_db(connection.alias, fields, [claim_id, text_ar, gloss_en])
            denies = [stance == Annotation.Stance.DENIES for stance in stances]
            claims[claim_id] = (claim, list(quotes), denies)
        else:
            ranked_ids.setdefault(ord_, []).append((-shared, claim_id))
    answers: list[list[ClaimMatch]] = []
    for position, (text, cue) in enumerate(passages, start=1):
        candidates = [claims[claim_id] for _s, claim_id in sorted(ranked_ids.get(position, []))]
        if not candidates:
            answers.append([])
            continue
        ranked = match_claims(
            text,
            [(claim.text_ar, quotes) for claim, quotes, _d in candidates],
            cue=cue,
            mention_denies=[denies for _c, _q, denies in candidates],
        )
        ranked.sort(key=lambda r: (-r.score, r.index))
        answers.append(
            [
                ClaimMatch(candidates[r.index][0], r.score, r.relation)
                for r in ranked
                if r.score >= MIN_SCORE
            ][:limit]
        )
    return answers
