"""Annotations as W3C Web Annotations (JSON-LD), out and back in.

Export
------
`annotation_to_w3c(annotation, base, standalone=...)` is the one serializer of a mention;
`iter_collection(...)` writes an AnnotationCollection as a stream of text (its catalogue, then
one embedded AnnotationPage), so 100,000 annotations never sit in memory; `collection(...)` is
the same document as a dict for small sets; `full_export(base, id=...)` is every claim,
claimant and annotation of the room (what `import_json` restores losslessly).

Choices made where the Web Annotation Data Model leaves them open:

- An annotation's `id` is its own address (`/annotations/<pk>.jsonld`), which serves it alone
  with its `@context`; inside a collection it shares the collection's context (the model says
  embedded annotations SHOULD NOT repeat it).
- Bodies: a `ClaimMention` (the structured mention: claim, claimant, chain, stance, framing,
  tags, note), with an `id` (`<annotation>#mention`) as the model requires of a body that is
  neither a TextualBody nor a SpecificResource; beside it, `TextualBody`s a generic consumer can
  read: the claim and claimant in words in Arabic (`language: ar`) and, when the room has an
  English gloss, in English (`language: en`), purpose `describing`; one `tagging` body per tag
  and a `commenting` body for the note, as Hypothesis writes them.
- Targets: the passage is selected in the room's stored text, whose positions are code points
  of that text only. When the outlet's original address is known, the first target is a
  SpecificResource whose `source` is that address, selected by a TextQuoteSelector alone
  (positions in the stored text would be wrong on the outlet's page, with its menus); the second
  is the room's copy of the article, selected by quote and position (and identified by its
  content hash). Two targets rather than one resource with `scope` or `via`: `scope` means the
  context in which a resource is seen (not a copy of it) and `via` is a property of the
  annotation, not of a target, while two SpecificResources say exactly what is true: the same
  passage, in both places. Without an original address there is one target, the room's copy.
- `creator` is an IRI for the room's account (`/users/<pk>`, an identifier only) with a `name`
  and the username as `nickname`.
- A collection embeds its only page as `first` (an AnnotationPage with its own `id`, a fragment
  of the collection's, `partOf` the collection) and names it as `last`. An empty collection has
  no page (a page MUST hold at least one annotation).

Import
------
`import_json` reads the room's own documents (a collection with its catalogue, a page, one
annotation, a list), other tools' W3C annotations and Hypothesis's exports (its API's JSON: a
list, a search result's `rows`, an export file's `annotations`; and its JSON-LD). Annotations
are matched to articles by the room's content hash or address, or by the outlet's address once
normalised (`anchoring.normalise_url`); the quote is re-anchored in the stored text
(`anchoring.anchor_quote`), a position being only a hint unless it is the room's own. Free text
becomes the note, `tagging` bodies tags; without a claim an annotation lands as a draft
awaiting a claim, which a reviewer completes.

What goes in, and when, is one rule per kind of problem:

- A *malformed* file or annotation (not JSON, wrong types, unknown stance, timestamps outside
  the years 1-9999, NUL or lone surrogates, too big) refuses the whole file: nothing is written,
  every problem is listed (up to 50).
- An *unresolvable* annotation (its page is not in this room, its quote is not in the article)
  is skipped and listed with its reason; the others are imported.
- Everything one import writes is one transaction: all of it or, if anything fails, none.
  A dry run runs the same import and rolls it back, reporting what would be created, matched
  and refused.

An import trusts nothing in the file: the importer is the author of every annotation (the
creator the file names is kept as text in the note), every annotation lands as a draft whatever
its `reviewStatus`, a `source` selects an article only when it is one of this room's own URLs or
the article's original URL, timestamps must lie in the range the database stores (years
1-9999 once the offset is applied), and no text may carry NUL or lone surrogates.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Prefetch, Q
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles.claims.anchoring import anchor_quote, normalise_url, url_probe
from articles.claims.annotations import annotation_snapshot
from articles.claims.lookup import claim_terms, claimant_names_sync, normal_text
from articles.claims.parts import UnknownPart, part_of_selectors, selectors_for_part
from articles.infrastructure import permissions
from articles.models import (
    QUOTE_CONTEXT_CHARS,
    STORABLE_RANGE,
    Annotation,
    AnnotationRevision,
    Article,
    Claim,
    Claimant,
    ClaimantName,
    ClaimRelation,
    Outlet,
    Tag,
)

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# What an import reads of an article: the texts spans count in, and how it is found again.
_ARTICLE_FIELDS = ("pk", "body", "title", "author", "content_hash", "url", "copy_of")
RR_CONTEXT: dict[str, Any] = {
    "rr": "urn:arabic-reading-room:",
    "ClaimMention": "rr:ClaimMention",
    "Claim": "rr:Claim",
    "Claimant": "rr:Claimant",
    "claim": {"@id": "rr:claim", "@type": "@id"},
    "claimant": {"@id": "rr:claimant", "@type": "@id"},
    "chain": {"@id": "rr:chain", "@container": "@list"},
    "stance": "rr:stance",
    "framing": "rr:framing",
    "reviewStatus": "rr:reviewStatus",
    "note": "rr:note",
    "notes": "rr:notes",
    "tags": "rr:tags",
    "textAr": "rr:textAr",
    "glossEn": "rr:glossEn",
    "nameAr": "rr:nameAr",
    "nameEn": "rr:nameEn",
    "kind": "rr:kind",
    "aliases": "rr:aliases",
    "contentHash": "rr:contentHash",
    "relations": {"@id": "rr:relations"},
    "parent": {"@id": "rr:parent", "@type": "@id"},
    "outlet": {"@id": "rr:outlet"},
    "slug": "rr:slug",
    "claims": {"@id": "rr:claims"},
    "claimants": {"@id": "rr:claimants"},
}
CONTEXT: list[Any] = [W3C_CONTEXT, RR_CONTEXT]
MOTIVATION = "identifying"  # the passage is identified as a mention of a claim

MAX_BYTES = 5 * 1024 * 1024  # a document handed over in memory (a request's upload)
MAX_FILE_BYTES = 1024 * 1024 * 1024  # a file read from disk, streamed
MAX_ANNOTATIONS = 200_000
MAX_CATALOGUE = 200_000
MAX_ERRORS = 50
MAX_TEXT = 20_000
MAX_NAME = 300
MAX_CHAIN = 20
MAX_TAGS = 50
MAX_RELATIONS = 200
BATCH = 2000
STREAM_ABOVE = 20 * 1024 * 1024  # files bigger than this are parsed incrementally


# --- Export -----------------------------------------------------------------------------------


def annotation_iri(annotation: Annotation, base: str) -> str:
    return f"{base}/annotations/{annotation.pk}.jsonld"


def agent_iri(user_pk: int, base: str) -> str:
    return f"{base}/users/{user_pk}"


def claimant_to_w3c(claimant: Claimant, base: str, *, full: bool = False) -> dict[str, Any]:
    """A claimant; `full` adds what only the catalogue carries (parent, outlet, notes)."""
    item: dict[str, Any] = {
        "id": f"{base}/claimants/{claimant.pk}/",
        "type": "Claimant",
        "nameAr": claimant.name_ar,
        "nameEn": claimant.name_en,
        "kind": claimant.kind,
        "aliases": list(claimant.aliases),
    }
    if full:
        item["parent"] = f"{base}/claimants/{claimant.parent_id}/" if claimant.parent_id else None
        outlet = claimant.outlet
        item["outlet"] = (
            {"id": f"{base}/outlets/{outlet.slug}/", "slug": outlet.slug, "nameAr": outlet.name_ar}
            if outlet is not None
            else None
        )
        item["notes"] = claimant.notes
    return item


def claim_to_w3c(claim: Claim, base: str, *, full: bool = False) -> dict[str, Any]:
    """A claim; `full` adds its tags, relations and notes (the catalogue's; prefetch
    `tags` and `relations_out`)."""
    item: dict[str, Any] = {
        "id": f"{base}/claims/{claim.pk}/",
        "type": "Claim",
        "textAr": claim.text_ar,
        "glossEn": claim.gloss_en,
    }
    if full:
        item["tags"] = sorted(t.name for t in claim.tags.all())
        item["relations"] = [
            {"kind": r.kind, "claim": f"{base}/claims/{r.to_claim_id}/", "note": r.note}
            for r in sorted(claim.relations_out.all(), key=lambda r: (r.to_claim_id, r.kind))
        ]
        item["notes"] = claim.notes
    return item


@lru_cache(maxsize=64)
def _words(language: str, stance: str) -> tuple[str, str, str]:
    """The sentences of the readable bodies in `language` (translated once per process)."""
    with translation.override(language):
        return (
            _("A passage awaiting a claim."),
            _("Claim: “%(claim)s”."),
            _("Claimant: %(name)s (%(stance)s).").replace(
                "%(stance)s", str(Annotation.Stance(stance).label).replace("%", "%%")
            ),
        )


def _readable_bodies(annotation: Annotation, iri: str) -> list[dict[str, Any]]:
    """The mention in words, for consumers that read only standard bodies."""
    claim, claimant = annotation.claim, annotation.claimant
    bodies = []
    for language in ("ar", "en"):
        if language == "en" and not (claim and claim.gloss_en):
            continue
        awaiting, claim_words, claimant_words = _words(language, annotation.stance)
        if claim is None:
            text = awaiting
        else:
            text = claim_words % {"claim": claim.text_ar if language == "ar" else claim.gloss_en}
        if claimant is not None:
            name = claimant.name_ar if language == "ar" else (claimant.name_en or claimant.name_ar)
            text += " " + claimant_words % {"name": name}
        bodies.append(
            {
                "id": f"{iri}#text-{language}",
                "type": "TextualBody",
                "purpose": "describing",
                "format": "text/plain",
                "language": language,
                "value": text,
            }
        )
    return bodies


@lru_cache(maxsize=8192)
def _article_path(pk: int) -> str:
    return reverse("article_detail", args=[pk])


@lru_cache(maxsize=8192)
def _exportable_url(url: str) -> bool:
    return bool(url) and normalise_url(url) is not None


def annotation_to_w3c(
    annotation: Annotation, base: str, *, standalone: bool = False
) -> dict[str, Any]:
    """One mention as a Web Annotation (the annotation must come from `with_details()`).

    `standalone`: served alone, so it carries its own `@context`; inside a collection it
    shares the collection's."""
    article, claim = annotation.article, annotation.claim
    iri = annotation_iri(annotation, base)
    item: dict[str, Any] = {"@context": CONTEXT} if standalone else {}
    item |= {
        "id": iri,
        "type": "Annotation",
        "motivation": MOTIVATION,
        "created": annotation.created_at.isoformat(),
        "modified": annotation.updated_at.isoformat(),
    }
    if annotation.author is not None:
        author = annotation.author
        item["creator"] = {
            "id": agent_iri(author.pk, base),
            "type": "Person",
            "name": author.get_full_name() or author.get_username(),
            "nickname": author.get_username(),
        }
    tags = sorted(t.name for t in annotation.tags.all())
    mention = {
        "id": f"{iri}#mention",
        "type": "ClaimMention",
        "claim": claim_to_w3c(claim, base) if claim is not None else None,
        "claimant": claimant_to_w3c(annotation.claimant, base) if annotation.claimant else None,
        "chain": [claimant_to_w3c(step.claimant, base) for step in annotation.chain.all()],
        "stance": annotation.stance,
        "framing": annotation.framing,
        "reviewStatus": annotation.review_status,
        "tags": tags,
        "note": annotation.note,
    }
    bodies: list[dict[str, Any]] = [mention, *_readable_bodies(annotation, iri)]
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": tag} for tag in tags]
    if annotation.note:
        bodies.append(
            {
                "id": f"{iri}#note",
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/plain",
                "value": annotation.note,
            }
        )
    item["body"] = bodies
    room = {
        "type": "SpecificResource",
        "source": f"{base}{_article_path(article.pk)}",
        "contentHash": article.content_hash,
        # A headline or byline mention: the same selectors, refining the part's element.
        "selector": selectors_for_part(
            annotation.part,
            [
                {
                    "type": "TextQuoteSelector",
                    "exact": annotation.quote,
                    "prefix": annotation.prefix,
                    "suffix": annotation.suffix,
                },
                {"type": "TextPositionSelector", "start": annotation.start, "end": annotation.end},
            ],
        ),
    }
    if _exportable_url(article.url):
        outlet = {
            "type": "SpecificResource",
            "source": article.url,
            "selector": {
                "type": "TextQuoteSelector",
                "exact": annotation.quote,
                "prefix": annotation.prefix,
                "suffix": annotation.suffix,
            },
        }
        item["target"] = [outlet, room]
    else:
        item["target"] = room
    return item


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def page_iri(collection_id: str, number: int = 1) -> str:
    return f"{collection_id.split('#', 1)[0]}#page-{number}"


