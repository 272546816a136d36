"""Each format and encoding, built in the tests from the seeds and small records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from articles.demo import split_title
from articles.ingest.encodings import EncodingProblem, decode
from articles.models import Article
from tests.ingest.conftest import SEED_FILES, saudi_record, seed_text, zip_bytes

SPLIT = {name: name != "001_5b11a9e5e613e591.txt" for name in SEED_FILES}


def demo_bodies() -> set[str]:
    return {split_title(seed_text(n), has_title_line=SPLIT[n])[1] for n in SEED_FILES}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "windows-1256"])
def test_seeds_in_every_encoding_import_to_the_same_bodies(
    tmp_path: Path, run_import: Any, outlets: Any, encoding: str
) -> None:
    for name in SEED_FILES:
        (tmp_path / name).write_bytes(seed_text(name).encode(encoding))
    batch = run_import(tmp_path)
    assert (batch.created, batch.failed) == (5, 0)
    assert {a.body for a in Article.objects.all()} == demo_bodies()
    expected = {"utf-16-le": "utf-16-le"}.get(encoding, encoding)
    assert {i.encoding for i in batch.items.all()} == {expected}


def test_iso_8859_6_is_told_apart_from_windows_1256() -> None:
    text = (
        "أعلنت وزارة الخارجية في بيان اليوم أن الوفد سيصل إلى العاصمة غدا لبحث الاتفاق مع الحكومة."
    )
    decoded = decode(text.encode("iso-8859-6"))
    assert decoded.encoding == "iso-8859-6"
    assert decoded.text == text
    assert decode(text.encode("windows-1256")).encoding == "windows-1256"


def test_latin1_text_is_refused_rather_than_guessed() -> None:
    with pytest.raises(EncodingProblem, match="unknown encoding"):
        decode("Le ministère a publié un communiqué très détaillé à Genève.".encode("latin-1"))


def test_mojibake_is_never_stored() -> None:
    garbled = "الأخبار العاجلة من دمشق اليوم".encode().decode("latin-1").encode("utf-8")
    with pytest.raises(EncodingProblem, match="mojibake"):
        decode(garbled * 3)


def test_json_array_with_saudinewsnet_fields(tmp_path: Path, run_import: Any, db: None) -> None:
    records = [saudi_record(i) for i in range(3)]
    (tmp_path / "day.json").write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    batch = run_import(tmp_path / "day.json")
    assert batch.created == 3
    article = Article.objects.get(url="https://sabq.org/news/1")
    assert article.title == "عنوان الخبر رقم 1"
    # sabq is in the outlet registry: named and placed, nothing for an admin to review.
    assert article.outlet.source_ids == ["sabq"] and not article.outlet.needs_review
    # The corpus's times are read in the outlet's own zone (Riyadh, UTC+3) since it is known.
    assert article.published_at.isoformat() == "2015-07-20T23:51:32+00:00"
    assert article.published_at_source.startswith("field: date_extracted: 2015-07-21 02:51:32")
    assert article.provenance["entry"] == "#2" and article.provenance["format"] == "json"


def test_json_synonyms_body_text_published_at_outlet(
    tmp_path: Path, run_import: Any, db: None
) -> None:
    records = [
        {
            "headline": "خبر أول",
            "body": "نص " * 30 + "الأول",
            "published_at": "2024-03-01T10:00:00+03:00",
            "outlet": "صحيفة الاختبار",
        },
        {"title": "خبر ثان", "text": "نص " * 30 + "الثاني", "date": "2024-03-02"},
    ]
    (tmp_path / "x.json").write_text(json.dumps({"articles": records}, ensure_ascii=False), "utf-8")
    batch = run_import(tmp_path / "x.json")
    assert batch.created == 2
    first = Article.objects.get(title="خبر أول")
    assert first.outlet.name_ar == "صحيفة الاختبار"
    assert first.published_at.isoformat() == "2024-03-01T07:00:00+00:00"
    assert Article.objects.get(title="خبر ثان").body.endswith("الثاني")


def test_zip_of_json_lines_in_nested_folders(tmp_path: Path, run_import: Any, db: None) -> None:
    lines = "\n".join(json.dumps(saudi_record(i), ensure_ascii=False) for i in range(4))
    other = json.dumps(
        saudi_record(9, source="okaz", url="https://www.okaz.com.sa/9"), ensure_ascii=False
    )
    (tmp_path / "feed.zip").write_bytes(
        zip_bytes({"2015/07/a.jsonl": lines.encode(), "2015/08/deeper/b.jsonl": other.encode()})
    )
    batch = run_import(tmp_path / "feed.zip")
    assert (batch.created, batch.total) == (5, 2)
    assert Article.objects.get(url="https://www.okaz.com.sa/9").outlet.domains == ["okaz.com.sa"]
    assert any(i.name.endswith("feed.zip/2015/08/deeper/b.jsonl") for i in batch.items.all())


def test_csv_with_header(tmp_path: Path, run_import: Any, db: None) -> None:
    body = 'نص طويل عن الاجتماع، وفيه فاصلة و"اقتباس".' * 3
    csv_text = f'title,content,url,author\nعنوان,"{body.replace(chr(34), chr(34) * 2)}",https://example.com/a,سارة\n'
    (tmp_path / "a.csv").write_text(csv_text, encoding="utf-8")
    batch = run_import(tmp_path / "a.csv")
    assert batch.created == 1
    article = Article.objects.get()
    assert (article.title, article.body, article.author) == ("عنوان", body, "سارة")
    assert article.provenance["entry"] == "row 2"


def test_html_page_main_text_without_markup(tmp_path: Path, run_import: Any, db: None) -> None:
    html = """<!doctype html><html lang="ar"><head><title>الموقع | خبر</title>
    <meta property="og:site_name" content="موقع الاختبار">
    <meta property="article:published_time" content="2023-05-04T08:30:00Z">
    <link rel="canonical" href="https://news.example.org/item/7"><style>p{color:red}</style>
    <script>var x = "لا يظهر";</script></head><body><nav>الرئيسية | سياسة</nav>
    <article><h1>عنوان المقال</h1><p>الفقرة <b>الأولى</b> من النص.</p>
    <p>الفقرة الثانية.</p></article>
    <footer>حقوق النشر</footer></body></html>"""
    (tmp_path / "page.html").write_text(html, encoding="utf-8")
    batch = run_import(tmp_path / "page.html")
    assert batch.created == 1
    article = Article.objects.get()
    assert article.title == "عنوان المقال"
    assert article.body == "الفقرة الأولى من النص.\nالفقرة الثانية."
    assert article.url == "https://news.example.org/item/7"
    assert article.outlet.domains == ["news.example.org"]
    assert article.published_at.isoformat() == "2023-05-04T08:30:00+00:00"
