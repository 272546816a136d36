"""The attribution extractor: seeds, constructions, chains, traps, offsets, JSON shape."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.arabic import normalize
from articles.proposals.extractor import Attribution, extract

SEEDS = Path(__file__).resolve().parent.parent.parent / "fixtures" / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def check_offsets(text: str, found: list[Attribution]) -> None:
    for a in found:
        assert a.quote == text[a.start : a.end]
        assert a.cue == text[a.cue_start : a.cue_end]
        if a.claimant_start is not None:
            assert a.claimant_end is not None
            written = text[a.claimant_start : a.claimant_end]
            # للمصدر is written for ل + المصدر: the claimant is its free form
            assert written == a.claimant or "ا" + written[1:] == a.claimant
        assert 0.0 <= a.confidence <= 1.0
        assert a.chain[-1] == a.claimant
    assert [a.start for a in found] == sorted(a.start for a in found)


def find(found: list[Attribution], *, claimant: str, quote_starts: str) -> Attribution:
    """The proposal with this claimant whose content starts with these words (normalised)."""
    for a in found:
        if normalize(a.claimant) == normalize(claimant) and normalize(a.quote).startswith(
            normalize(quote_starts)
        ):
            return a
    raise AssertionError(
        f"no proposal {claimant!r} / {quote_starts!r} in "
        + repr([(a.claimant, a.quote[:30]) for a in found])
    )


def only(text: str) -> Attribution:
    found = extract(text)
    check_offsets(text, found)
    assert len(found) == 1, [(a.claimant, a.cue, a.quote) for a in found]
    return found[0]


# --- the seeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_proposals_have_consistent_offsets(prefix: str) -> None:
    text = seed(prefix)
    found = extract(text)
    assert found
    check_offsets(text, found)


def test_seed_004_russian_ministry_spokesman_konashenkov() -> None:
    text = seed("004")
    a = find(
        extract(text),
        claimant="الناطق باسم وزارة الدفاع الروسية اللواء إيغور كوناشينكوف",
        quote_starts="تخفيف عدد غارات التحالف الدولي",
    )
    assert a.cue == "وأعلن"
    assert a.quote.endswith("لنهر الفرات")
    assert a.chain == (a.claimant,)
    assert a.confidence >= 0.8


def test_seed_000_sputnik_agency_is_the_claimant_of_what_it_confirmed() -> None:
    found = extract(seed("000"))
    a = find(found, claimant="الوكالة الروسية", quote_starts="حدوث تغيير في استراتيجية")
    assert a.cue == "أكدت"
    sputnik = find(
        found, claimant='وكالة "سبوتنيك" الروسية', quote_starts="انتشار القوات الأمريكية"
    )
    assert sputnik.claimant_start is None  # "بعدما أكدت": the agency is the pronoun's antecedent
    assert sputnik.confidence < 0.8


def test_seed_001_sana_attributes_to_media_activists_and_the_russian_ministry() -> None:
    found = extract(seed("001"))
    find(found, claimant="بعض وسائل الإعلام والناشطين", quote_starts="تسود حالة الهدوء في الرقة")
    find(found, claimant="معلومات متطابقة", quote_starts="نقل العشرات من إرهابيي")
    find(found, claimant="وزارة الدفاع الروسية", quote_starts="تعامي القوات الأمريكية")


def test_seed_002_coalition_spokesman_dillon_and_his_continuations() -> None:
    text = seed("002")
    found = extract(text)
    dillon = "المتحدث باسم التحالف الدولي العقيد (ريان ديلون)"
    quote = find(found, claimant=dillon, quote_starts="مئات العناصر من تنظيم")
    assert quote.cue == "وقال"
    assert text[quote.end] == '"'  # a direct quote: inside the quotation marks
    for cue, words in (("لافتا", "التصريحات الروسية"), ("وشدد", "القوات الأمريكية لن تغادر")):
        a = find(found, claimant=dillon, quote_starts=words)
        assert a.cue == cue
        assert a.claimant_start is None and a.claimant_end is None
    find(found, claimant="القناة المركزية لقاعدة حميميم", quote_starts="عسكريين أمريكيين قاموا")
    added = find(found, claimant="القناة المركزية لقاعدة حميميم", quote_starts="وهم عبارة عن")
    assert added.cue == "وأضافت"
    find(found, claimant="المصدر", quote_starts="يتم العمل في هذه القاعدة")
    find(found, claimant="الكاتب الصحافي (فراس علاوي)", quote_starts="تبادل الاتهامات")


def test_seed_003_sdf_media_centre_sohr_and_relayed_us_sources() -> None:
    found = extract(seed("003"))
    find(
        found, claimant="المركز الاعلامي لقوات سوريا الديمقراطية", quote_starts="تمكن قواتها من صد"
    )
    find(found, claimant="المرصد السوري لحقوق الإنسان", quote_starts="بوصول تعزيزات عسكرية")
    find(found, claimant="مصادر محلية", quote_starts="كثفت قسد من دورياتها")
    relayed = find(found, claimant="مصادر أمريكية", quote_starts="لجنة القوات المسلحة")
    assert relayed.chain == ("وكالات اعلام", "مصادر أمريكية")
    find(found, claimant="البيان", quote_starts="نحمّل حكومة دمشق")


# --- constructions -----------------------------------------------------------------------------


def test_verb_first_with_an_complement() -> None:
    a = only("أكدت وزارة الدفاع الروسية أن القوات انسحبت من المدينة.")
    assert (a.claimant, a.cue, a.quote) == (
        "وزارة الدفاع الروسية",
        "أكدت",
        "القوات انسحبت من المدينة",
    )
    assert a.confidence >= 0.8


def test_noun_first_sentence() -> None:
    a = only("وزارة الدفاع الروسية أكدت أن القوات انسحبت من المدينة.")
    assert (a.claimant, a.cue, a.quote) == (
        "وزارة الدفاع الروسية",
        "أكدت",
        "القوات انسحبت من المدينة",
    )


@pytest.mark.parametrize(
    ("sentence", "cue"),
    [
        ("قالوا المسعفون إن الحريق أخمد بالكامل.", "قالوا"),
        ("وتقول الشرطة إن الحريق أخمد بالكامل.", "وتقول"),
        ("ويؤكد المسعفون أن الحريق أخمد بالكامل.", "ويؤكد"),
        ("فأوضحت الهيئة أن الحريق أخمد بالكامل.", "فأوضحت"),
        ("وزعم المتحدث أن الحريق أخمد بالكامل.", "وزعم"),
        ("ونفت الشركة أن يكون الحريق قد أخمد.", "ونفت"),
        ("ويرى الخبراء أن الحريق أخمد بالكامل.", "ويرى"),
        ("وحذر المسؤول من أن الحريق قد يمتد.", "وحذر"),
        ("واعتبر الوزير أن الحريق أخمد بالكامل.", "واعتبر"),
        ("وصرّح المدير بأن الحريق أخمد بالكامل.", "وصرّح"),
        ("ولفت المتحدث إلى أن الحريق أخمد بالكامل.", "ولفت"),
        ("وشددت الوزارة على أن الحريق أخمد بالكامل.", "وشددت"),
    ],
)
def test_reporting_verbs_in_any_person_number_and_with_clitics(sentence: str, cue: str) -> None:
    a = only(sentence)
    assert a.cue == cue
    assert "الحريق" in a.quote


def test_direct_quote_after_a_colon_is_the_inside_of_the_quotation_marks() -> None:
    text = "وقال المدرب: «الفريق جاهز للمباراة القادمة». "
    a = only(text)
    assert a.quote == "الفريق جاهز للمباراة القادمة"
    assert text[a.start - 1] == "«"


def test_passive_without_a_named_source_is_not_proposed() -> None:
    assert extract("وذُكر أن الهجوم أسفر عن قتلى. وأُعلن في الرياض أن الاجتماع تأجل.") == []


def test_passive_with_a_named_source() -> None:
    a = only("وأُعلن على لسان المتحدث باسم الجيش أن القوات انسحبت.")
    assert a.claimant == "المتحدث باسم الجيش"
    assert a.quote == "القوات انسحبت"


def test_impersonal_yudhkar_anna_is_not_an_attribution() -> None:
    assert extract("وقال الوزير إن المشروع اكتمل. يذكر أن المشروع بدأ قبل عامين.")[-1].cue == "وقال"
    assert len(extract("يذكر أن المشروع بدأ قبل عامين.")) == 0


@pytest.mark.parametrize(
    ("text", "claimant", "quote"),
    [
        ("وبحسب مصادر محلية، قتل خمسة أشخاص في القصف.", "مصادر محلية", "قتل خمسة أشخاص في القصف"),
        ("ووفقًا لوكالة رويترز فإن المحادثات انهارت.", "وكالة رويترز", "المحادثات انهارت"),
        ("قتل خمسة أشخاص في القصف، بحسب ناشطين.", "ناشطين", "قتل خمسة أشخاص في القصف"),
        (
            "وارتفع عدد الإصابات إلى عشرين، وفقًا لوزارة الصحة.",
            "وزارة الصحة",
            "وارتفع عدد الإصابات إلى عشرين",
        ),
        ("وطبقًا للتقرير السنوي فإن الصادرات تراجعت.", "التقرير السنوي", "الصادرات تراجعت"),
        ("وحسب ما ذكرت صحيفة الرياض فإن الطريق سيغلق.", "صحيفة الرياض", "الطريق سيغلق"),
    ],
)
def test_according_to_at_the_start_or_the_end_of_a_sentence(
    text: str, claimant: str, quote: str
) -> None:
    a = only(text)
    assert normalize(a.claimant) == normalize(claimant)
    assert a.quote == quote


def test_according_to_at_the_end_is_less_confident_than_at_the_start() -> None:
    start = only("وبحسب مصادر محلية، قتل خمسة أشخاص في القصف.")
    end = only("قتل خمسة أشخاص في القصف، بحسب مصادر محلية.")
    assert end.confidence < start.confidence


def test_according_to_lam_lam_gives_the_free_form_of_the_source() -> None:
    text = "ووفقًا للمصدر فإن العمل بدأ قبل ستة أشهر."
    a = only(text)
    assert a.claimant == "المصدر"
    assert text[a.claimant_start : a.claimant_end] == "للمصدر"


@pytest.mark.parametrize(
    "text",
    [
        "وارتفعت الأسعار وفقًا للأسعار العالمية للنفط.",
        "وتسير الرحلات حسب الجدول المعتاد.",
        "وسيتم توزيع المساعدات بحسب الحاجة.",
        "ويعمل المكتب وفق النظام الجديد.",
        "واستنادًا إلى تجاربه المريرة يواصل المجتمع دعمه.",
        "وسيقام الحفل طبقًا للخطة الموضوعة.",
        "ودار نقاش بين الوزير والسفير أن الوقت حان.",
        "وتحدث أمور كهذه عن طريق الصدفة.",
        "وأجري استطلاع رأي أجريت نتائجه أن الغالبية تؤيد.",
        "وطلب المسؤولون عدم ذكر أسمائهم لأنهم غير مخولين.",
        "لم تذكر الصحيفة أن اللاعب انتقل.",
    ],
)
def test_non_attributive_uses_give_no_proposal(text: str) -> None:
    assert extract(text) == []


def test_continuations_resolve_to_the_claimant_named_before() -> None:
    text = (
        "وقال وزير الخارجية إن المحادثات كانت مثمرة. وأضاف أن الجانبين اتفقا على التعاون، "
        "مشيرًا إلى أن اللقاء القادم سيكون في الرياض. وتابع: «العلاقات تاريخية»."
    )
    found = extract(text)
    check_offsets(text, found)
    assert [a.cue for a in found] == ["وقال", "وأضاف", "مشيرًا", "وتابع"]
    assert {a.claimant for a in found} == {"وزير الخارجية"}
    assert [a.claimant_start is None for a in found] == [False, True, True, True]
    assert found[1].quote == "الجانبين اتفقا على التعاون"
    assert found[2].quote == "اللقاء القادم سيكون في الرياض"
    assert found[3].quote == "العلاقات تاريخية"
    assert all(a.confidence <= found[0].confidence for a in found[1:])


def test_a_feminine_continuation_skips_a_masculine_speaker() -> None:
    text = (
        "وقالت الوزارة إن الحملة بدأت. وقال المتحدث إن الفرق جاهزة. وأضافت أن الحملة تستمر أسبوعين."
    )
    last = extract(text)[-1]
    assert (last.cue, last.claimant) == ("وأضافت", "الوزارة")


def test_a_continuation_without_an_antecedent_is_not_proposed() -> None:
    assert extract("وأضاف أن الحملة تستمر أسبوعين.") == []


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("وقال ناشطون إن القصف استهدف السوق.", "ناشطون"),
        ("وأفاد شهود عيان بأن الانفجار وقع قرب المسجد.", "شهود عيان"),
        ("وذكر مصدر عسكري أن الطائرات قصفت المطار.", "مصدر عسكري"),
        ("وأكدت مصادر محلية أن الطريق أغلق.", "مصادر محلية"),
    ],
)
def test_unnamed_sources_are_claimants(text: str, claimant: str) -> None:
    assert only(text).claimant == claimant


def test_attribution_chain_outermost_relayer_first() -> None:
    a = only("ذكرت وكالة سبوتنيك نقلًا عن مصدر عسكري أن الطائرات قصفت المطار.")
    assert a.chain == ("وكالة سبوتنيك", "مصدر عسكري")
    assert a.claimant == "مصدر عسكري"
    assert a.quote == "الطائرات قصفت المطار"


def test_naqala_an_chain_with_qawluhu() -> None:
    a = only("ونقلت قناة العربية عن مسؤول أمني قوله إن الهجوم أحبط.")
    assert a.chain == ("قناة العربية", "مسؤول أمني")
    assert a.quote == "الهجوم أحبط"


def test_according_to_at_the_end_of_a_quoted_sentence_extends_the_chain() -> None:
    a = only("وقال مسؤول محلي إن القصف استهدف السوق، بحسب وكالة الأنباء الألمانية.")
    assert a.chain == ("وكالة الأنباء الألمانية", "مسؤول محلي")
    assert a.quote == "القصف استهدف السوق"


def test_single_source_chain_is_the_claimant() -> None:
    a = only("وقال المتحدث إن الطريق أغلق.")
    assert a.chain == ("المتحدث",)


def test_addressee_after_the_verb_is_not_the_claimant() -> None:
    a = only("وقال مصدر لـ«عكاظ» إن الوضع مستقر.")
    assert a.claimant == "مصدر"
    b = only("وقال الوزير للصحفيين إن الوضع مستقر.")
    assert b.claimant == "الوزير"


# --- offsets -----------------------------------------------------------------------------------


def test_offsets_are_code_points_after_emoji() -> None:
    text = "🔥🔥🇸🇦 عاجل 🚨 وقال المتحدث باسم الشرطة إن الطريق أغلق 😢."
    a = only(text)
    assert a.claimant == "المتحدث باسم الشرطة"
    assert a.quote == "الطريق أغلق"
    assert text[a.cue_start : a.cue_end] == "وقال"


def test_obfuscated_words_keep_their_original_spelling_and_do_not_end_the_sentence() -> None:
    text = "وأكدت المصادر أن القـ.ـوات الأمريكية رفعت وتيـ.ـرة الاستعـ.ـدادات في المنطقة."
    a = only(text)
    assert a.quote == "القـ.ـوات الأمريكية رفعت وتيـ.ـرة الاستعـ.ـدادات في المنطقة"


def test_diacritics_and_tatweel_are_matched_and_kept_in_the_spans() -> None:
    text = "قَالَ الوَزِيرُ إِنَّ المَشْرُوعَ اكْتَمَلَ. وأكـــد المـديـر أن العمل مستمر."
    found = extract(text)
    check_offsets(text, found)
    assert [a.cue for a in found] == ["قَالَ", "وأكـــد"]
    assert found[0].claimant == "الوَزِيرُ"
    assert found[0].quote == "المَشْرُوعَ اكْتَمَلَ"
    assert found[1].claimant == "المـديـر"


# --- output shape ------------------------------------------------------------------------------


def test_as_json_has_the_issue_keys_and_a_list_chain() -> None:
    a = only("ذكرت وكالة سبوتنيك نقلًا عن مصدر عسكري أن الطائرات قصفت المطار.")
    data = a.as_json()
    assert list(data) == [
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
    ]
    assert data["chain"] == ["وكالة سبوتنيك", "مصدر عسكري"]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_pronoun_claimant_serialises_null_spans() -> None:
    data = extract("وقال الوزير إن الطريق أغلق. وأضاف أن العمل مستمر.")[1].as_json()
    assert data["claimant"] == "الوزير"
    assert data["claimant_start"] is None and data["claimant_end"] is None


def test_empty_and_attribution_free_texts() -> None:
    assert extract("") == []
    assert extract("ارتفعت درجات الحرارة في الرياض اليوم.") == []


def test_naqala_anhu_relays_the_speaker_named_before() -> None:
    text = "وقال وزير النفط إن الإنتاج سيرتفع. ونقل التلفزيون الرسمي عنه قوله إن الإنتاج نزل."
    relayed = extract(text)[-1]
    assert relayed.chain == ("التلفزيون الرسمي", "وزير النفط")
    assert relayed.claimant == "وزير النفط" and relayed.claimant_start is None


def test_according_to_before_a_reporting_verb_relays_it() -> None:
    a = only('وبحسب "رويترز"، فقد ذكر المسؤول أن المحادثات انهارت.')
    assert a.chain == ("رويترز", "المسؤول")
    assert a.quote == "المحادثات انهارت"


def test_a_verb_of_speaking_without_content_names_the_speaker_of_what_follows() -> None:
    text = "وأشاد وزير الصحة بجهود الفرق الطبية، مشيرًا إلى أن الحملة حققت أهدافها."
    a = only(text)
    assert (a.cue, a.claimant, a.quote) == ("مشيرًا", "وزير الصحة", "الحملة حققت أهدافها")


def test_participle_without_a_speaker_in_reach_is_not_proposed() -> None:
    text = (
        "وقال الوزير إن العمل مستمر. وارتفعت الأسعار في الأسواق. وتراجعت الصادرات كثيرا. "
        "وتأثرت المصانع بالأزمة، مشيرًا إلى أن الأزمة تنتهي قريبا."
    )
    assert [a.cue for a in extract(text)] == ["وقال"]


def test_ala_anna_as_a_proviso_is_not_a_complement() -> None:
    assert extract("وأعلن مجلس الإدارة اللائحة الجديدة على أن يبدأ العمل بها الشهر المقبل.") == []


def test_scripture_is_not_attributed() -> None:
    assert extract("قال الله تعالى: «وتعاونوا على البر والتقوى».") == []


@pytest.mark.parametrize(
    ("text", "claimant"),
    [
        ("وقال مصدر مطلع إن الاجتماع تأجل.", "مصدر مطلع"),
        (
            "وأوضح المشرف على البرنامج الدكتور سعد أن البرنامج بدأ.",
            "المشرف على البرنامج الدكتور سعد",
        ),
        (
            "وقال الناطق الإعلامي بصحة عسير سعيد النقير إن المصابين بخير.",
            "الناطق الإعلامي بصحة عسير سعيد النقير",
        ),
        ("وقال علي المشرافي مدير المستشفى إن المصابين بخير.", "علي المشرافي مدير المستشفى"),
        ("وقال بشار المحمد لـ«الرياض» إن المصابين بخير.", "بشار المحمد"),
        ("وأكد المقدم بحري شايع القحطاني أن المعنويات عالية.", "المقدم بحري شايع القحطاني"),
        ("وقال فالتر بوش إن الاتفاق صامد.", "فالتر بوش"),
        ("فالصحف السورية أكدت أن الجيش تقدم.", "الصحف السورية"),
    ],
)
def test_claimant_noun_phrases_keep_titles_and_names(text: str, claimant: str) -> None:
    assert only(text).claimant == claimant


def test_according_to_naqlan_an_at_the_start() -> None:
    a = only("ونقلًا عن مصادر مطلعة فإن المفاوضات متعثرة.")
    assert (a.claimant, a.quote) == ("مصادر مطلعة", "المفاوضات متعثرة")


def test_fi_tasrih_li_names_the_speaker_of_the_following_verb() -> None:
    a = only("وفي تصريح للمتحدث باسم الوزارة، أكد أن الحملة مستمرة.")
    assert (a.claimant, a.quote) == ("المتحدث باسم الوزارة", "الحملة مستمرة")
