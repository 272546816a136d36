"""Import faults from issue 20: nearly-UTF-8 files (item 7), articles too big for one
tsvector (item 13), zip members from one open archive (item 10)."""

from __future__ import annotations

from pathlib import Path

import pytest

from articles.ingest.encodings import EncodingProblem, decode
from articles.ingest.pipeline import create_batch_from_paths, run_batch
from articles.models import Article, ImportBatch

BODY = "قال المتحدث باسم الوزارة إن الاجتماع سيعقد في العاصمة الأسبوع المقبل، وفيه فاصلة."


def utf8_csv_with_four_bad_bytes() -> bytes:
    good = f"title,content,url\nعنوان الخبر,{BODY * 4},https://example.com/a\n".encode()
    # Four stray bytes in the article text, each after a space (between whole characters).
    spaces = [i for i, byte in enumerate(good) if byte == 0x20][3:40:10]
    out = bytearray(good)
    for position, stray in zip(reversed(spaces), (b"\xff", b"\xfe", b"\x81", b"\x90"), strict=True):
        out[position + 1 : position + 1] = stray
    return bytes(out)


def test_item7_nearly_utf8_arabic_csv_is_not_decoded_as_windows_1256() -> None:
    data = utf8_csv_with_four_bad_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded = decode(data)
    assert decoded.encoding == "utf-8 (4 invalid bytes replaced)"
    assert "عنوان الخبر" in decoded.text
    assert "ط¹ظ" not in decoded.text  # the windows-1256 mojibake of the issue
    assert decoded.text.count("\ufffd") == 4


@pytest.mark.django_db
def test_item7_nearly_utf8_import_stores_arabic_and_reports_the_replacement(
    tmp_path: Path,
) -> None:
    (tmp_path / "news.csv").write_bytes(utf8_csv_with_four_bad_bytes())
    batch = run_batch(create_batch_from_paths([str(tmp_path / "news.csv")]), workers=1)
    assert batch.created == 1
    article = Article.objects.get()
    assert article.title.endswith("عنوان الخبر")
    item = batch.items.get()
    assert item.encoding == "utf-8 (4 invalid bytes replaced)"
    assert article.provenance["encoding"] == item.encoding


def test_item7_neither_utf8_nor_a_legacy_arabic_encoding_is_refused_clearly() -> None:
    # Mostly bad UTF-8 and not Arabic in any code page: refused, with what to do.
    data = ("عنوان " * 20).encode() + bytes(range(0x80, 0x100)) * 3
    with pytest.raises(EncodingProblem, match="save it as UTF-8"):
        decode(data)
    assert decode("نص عربي في ملف قديم ".encode("cp1256") * 5).encoding == "windows-1256"
    assert isinstance(ImportBatch, type)


def _vocabulary_body(words: int, seed: int = 7) -> str:
    import random

    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    rng = random.Random(seed)
    return " ".join("".join(rng.choices(letters, k=7)) for _ in range(words))


@pytest.mark.django_db
def test_item13_article_too_big_for_one_tsvector_is_indexed_by_what_fits(
    tmp_path: Path,
) -> None:
    import json

    huge = _vocabulary_body(90_000)
    records = [
        {"title": "مقال ضخم", "content": huge, "url": "https://example.com/huge"},
        {"title": "مقال عادي", "content": BODY * 3, "url": "https://example.com/small"},
    ]
    (tmp_path / "a.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    batch = run_batch(create_batch_from_paths([str(tmp_path / "a.json")]), workers=1)
    assert batch.created == 2 and batch.failed == 0
    article = Article.objects.get(url="https://example.com/huge")
    assert article.provenance.get("search_index", "").startswith("truncated")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT length(search_vector), octet_length(search_vector::text)"
            " FROM articles_article WHERE id = %s",
            [article.pk],
        )
        lexemes, size = cursor.fetchone()
    assert lexemes > 10_000 and size > 500_000


def test_item10_zip_members_are_read_from_one_open_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    from articles.ingest import sources

    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for i in range(300):
            archive.writestr(f"item-{i}.txt", f"عنوان {i}\n\nنص {i}")
        inner = tmp_path / "inner.zip"
        with zipfile.ZipFile(inner, "w") as nested:
            for i in range(50):
                nested.writestr(f"n-{i}.txt", f"عنوان {i}\n\nنص {i}")
        archive.write(inner, "inner.zip")
    opened: list[object] = []
    real = zipfile.ZipFile

    def counting(*args: object, **kwargs: object) -> zipfile.ZipFile:
        opened.append(args[0])
        return real(*args, **kwargs)  # type: ignore[arg-type]

    sources._archives.clear()
    caps = sources.Caps.from_settings()
    refs = sources.items_from_paths([str(path)], caps)
    assert len(refs) == 350
    monkeypatch.setattr(sources.zipfile, "ZipFile", counting)
    contents = [sources.read_item(ref, caps) for ref in refs]
    assert all(c.startswith("عنوان".encode()) for c in contents)
    assert len(opened) <= 2  # the archive once, the nested archive once
