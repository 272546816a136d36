"""Finding claims and claimants by what a reviewer types, and creating them only when new.

A "new" claim or claimant that reads the same as an existing one after Arabic normalisation is
the existing one: that is how duplicates are kept out. Suggestions for the editor rank existing
claims and claimants by Arabic-aware resemblance to the typed text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import arabic
from articles.models import Claim, Claimant, Tag

SUGGESTIONS = 8
NEW_PREFIX = "new:"
# Function words that would make every claim look "similar" to every other.
_STOP = {
    arabic.normalize(w)
    for w in "في من على الى إلى عن مع أن ان إن قد ما لا هذا هذه التي الذي".split()
}
_STOP |= {"the", "of", "in", "and", "to", "a", "an", "is", "on", "with", "by", "that"}


def normal_names(claimant: Claimant) -> set[str]:
    return {arabic.normalize(name).strip() for name in claimant.all_names}


def claimant_named(name: str) -> Claimant | None:
    """An existing claimant whose name or alias reads the same as `name` once normalised."""
    wanted = arabic.normalize(name).strip()
    for claimant in Claimant.objects.only("name_ar", "name_en", "aliases"):
        if wanted in normal_names(claimant):
            return claimant
    return None


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
        wanted = arabic.normalize(text)
        claim = next(
            (c for c in Claim.objects.only("text_ar") if arabic.normalize(c.text_ar) == wanted),
            None,
        ) or Claim.objects.create(text_ar=text, created_by=user)
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


def _terms(text: str) -> set[str]:
    return {t for t in arabic.terms(text) if t not in _STOP}


def claim_matches(query: str, claims: Iterable[Claim]) -> list[tuple[Claim, bool]]:
    """Claims resembling `query`, best first, each flagged when it is probably the same claim.

    Arabic-aware through `arabic.normalize`/`arabic.terms`: spelling variants (أ/ا, ة/ه, ى/ي,
    diacritics, tatweel) match. A claim matches on the typed text as a substring, or on shared
    words (a partly typed last word counts as a prefix).
    """
    wanted = arabic.normalize(query).strip()
    words = _terms(query)
    if not wanted:
        return []
    scored = []
    for claim in claims:
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
    scored.sort(key=lambda pair: -pair[0])
    return [(claim, score >= 0.6) for score, claim in scored[:SUGGESTIONS]]


def claimant_matches(query: str, claimants: Iterable[Claimant]) -> list[Claimant]:
    """Claimants whose name or any alias contains the typed text, normalised; exact names first."""
    wanted = arabic.normalize(query).strip()
    if not wanted:
        return []
    hits = []
    for claimant in claimants:
        names = normal_names(claimant)
        if wanted in names:
            hits.append((0, claimant))
        elif any(n.startswith(wanted) for n in names):
            hits.append((1, claimant))
        elif any(wanted in n for n in names):
            hits.append((2, claimant))
    hits.sort(key=lambda pair: (pair[0], pair[1].name_ar))
    return [claimant for _rank, claimant in hits[:SUGGESTIONS]]
