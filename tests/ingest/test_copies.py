"""Word-for-word copies: another outlet's identical text is stored as its own article, linked to
the original; the same outlet (or address) again stays a duplicate; re-importing creates nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from articles.ingest.pipeline import batch_report
from articles.models import Article, ArticleSketch, ImportBatch, Outlet
from tests.ingest.conftest import saudi_record
from tests.task_backends import IMMEDIATE

WIRE = (
    "أعلنت وزارة الداخلية السعودية اليوم عن ضبط خلية إرهابية في المنطقة الشرقية تضم عددا من "
    "المطلوبين أمنيا، وأوضح المتحدث الأمني أن العملية جاءت بعد متابعة دقيقة استمرت عدة أشهر "
    "وأسفرت عن مصادرة أسلحة وذخائر ومبالغ مالية، مؤكدا أن التحقيقات ما زالت جارية لكشف "
    "جميع المتورطين وأن الأجهزة الأمنية ستواصل جهودها لحماية أمن الوطن والمواطنين والمقيمين"
)
TEXT_FILE = f"ضبط خلية في المنطقة الشرقية\n\n{WIRE}\n"  # a title line, then the same body
UPLOAD_URL = "/admin/articles/importbatch/upload/"


def record(source: str, n: int, content: str = WIRE, **kwargs: Any) -> dict[str, Any]:
    """A SaudiNewsNet-style record of `source`, at an address of its own domain."""
    return saudi_record(n, source=source, url=f"https://{source}.example/news/{n}", content=content, **kwargs)  # fmt: skip


def write_json(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_same_text_from_two_outlets_is_stored_twice_and_linked(
    tmp_path: Path, run_import: Any
) -> None:
    batch = run_import(write_json(tmp_path / "a.json", [record("aawsat", 1), record("okaz", 2)]))
    assert (batch.created, batch.copies, batch.duplicates) == (2, 1, 0)
    original = Article.objects.get(outlet__source_ids__contains=["aawsat"])
    copy = Article.objects.get(outlet__source_ids__contains=["okaz"])
    assert copy.copy_of == original and original.copy_of is None
    assert copy.body == original.body and copy.content_hash == original.content_hash
    assert copy.outlet != original.outlet
    # The copy's text is the original's: no near-duplicate link, no sketch of its own.
    assert copy.near_duplicate_of is None
    assert not ArticleSketch.objects.filter(article=copy).exists()
    note = batch.items.get().notes[0]
    assert (note["kind"], note["article"], note["original"]) == ("copy", copy.pk, original.pk)


def test_the_import_report_names_the_original_and_its_outlet_in_both_languages(
    tmp_path: Path, run_import: Any
) -> None:
    batch = run_import(write_json(tmp_path / "a.json", [record("aawsat", 1), record("okaz", 2)]))
    original = Article.objects.get(copy_of__isnull=True)
    name = original.outlet.name_ar
    with translation.override("en"):
        [row] = batch_report(batch)["copy_entries"]
    assert row["reason"] == f"stored as a copy of article {original.pk} ({name})"
    with translation.override("ar"):
        [row] = batch_report(batch)["copy_entries"]
    assert row["reason"] == f"حُفظ نسخةً من المقال {original.pk} ({name})"
    assert "same text" not in json.dumps(batch_report(batch), ensure_ascii=False)


def test_reimporting_a_batch_with_copies_twice_creates_nothing_new(
    tmp_path: Path, run_import: Any
) -> None:
    path = write_json(
        tmp_path / "a.json",
        [record("aawsat", 1), record("okaz", 2), record("sabq", 3), record("aawsat", 4, "نص آخر " * 20)],
    )  # fmt: skip
    first = run_import(path)
    snapshot = list(Article.objects.order_by("id").values())
    outlets = Outlet.objects.count()
    second = run_import(path)
    third = run_import(path)
    assert (first.created, first.copies) == (4, 2)
    for again in (second, third):
        assert (again.created, again.copies, again.duplicates) == (0, 0, 4)
    assert list(Article.objects.order_by("id").values()) == snapshot
    assert Outlet.objects.count() == outlets
    # A third outlet's copy points at the original, not at another copy.
    assert set(Article.objects.filter(copy_of__isnull=False).values_list("copy_of", flat=True)) == {
        Article.objects.get(outlet__source_ids__contains=["aawsat"], body=WIRE).pk
    }


def test_the_same_outlet_sending_the_same_text_again_is_a_duplicate(
    tmp_path: Path, run_import: Any
) -> None:
    batch = run_import(write_json(tmp_path / "a.json", [record("okaz", 1), record("okaz", 2)]))
    assert (batch.created, batch.copies, batch.duplicates) == (1, 0, 1)
    note = batch.items.get().notes[0]
    assert note["kind"] == "duplicate" and "earlier in this batch" in note["reason"]


def test_the_same_address_under_another_outlet_is_a_duplicate(
    tmp_path: Path, run_import: Any, outlets: dict[str, Outlet]
) -> None:
    path = write_json(tmp_path / "a.json", [record("okaz", 1)])
    run_import(path, outlet=outlets["sana"])
    again = run_import(path, outlet=outlets["youm7"])  # a mistaken outlet for the same file
    assert (again.created, again.duplicates) == (0, 1)
    assert Article.objects.count() == 1
    with translation.override("en"):
        [row] = batch_report(again)["duplicate_entries"]
    assert "same text and address" in row["reason"]


def test_an_unidentified_source_with_a_known_text_is_a_duplicate_not_a_copy(
    tmp_path: Path, run_import: Any
) -> None:
    run_import(write_json(tmp_path / "a.json", [record("okaz", 1)]))
    (tmp_path / "b.txt").write_text(TEXT_FILE, encoding="utf-8")
    batch = run_import(tmp_path / "b.txt")
    assert (batch.created, batch.duplicates) == (0, 1)
    assert not Outlet.objects.filter(slug="unidentified", articles__isnull=False).exists()


def test_a_later_near_copy_links_to_the_original_not_to_the_copy(
    tmp_path: Path, run_import: Any
) -> None:
    run_import(write_json(tmp_path / "a.json", [record("aawsat", 1), record("okaz", 2)]))
    edited = record("sabq", 3, "الرياض - واس\n" + WIRE.replace("اليوم", "أمس") + " وأضاف المتحدث.")
    run_import(write_json(tmp_path / "b.json", [edited]))
    original = Article.objects.get(outlet__source_ids__contains=["aawsat"])
    near = Article.objects.get(outlet__source_ids__contains=["sabq"])
    assert near.near_duplicate_of == original and near.copy_of is None


@override_settings(TASKS=IMMEDIATE)
@pytest.mark.parametrize("second_outlet", ["youm7", "sana"])
def test_single_uploads_of_the_same_file_for_two_outlets(
    admin_client: Any,
    outlets: dict[str, Outlet],
    django_capture_on_commit_callbacks: Any,
    second_outlet: str,
) -> None:
    """The admin's upload with an outlet chosen: another outlet makes a copy, the same one a
    duplicate."""
    for slug in ("sana", second_outlet):
        upload = SimpleUploadedFile("story.txt", TEXT_FILE.encode())
        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(UPLOAD_URL, {"files": [upload], "outlet": outlets[slug].pk})
    last = ImportBatch.objects.latest("pk")
    original = Article.objects.get(outlet=outlets["sana"])
    if second_outlet == "sana":
        assert Article.objects.count() == 1 and last.duplicates == 1
        return
    copy = Article.objects.get(outlet=outlets["youm7"])
    assert copy.copy_of == original and last.copies == 1
    progress = reverse("admin:articles_importbatch_progress", args=[last.pk])
    page = admin_client.get(progress, headers={"Accept-Language": "en"}).content.decode()
    assert f"stored as a copy of article {original.pk} ({outlets['sana'].name_ar})" in page
    arabic = admin_client.get(progress, headers={"Accept-Language": "ar"}).content.decode()
    assert f"حُفظ نسخةً من المقال {original.pk} ({outlets['sana'].name_ar})" in arabic
    assert "منها نسخ" in arabic and "same text" not in arabic