def iter_collection(
    annotations: Iterable[Annotation],
    *,
    base: str,
    id: str,
    label: str,
    total: int,
    catalogue: dict[str, Iterable[dict[str, Any]]] | None = None,
) -> Iterator[str]:
    """An AnnotationCollection as text, piece by piece (for a StreamingHttpResponse or a file).

    `total` is announced before the annotations are read (count them first); `catalogue`
    lists (`claims`, `claimants`) come before the page so that a reader can restore them
    before the annotations that name them."""
    head: dict[str, Any] = {
        "@context": CONTEXT,
        "id": id,
        "type": "AnnotationCollection",
        "label": label,
        "total": total,
    }
    if total:
        head["last"] = page_iri(id)
    yield _dump(head)[:-1]
    for key, entries in (catalogue or {}).items():
        yield f',\n"{key}":['
        for n, entry in enumerate(entries):
            yield ("\n" if n == 0 else ",\n") + _dump(entry)
        yield "]"
    if not total:
        yield "}\n"
        return
    page = {"id": page_iri(id), "type": "AnnotationPage", "partOf": id, "startIndex": 0}
    yield ',\n"first":' + _dump(page)[:-1] + ',"items":['
    for n, annotation in enumerate(annotations):
        yield ("\n" if n == 0 else ",\n") + _dump(annotation_to_w3c(annotation, base))
    yield "]}}\n"


