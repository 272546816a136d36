"""Constructions added in issue 21's second extractor session (generalising beyond the tuning
gold). Every sentence is written for the test; none is taken from a gold set or the corpus."""

from __future__ import annotations

import pytest

from articles.arabic import normalize
from articles.proposals.extractor import Attribution, extract

from .test_extractor import check_offsets, find, only


def run(text: str) -> list[Attribution]:
    found = extract(text)
    check_offsets(text, found)
    return found


# --- sentences, titles, paragraphs -------------------------------------------------------------


def test_a_one_letter_title_dot_does_not_end_the_sentence() -> None:
    a = only("وقال د. سامي الخطيب إن المستشفى استقبل عشرين مصابا.")
    assert a.claimant == "د. سامي الخطيب" and a.quote == "المستشفى استقبل عشرين مصابا"


def test_the_era_letter_after_a_year_still_ends_the_sentence() -> None:
    found = run("افتتح المبنى عام 2015 م. وقال المدير إن العمل انتهى.")
    assert [(a.claimant, a.quote) for a in found] == [("المدير", "العمل انتهى")]


def test_a_run_of_spaces_is_a_lost_paragraph_break() -> None:
    text = "وقال المدرب إن الفريق جاهز للمباراة   وأشاد الجمهور بالمستوى العام للاعبين"
    a = only(text)
    assert a.quote == "الفريق جاهز للمباراة"


# --- verbs: persons, clitics, forms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("وأكدن المعلمات أن المدرسة تحتاج إلى صيانة.", "وأكدن"),
        ("والطالبات يؤكدن أن المدرسة تحتاج إلى صيانة.", "يؤكدن"),
        ("وأبلغ الوزير الصحفيين أن المدرسة تحتاج إلى صيانة.", "وأبلغ"),
    ],
)
def test_feminine_plurals_and_listed_verbs(text: str, cue: str) -> None:
    a = only(text)
    assert a.cue == cue and normalize(a.quote).startswith(normalize("المدرسة تحتاج"))


def test_future_speech_is_not_an_attribution() -> None:
    assert extract("وستعلن الوزارة أن المدارس ستفتح أبوابها غدا.") == []


def test_an_elative_is_not_the_verb_abلغ() -> None:
    assert extract("كان للزيارة أبلغ الأثر في إقناع الناس بأن المشروع مفيد.") == []


def test_an_inscription_is_not_a_claim() -> None:
    assert extract("وتسلم اللاعب شيكا كتب عليه «هذا المبلغ ضمان للنادي حتى نهاية الموسم».") == []


# --- subjects -----------------------------------------------------------------------------------


def test_after_an_the_noun_before_the_verb_is_its_subject() -> None:
    found = run("وذكرت تقارير أن لجنة الانضباط أوضحت للاعبين أنها ستراجع العقوبات.")
    a = find(found, claimant="لجنة الانضباط", quote_starts="ستراجع العقوبات")
    assert a.cue == "أوضحت"


def test_a_bare_name_after_but_is_the_subject_of_a_past_verb() -> None:
    a = only("وكان المرشح واثقا من الفوز لكن غريب قال إن الأصوات لم تحسم بعد.")
    assert a.claimant == "غريب"


def test_a_name_that_begins_like_bal_before_a_colon() -> None:
    a = only("وقال بالمان: «لم أتلق أي اتصال من الشرطة حتى الآن».")
    assert a.claimant == "بالمان"


def test_a_present_verb_after_an_indefinite_noun_describes_it() -> None:
    found = run("وأكد الوزير أن الرعاية حق لكل مريض يرى أنه تضرر من الخدمة.")
    assert [a.cue for a in found] == ["وأكد"]


def test_confirmed_sources_keep_their_adjective() -> None:
    a = only("وعلمت الصحيفة من مصادر مؤكدة أن الاجتماع تأجل إلى الأسبوع المقبل.")
    assert a.claimant == "مصادر مؤكدة" and a.cue == "وعلمت"


def test_the_outlet_learning_without_a_source_is_its_own_voice() -> None:
    assert extract("علمت «الصحيفة» أن الاجتماع تأجل إلى الأسبوع المقبل.") == []


