"""A full export imported into an emptied room gives the same room; imported twice, nothing
is doubled (issue 17, item 3).

"The same room" compares everything the file carries: annotations (article, span, quote,
context, claim, claimant, chain, stance, framing, tags, note, dates), claims (wording, gloss,
notes, tags, relations), claimants (names, kind, aliases, notes, parent, outlet) and tags.
What an import never takes from a file (issue 20) is set beforehand so that it cannot differ:
every annotation's author is the importer, and its review status is draft."""

from __future__ import annotations

import json
from typing import Any

import pytest

from articles.claims import webannotation
from articles.models import (
    Annotation,
    Article,
    Claim,
    Claimant,
    ClaimMerge,
    ClaimRelation,
    Outlet,
    Tag,
)

pytestmark = pytest.mark.django_db
BASE = "http://testserver"


def room_state() -> dict[str, Any]:
    def claimant(c: Claimant | None) -> Any:
        return None if c is None else (c.name_ar, c.name_en, c.kind)

    annotations = sorted(
        (
            a.article_id, a.start, a.end, a.quote, a.prefix, a.suffix,
            a.claim.text_ar if a.claim else None, claimant(a.claimant),
            tuple(claimant(s.claimant) for s in a.chain.all()), a.stance, a.framing,
            tuple(sorted(t.name for t in a.tags.all())), a.note, a.author_id, a.review_status,
            a.created_at, a.updated_at,
        )
        for a in Annotation.objects.with_details()
    )  # fmt: skip
    claims = sorted(
        (
            c.text_ar, c.gloss_en, c.notes, tuple(sorted(t.name for t in c.tags.all())),
            tuple(sorted((r.kind, r.to_claim.text_ar, r.note) for r in c.relations_out.all())),
        )
        for c in Claim.objects.prefetch_related("tags", "relations_out__to_claim")
    )  # fmt: skip
    claimants = sorted(
        (
            c.name_ar, c.name_en, c.kind, tuple(c.aliases), c.notes,
            claimant(c.parent), c.outlet.slug if c.outlet else None,
        )
        for c in Claimant.objects.select_related("parent", "outlet")
    )  # fmt: skip
    return {
        "annotations": annotations,
        "claims": claims,
        "claimants": claimants,
        "tags": sorted(Tag.objects.values_list("name", flat=True)),
    }


def empty_the_room() -> None:
    """Annotations, claims, claimants, tags and relations go; articles and outlets stay."""
    Annotation.objects.all().delete()
    ClaimMerge.objects.all().delete()
    ClaimRelation.objects.all().delete()
    Claim.objects.all().delete()
    Claimant.objects.all().delete()
    Tag.objects.all().delete()


@pytest.fixture
def rich_room(room: Article, importer: Any) -> None:
    """The demo room with what a round trip used to lose: claim relations and tags, claimant
    parents and outlets, a claim without mentions, and a highlight awaiting a claim."""
    claims = list(Claim.objects.order_by("pk")[:3])
    ClaimRelation.objects.create(
        from_claim=claims[0], to_claim=claims[1], kind="contradicts", note="تناقض"
    )
    ClaimRelation.objects.create(from_claim=claims[1], to_claim=claims[2], kind="same_event")
    tag = Tag.objects.create(name="وسم للادعاء", slug="claim-tag")
    claims[0].tags.add(tag)
    Claim.objects.create(text_ar="ادعاء بلا ذكر بعد", gloss_en="A claim without mentions")
    people = list(Claimant.objects.order_by("pk")[:3])
    people[1].parent = people[0]
    people[1].save()
    people[2].outlet = Outlet.objects.get(slug="sana")
    people[2].notes = "ملاحظة"
    people[2].save()
    Claimant.objects.create(name_ar="قائل بلا ذكر", kind="person", parent=people[0])
    Annotation.objects.update(author=importer, review_status="draft")


def export() -> str:
    return "".join(webannotation.full_export(BASE, id=f"{BASE}/annotations/all.jsonld"))


