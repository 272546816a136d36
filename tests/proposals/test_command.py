"""`manage.py attributions FILE [FILE ...]`: one JSON line per file, decoded like the importer."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

KEYS = {
    "claimant",
    "claimant_start",
    "claimant_end",
    "cue",
    "cue_start",
    "cue_end",
    "start",
    "end",
    "quote",
    "chain",
    "confidence",
}
TEXT = "وقال المتحدث باسم الشرطة إن الطريق أغلق. وأضاف أن العمل مستمر حتى المساء.\n"


def run(*paths: Path) -> list[dict]:
    out = StringIO()
    call_command("attributions", *map(str, paths), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_prints_one_json_line_per_file_with_the_issue_keys(tmp_path: Path) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text("ارتفعت درجات الحرارة اليوم.", encoding="utf-8")
    records = run(first, second)
    assert [r["file"] for r in records] == [str(first), str(second)]
    assert records[1]["attributions"] == []
    found = records[0]["attributions"]
    assert [a["cue"] for a in found] == ["وقال", "وأضاف"]
    for a in found:
        assert set(a) == KEYS
        assert TEXT[a["start"] : a["end"]] == a["quote"]
        assert isinstance(a["chain"], list)
    assert found[1]["claimant"] == "المتحدث باسم الشرطة"
    assert found[1]["claimant_start"] is None


def test_output_is_not_ascii_escaped(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    out = StringIO()
    call_command("attributions", str(path), stdout=out)
    assert "المتحدث" in out.getvalue()


def test_windows_1256_file_is_decoded_like_the_importer(tmp_path: Path) -> None:
    path = tmp_path / "cp1256.txt"
    text = TEXT * 3  # enough Arabic prose for the code-page detection
    path.write_bytes(text.encode("windows-1256"))
    (record,) = run(path)
    found = record["attributions"]
    assert found and found[0]["claimant"] == "المتحدث باسم الشرطة"
    assert text[found[0]["start"] : found[0]["end"]] == found[0]["quote"]


def test_offsets_count_code_points_of_the_decoded_text_with_a_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ("🔥 " + TEXT).encode("utf-8"))
    (record,) = run(path)
    a = record["attributions"][0]
    assert ("🔥 " + TEXT)[a["start"] : a["end"]] == a["quote"] == "الطريق أغلق"


def test_undecodable_file_is_reported_and_the_command_fails_at_the_end(tmp_path: Path) -> None:
    good, empty, binary = tmp_path / "good.txt", tmp_path / "empty.txt", tmp_path / "bin.dat"
    good.write_text(TEXT, encoding="utf-8")
    empty.write_bytes(b"")
    binary.write_bytes(bytes(range(256)) * 4)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("attributions", str(empty), str(good), str(binary), stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["file"] for r in records] == [str(empty), str(good), str(binary)]
    assert "error" in records[0] and "error" in records[2]
    assert records[1]["attributions"]


def test_missing_file_is_an_error_line(tmp_path: Path) -> None:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("attributions", str(tmp_path / "nope.txt"), stdout=out)
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert "error" in record