def collection(
    annotations: Iterable[Annotation], *, base: str, id: str, label: str
) -> dict[str, Any]:
    items = list(annotations)
    document: dict[str, Any] = json.loads(
        "".join(iter_collection(items, base=base, id=id, label=label, total=len(items)))
    )
    return document


def catalogue_claims(base: str) -> Iterator[dict[str, Any]]:
    claims = Claim.objects.order_by("pk").prefetch_related(
        "tags", Prefetch("relations_out", queryset=ClaimRelation.objects.order_by("pk"))
    )
    for claim in claims.iterator(chunk_size=BATCH):
        yield claim_to_w3c(claim, base, full=True)


def catalogue_claimants(base: str) -> Iterator[dict[str, Any]]:
    claimants = Claimant.objects.select_related("outlet").order_by("pk")
    for claimant in claimants.iterator(chunk_size=BATCH):
        yield claimant_to_w3c(claimant, base, full=True)


def full_export(base: str, *, id: str, label: str = "") -> Iterator[str]:
    """Every claim (tags, relations), claimant (parent, outlet) and annotation of the room."""
    annotations = Annotation.objects.with_details().order_by("article_id", "start", "pk")
    return iter_collection(
        annotations.iterator(chunk_size=BATCH),
        base=base,
        id=id,
        label=label or _("All annotations"),
        total=Annotation.objects.count(),
        catalogue={"claims": catalogue_claims(base), "claimants": catalogue_claimants(base)},
    )


# --- Import: reading the document -------------------------------------------------------------


