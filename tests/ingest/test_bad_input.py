"""Every kind of bad input gets a clear error naming its file (and entry); the rest goes on."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from articles.models import Article
from tests.ingest.conftest import saudi_record, seed_text, zip_bytes


def errors_of(batch: Any) -> dict[str, str]:
    return {
        f"{e['file'].rsplit('/', 1)[-1]} {e['entry']}".strip(): e["reason"] for e in batch.errors
    }


def import_with_a_good_file(tmp_path: Path, run_import: Any, created: int = 1) -> Any:
    (tmp_path / "good.json").write_text(json.dumps([saudi_record(1)], ensure_ascii=False), "utf-8")
    batch = run_import(tmp_path)
    assert batch.created == created, batch.errors  # the good files always go through
    assert batch.status == "failed" and batch.processed == batch.total
    return batch


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.json", b"  \n\n ", "the file is empty"),
        ("junk.txt", bytes(range(256)) * 40, "binary data, not text"),
        ("truncated.json", '[{"title": "عنوان", "content": "نص'.encode(), "invalid JSON at line 1"),
        ("invalid.json", b'[{"title": }]', "invalid JSON at line 1, column 12"),
        (
            "shape.json",
            b'"just a string"',
            "JSON of the wrong shape: expected a list of articles, found a string",
        ),
        ("deep.json", b"[" * 100000 + b"]" * 100000, "JSON nested too deeply"),
        (
            "deep2.json",
            ('[{"content": "x", "meta": ' + "[" * 30 + "1" + "]" * 30 + "}]").encode(),
            "JSON nested too deeply",
        ),
        (
            "cols.csv",
            "headline,summary\nعنوان,ملخص\n".encode(),
            "the CSV has no column with the article text",
        ),
        (
            "latin.txt",
            "Un texte français accentué, très très ancien à Genève.".encode("latin-1"),
            "unknown encoding",
        ),
        ("pic.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "binary data, not text"),
    ],
)
def test_bad_file_is_reported_and_the_rest_goes_on(
    tmp_path: Path, run_import: Any, name: str, data: bytes, message: str
) -> None:
    (tmp_path / name).write_bytes(data)
    batch = import_with_a_good_file(tmp_path, run_import)
    assert message in errors_of(batch)[name]


def test_truncated_json_says_so(tmp_path: Path, run_import: Any) -> None:
    (tmp_path / "t.json").write_text('[{"title": "عنوان", "content": "نص"}', "utf-8")
    batch = import_with_a_good_file(tmp_path, run_import)
    assert "looks truncated" in errors_of(batch)["t.json"]


def test_bad_entries_are_named_and_the_good_ones_kept(tmp_path: Path, run_import: Any) -> None:
    lines = [
        json.dumps(saudi_record(5), ensure_ascii=False),
        "{not json",
        "[1, 2]",
        json.dumps({"title": "t", "content": {"x": 1}}),
        json.dumps({"url": "u"}),
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines), "utf-8")
    (tmp_path / "list.json").write_text(json.dumps([saudi_record(6), 42]), "utf-8")
    (tmp_path / "rows.csv").write_text("title,content\nا,نص أول\nب,نص,زائد\n", "utf-8")
    batch = import_with_a_good_file(tmp_path, run_import, created=4)
    errors = errors_of(batch)
    assert errors["feed.jsonl line 2"].startswith("invalid JSON at column 2")
    assert errors["feed.jsonl line 3"] == "expected an object with article fields, found a list"
    assert errors["feed.jsonl line 4"] == "field 'content' should be text, not dict"
    assert errors["feed.jsonl line 5"].startswith("no article text")
    assert errors["list.json #2"] == "expected an object with article fields, found a number"
    assert errors["rows.csv row 3"] == "expected 2 cells like the header, found 3"
    assert batch.created == 4 and batch.failed == 6


def test_csv_with_a_megabyte_cell(tmp_path: Path, run_import: Any) -> None:
    huge = "ب" * (1024 * 1024)
    (tmp_path / "big.csv").write_text(f"title,content\nأ,نص قصير\nب,{huge}\n", "utf-8")
    batch = import_with_a_good_file(tmp_path, run_import, created=2)
    assert errors_of(batch)["big.csv row 3"] == (
        "a cell is longer than 524,288 characters; the rows after it were not read"
    )
    assert Article.objects.filter(body="نص قصير").exists()


def test_empty_body_entries_are_skipped_with_a_reason(tmp_path: Path, run_import: Any) -> None:
    (tmp_path / "a.json").write_text(json.dumps([saudi_record(1, content="")]), "utf-8")
    batch = run_import(tmp_path)
    assert (batch.created, batch.skipped, batch.failed) == (0, 1, 0)
    assert batch.items.get().notes[0]["reason"] == "no article text (the body is empty)"


def raw_zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def test_zip_bomb_by_compression_ratio(tmp_path: Path, run_import: Any) -> None:
    (tmp_path / "bomb.zip").write_bytes(
        zip_bytes(
            {"a.txt": b"\x00" * 20_000_000, "b.txt": seed_text("004_6fc3cf2ddfe7e700.txt").encode()}
        )
    )
    batch = import_with_a_good_file(tmp_path, run_import, created=2)  # and the sane entry
    assert "suspicious compression ratio 1,0" in errors_of(batch)["a.txt"]


@override_settings(IMPORT_MAX_UNCOMPRESSED_BYTES=3000)
def test_zip_bomb_by_total_size(tmp_path: Path, run_import: Any) -> None:
    text = seed_text("004_6fc3cf2ddfe7e700.txt").encode()[:2000]
    (tmp_path / "many.zip").write_bytes(zip_bytes({"1.txt": text, "2.txt": text}))
    batch = import_with_a_good_file(tmp_path, run_import, created=2)
    assert "unpacks to more than 3,000 bytes in total" in errors_of(batch)["2.txt"]


@override_settings(IMPORT_MAX_ZIP_ENTRIES=3)
def test_zip_bomb_by_entry_count(tmp_path: Path, run_import: Any) -> None:
    (tmp_path / "many.zip").write_bytes(zip_bytes({f"{i}.txt": b"x" for i in range(5)}))
    batch = import_with_a_good_file(tmp_path, run_import)
    assert errors_of(batch)["many.zip"] == "zip archive with 5 entries, over the limit of 3"


def test_unsafe_paths_inside_a_zip_are_never_read_or_written(
    tmp_path: Path, run_import: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    text = seed_text("003_307b6d8156389d2c.txt").encode()
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "evil.zip").write_bytes(
        raw_zip([("../../x.txt", text), ("/etc/owned.txt", text), ("ok/fine.txt", text)])
    )
    batch = run_import(tmp_path / "in")
    errors = {e["file"].split("evil.zip/", 1)[1]: e["reason"] for e in batch.errors}
    assert "unsafe entry name '../../x.txt'" in errors["../../x.txt"]
    assert "unsafe entry name '/etc/owned.txt'" in errors["/etc/owned.txt"]
    assert batch.created == 1
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["evil.zip", "in"]


def test_unreadable_zip_and_missing_path(tmp_path: Path, run_import: Any) -> None:
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    batch = run_import(tmp_path, tmp_path / "nowhere.json")
    errors = errors_of(batch)
    assert errors["broken.zip"].startswith("not a readable zip archive")
    assert errors["nowhere.json"] == "no such file or folder"


@override_settings(IMPORT_MAX_ITEM_BYTES=1000)
def test_file_over_the_per_file_limit(tmp_path: Path, run_import: Any) -> None:
    (tmp_path / "long.txt").write_text(seed_text("004_6fc3cf2ddfe7e700.txt"), "utf-8")
    batch = run_import(tmp_path)
    assert "over the limit of 1,000 bytes per file" in errors_of(batch)["long.txt"]


def test_very_long_entry_names_are_kept_apart(tmp_path: Path, run_import: Any) -> None:
    text = seed_text("003_307b6d8156389d2c.txt").encode()
    other = seed_text("004_6fc3cf2ddfe7e700.txt").encode()
    deep = "d/" * 1100
    (tmp_path / "long.zip").write_bytes(zip_bytes({deep + "a.txt": text, deep + "b.txt": other}))
    batch = run_import(tmp_path)
    assert batch.created == 2
    names = [i.name for i in batch.items.all()]
    assert len(set(names)) == 2 and all(len(n) <= 2000 for n in names)
