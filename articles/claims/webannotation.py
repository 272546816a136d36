"""Annotations as W3C Web Annotations (JSON-LD), out and back in.

Each mention becomes an `Annotation` whose target is the article in this reading room, selected
by a TextQuoteSelector (exact quote with its prefix and suffix) and a TextPositionSelector
(code-point offsets into the stored body); its body is a `ClaimMention` carrying the claim, the
claimant, the attribution chain, stance, framing, review status, tags and note. `import_json`
reads such a document back: everything is checked first, and either every annotation is
restored or none is, with a message per problem.

An import trusts nothing in the file: the importer is the author of every annotation (the
creator the file names is kept as text in the note), every annotation lands as a draft whatever
its `reviewStatus`, a `source` selects an article only when it is one of this room's own URLs or
the article's original URL, timestamps must lie in the range the database stores (years
1-9999 once the offset is applied), and no text may carry NUL or lone surrogates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.claims.annotations import annotation_create
from articles.claims.parts import UnknownPart, part_of_selectors, selectors_for_part
from articles.infrastructure import permissions
from articles.models import STORABLE_RANGE, Annotation, Article, Claim, Claimant, Tag

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
RR_CONTEXT: dict[str, Any] = {
    "rr": "urn:arabic-reading-room:",
    "ClaimMention": "rr:ClaimMention",
    "claim": {"@id": "rr:claim", "@type": "@id"},
    "claimant": {"@id": "rr:claimant", "@type": "@id"},
    "chain": {"@id": "rr:chain", "@container": "@list"},
    "stance": "rr:stance",
    "framing": "rr:framing",
    "reviewStatus": "rr:reviewStatus",
    "note": "rr:note",
    "tags": "rr:tags",
    "textAr": "rr:textAr",
    "glossEn": "rr:glossEn",
    "nameAr": "rr:nameAr",
    "nameEn": "rr:nameEn",
    "kind": "rr:kind",
    "aliases": "rr:aliases",
    "contentHash": "rr:contentHash",
}
CONTEXT: list[Any] = [W3C_CONTEXT, RR_CONTEXT]
MOTIVATION = "identifying"  # the passage is identified as a mention of a claim

MAX_BYTES = 5 * 1024 * 1024
MAX_ANNOTATIONS = 5000
MAX_ERRORS = 50
MAX_TEXT = 20_000
MAX_NAME = 300
MAX_CHAIN = 20
MAX_TAGS = 50


# --- Export -----------------------------------------------------------------------------------


def _claimant(claimant: Claimant, base: str) -> dict[str, Any]:
    return {
        "id": f"{base}/claimants/{claimant.pk}/",
        "nameAr": claimant.name_ar,
        "nameEn": claimant.name_en,
        "kind": claimant.kind,
        "aliases": list(claimant.aliases),
    }


def annotation_to_w3c(annotation: Annotation, base: str) -> dict[str, Any]:
    """One mention as a Web Annotation (the annotation must come from `with_details()`)."""
    article, claim = annotation.article, annotation.claim
    item: dict[str, Any] = {
        "id": f"{base}{annotation.get_absolute_url()}",
        "type": "Annotation",
        "motivation": MOTIVATION,
        "created": annotation.created_at.isoformat(),
        "modified": annotation.updated_at.isoformat(),
    }
    if annotation.author is not None:
        item["creator"] = {"type": "Person", "nickname": annotation.author.get_username()}
    item["body"] = {
        "type": "ClaimMention",
        "claim": {
            "id": f"{base}/claims/{claim.pk}/",
            "textAr": claim.text_ar,
            "glossEn": claim.gloss_en,
        },
        "claimant": _claimant(annotation.claimant, base) if annotation.claimant else None,
        "chain": [_claimant(step.claimant, base) for step in annotation.chain.all()],
        "stance": annotation.stance,
        "framing": annotation.framing,
        "reviewStatus": annotation.review_status,
        "tags": sorted(t.name for t in annotation.tags.all()),
        "note": annotation.note,
    }
    item["target"] = {
        "source": f"{base}{article.get_absolute_url()}",
        "contentHash": article.content_hash,
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": annotation.quote,
                "prefix": annotation.prefix,
                "suffix": annotation.suffix,
            },
            {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
        ],
    }
    # A headline or byline mention: the same selectors, refining the part's element.
    item["target"]["selector"] = selectors_for_part(annotation.part, item["target"]["selector"])
    return item


def collection(
    annotations: Iterable[Annotation], *, base: str, id: str, label: str
) -> dict[str, Any]:
    items = [annotation_to_w3c(a, base) for a in annotations]
    return {
        "@context": CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


# --- Import -----------------------------------------------------------------------------------


class WebAnnotationError(Exception):
    """The document was refused; `messages` says why, one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class ImportResult:
    created: list[Annotation] = field(default_factory=list)
    already_present: int = 0


