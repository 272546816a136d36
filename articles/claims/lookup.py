"""Finding claims and claimants by what a reviewer types, and creating them only when new.

A "new" claim or claimant that reads the same as an existing one after Arabic normalisation is
the existing one: that is how duplicates are kept out. Every lookup goes through indexed columns
kept on save by the receivers below (`Claim.text_normalized` and `Claim.terms`, and
`ClaimantName` rows): find-or-create by equality of the normalised form, editor suggestions by
prefix and trigram similarity, then ranked in Python among a few dozen candidates only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.db.models.functions import Left
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import arabic
from articles.claims.matching import content_terms
from articles.models import PREFIX_CHARS, Claim, Claimant, ClaimantName, Tag

SUGGESTIONS = 8
NEW_PREFIX = "new:"
# How many rows each indexed probe hands to the Python ranking.
CANDIDATES = 25
# Function words that would make every claim look "similar" to every other.
_STOP = {
    arabic.normalize(w)
    for w in "في من على الى إلى عن مع أن ان إن قد ما لا هذا هذه التي الذي".split()
}
_STOP |= {"the", "of", "in", "and", "to", "a", "an", "is", "on", "with", "by", "that"}


# --- The normalised columns, kept on save ------------------------------------------------------


def normal_text(text: str) -> str:
    """The matching form find-or-create compares: two wordings are one claim when equal."""
    return arabic.normalize(text).strip()


def claim_terms(text_ar: str, gloss_en: str = "") -> list[str]:
    return sorted(set(content_terms(f"{text_ar} {gloss_en}")))


def normal_names(claimant: Claimant) -> set[str]:
    return {n for n in (normal_text(name)[:300] for name in claimant.all_names) if n}


def claim_normalize(sender: Any, instance: Claim, **kwargs: Any) -> None:
    """pre_save: fill a claim's normalised wording and analysed words."""
    instance.text_normalized = normal_text(instance.text_ar)
    instance.terms = claim_terms(instance.text_ar, instance.gloss_en)


def claim_saved(sender: Any, instance: Claim, update_fields: Any = None, **kwargs: Any) -> None:
    """post_save: a save limited to some fields wrote the wording without its normalised form."""
    if update_fields is not None and not {"text_normalized", "terms"} <= set(update_fields):
        Claim.objects.filter(pk=instance.pk).update(
            text_normalized=instance.text_normalized, terms=instance.terms
        )


def claimant_names_sync(claimants: Iterable[Claimant]) -> None:
    """Make the `ClaimantName` rows of these claimants what their names and aliases read now."""
    claimants = list(claimants)
    if not claimants:
        return
    ClaimantName.objects.filter(claimant__in=claimants).delete()
    ClaimantName.objects.bulk_create(
        [ClaimantName(claimant=c, name=name) for c in claimants for name in normal_names(c)],
        ignore_conflicts=True,
    )


def claimant_saved(sender: Any, instance: Claimant, **kwargs: Any) -> None:
    """post_save: keep the claimant's normalised names."""
    claimant_names_sync([instance])


# --- Find or create ----------------------------------------------------------------------------


def claimant_named(name: str) -> Claimant | None:
    """An existing claimant whose name or alias reads the same as `name` once normalised
    (one indexed query)."""
    wanted = normal_text(name)[:300]
    if not wanted:
        return None
    return (
        Claimant.objects.filter(
            pk__in=ClaimantName.objects.filter(name=wanted).values("claimant_id")
        )
        .order_by("pk")
        .first()
    )


def claim_worded(text: str) -> Claim | None:
    """An existing claim whose wording reads the same as `text` once normalised."""
    wanted = normal_text(text)
    return Claim.objects.filter(text_normalized=wanted).order_by("pk").first() if wanted else None


def claimant_for_token(token: str) -> Claimant:
    """The claimant a form token names: an id, or `new:NAME` (an existing one that reads the same,
    or a new one)."""
    if token.isdigit():
        try:
            return Claimant.objects.get(pk=int(token))
        except Claimant.DoesNotExist:
            raise ValidationError(
                _("A claimant you chose no longer exists; choose again.")
            ) from None
    name = token.removeprefix(NEW_PREFIX).strip()[:300]
    return claimant_named(name) or Claimant.objects.create(name_ar=name)


def annotation_fields_resolve(
    *, data: dict[str, Any], chain_tokens: Sequence[str], user: User | None
) -> dict[str, Any]:
    """The claim, claimant, chain and tags the form names, creating the new ones it asks for.

    A "new" claim or claimant that reads the same as an existing one (after Arabic normalisation)
    is the existing one: that is how duplicates are kept out.
    """
    if data.get("claim"):
        claim = Claim.objects.filter(pk=data["claim"]).first()
        if claim is None:
            raise ValidationError(_("The chosen claim no longer exists; choose again."))
    else:
        text = data["claim_new"].strip()
        claim = claim_worded(text) or Claim.objects.create(text_ar=text, created_by=user)
    claimant = None
    if data.get("claimant"):
        claimant = claimant_for_token(str(data["claimant"]))
    elif (data.get("claimant_new") or "").strip():
        claimant = claimant_for_token(NEW_PREFIX + data["claimant_new"])
    tokens = list(chain_tokens)
    if (data.get("chain_q") or "").strip():
        tokens.append(NEW_PREFIX + data["chain_q"])
    chain = [claimant_for_token(token) for token in tokens]
    tags = []
    for name in dict.fromkeys(t.strip() for t in re.split("[,،؛]", data.get("tags") or "")):
        if name:
            slug = slugify(name, allow_unicode=True) or str(abs(hash(name)))
            tag = Tag.objects.filter(name=name).first()
            tags.append(
                tag or Tag.objects.get_or_create(slug=slug[:100], defaults={"name": name[:100]})[0]
            )
    return {
        "claim": claim,
        "claimant": claimant,
        "chain": chain,
        "stance": data["stance"],
        "framing": data["framing"],
        "tags": tags,
        "note": data.get("note") or "",
    }