# --- verbal nouns, attitudes, objects ------------------------------------------------------------


def test_a_verbal_noun_with_its_source_and_an() -> None:
    found = run("وعادت إلى الواجهة تصريحات الوزير سامي نجم قبل أشهر بأن الضرائب لن ترتفع.")
    a = find(found, claimant="الوزير سامي نجم", quote_starts="الضرائب لن ترتفع")
    assert a.cue == "تصريحات"


def test_a_verbal_noun_in_an_adjunct_does_not_stop_the_verb() -> None:
    a = only("وأضاف الوزير في تصريحات صحفية أمس أن الضرائب لن ترتفع.")
    assert a.cue == "وأضاف" and a.quote == "الضرائب لن ترتفع"


def test_a_hope_with_a_noun_complement_is_held_by_the_speaker() -> None:
    a = only("وأعرب المدير عن تفاؤله الكبير في قدرة الشركة على تجاوز الأزمة.")
    assert a.quote == "قدرة الشركة على تجاوز الأزمة"


def test_happiness_about_an_event_is_not_a_claim() -> None:
    assert extract("وعبر اللاعبون عن سعادتهم بالفوز الكبير.") == []


def test_expressed_after_from_his_side() -> None:
    a = only("ومن جهته عبر رئيس النادي، وهو رجل أعمال معروف، عن ثقته بقدرة الفريق على المنافسة.")
    assert a.claimant == "رئيس النادي" and a.quote.startswith("بقدرة الفريق")


def test_via_is_not_a_verb() -> None:
    assert extract("ووصل الوفد عبر مطار المدينة إلى الفندق.") == []


def test_praise_with_a_noun_is_not_a_claim_but_with_an_it_is() -> None:
    assert extract("ونوه الوزير بالجهود التي بذلها المتطوعون.") == []
    a = only("ونوه الوزير إلى أن المتطوعين أنهوا العمل مبكرا.")
    assert a.quote == "المتطوعين أنهوا العمل مبكرا"


def test_an_accusative_object_after_the_subject() -> None:
    a = only("ورصدت الهيئة ارتفاعاً في أسعار الخضار خلال الشهر الماضي.")
    assert a.quote.startswith("ارتفاعاً") and a.claimant == "الهيئة"


# --- chains ---------------------------------------------------------------------------------------


def test_a_named_newspaper_told_relays_and_a_continuation_inherits_it() -> None:
    text = (
        "وقال الوزير لصحيفة «الأخبار اليومية» إن الميناء سيفتح قريبا. "
        "وأضاف أن الشحنات الأولى ستصل في الربيع."
    )
    found = run(text)
    first = find(found, claimant="الوزير", quote_starts="الميناء سيفتح")
    then = find(found, claimant="الوزير", quote_starts="الشحنات الأولى")
    assert first.chain == ("«الأخبار اليومية»", "الوزير") or normalize(first.chain[0]).endswith(
        normalize("«الأخبار اليومية»")
    )
    assert then.chain == first.chain


def test_the_publishing_outlet_told_by_its_bare_name_is_not_in_the_chain() -> None:
    a = only("وقال الوزير لـ«الأخبار» إن الميناء سيفتح قريبا.")
    assert a.chain == ("الوزير",)


def test_a_report_opening_another_report_starts_with_the_outer_chain() -> None:
    found = run("وقال الطبيب إن الفريق الطبي رجح أن المريض سيغادر المستشفى الأسبوع المقبل.")
    inner = find(found, claimant="الفريق الطبي", quote_starts="المريض سيغادر")
    assert inner.chain == ("الطبيب", "الفريق الطبي")


def test_content_before_which_the_source_stated() -> None:
    a = only("وتراجعت أسعار القمح خلال الشهر الماضي، وهو ما أكده وزير الزراعة في مؤتمر صحفي.")
    assert a.cue == "أكده" and a.claimant == "وزير الزراعة"
    assert a.quote == "وتراجعت أسعار القمح خلال الشهر الماضي"


def test_which_led_to_is_not_a_source() -> None:
    assert extract("ارتفعت أسعار القمح كثيرا، وهو ما أدى إلى غضب المستهلكين.") == []