class WebAnnotationError(Exception):
    """The document was refused; `messages` says why, one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class _Invalid(Exception):
    """A malformed annotation: the whole file is refused."""


class _Unresolvable(Exception):
    """A well-formed annotation this room cannot place: skipped and listed."""


def _has_type(obj: Any, name: str) -> bool:
    kind = obj.get("type", obj.get("@type")) if isinstance(obj, dict) else None
    return kind == name or (isinstance(kind, list) and name in kind)


def _is_hypothesis_row(obj: Any) -> bool:
    return isinstance(obj, dict) and "uri" in obj and "target" in obj and "type" not in obj


@dataclass
class _Document:
    """Where the annotations and the catalogue of a document are."""

    items: Iterable[Any]
    claims: Iterable[Any] = ()
    claimants: Iterable[Any] = ()


def _shape(document: Any) -> _Document:
    if isinstance(document, list):
        return _Document(document)
    if not isinstance(document, dict):
        raise WebAnnotationError(
            [_("The document must be a JSON object or a list of annotations.")]
        )
    if _has_type(document, "Annotation") or _is_hypothesis_row(document):
        return _Document([document])
    if _has_type(document, "AnnotationPage"):
        items = document.get("items")
    elif _has_type(document, "AnnotationCollection"):
        first = document.get("first")
        if isinstance(first, str):
            raise WebAnnotationError(
                [_("The collection names its first page without including it; download the page.")]
            )
        items = first.get("items") if isinstance(first, dict) else document.get("items", [])
    elif isinstance(document.get("rows"), list):  # a Hypothesis search result
        items = document["rows"]
    elif isinstance(document.get("annotations"), list):  # a Hypothesis export file
        items = document["annotations"]
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
    claims, claimants = document.get("claims", []), document.get("claimants", [])
    if not isinstance(claims, list) or not isinstance(claimants, list):
        raise WebAnnotationError([_("“claims” and “claimants” must be lists.")])
    return _Document(items, claims, claimants)


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


def _streamed(path: Path) -> _Document:
    """A big file read incrementally (ijson): the annotations and the catalogue are each one
    pass over the file, so memory stays flat whatever its length."""
    import ijson

    def top_level() -> tuple[str | None, set[str]]:
        kind, keys = None, set()
        with path.open("rb") as stream:
            try:
                for prefix, event, value in ijson.parse(stream):
                    if prefix == "" and event == "map_key":
                        keys.add(value)
                    elif prefix == "type" and event == "string":
                        kind = value
                    elif prefix == "" and event == "start_array":
                        return "list", keys
                    if {"first", "items", "rows", "annotations"} & keys and kind:
                        break
            except ijson.JSONError as exc:
                raise WebAnnotationError(
                    [_("The file is not valid JSON: %(error)s") % {"error": str(exc)[:200]}]
                ) from exc
        return kind, keys

    kind, keys = top_level()
    prefix = {
        "list": "item",
        "AnnotationCollection": "first.items.item",
        "AnnotationPage": "items.item",
    }.get(kind or "")
    if prefix is None:
        prefix = (
            "rows.item" if "rows" in keys else "annotations.item" if "annotations" in keys else None
        )
    if prefix is None:
        raise WebAnnotationError(
            [_("A file this big must be an AnnotationCollection, an AnnotationPage or a list.")]
        )

    def items(of: str) -> Iterator[Any]:
        with path.open("rb") as stream:
            try:
                yield from ijson.items(stream, of, use_float=True)
            except ijson.JSONError as exc:
                raise WebAnnotationError(
                    [_("The file is not valid JSON: %(error)s") % {"error": str(exc)[:200]}]
                ) from exc

    return _Document(items(prefix), items("claims.item"), items("claimants.item"))


def _open(raw: bytes | str | Path) -> _Document:
    if isinstance(raw, Path):
        size = raw.stat().st_size
        if size > MAX_FILE_BYTES:
            raise WebAnnotationError(
                [_("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)}]
            )
        if size > STREAM_ABOVE:
            return _streamed(raw)
        raw = raw.read_bytes()
        try:
            return _shape(json.loads(raw))
        except (ValueError, RecursionError) as exc:
            raise WebAnnotationError(
                [_("The file is not valid JSON: %(error)s") % {"error": str(exc)[:200]}]
            ) from exc
    return _shape(parse_document(raw))


# --- Import: checking one annotation ----------------------------------------------------------


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


def _names(value: Any, key: str, limit: int = MAX_TAGS) -> list[str]:
    if value is None:
        return []
    if (
        not isinstance(value, list)
        or len(value) > limit
        or not all(isinstance(t, str) and 0 < len(t) <= 100 for t in value)
    ):
        raise _Invalid(_("“%(key)s” must be a list of tag names.") % {"key": key})
    return value


def _claimant_spec(value: Any, where: str) -> dict[str, Any]:
    if isinstance(value, str):  # an IRI: a claimant of the catalogue
        return {"ref": value[:2000]}
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
    ref = value.get("id")
    return {
        "ref": ref[:2000] if isinstance(ref, str) else None,
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
    pk = int(match.kwargs["pk"])
    return pk if pk < 2**63 else None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _refuse_unstorable_text(value: Any) -> None:
    """PostgreSQL stores no NUL and UTF-8 has no lone surrogates: refuse them anywhere.

    One C-speed pass first (the value as JSON): only a value that may hold either is walked."""
    text = json.dumps(value, ensure_ascii=False)
    if "\\u0000" not in text and not _SURROGATE.search(text):
        return
    _walk_unstorable_text(value)


def _walk_unstorable_text(value: Any, depth: int = 0) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise _Invalid(_("the text contains a NUL character."))
        if _SURROGATE.search(value):
            raise _Invalid(_("the text contains an invalid character (a lone surrogate)."))
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk_unstorable_text(key, depth + 1)
            _walk_unstorable_text(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _walk_unstorable_text(item, depth + 1)


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


def hypothesis_to_w3c(row: dict[str, Any]) -> dict[str, Any]:
    """A Hypothesis API annotation (`uri`, `text`, `tags`, `target`, `user`) in the W3C shape
    Hypothesis itself serves as JSON-LD."""
    bodies: list[Any] = []
    text = row.get("text")
    if text:
        bodies.append({"type": "TextualBody", "value": text, "format": "text/markdown"})
    tags = row.get("tags") or []
    if not isinstance(tags, list):
        raise _Invalid(_("“%(key)s” must be a list of tag names.") % {"key": "tags"})
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": t} for t in tags]
    targets = row.get("target")
    if isinstance(targets, dict):
        targets = [targets]
    if not isinstance(targets, list):
        raise _Invalid(_("the target must be an object or a list of them."))
    uri = row.get("uri")
    fixed = []
    for target in targets:
        if isinstance(target, dict):
            target = dict(target)
            target.setdefault("source", uri)
        fixed.append(target)
    user_info = row.get("user_info") if isinstance(row.get("user_info"), dict) else {}
    creator = row.get("user")
    links: dict[str, Any] = row["links"] if isinstance(row.get("links"), dict) else {}
    return {
        "type": "Annotation",
        "id": links.get("html") or row.get("id"),
        "created": row.get("created"),
        "modified": row.get("updated"),
        "creator": {"id": creator, "name": (user_info or {}).get("display_name") or creator}
        if isinstance(creator, str)
        else None,
        "body": bodies,
        "target": fixed,
    }


@dataclass
class _Target:
    source: str | None
    content_hash: str | None
    quote: dict[str, Any] | None
    position: dict[str, Any] | None
    part: str = "body"


def _targets(item: dict[str, Any]) -> list[_Target]:
    raw = item.get("target")
    if isinstance(raw, (str, dict)):
        raw = [raw]
    if not isinstance(raw, list) or not raw or len(raw) > 20:
        raise _Invalid(_("the target must be an object with a source and selectors."))
    targets = []
    for target in raw:
        if isinstance(target, str):
            targets.append(_Target(target, None, None, None))
            continue
        if not isinstance(target, dict):
            raise _Invalid(_("the target must be an object with a source and selectors."))
        source = target.get("source")
        if isinstance(source, list):  # some clients send ["https://…"]
            source = source[0] if source else None
        if isinstance(source, dict):
            source = source.get("id")
        if source is not None and not isinstance(source, str):
            raise _Invalid(_("the target's source must be an address."))
        digest = target.get("contentHash")
        selectors = target.get("selector")
        if isinstance(selectors, dict):
            selectors = [selectors]
        if selectors is None:
            raise _Invalid(_("the target has no selectors."))
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
        if position is not None:
            start, end = position.get("start"), position.get("end")
            if type(start) is not int or type(end) is not int:
                raise _Invalid(_("the TextPositionSelector's start and end must be whole numbers."))
            if not 0 <= start < end:
                raise _Invalid(
                    _("the offsets %(start)s–%(end)s are outside the article.")
                    % {"start": start, "end": end}
                )
        if quote is not None:
            for key in ("exact", "prefix", "suffix"):
                _text(quote, key, limit=MAX_TEXT, required=key == "exact")
        targets.append(
            _Target(
                source[:2000] if isinstance(source, str) else None,
                digest if isinstance(digest, str) and len(digest) <= 128 else None,
                quote,
                position,
                part,
            )
        )
    return targets


@dataclass
class _Parsed:
    index: int
    label: str
    targets: list[_Target]
    claim: dict[str, Any] | None
    claimant: dict[str, Any] | None
    chain: list[dict[str, Any]]
    stance: str
    framing: str
    tags: list[str]
    note: str
    creator: str | None
    created: datetime | None
    modified: datetime | None


def _bodies(item: dict[str, Any]) -> list[Any]:
    body = item.get("body")
    if body is None:
        value = item.get("bodyValue")
        return [{"type": "TextualBody", "value": value}] if isinstance(value, str) else []
    if isinstance(body, (dict, str)):
        return [body]
    if not isinstance(body, list) or len(body) > 200:
        raise _Invalid(_("the body must be an object or a list of them."))
    return body


def _parse_one(item: Any, index: int) -> _Parsed:
    _refuse_unstorable_text(item)
    if _is_hypothesis_row(item):
        item = hypothesis_to_w3c(item)
    if not _has_type(item, "Annotation"):
        raise _Invalid(_("not an object of type Annotation."))
    label = item.get("id") if isinstance(item.get("id"), str) else ""
    targets = _targets(item)
    bodies = _bodies(item)
    mention = next((b for b in bodies if _has_type(b, "ClaimMention")), None)
    tags: list[str] = []
    notes: list[str] = []
    for body in bodies:
        if not isinstance(body, dict) or not _has_type(body, "TextualBody"):
            continue
        value = _text(body, "value", limit=MAX_TEXT)
        purpose = body.get("purpose")
        if purpose == "tagging":
            tags += _names([value], "tags")
        elif purpose == "describing" and mention is not None:
            continue  # the room's own words for the mention: derived, not data
        elif value.strip() and mention is None:
            notes.append(value)
    claim: dict[str, Any] | None = None
    claimant: dict[str, Any] | None = None
    chain: list[dict[str, Any]] = []
    values: dict[str, str] = {
        "stance": Annotation.Stance.REPORTS.value,
        "framing": Annotation.Framing.NEUTRAL.value,
    }
    note = "\n\n".join(notes)[:MAX_TEXT]
    if mention is not None:
        raw_claim = mention.get("claim")
        if isinstance(raw_claim, str):
            claim = {"ref": raw_claim[:2000]}
        elif isinstance(raw_claim, dict):
            ref = raw_claim.get("id")
            claim = {
                "ref": ref[:2000] if isinstance(ref, str) else None,
                "text_ar": _text(raw_claim, "textAr", limit=MAX_TEXT, required=True),
                "gloss_en": _text(raw_claim, "glossEn", limit=MAX_TEXT),
            }
        elif raw_claim is not None or "claim" not in mention:
            raise _Invalid(_("the body has no claim."))
        raw_claimant = mention.get("claimant")
        claimant = (
            _claimant_spec(raw_claimant, _("the claimant")) if raw_claimant is not None else None
        )
        raw_chain = mention.get("chain", [])
        if not isinstance(raw_chain, list) or len(raw_chain) > MAX_CHAIN:
            raise _Invalid(
                _("the chain must be a list of at most %(n)s claimants.") % {"n": MAX_CHAIN}
            )
        chain = [_claimant_spec(a, _("a chain step")) for a in raw_chain]
        tags = sorted(set(_names(mention.get("tags", []), "tags")) | set(tags))
        choices = {
            "stance": Annotation.Stance.values,
            "framing": Annotation.Framing.values,
            "reviewStatus": Annotation.ReviewStatus.values,
        }
        for key, allowed in choices.items():
            value = _text(mention, key, required=True)
            if value not in allowed:
                raise _Invalid(
                    _("unknown %(key)s “%(value)s”.") % {"key": key, "value": value[:40]}
                )
            if key in values:
                values[key] = value
        note = _text(mention, "note", limit=MAX_TEXT)
    if len(tags) > MAX_TAGS:
        raise _Invalid(_("“%(key)s” must be a list of tag names.") % {"key": "tags"})
    creator = item.get("creator")
    if isinstance(creator, list):
        creator = creator[0] if creator else None
    if isinstance(creator, dict):
        nickname, name = _text(creator, "nickname"), _text(creator, "name")
        iri: str = creator["id"] if isinstance(creator.get("id"), str) else ""
        if nickname:  # the room's own exports: the account's username
            creator_name = nickname
        else:
            creator_name = (
                f"{name} ({iri[:MAX_NAME]})"
                if name and iri and name != iri
                else name or iri[:MAX_NAME]
            )
    elif isinstance(creator, str):
        creator_name = creator[:MAX_NAME]
    else:
        creator_name = ""
    created, modified = (parse_timestamp(item.get(k)) for k in ("created", "modified"))
    return _Parsed(
        index=index,
        label=label[:200],
        targets=targets,
        claim=claim,
        claimant=claimant,
        chain=chain,
        stance=values["stance"],
        framing=values["framing"],
        tags=sorted(set(tags)),
        note=note,
        creator=creator_name or None,
        created=created,
        modified=modified,
    )


# --- Import: writing --------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import wrote (or, in a dry run, would write)."""

    dry_run: bool = False
    created_ids: list[int] = field(default_factory=list)
    already_present: int = 0
    awaiting_claim: int = 0
    reanchored: int = 0
    claims_created: int = 0
    claims_matched: int = 0
    claimants_created: int = 0
    claimants_matched: int = 0
    tags_created: int = 0
    relations_created: int = 0
    relations_matched: int = 0
    refused: list[str] = field(default_factory=list)
    refused_count: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def created(self) -> list[Annotation]:
        return list(Annotation.objects.filter(pk__in=self.created_ids).order_by("pk"))

    @property
    def created_count(self) -> int:
        return len(self.created_ids)

    def as_dict(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "created": len(self.created_ids),
            "already_present": self.already_present,
            "awaiting_claim": self.awaiting_claim,
            "reanchored": self.reanchored,
            "claims_created": self.claims_created,
            "claims_matched": self.claims_matched,
            "claimants_created": self.claimants_created,
            "claimants_matched": self.claimants_matched,
            "tags_created": self.tags_created,
            "relations_created": self.relations_created,
            "relations_matched": self.relations_matched,
            "refused": self.refused,
            "refused_count": self.refused_count,
            "warnings": self.warnings,
        }