# --- Suggestions -------------------------------------------------------------------------------


def _terms(text: str) -> set[str]:
    return {t for t in arabic.terms(text) if t not in _STOP}


def claim_candidates(query: str, *, limit: int = CANDIDATES) -> list[Claim]:
    """Claims that may resemble the typed text, through the indexes only, in one query: the
    typed text inside the wording (trigrams; for one or two characters, at its start: btree),
    or an analysed word shared with the wording or the English gloss; `limit` rows per probe."""
    wanted = normal_text(query)
    if not wanted:
        return []
    words = sorted(content_terms(query))
    # No ORDER BY in a probe: each stops at `limit` rows; sorting would read every match.
    probes: list[QuerySet[Any, Any]] = []
    if len(wanted) >= 3:
        probes.append(Claim.objects.filter(text_normalized__contains=wanted).values("pk"))
    else:
        probes.append(
            Claim.objects.annotate(head=Left("text_normalized", PREFIX_CHARS))
            .filter(head__startswith=wanted)
            .values("pk")
        )
    if words:
        probes.append(Claim.objects.filter(terms__overlap=words).values("pk"))
    first, *rest = (probe.order_by()[:limit] for probe in probes)
    ids = first.union(*rest, all=True) if rest else first
    fields = ("text_ar", "gloss_en", "text_normalized", "terms")
    return list(Claim.objects.filter(pk__in=ids).order_by().only(*fields))


def claim_matches(query: str, claims: Iterable[Claim] | None = None) -> list[tuple[Claim, bool]]:
    """Claims resembling `query`, best first, each flagged when it is probably the same claim.

    Arabic-aware through `arabic.normalize`/`arabic.terms`: spelling variants (أ/ا, ة/ه, ى/ي,
    diacritics, tatweel) match. A claim matches on the typed text as a substring, or on shared
    words (a partly typed last word counts as a prefix). Without `claims`, the candidates come
    from the indexes (`claim_candidates`), never from every claim.
    """
    wanted = arabic.normalize(query).strip()
    if not wanted:
        return []
    indexed = claims is None
    # The stored words leave out what `content_terms` leaves out: compare like with like.
    words = set(content_terms(query)) if indexed else _terms(query)
    if claims is None:
        claims = claim_candidates(query)
    scored = []
    for claim in claims:
        if indexed:  # the stored forms: nothing to analyse again
            text = f"{claim.text_normalized} {arabic.normalize(claim.gloss_en)}"
            have = set(claim.terms)
        else:
            text = arabic.normalize(f"{claim.text_ar} {claim.gloss_en}")
            have = _terms(f"{claim.text_ar} {claim.gloss_en}")
        if wanted in text:
            score = 1.0 + len(wanted) / max(len(text), 1)
        elif words:
            shared = sum(1 for w in words if w in have or any(h.startswith(w) for h in have))
            score = shared / len(words)
        else:
            score = 0.0
        if score >= 0.34:
            scored.append((score, claim))
    scored.sort(key=lambda pair: (-pair[0], pair[1].pk))
    return [(claim, score >= 0.6) for score, claim in scored[:SUGGESTIONS]]


def claimant_candidates(query: str, *, limit: int = CANDIDATES) -> list[Claimant]:
    """Claimants whose name or an alias is, starts with or contains the typed text (normalised),
    read in one query through the btree (equality, prefix) and trigram (inside) indexes of
    `ClaimantName`, `limit` rows per probe."""
    wanted = normal_text(query)[:300]
    if not wanted:
        return []
    conditions = [Q(name=wanted), Q(name__startswith=wanted)]
    if len(wanted) >= 3:
        conditions.append(Q(name__contains=wanted))
    # No ORDER BY in a probe: a common prefix (ال) matches half the table, and sorting it cost
    # 40-100 ms at 100,000 claimants; unordered, each scan stops at `limit` rows.
    first, *rest = (
        ClaimantName.objects.filter(c).values("claimant_id").order_by()[:limit] for c in conditions
    )
    ids = first.union(*rest, all=True)
    return list(
        Claimant.objects.filter(pk__in=ids).order_by().only("name_ar", "name_en", "aliases", "kind")
    )


def claimant_matches(query: str, claimants: Iterable[Claimant] | None = None) -> list[Claimant]:
    """Claimants whose name or any alias contains the typed text, normalised; exact names first.
    Without `claimants`, the candidates come from the indexes (`claimant_candidates`)."""
    wanted = arabic.normalize(query).strip()
    if not wanted:
        return []
    if claimants is None:
        claimants = claimant_candidates(query)
    hits = []
    for claimant in claimants:
        names = normal_names(claimant)
        if wanted in names:
            hits.append((0, claimant))
        elif any(n.startswith(wanted) for n in names):
            hits.append((1, claimant))
        elif any(wanted in n for n in names):
            hits.append((2, claimant))
    hits.sort(key=lambda pair: (pair[0], pair[1].name_ar, pair[1].pk))
    return [claimant for _rank, claimant in hits[:SUGGESTIONS]]