def test_full_export_into_an_empty_room_gives_the_same_room_and_twice_doubles_nothing(
    rich_room: None, importer: Any
) -> None:
    before = room_state()
    document = export()
    assert json.loads(document)["total"] == Annotation.objects.count()
    empty_the_room()
    assert room_state()["annotations"] == []

    report = webannotation.import_json(document, importer=importer, room_hosts=["testserver"])

    assert report.refused_count == 0 and report.created_count == len(before["annotations"])
    after = room_state()
    for key in before:
        assert after[key] == before[key], key
    again = webannotation.import_json(document, importer=importer, room_hosts=["testserver"])
    assert again.created_count == 0 and again.already_present == len(before["annotations"])
    assert again.claims_created == again.claimants_created == again.relations_created == 0
    assert room_state() == before


def test_a_big_file_on_disk_is_streamed_and_gives_the_same_room(
    rich_room: None, importer: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    before = room_state()
    path = tmp_path / "all.jsonld"
    path.write_text(export(), encoding="utf-8")
    empty_the_room()
    monkeypatch.setattr(webannotation, "STREAM_ABOVE", 0)  # take the streaming reader
    webannotation.import_json(path, importer=importer, room_hosts=["testserver"])
    assert room_state() == before


def test_the_catalogue_is_checked_like_the_annotations(rich_room: None, importer: Any) -> None:
    document = json.loads(export())
    document["claims"][0]["relations"] = [{"kind": "loves", "claim": "x"}]
    document["claimants"][0]["nameAr"] = "\x00"
    empty_the_room()
    with pytest.raises(webannotation.WebAnnotationError) as error:
        webannotation.import_json(json.dumps(document), importer=importer)
    text = " ".join(error.value.messages)
    assert "NUL" in text and "kind" in text
    assert not Claim.objects.exists() and not Claimant.objects.exists()


def test_the_commands_export_and_import_the_room(
    rich_room: None, importer: Any, tmp_path: Any
) -> None:
    from django.core.management import call_command

    before = room_state()
    path = tmp_path / "room.jsonld"
    call_command("annotations_export", str(path), "--base", BASE)
    empty_the_room()
    call_command("annotations_import", str(path), "--user", "importer", "--dry-run")
    assert not Annotation.objects.exists()
    call_command("annotations_import", str(path), "--user", "importer", "--host", "testserver")
    assert room_state() == before


def test_an_annotation_on_a_copy_comes_back_on_the_copy_not_its_original(
    room: Article, importer: Any
) -> None:
    """A word-for-word copy from another outlet shares its original's content hash (issue 18,
    item 6): the export's room address and outlet address tell the two apart, and a target
    named by hash alone is the original."""
    from articles.claims.annotations import annotation_create

    other = Outlet.objects.exclude(pk=room.outlet_id).first()
    assert other is not None
    copy = Article.objects.create(
        outlet=other,
        title=room.title,
        body=room.body,
        content_hash=room.content_hash,
        url="https://copies.example/story/1",
        copy_of=room,
    )
    claim = Claim.objects.create(text_ar="ادعاء على النسخة")
    on_copy = annotation_create(article=copy, start=0, end=5, claim=claim, claimant=None)
    document = json.loads(
        "".join(
            webannotation.iter_collection(
                Annotation.objects.with_details().filter(pk=on_copy.pk),
                base=BASE,
                id=f"{BASE}/annotations.jsonld",
                label="",
                total=1,
            )
        )
    )
    on_copy.delete()
    report = webannotation.import_json(
        json.dumps(document), importer=importer, room_hosts=["testserver"]
    )
    assert report.created_count == 1
    assert Annotation.objects.get(claim=claim).article_id == copy.pk
    # The outlet's address alone (as another room would send it) still finds the copy.
    item = document["first"]["items"][0]
    item["target"] = [
        dict(t, source=t["source"]) for t in item["target"] if "copies" in t["source"]
    ]
    item["target"][0]["contentHash"] = room.content_hash
    Annotation.objects.filter(claim=claim).delete()
    webannotation.import_json(json.dumps(document), importer=importer, room_hosts=["testserver"])
    assert Annotation.objects.get(claim=claim).article_id == copy.pk
    # By hash alone: the original.
    item["target"] = [{"type": "SpecificResource", "contentHash": room.content_hash,
                       "selector": item["target"][0]["selector"]}]  # fmt: skip
    Annotation.objects.filter(claim=claim).delete()
    webannotation.import_json(json.dumps(document), importer=importer, room_hosts=["testserver"])
    assert Annotation.objects.get(claim=claim).article_id == room.pk