ImportResult = ImportReport  # the name issue 20's callers know


def _unique_slug(name: str) -> str:
    base = slugify(name, allow_unicode=True)[:90] or "tag"
    slug, n = base, 1
    while Tag.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _note_with_creator(note: str, creator: str | None, importer: Any) -> str:
    """The file's claimed creator stays visible as text, never as an account."""
    if not creator or creator == importer.get_username():
        return note
    line = _("Imported; the file names its creator as “%(creator)s”.") % {"creator": creator}
    return f"{note}\n\n{line}" if note else line


class _Importer:
    """One import's state: what the file's identifiers became here, counts, refusals."""

    def __init__(self, importer: Any, room_hosts: list[str], report: ImportReport) -> None:
        self.importer = importer
        self.room_hosts = room_hosts
        self.report = report
        self.claims: dict[str, Claim] = {}  # the file's claim id, or "text:" + wording
        self.claimants: dict[str, Claimant] = {}
        self.tags: dict[str, Tag] = {}
        self.articles: dict[int, Article] = {}
        self.by_hash: dict[str, int] = {}
        self.hash_choices: dict[str, dict[int, tuple[bool, str]]] = {}
        self.by_url: dict[str, int | None] = {}
        self.present: set[tuple[int, str, int, int, int | None]] = set()
        self.present_for: set[int] = set()
        self.errors: list[str] = []

    # Catalogue -----------------------------------------------------------------------------

    def _claim_for(self, spec: dict[str, Any]) -> Claim:
        ref = spec.get("ref")
        if ref and ref in self.claims:
            return self.claims[ref]
        if "text_ar" not in spec:
            raise _Invalid(_("the claim “%(ref)s” is not in the file's catalogue.") % {"ref": ref})
        key = "text:" + spec["text_ar"]
        claim = self.claims.get(key)
        if claim is None:
            wanted = normal_text(spec["text_ar"])
            claim = next(
                (
                    c
                    for c in Claim.objects.filter(text_normalized=wanted).order_by("pk")
                    if c.text_ar == spec["text_ar"]
                ),
                None,
            )
            if claim is None:
                claim = Claim.objects.create(
                    text_ar=spec["text_ar"],
                    gloss_en=spec.get("gloss_en", ""),
                    notes=spec.get("notes", ""),
                    created_by=self.importer,
                )
                self.report.claims_created += 1
            else:
                self.report.claims_matched += 1
            self.claims[key] = claim
        if ref:
            self.claims[ref] = claim
        return claim

    def _claimant_for(self, spec: dict[str, Any]) -> Claimant:
        ref = spec.get("ref")
        if ref and ref in self.claimants:
            return self.claimants[ref]
        if "name_ar" not in spec:
            raise _Invalid(
                _("the claimant “%(ref)s” is not in the file's catalogue.") % {"ref": ref}
            )
        key = self._claimant_key(spec)
        claimant = self.claimants.get(key)
        if claimant is None:
            wanted = normal_text(spec["name_ar"])[:300]
            same = Claimant.objects.filter(
                pk__in=ClaimantName.objects.filter(name=wanted).values("claimant_id")
            ).order_by("pk")
            exact = [c for c in same if c.name_ar == spec["name_ar"]]
            claimant = next(
                (c for c in exact if (c.name_en, c.kind) == (spec["name_en"], spec["kind"])),
                exact[0] if exact and ref is None else None,
            )
            if claimant is None:
                claimant = Claimant.objects.create(
                    name_ar=spec["name_ar"],
                    name_en=spec["name_en"],
                    kind=spec["kind"],
                    aliases=spec["aliases"],
                    notes=spec.get("notes", ""),
                )
                self.report.claimants_created += 1
            else:
                self.report.claimants_matched += 1
            self.claimants[key] = claimant
        if ref:
            self.claimants[ref] = claimant
        return claimant

    def catalogue(self, claims: Iterable[Any], claimants: Iterable[Any]) -> None:
        """The file's claimants (parents, outlets) and claims (tags, relations), in batches:
        existing ones matched by their exact wording or names, the others created in bulk."""
        links: list[tuple[Claimant, Any, Any]] = []
        numbered = enumerate(islice(claimants, MAX_CATALOGUE + 1), start=1)
        while chunk := list(islice(numbered, BATCH)):
            specs = []
            for n, entry in chunk:
                if n > MAX_CATALOGUE:
                    self._error(_("the catalogue lists too many claimants."), n, _("Claimant"))
                    break
                try:
                    _refuse_unstorable_text(entry)
                    spec = _claimant_spec(entry, _("a claimant"))
                    if spec.get("name_ar") is None:
                        raise _Invalid(_("a claimant must be an object with a “nameAr”."))
                    spec["notes"] = _text(entry, "notes", limit=MAX_TEXT)
                    parent, outlet = entry.get("parent"), entry.get("outlet")
                    if parent is not None and not isinstance(parent, str):
                        raise _Invalid(_("a claimant's parent must be an address."))
                    if outlet is not None and not isinstance(outlet, dict):
                        raise _Invalid(_("a claimant's outlet must be an object with a “slug”."))
                    specs.append((spec, parent, outlet))
                except _Invalid as exc:
                    self._error(str(exc), n, _("Claimant"))
            if not self.errors:
                self._claimants_bulk([s for s, _p, _o in specs])
                links += [(self._claimant_for(s), p, o) for s, p, o in specs]
        relations: list[tuple[Claim, list[dict[str, Any]]]] = []
        numbered = enumerate(islice(claims, MAX_CATALOGUE + 1), start=1)
        while chunk := list(islice(numbered, BATCH)):
            claim_specs = []
            for n, entry in chunk:
                if n > MAX_CATALOGUE:
                    self._error(_("the catalogue lists too many claims."), n, _("Claim"))
                    break
                try:
                    claim_specs.append(self._claim_entry(entry))
                except _Invalid as exc:
                    self._error(str(exc), n, _("Claim"))
            if self.errors:
                continue
            self._claims_bulk([spec for spec, _t, _r in claim_specs])
            through = Claim.tags.through
            through.objects.bulk_create(
                [
                    through(claim_id=self._claim_for(spec).pk, tag_id=self._tag(name).pk)
                    for spec, tags, _r in claim_specs
                    for name in tags
                ],
                ignore_conflicts=True,
            )
            relations += [(self._claim_for(spec), rels) for spec, _t, rels in claim_specs if rels]
        if self.errors:
            return
        self._link_claimants(links)
        self._relate(relations)

    def _claim_entry(self, entry: Any) -> tuple[dict[str, Any], list[str], list[dict[str, Any]]]:
        _refuse_unstorable_text(entry)
        if not isinstance(entry, dict):
            raise _Invalid(_("a claim must be an object with a “textAr”."))
        ref = entry.get("id")
        spec = {
            "ref": ref[:2000] if isinstance(ref, str) else None,
            "text_ar": _text(entry, "textAr", limit=MAX_TEXT, required=True),
            "gloss_en": _text(entry, "glossEn", limit=MAX_TEXT),
            "notes": _text(entry, "notes", limit=MAX_TEXT),
        }
        tags = _names(entry.get("tags", []), "tags")
        rels = entry.get("relations", [])
        if not isinstance(rels, list) or len(rels) > MAX_RELATIONS:
            raise _Invalid(_("“relations” must be a list."))
        for rel in rels:
            if (
                not isinstance(rel, dict)
                or rel.get("kind") not in ClaimRelation.Kind.values
                or not isinstance(rel.get("claim"), str)
            ):
                raise _Invalid(_("a relation needs a known “kind” and a “claim”."))
            _text(rel, "note", limit=MAX_TEXT)
        return spec, tags, rels

    def _claims_bulk(self, specs: list[dict[str, Any]]) -> None:
        """Fill the cache for these claims: one query for those that exist, one insert."""
        todo = [s for s in specs if "text:" + s["text_ar"] not in self.claims]
        normals = {normal_text(s["text_ar"]) for s in todo}
        existing: dict[str, Claim] = {}
        for claim in Claim.objects.filter(text_normalized__in=normals).order_by("-pk"):
            existing[claim.text_ar] = claim  # the oldest wins
        new: dict[str, Claim] = {}
        for spec in todo:
            text = spec["text_ar"]
            if text in existing:
                self.report.claims_matched += 1
                self.claims["text:" + text] = existing[text]
            elif text not in new:
                new[text] = Claim(
                    text_ar=text,
                    gloss_en=spec.get("gloss_en", ""),
                    notes=spec.get("notes", ""),
                    created_by=self.importer,
                    text_normalized=normal_text(text),
                    terms=claim_terms(text, spec.get("gloss_en", "")),
                )
        Claim.objects.bulk_create(new.values())
        self.report.claims_created += len(new)
        for text, claim in new.items():
            self.claims["text:" + text] = claim
        for spec in specs:
            if spec.get("ref"):
                self.claims[spec["ref"]] = self.claims["text:" + spec["text_ar"]]

    @staticmethod
    def _claimant_key(spec: dict[str, Any]) -> str:
        return "\x1f".join(("name", spec["name_ar"], spec["name_en"], spec["kind"]))

    def _claimants_bulk(self, specs: list[dict[str, Any]]) -> None:
        todo = [s for s in specs if self._claimant_key(s) not in self.claimants]
        normals = {normal_text(s["name_ar"])[:300] for s in todo}
        existing: dict[tuple[str, str, str], Claimant] = {}
        ids = ClaimantName.objects.filter(name__in=normals).values("claimant_id")
        for claimant in Claimant.objects.filter(pk__in=ids).order_by("-pk"):
            existing[(claimant.name_ar, claimant.name_en, claimant.kind)] = claimant
        new: dict[str, Claimant] = {}
        for spec in todo:
            key = self._claimant_key(spec)
            found = existing.get((spec["name_ar"], spec["name_en"], spec["kind"]))
            if found is not None:
                self.report.claimants_matched += 1
                self.claimants[key] = found
            elif key not in new:
                new[key] = Claimant(
                    name_ar=spec["name_ar"],
                    name_en=spec["name_en"],
                    kind=spec["kind"],
                    aliases=spec["aliases"],
                    notes=spec.get("notes", ""),
                )
        Claimant.objects.bulk_create(new.values())
        claimant_names_sync(new.values())
        self.report.claimants_created += len(new)
        self.claimants.update(new)
        for spec in specs:
            if spec.get("ref"):
                self.claimants[spec["ref"]] = self.claimants[self._claimant_key(spec)]

    def _link_claimants(self, links: list[tuple[Claimant, Any, Any]]) -> None:
        slugs = {o.get("slug") for _c, _p, o in links if o and isinstance(o.get("slug"), str)}
        outlets = {o.slug: o for o in Outlet.objects.filter(slug__in=slugs)}
        changed: dict[int, Claimant] = {}
        for claimant, parent, outlet in links:
            if parent and parent in self.claimants and claimant.parent_id is None:
                target = self.claimants[parent]
                if target.pk != claimant.pk:
                    claimant.parent = target
                    changed[claimant.pk] = claimant
            if outlet and claimant.outlet_id is None:
                slug = outlet.get("slug")
                if isinstance(slug, str) and slug in outlets:
                    claimant.outlet = outlets[slug]
                    changed[claimant.pk] = claimant
                else:
                    self.report.warnings.append(
                        _("The outlet “%(slug)s” of the claimant “%(name)s” is not in this room.")
                        % {"slug": str(slug)[:100], "name": claimant.name_ar[:100]}
                    )
        Claimant.objects.bulk_update(changed.values(), ["parent", "outlet"], batch_size=BATCH)

    def _relate(self, relations: list[tuple[Claim, list[dict[str, Any]]]]) -> None:
        wanted: dict[tuple[int, int, str], str] = {}
        for claim, rels in relations:
            for rel in rels:
                other = self.claims.get(rel["claim"])
                if other is None or other.pk == claim.pk:
                    self.report.warnings.append(
                        _("A relation of “%(claim)s” names a claim that is not in the file.")
                        % {"claim": claim.text_ar[:80]}
                    )
                    continue
                wanted[(claim.pk, other.pk, rel["kind"])] = rel.get("note") or ""
        sources = {key[0] for key in wanted}
        present = set(
            ClaimRelation.objects.filter(from_claim_id__in=sources).values_list(
                "from_claim_id", "to_claim_id", "kind"
            )
        )
        missing = [key for key in wanted if key not in present]
        ClaimRelation.objects.bulk_create(
            ClaimRelation(
                from_claim_id=f,
                to_claim_id=t,
                kind=k,
                note=wanted[(f, t, k)],
                created_by=self.importer,
            )
            for f, t, k in missing
        )
        self.report.relations_created += len(missing)
        self.report.relations_matched += len(wanted) - len(missing)

    def _tag(self, name: str) -> Tag:
        if name not in self.tags:
            tag = Tag.objects.filter(name=name).first()
            if tag is None:
                tag = Tag.objects.create(name=name, slug=_unique_slug(name))
                self.report.tags_created += 1
            self.tags[name] = tag
        return self.tags[name]

    def _error(self, problem: str, index: int, what: str | None = None) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(
                _("%(what)s %(n)s: %(problem)s")
                % {"what": what or _("Annotation"), "n": index, "problem": problem}
            )
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append(_("… further problems not listed."))

    # Annotations ---------------------------------------------------------------------------

    def _load_articles(self, parsed: list[_Parsed]) -> None:
        hashes, pks, urls = set(), set(), set()
        for p in parsed:
            for t in p.targets:
                if t.content_hash and t.content_hash not in self.by_hash:
                    hashes.add(t.content_hash)
                if t.source:
                    pk = room_article_pk(t.source, self.room_hosts)
                    if pk is not None:
                        pks.add(pk)
                    elif t.source not in self.by_url:
                        urls.add(t.source)
        wanted = Q(content_hash__in=hashes) | Q(pk__in=pks - self.articles.keys())
        if hashes or pks - self.articles.keys():
            for article in Article.objects.filter(wanted).only(*_ARTICLE_FIELDS):
                self._keep(article)
        # The outlet's address is looked up only for annotations that no room target places.
        placed = {
            p.index
            for p in parsed
            for t in p.targets
            if (t.content_hash and t.content_hash in self.by_hash)
            or (t.source and room_article_pk(t.source, self.room_hosts) in self.articles)
        }
        urls = {
            t.source
            for p in parsed
            if p.index not in placed
            for t in p.targets
            if t.source and t.source in urls
        }
        for url in urls:
            self.by_url[url] = self._article_by_url(url)

    def _keep(self, article: Article) -> None:
        if len(self.articles) > 5000:  # bodies are the memory: keep the recent ones only
            self.articles.clear()
        self.articles[article.pk] = article
        # Another outlet's word-for-word copy shares its original's hash: a target named by
        # hash alone is the original; `_by_hash` tells them apart by the target's addresses.
        choices = self.hash_choices.setdefault(article.content_hash, {})
        choices[article.pk] = (article.copy_of_id is not None, article.url)
        self.by_hash[article.content_hash] = min(choices, key=lambda pk: (choices[pk][0], pk))

    def _by_hash(self, digest: str, target: _Target, p: _Parsed) -> int:
        """The article a target's hash names: among an original and its copies, the one its
        room address or one of its outlet addresses names, else the original."""
        choices = self.hash_choices.get(digest, {})
        if len(choices) > 1:
            room_pk = room_article_pk(target.source, self.room_hosts) if target.source else None
            if room_pk in choices:
                return room_pk
            sources = {normalise_url(t.source) for t in p.targets if t.source} - {None}
            for pk, (_copy, url) in sorted(choices.items()):
                if url and normalise_url(url) in sources:
                    return pk
        return self.by_hash[digest]

    def _article_by_url(self, url: str) -> int | None:
        normal = normalise_url(url)
        probe = url_probe(url)
        if normal is None or not probe:
            return None
        found = Article.objects.filter(url=url).only(*_ARTICLE_FIELDS).first()
        if found is None:
            for candidate in Article.objects.filter(url__icontains=probe).only(*_ARTICLE_FIELDS)[
                :200
            ]:
                if normalise_url(candidate.url) == normal:
                    found = candidate
                    break
        if found is None:
            encoded = url_quote(probe, safe="")
            if encoded != probe:
                for candidate in Article.objects.filter(url__icontains=encoded).only(
                    *_ARTICLE_FIELDS
                )[:200]:
                    if normalise_url(candidate.url) == normal:
                        found = candidate
                        break
        if found is None:
            return None
        self._keep(found)
        return found.pk

    def _article(self, pk: int) -> Article:
        if pk not in self.articles:
            self._keep(Article.objects.only(*_ARTICLE_FIELDS).get(pk=pk))
        return self.articles[pk]

    def _place(self, p: _Parsed) -> tuple[Article, str, int, int, bool]:
        """The article and span of an annotation, or _Unresolvable with the reason."""
        seen_article = False
        for target in p.targets:
            pk = None
            own = False
            if target.content_hash and target.content_hash in self.by_hash:
                pk, own = self._by_hash(target.content_hash, target, p), True
            elif target.source:
                room_pk = room_article_pk(target.source, self.room_hosts)
                if room_pk is not None:
                    pk, own = room_pk, True
                else:
                    pk = self.by_url.get(target.source)
            if pk is None:
                continue
            try:
                article = self._article(pk)
            except Article.DoesNotExist:
                continue
            seen_article = True
            body = article.part_text(target.part)
            position, quote = target.position, target.quote
            if own and position is not None:
                start, end = position["start"], position["end"]
                if end > len(body):
                    raise _Invalid(
                        _(
                            "the offsets %(start)s–%(end)s are outside the article (length %(length)s)."
                        )
                        % {"start": start, "end": end, "length": len(body)}
                    )
                if quote is None or (
                    body[start:end] == quote["exact"]
                    and body[:start].endswith(quote.get("prefix") or "")
                    and body[end:].startswith(quote.get("suffix") or "")
                ):
                    return article, target.part, start, end, False
            if quote is None:
                continue
            hint = position["start"] if position is not None else None
            anchor = anchor_quote(
                body, quote["exact"], quote.get("prefix") or "", quote.get("suffix") or "", hint
            )
            if anchor is not None:
                return (
                    article,
                    target.part,
                    anchor.start,
                    anchor.end,
                    not (own and anchor.start == hint),
                )
        if seen_article:
            raise _Unresolvable(_("the quoted text does not match the article."))
        sources = [t.source for t in p.targets if t.source]
        raise _Unresolvable(
            _("the target article is not in this reading room (“%(source)s”).")
            % {"source": (sources[0] if sources else "—")[:200]}
        )

    def annotations(self, batch: list[tuple[int, Any]]) -> None:
        parsed: list[_Parsed] = []
        for index, item in batch:
            try:
                parsed.append(_parse_one(item, index))
            except _Invalid as exc:
                self._error(str(exc), index)
        if self.errors:
            return  # keep reading to list further problems, but write nothing more
        self._load_articles(parsed)
        placed = []
        for p in parsed:
            try:
                article, part, start, end, reanchored = self._place(p)
            except _Invalid as exc:
                self._error(str(exc), p.index)
                continue
            except _Unresolvable as exc:
                self.report.refused_count += 1
                if len(self.report.refused) < 500:
                    name = f" ({p.label})" if p.label else ""
                    self.report.refused.append(
                        _("Annotation %(n)s%(name)s: %(problem)s")
                        % {"n": p.index, "name": name, "problem": exc}
                    )
                continue
            placed.append((p, article, part, start, end, reanchored))
        if self.errors or not placed:
            return
        fresh = {article.pk for _p, article, *_rest in placed} - self.present_for
        if fresh:
            self.present |= set(
                Annotation.objects.filter(article_id__in=fresh).values_list(
                    "article_id", "part", "start", "end", "claim_id"
                )
            )
            self.present_for |= fresh
        rows: list[tuple[Annotation, _Parsed, list[Claimant], list[Tag]]] = []
        for p, article, part, start, end, reanchored in placed:
            try:
                claim = self._claim_for(p.claim) if p.claim is not None else None
                claimant = self._claimant_for(p.claimant) if p.claimant is not None else None
                chain = [self._claimant_for(step) for step in p.chain]
            except _Invalid as exc:
                self._error(str(exc), p.index)
                continue
            key = (article.pk, part, start, end, claim.pk if claim else None)
            if key in self.present:
                self.report.already_present += 1
                continue
            self.present.add(key)
            tags = [self._tag(name) for name in p.tags]
            body = article.part_text(part)
            annotation = Annotation(
                article_id=article.pk,
                part=part,
                start=start,
                end=end,
                quote=body[start:end],
                prefix=body[max(0, start - QUOTE_CONTEXT_CHARS) : start],
                suffix=body[end : end + QUOTE_CONTEXT_CHARS],
                claim=claim,
                claimant=claimant,
                stance=p.stance,
                framing=p.framing,
                note=_note_with_creator(p.note, p.creator, self.importer),
                author=self.importer,
                review_status=Annotation.ReviewStatus.DRAFT,
            )
            rows.append((annotation, p, chain, tags))
            self.report.reanchored += reanchored
            self.report.awaiting_claim += claim is None
        if self.errors or not rows:
            return
        self._write(rows)

    def _write(self, rows: list[tuple[Annotation, _Parsed, list[Claimant], list[Tag]]]) -> None:
        """COPY the batch: its annotations (ids drawn from their sequence first), their chains,
        tags and first revisions; ten times the speed of INSERTs, same rows."""
        now = timezone.now()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('articles_annotation', 'id'))"
                " FROM generate_series(1, %s)",
                [len(rows)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            raw = cursor.cursor
            columns = (
                'id, article_id, part, start, "end", quote, prefix, suffix, is_orphan, claim_id,'
                " claimant_id, stance, framing, note, author_id, review_status, version,"
                " created_at, updated_at"
            )
            with raw.copy(f"COPY articles_annotation ({columns}) FROM STDIN") as copy:
                for pk, (a, p, _c, _t) in zip(ids, rows, strict=True):
                    a.pk = a.id = pk
                    a.created_at = p.created or now
                    a.updated_at = p.modified or p.created or now
                    copy.write_row(
                        (
                            pk, a.article_id, a.part, a.start, a.end, a.quote, a.prefix, a.suffix, False,
                            a.claim_id, a.claimant_id, a.stance, a.framing, a.note, a.author_id,
                            a.review_status, a.version, a.created_at, a.updated_at,
                        )
                    )  # fmt: skip
            with raw.copy(
                "COPY articles_attributionstep (annotation_id, position, claimant_id) FROM STDIN"
            ) as copy:
                for a, _p, chain, _t in rows:
                    for i, claimant in enumerate(chain):
                        copy.write_row((a.pk, i, claimant.pk))
            with raw.copy(
                "COPY articles_annotation_tags (annotation_id, tag_id) FROM STDIN"
            ) as copy:
                for a, _p, _c, tags in rows:
                    for tag in {t.pk: t for t in tags}.values():
                        copy.write_row((a.pk, tag.pk))
            with raw.copy(
                "COPY articles_annotationrevision (annotation_id, annotation_ref, version, action,"
                " user_id, changes, snapshot, created_at) FROM STDIN"
            ) as copy:
                for a, _p, chain, tags in rows:
                    snapshot = annotation_snapshot(a, chain=chain, tags=tags)
                    copy.write_row(
                        (
                            a.pk, a.pk, a.version, AnnotationRevision.Action.CREATED,
                            self.importer.pk, "{}", json.dumps(snapshot, ensure_ascii=False), now,
                        )
                    )  # fmt: skip
        self.report.created_ids += ids


def import_json(
    raw: bytes | str | Path,
    *,
    importer: Any,
    room_hosts: Iterable[str] = (),
    dry_run: bool = False,
) -> ImportReport:
    """Import the annotations of a document (bytes, text, or a file on disk, streamed) as
    drafts by `importer`; see the module's docstring for what is refused and skipped.

    `room_hosts` are the host names (with port, if any) this room answers on: only sources on
    them, relative ones, or an article's original URL select an article."""
    if not permissions.can_import(importer):
        raise PermissionDenied
    document = _open(raw)
    report = ImportReport(dry_run=dry_run)
    state = _Importer(importer, list(room_hosts), report)
    seen = 0
    with transaction.atomic():
        state.catalogue(document.claims, document.claimants)
        numbered = enumerate(document.items, start=1)
        while batch := list(islice(numbered, BATCH)):
            seen += len(batch)
            if seen > MAX_ANNOTATIONS:
                raise WebAnnotationError(
                    [
                        _("Too many annotations in one file (at most %(n)s).")
                        % {"n": MAX_ANNOTATIONS}
                    ]
                )
            state.annotations(batch)
            if len(state.errors) > MAX_ERRORS:
                break
        if state.errors:
            raise WebAnnotationError(state.errors)
        if not seen and not (report.claims_created or report.claimants_created):
            raise WebAnnotationError([_("The document contains no annotations.")])
        if seen and report.refused_count == seen:
            raise WebAnnotationError(report.refused[:MAX_ERRORS])
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_file(path: str | os.PathLike[str], **kwargs: Any) -> ImportReport:
    return import_json(Path(path), **kwargs)


def write_full_export(stream: IO[str], base: str, *, id: str) -> None:
    for piece in full_export(base, id=id):
        stream.write(piece)