@dataclass
class _Parsed:
    article: Article
    part: str
    start: int
    end: int
    claim: dict[str, Any]
    claimant: dict[str, Any] | None
    chain: list[dict[str, Any]]
    stance: str
    framing: str
    review_status: str
    tags: list[str]
    note: str
    creator: str | None
    created: Any
    modified: Any


class _Invalid(Exception):
    pass


def _has_type(obj: Any, name: str) -> bool:
    kind = obj.get("type", obj.get("@type")) if isinstance(obj, dict) else None
    return kind == name or (isinstance(kind, list) and name in kind)


def _items(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise WebAnnotationError(
            [_("The document must be a JSON object or a list of annotations.")]
        )
    if _has_type(document, "Annotation"):
        return [document]
    if _has_type(document, "AnnotationPage"):
        items = document.get("items")
    elif _has_type(document, "AnnotationCollection"):
        first = document.get("first")
        items = first.get("items") if isinstance(first, dict) else document.get("items")
    else:
        raise WebAnnotationError(
            [
                _(
                    "This is not a Web Annotation document: its type must be Annotation, AnnotationPage or AnnotationCollection."
                )
            ]
        )
    if not isinstance(items, list):
        raise WebAnnotationError([_("The collection has no list of annotations (“items”).")])
    return items


def _text(obj: dict[str, Any], key: str, *, limit: int = MAX_NAME, required: bool = False) -> str:
    value = obj.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _Invalid(_("“%(key)s” must be text.") % {"key": key})
    if required and not value.strip():
        raise _Invalid(_("“%(key)s” is missing.") % {"key": key})
    if len(value) > limit:
        raise _Invalid(
            _("“%(key)s” is longer than %(limit)s characters.") % {"key": key, "limit": limit}
        )
    return value


def _claimant_spec(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Invalid(_("%(where)s must be an object with a “nameAr”.") % {"where": where})
    aliases = value.get("aliases", [])
    if not isinstance(aliases, list) or not all(
        isinstance(a, str) and len(a) <= MAX_NAME for a in aliases
    ):
        raise _Invalid(_("%(where)s: “aliases” must be a list of names.") % {"where": where})
    kind = _text(value, "kind") or Claimant.Kind.OTHER
    if kind not in Claimant.Kind.values:
        raise _Invalid(_("%(where)s: unknown kind “%(kind)s”.") % {"where": where, "kind": kind})
    return {
        "name_ar": _text(value, "nameAr", required=True),
        "name_en": _text(value, "nameEn"),
        "kind": kind,
        "aliases": aliases[:MAX_TAGS],
    }


def room_article_pk(source: str, room_hosts: Iterable[str]) -> int | None:
    """The article a URL names, when the URL is this room's own (relative, or on its host)."""
    try:
        parts = urlsplit(source)
        hostname = parts.hostname
    except ValueError:
        return None
    if parts.scheme not in ("", "http", "https"):
        return None
    hosts = {host.lower() for host in room_hosts}
    if parts.netloc and parts.netloc.lower() not in hosts and (hostname or "") not in hosts:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.url_name != "article_detail":
        return None
    return int(match.kwargs["pk"])


def _article_for(
    target: dict[str, Any],
    articles: dict[str, Article],
    by_pk: dict[int, Article],
    by_url: dict[str, Article],
    room_hosts: Iterable[str],
) -> Article:
    digest = target.get("contentHash")
    if isinstance(digest, str) and digest in articles:
        return articles[digest]
    source = target.get("source")
    if isinstance(source, str):
        pk = room_article_pk(source, room_hosts)
        if pk is not None and pk in by_pk:
            return by_pk[pk]
        if source in by_url:
            return by_url[source]
    raise _Invalid(
        _("the target article is not in this reading room (“%(source)s”).")
        % {"source": str(source)[:200]}
    )


def _selectors(target: dict[str, Any]) -> tuple[str, dict[str, Any], dict[str, Any]]:
    selectors = target.get("selector")
    if isinstance(selectors, dict):
        selectors = [selectors]
    if not isinstance(selectors, list):
        raise _Invalid(_("the target has no selectors."))
    try:
        part, selectors = part_of_selectors(selectors)
    except UnknownPart as exc:
        raise _Invalid(
            _("the selector does not point into the article's body, headline or byline.")
        ) from exc
    quote = next((s for s in selectors if _has_type(s, "TextQuoteSelector")), None)
    position = next((s for s in selectors if _has_type(s, "TextPositionSelector")), None)
    if quote is None or position is None:
        raise _Invalid(_("a TextQuoteSelector and a TextPositionSelector are both needed."))
    return part, quote, position


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_unstorable_text(value: Any, depth: int = 0) -> None:
    """PostgreSQL stores no NUL and UTF-8 has no lone surrogates: refuse them anywhere."""
    if isinstance(value, str):
        if "\x00" in value:
            raise _Invalid(_("the text contains a NUL character."))
        if _SURROGATE.search(value):
            raise _Invalid(_("the text contains an invalid character (a lone surrogate)."))
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_unstorable_text(key, depth + 1)
            _refuse_unstorable_text(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _refuse_unstorable_text(item, depth + 1)


def parse_timestamp(value: Any) -> datetime | None:
    """An aware date-time within the years the database stores, or _Invalid.

    A time without an offset is read as UTC. The year is checked after the offset is applied:
    `0001-01-01T00:00:00+14:00` is 31 December 1 BC in UTC, which PostgreSQL would store but
    Python cannot read back.
    """
    if value is None:
        return None
    message = _(
        "“created” and “modified” must be ISO 8601 date-times between the years 1 and 9999."
    )
    if not isinstance(value, str) or len(value) > 64:
        raise _Invalid(message)
    try:
        parsed = parse_datetime(value)
    except (ValueError, OverflowError) as exc:
        raise _Invalid(message) from exc
    if parsed is None:
        raise _Invalid(message)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        normalised = parsed.astimezone(UTC)
    except (ValueError, OverflowError) as exc:
        raise _Invalid(message) from exc
    if not STORABLE_RANGE[0] <= normalised <= STORABLE_RANGE[1]:
        raise _Invalid(message)
    return normalised


def _parse_one(
    item: Any,
    articles: dict[str, Article],
    by_pk: dict[int, Article],
    by_url: dict[str, Article],
    room_hosts: Iterable[str],
) -> _Parsed:
    if not _has_type(item, "Annotation"):
        raise _Invalid(_("not an object of type Annotation."))
    _refuse_unstorable_text(item)
    target, body = item.get("target"), item.get("body")
    if not isinstance(target, dict):
        raise _Invalid(_("the target must be an object with a source and selectors."))
    if not isinstance(body, dict) or not _has_type(body, "ClaimMention"):
        raise _Invalid(_("the body must be a ClaimMention (claim, claimant, chain, stance)."))
    article = _article_for(target, articles, by_pk, by_url, room_hosts)
    part, quote_sel, position = _selectors(target)
    text = article.part_text(part)
    start, end = position.get("start"), position.get("end")
    if type(start) is not int or type(end) is not int:
        raise _Invalid(_("the TextPositionSelector's start and end must be whole numbers."))
    if not 0 <= start < end <= len(text):
        raise _Invalid(
            _("the offsets %(start)s–%(end)s are outside the article (length %(length)s).")
            % {"start": start, "end": end, "length": len(text)}
        )
    exact = _text(quote_sel, "exact", limit=MAX_TEXT, required=True)
    prefix = _text(quote_sel, "prefix", limit=MAX_TEXT)
    suffix = _text(quote_sel, "suffix", limit=MAX_TEXT)
    if (
        text[start:end] != exact
        or not text[:start].endswith(prefix)
        or not text[end:].startswith(suffix)
    ):
        raise _Invalid(
            _("the quoted text does not match the article at offsets %(start)s–%(end)s.")
            % {"start": start, "end": end}
        )
    claim = body.get("claim")
    if not isinstance(claim, dict):
        raise _Invalid(_("the body has no claim."))
    claimant = body.get("claimant")
    chain = body.get("chain", [])
    if not isinstance(chain, list) or len(chain) > MAX_CHAIN:
        raise _Invalid(_("the chain must be a list of at most %(n)s claimants.") % {"n": MAX_CHAIN})
    tags = body.get("tags", [])
    if (
        not isinstance(tags, list)
        or len(tags) > MAX_TAGS
        or not all(isinstance(t, str) and 0 < len(t) <= 100 for t in tags)
    ):
        raise _Invalid(_("“tags” must be a list of tag names."))
    choices = {
        "stance": Annotation.Stance.values,
        "framing": Annotation.Framing.values,
        "reviewStatus": Annotation.ReviewStatus.values,
    }
    values: dict[str, str] = {}
    for key, allowed in choices.items():
        values[key] = _text(body, key, required=True)
        if values[key] not in allowed:
            raise _Invalid(
                _("unknown %(key)s “%(value)s”.") % {"key": key, "value": values[key][:40]}
            )
    creator = item.get("creator")
    nickname = _text(creator, "nickname") if isinstance(creator, dict) else None
    parsed_dates = [parse_timestamp(item.get(k)) for k in ("created", "modified")]
    return _Parsed(
        article=article,
        part=part,
        start=start,
        end=end,
        claim={
            "text_ar": _text(claim, "textAr", limit=MAX_TEXT, required=True),
            "gloss_en": _text(claim, "glossEn", limit=MAX_TEXT),
        },
        claimant=_claimant_spec(claimant, _("the claimant")) if claimant is not None else None,
        chain=[_claimant_spec(a, _("a chain step")) for a in chain],
        stance=values["stance"],
        framing=values["framing"],
        review_status=values["reviewStatus"],
        tags=tags,
        note=_text(body, "note", limit=MAX_TEXT),
        creator=nickname or None,
        created=parsed_dates[0],
        modified=parsed_dates[1],
    )


def parse_document(raw: bytes | str) -> Any:
    if len(raw) > MAX_BYTES:
        raise WebAnnotationError(
            [_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}]
        )
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise WebAnnotationError(
            [_("The file is not valid JSON: %(error)s") % {"error": str(exc)[:200]}]
        ) from exc


def _get_claimant(spec: dict[str, Any], cache: dict[str, Claimant]) -> Claimant:
    if spec["name_ar"] not in cache:
        claimant = Claimant.objects.filter(name_ar=spec["name_ar"]).order_by("pk").first()
        if claimant is None:
            claimant = Claimant.objects.create(**spec)
        cache[spec["name_ar"]] = claimant
    return cache[spec["name_ar"]]


@transaction.atomic
def import_json(raw: bytes | str, *, importer: Any, room_hosts: Iterable[str] = ()) -> ImportResult:
    """Restore the annotations of a Web Annotation document as drafts by `importer`.

    All or nothing. `room_hosts` are the host names (with port, if any) this room answers on:
    only sources on them, relative ones, or an article's original URL select an article.
    """
    if not permissions.can_import(importer):
        raise PermissionDenied
    room_hosts = list(room_hosts)
    items = _items(parse_document(raw))
    if len(items) > MAX_ANNOTATIONS:
        raise WebAnnotationError(
            [_("Too many annotations in one file (at most %(n)s).") % {"n": MAX_ANNOTATIONS}]
        )
    hashes: set[str] = set()
    pks: set[int] = set()
    sources: set[str] = set()
    for item in items:
        target = item.get("target") if isinstance(item, dict) else None
        if isinstance(target, dict):
            if isinstance(target.get("contentHash"), str):
                hashes.add(target["contentHash"])
            source = target.get("source")
            if isinstance(source, str) and "\x00" not in source and len(source) <= 2000:
                sources.add(source)
                pk = room_article_pk(source, room_hosts)
                if pk is not None and pk < 2**63:
                    pks.add(pk)
    found = list(
        Article.objects.filter(content_hash__in=hashes)
        | Article.objects.filter(pk__in=pks)
        | Article.objects.filter(url__in=sources)
    )
    by_hash: dict[str, Article] = {}
    # Another outlet's copy shares its original's hash: a target named by hash alone is the
    # original (the first stored).
    for a in sorted(found, key=lambda a: (a.copy_of_id is not None, a.pk)):
        by_hash.setdefault(a.content_hash, a)
    by_pk = {a.pk: a for a in found}
    by_url = {a.url: a for a in found if a.url}

    parsed: list[_Parsed] = []
    errors: list[str] = []
    for index, item in enumerate(items, start=1):
        try:
            parsed.append(_parse_one(item, by_hash, by_pk, by_url, room_hosts))
        except _Invalid as exc:
            errors.append(_("Annotation %(n)s: %(problem)s") % {"n": index, "problem": exc})
            if len(errors) >= MAX_ERRORS:
                errors.append(_("… further problems not listed."))
                break
    if errors:
        raise WebAnnotationError(errors)
    if not parsed:
        raise WebAnnotationError([_("The document contains no annotations.")])

    claimants: dict[str, Claimant] = {}
    claims: dict[str, Claim] = {}
    tags: dict[str, Tag] = {}
    result = ImportResult()
    for p in parsed:
        if p.claim["text_ar"] not in claims:
            claim = Claim.objects.filter(text_ar=p.claim["text_ar"]).order_by("pk").first()
            claims[p.claim["text_ar"]] = claim or Claim.objects.create(**p.claim)
        claim = claims[p.claim["text_ar"]]
        if Annotation.objects.filter(
            article=p.article, part=p.part, start=p.start, end=p.end, claim=claim
        ).exists():
            result.already_present += 1
            continue
        for name in p.tags:
            if name not in tags:
                tags[name] = Tag.objects.filter(name=name).first() or Tag.objects.create(
                    name=name, slug=_unique_slug(name)
                )
        annotation = annotation_create(
            article=p.article,
            part=p.part,
            start=p.start,
            end=p.end,
            claim=claim,
            claimant=_get_claimant(p.claimant, claimants) if p.claimant else None,
            chain=[_get_claimant(a, claimants) for a in p.chain],
            stance=p.stance,
            framing=p.framing,
            tags=[tags[t] for t in p.tags],
            note=_note_with_creator(p.note, p.creator, importer),
            author=importer,
        )
        dates = {k: v for k, v in (("created_at", p.created), ("updated_at", p.modified)) if v}
        if dates:
            Annotation.objects.filter(pk=annotation.pk).update(**dates)
        result.created.append(annotation)
    return result


def _note_with_creator(note: str, creator: str | None, importer: Any) -> str:
    """The file's claimed creator stays visible as text, never as an account."""
    if not creator or creator == importer.get_username():
        return note
    line = _("Imported; the file names its creator as “%(creator)s”.") % {"creator": creator}
    return f"{note}\n\n{line}" if note else line


def _unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:90] or "tag"
    slug, n = base, 1
    while Tag.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
