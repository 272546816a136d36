"""From attributions to stored rows: cue lemmas, fingerprints, and a failing body."""

from __future__ import annotations

import pytest

from articles.proposals import extractor, records


@pytest.mark.parametrize(
    ("cue", "lemma"),
    [
        ("وأضافت", "أضاف"),
        ("يؤكد", "أكد"),
        ("ونفى", "نفى"),
        ("بحسب", "بحسب"),
        ("على لسان", "على لسان"),
    ],
)
def test_cue_lemma_folds_inflections_and_clitics(cue: str, lemma: str) -> None:
    assert records.cue_lemma(cue) == lemma


def test_fingerprint_ignores_spelling_variants_and_offsets_but_not_the_occurrence() -> None:
    a = records.fingerprint("وزارة الدفاع", "أكد", "القوات وصلت", 0)
    assert a == records.fingerprint("وزاره الدفاع", "اكد", "القوات  وصلت", 0)
    assert a != records.fingerprint("وزارة الدفاع", "أكد", "القوات وصلت", 1)
    assert a != records.fingerprint("وزارة الدفاع", "نفى", "القوات وصلت", 0)


@pytest.mark.parametrize("text", ["وارتفعت الأسعار، بحسب ما ذكر", "بحسب ما أفاد", "وفقا لما ذكره."])
def test_an_according_to_marker_ending_the_text_yields_nothing(text: str) -> None:
    assert extractor.extract(text) == []


def test_a_body_the_extractor_fails_on_gives_no_rows_instead_of_stopping_the_batch(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(text: str) -> list[extractor.Attribution]:
        raise IndexError("boom")

    monkeypatch.setattr(extractor, "extract", broken)
    assert records.extract_rows("قال الوزير إن الطريق فتح.") == []
    assert "extractor failed" in caplog.text
