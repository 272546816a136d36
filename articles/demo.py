"""Loading the demo data (fixtures/demo.json and the seed texts) idempotently."""

from __future__ import annotations

import json
import zoneinfo
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from articles.claims.annotations import annotation_create
from articles.ingest.boilerplate import find_spans
from articles.ingest.fingerprint import content_hash
from articles.models import Annotation, Article, Claim, Claimant, ClaimRelation, Outlet, Tag

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures"


class DemoDataError(Exception):
    pass


@dataclass
class DemoLoadResult:
    created: dict[str, int]

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def split_title(text: str, *, has_title_line: bool) -> tuple[str, str]:
    """The title line and the body of a one-article text file (the seeds' layout)."""
    text = text.replace("\r\n", "\n").lstrip("\ufeff")
    if not has_title_line:
        return "", text.strip()
    first, _, rest = text.partition("\n")
    return first.strip(), rest.strip()


def _find_span(body: str, quote: str, where: str) -> tuple[int, int]:
    start = body.find(quote)
    if start < 0:
        raise DemoDataError(f"{where}: quote not found in the article: {quote[:40]}…")
    if body.find(quote, start + 1) >= 0:
        raise DemoDataError(f"{where}: quote occurs more than once: {quote[:40]}…")
    return start, start + len(quote)


@transaction.atomic
def load_demo(data_dir: Path = DEMO_DIR) -> DemoLoadResult:
    spec: dict[str, Any] = json.loads((data_dir / "demo.json").read_text(encoding="utf-8"))
    created = {
        "tags": 0,
        "outlets": 0,
        "claimants": 0,
        "claims": 0,
        "articles": 0,
        "annotations": 0,
    }

    tags: dict[str, Tag] = {}
    for name in spec["tags"]:
        tags[name], new = Tag.objects.get_or_create(
            name=name, defaults={"slug": slugify(name, allow_unicode=True)}
        )
        created["tags"] += new

    outlets: dict[str, Outlet] = {}
    for o in spec["outlets"]:
        fields = {k: v for k, v in o.items() if k != "slug"}
        outlets[o["slug"]], new = Outlet.objects.get_or_create(slug=o["slug"], defaults=fields)
        created["outlets"] += new

    claimants: dict[str, Claimant] = {}
    for a in spec["claimants"]:
        defaults = {
            "name_en": a["name_en"],
            "kind": a["kind"],
            "aliases": a["aliases"],
            "parent": claimants[a["parent"]] if a.get("parent") else None,
            "outlet": outlets[a["outlet"]] if a.get("outlet") else None,
        }
        claimants[a["key"]], new = Claimant.objects.get_or_create(
            name_ar=a["name_ar"], defaults=defaults
        )
        created["claimants"] += new

    claims: dict[str, Claim] = {}
    for c in spec["claims"]:
        claim, new = Claim.objects.get_or_create(
            text_ar=c["text_ar"], defaults={"gloss_en": c["gloss_en"]}
        )
        if new:
            claim.tags.set([tags[t] for t in c["tags"]])
        claims[c["key"]] = claim
        created["claims"] += new

    for r in spec["claim_relations"]:
        ClaimRelation.objects.get_or_create(
            from_claim=claims[r["from"]], to_claim=claims[r["to"]], kind=r["kind"]
        )

    articles: dict[str, Article] = {}
    for a in spec["articles"]:
        raw = (data_dir / "seeds" / a["file"]).read_text(encoding="utf-8")
        title_line, body = split_title(raw, has_title_line=a["has_title_line"])
        outlet = outlets[a["outlet"]]
        published_at = None
        if a["published_at"]:
            published_at = datetime.fromisoformat(a["published_at"]).replace(
                tzinfo=zoneinfo.ZoneInfo(outlet.timezone)
            )
        date_text = a["published_at_source"].removeprefix("text: ").split(" (")[0]
        spans = find_spans(
            body,
            title=a["title"],
            date_text=date_text if a["published_at_source"].startswith("text: ") else "",
            signatures=[*outlet.signatures, outlet.name_ar],
        )
        article, new = Article.objects.get_or_create(
            content_hash=content_hash(a["title"], body),
            outlet=outlet,  # another outlet may hold a copy of the same text
            defaults={
                "boilerplate_spans": [list(span) for span in spans],
                "title": a["title"],
                "body": body,
                "author": a["author"],
                "published_at": published_at,
                "published_at_source": a["published_at_source"],
                "provenance": {"source_file": a["file"], "raw_title": title_line, "demo": True},
            },
        )
        articles[a["file"]] = article
        created["articles"] += new

    for i, n in enumerate(spec["annotations"]):
        article = articles[n["article"]]
        start, end = _find_span(article.body, n["quote"], f"annotation {i} in {n['article']}")
        claim = claims[n["claim"]]
        if Annotation.objects.filter(article=article, start=start, end=end, claim=claim).exists():
            continue
        annotation_create(
            article=article,
            start=start,
            end=end,
            claim=claim,
            claimant=claimants[n["claimant"]],
            chain=[claimants[k] for k in n["chain"]],
            stance=n["stance"],
            framing=n["framing"],
            tags=[tags[t] for t in n["tags"]],
            note=n["note"],
        )
        created["annotations"] += 1
    return DemoLoadResult(created=created)
