"""Constructions added in issue 21's third extractor session (recall on unseen text). Every
sentence is written for the test from the rule it exercises (bench/attribution_gold/GUIDELINES.md);
none is taken from a gold set or the corpus. Each rule has a trap beside it."""

from __future__ import annotations

from articles.arabic import normalize
from articles.proposals.extractor import Attribution, extract

from .test_extractor import check_offsets, find, only


def run(text: str) -> list[Attribution]:
    found = extract(text)
    check_offsets(text, found)
    return found


def cues(found: list[Attribution]) -> list[str]:
    return [a.cue for a in found]


# --- reporting verbs that were outside the lexicon (GUIDELINES 1.1, 1.11) ------------------------


def test_zaad_with_a_colon_reports() -> None:
    a = only("وزاد الوزير: «الاتفاق سيوقع قبل نهاية العام».")
    assert (a.cue, a.claimant, a.quote) == ("وزاد", "الوزير", "الاتفاق سيوقع قبل نهاية العام")


def test_zaad_increased_is_no_cue() -> None:
    assert run("وزاد عدد الزوار إلى مليون زائر هذا العام.") == []


def test_ikhtatam_closing_with_a_quote_reports() -> None:
    text = "وقال المدير إن الموسم كان ناجحا. واختتم: «سنعود بموسم أفضل في العام المقبل»."
    a = find(run(text), claimant="المدير", quote_starts="سنعود بموسم أفضل")
    assert a.cue == "واختتم" and a.claimant_start is None


def test_ikhtatam_with_its_speech_as_object_names_no_speaker() -> None:
    # the statement closed is the object (بيانها), not a speaker; a closing event is no speech
    assert run("واختتمت اللجنة أعمالها أمس في الرياض.") == []
    assert "واختتمت" not in cues(run("واختتمت بيانها بالدعوة إلى الهدوء في المدينة."))


def test_istadrak_reports() -> None:
    a = only("واستدرك المدرب: «لكن الفريق تحسن كثيرا في الشوط الثاني».")
    assert a.cue == "واستدرك" and a.claimant == "المدرب"


def test_aza_a_cause_held_by_a_report() -> None:
    a = only("وعزا التقرير هذا التراجع إلى عوامل موسمية مرتبطة بالإجازات.")
    assert a.cue == "وعزا" and a.claimant == "التقرير"
    assert a.quote.startswith("هذا التراجع")


def test_hope_and_belief_with_an_complement() -> None:
    a = only("ويأمل المسؤولون بأن تنخفض الأسعار خلال الأشهر المقبلة.")
    assert (a.cue, a.claimant) == ("ويأمل", "المسؤولون")
    a = only("ويؤمن المدرب بأن الفريق قادر على المنافسة.")
    assert (a.cue, a.claimant, a.quote) == ("ويؤمن", "المدرب", "الفريق قادر على المنافسة")


def test_yuammin_secures_is_no_cue() -> None:
    assert run("ويؤمن الحراس مداخل الملعب قبل المباراة.") == []


def test_participles_of_defective_verbs() -> None:
    text = "وقال المدرب إن الفريق جاهز للمباراة، متمنيا أن يحضر الجمهور بكثافة."
    a = find(run(text), claimant="المدرب", quote_starts="يحضر الجمهور")
    assert a.cue == "متمنيا"
    text = "وقالت الوزارة إن الخدمة عادت، نافية أن يكون العطل بسبب هجوم."
    a = find(run(text), claimant="الوزارة", quote_starts="يكون العطل")
    assert a.cue == "نافية"


def test_an_object_pronoun_on_a_feminine_verb() -> None:
    text = "وقالت النيابة إن المتهمين أحيلوا إلى المحكمة. كما اتهمتهم بحيازة أسلحة نارية."
    a = find(run(text), claimant="النيابة", quote_starts="بحيازة أسلحة")
    assert a.cue == "اتهمتهم" and a.claimant_start is None


# --- noun first after كان / لكن / أن, and سبق لـ X أن (GUIDELINES 1.1) ----------------------------


def test_kana_subject_qad_verb() -> None:
    a = only("وكانت تقارير صحفية قد أكدت أن اللاعب سيرحل في الصيف.")
    assert (a.cue, a.claimant, a.quote) == ("أكدت", "تقارير صحفية", "اللاعب سيرحل في الصيف")


def test_kana_subject_with_a_preposition_then_the_verb() -> None:
    a = only("وكان مسؤول في الوزارة قال، في تصريح سابق، إن المشروع تأخر عامين.")
    assert (a.cue, a.claimant, a.quote) == ("قال", "مسؤول في الوزارة", "المشروع تأخر عامين")


def test_kana_before_a_preposition_is_no_subject() -> None:
    # لكن + a time phrase + verb-first: the subject follows the verb as usual
    a = only("لكن في الوقت نفسه قال الوزير إن المفاوضات مستمرة.")
    assert a.claimant == "الوزير"
    # كان + noun + a verb that is not a cue: nothing
    assert run("وكانت الأسعار قد ارتفعت في الأسبوع الماضي.") == []


def test_sabaqa_lahu_an_continues_the_speaker() -> None:
    text = "وقال الوزير إن الاتفاق مهم. وسبق له أن أكد أن المفاوضات صعبة."
    a = find(run(text), claimant="الوزير", quote_starts="المفاوضات صعبة")
    assert a.cue == "أكد" and a.claimant_start is None


def test_sabaqa_without_a_speaker_is_no_cue() -> None:
    assert run("وسبق أن زار الوزير المدينة مرتين.") == []


def test_an_object_between_a_noun_first_verb_and_its_preposition() -> None:
    text = "وقالت الصحيفة إن الشرطة حذرت السكان مرارا من السيول."
    a = find(run(text), claimant="الشرطة", quote_starts="السيول")
    assert a.cue == "حذرت" and list(a.chain) == ["الصحيفة", "الشرطة"]


# --- subjects: appositions, relatives, coordinated titles ----------------------------------------


def test_an_apposition_between_commas_before_the_preposition() -> None:
    a = only("وكشف أحمد علي، المتحدث باسم الهيئة، عن خطة جديدة للنقل العام.")
    assert (a.claimant, a.quote) == ("أحمد علي", "خطة جديدة للنقل العام")


def test_a_relative_named_with_a_possessive_is_a_subject() -> None:
    a = only("وأكدت والدته أنه كان في المنزل وقت الحادث.")
    assert (a.cue, a.claimant) == ("وأكدت", "والدته")


def test_a_verbal_noun_with_its_object_is_still_no_subject() -> None:
    assert run("ورفض المسؤول الذي طلب عدم كشف هويته أن يعلق.") == []


def test_one_person_with_two_coordinated_titles_is_continued_by_a_singular_verb() -> None:
    text = (
        "قال خالد سالم مدير الشركة وعضو مجلس الإدارة إن الأرباح ارتفعت. "
        "وأضاف أن التوسع مستمر في الخارج."
    )
    a = find(run(text), claimant="خالد سالم مدير الشركة وعضو مجلس الإدارة", quote_starts="التوسع")
    assert a.claimant_start is None


def test_a_long_titled_speaker_of_a_verb_without_content() -> None:
    text = (
        "وقال الوزير إن الميزانية متوازنة. وطالب الخبير الاقتصادي أستاذ علم المالية العامة "
        "رئيس قسم الاقتصاد الدكتور سالم بن أحمد بن محمد العتيبي بمراجعة الفائدة، مشددا على أن "
        "التضخم تراجع."
    )
    (a,) = [a for a in run(text) if a.cue == "مشددا"]
    assert a.claimant.startswith("الخبير الاقتصادي أستاذ علم المالية العامة رئيس قسم")
    assert a.quote == "التضخم تراجع"


def test_a_feminine_continuation_after_a_chain_is_the_relayer() -> None:
    text = (
        "وذكرت الصحيفة نقلا عن مصدر أمني أن الهجوم أحبط. وأضافت أن التحقيق مستمر. "
        "وأضاف المصدر أن المشتبه بهم اعتقلوا."
    )
    found = run(text)
    first = find(found, claimant="مصدر أمني", quote_starts="الهجوم أحبط")
    assert list(first.chain) == ["الصحيفة", "مصدر أمني"]
    added = find(found, claimant="الصحيفة", quote_starts="التحقيق مستمر")
    assert added.cue == "وأضافت" and list(added.chain) == ["الصحيفة"]


def test_a_masculine_continuation_after_a_chain_is_the_source() -> None:
    text = "وذكرت الصحيفة نقلا عن مصدر أمني أن الهجوم أحبط. وأضاف أن التحقيق مستمر."
    a = find(run(text), claimant="مصدر أمني", quote_starts="التحقيق مستمر")
    assert list(a.chain) == ["الصحيفة", "مصدر أمني"]


def test_an_addressee_after_the_speaker_is_not_a_relayer_subject() -> None:
    text = "وقالت الوزيرة لرويترز إن الخطة جاهزة. وأضافت أن التنفيذ يبدأ غدا."
    a = find(run(text), claimant="الوزيرة", quote_starts="التنفيذ يبدأ")
    assert list(a.chain) == ["رويترز", "الوزيرة"]


# --- contents ----------------------------------------------------------------------------------


def test_present_ra_a_seeing_does_not_cut_the_content() -> None:
    a = only("وقال الطبيب إن المرض خطير حيث يرى المرضى أعراضا واضحة في الأسبوع الأول.")
    assert normalize(a.quote).endswith(normalize("في الأسبوع الأول"))


def test_present_ra_a_with_an_complement_still_reports() -> None:
    a = only("ويرى الخبراء أن السوق سيتعافى قريبا.")
    assert (a.cue, a.claimant, a.quote) == ("ويرى", "الخبراء", "السوق سيتعافى قريبا")


def test_a_swapped_quotation_mark_opens_a_multi_sentence_quote() -> None:
    a = only("وأضاف الوزير قائلا: ” لقد تحقق الكثير هذا العام. وسنواصل العمل بلا توقف ”.")
    assert a.quote == "لقد تحقق الكثير هذا العام. وسنواصل العمل بلا توقف"


def test_a_demonstrative_after_an_is_no_claim() -> None:
    # أعلن عن هذا الموقع ...: a declaration about a thing pointed at, not a proposition
    assert run("وكانت الهيئة أعلنت عن هذا الموقع محمية طبيعية قبل سنوات.") == []


# --- "according to" (GUIDELINES 1.4) ----------------------------------------------------------


def test_official_figures_are_a_source_after_according_to() -> None:
    a = only("ووفقا لأرقام رسمية فإن الاستهلاك بلغ مليون لتر في العام الماضي.")
    assert (a.cue, a.claimant) == ("ووفقا", "أرقام رسمية")
    assert a.quote == "الاستهلاك بلغ مليون لتر في العام الماضي"


def test_figures_as_a_subject_are_still_evidence() -> None:
    assert run("وتشير الأرقام إلى أن الاستهلاك ارتفع.") == []


def test_a_noun_of_saying_between_the_marker_and_its_source() -> None:
    a = only("وبحسب رواية الشهود، فإن الحريق بدأ في الطابق الأول.")
    assert (a.cue, a.claimant, a.quote) == ("وبحسب رواية", "الشهود", "الحريق بدأ في الطابق الأول")


def test_a_noun_of_saying_with_a_pronoun_is_no_new_source() -> None:
    # حسب قولها restates the speaker of the sentence (GUIDELINES 2): one attribution
    found = run("وقالت الوزيرة إن الخطة ناجحة، حسب قولها.")
    assert [(a.cue, a.claimant) for a in found] == [("وقالت", "الوزيرة")]


# --- participles with a noun object (GUIDELINES 1.5, 1.11) ------------------------------------


def test_a_transitive_participle_takes_a_noun_object_after_a_speaker_of_its_sentence() -> None:
    text = "وقال المحامي إن الجلسة تأجلت، متوقعا صدور الحكم الشهر المقبل."
    a = find(run(text), claimant="المحامي", quote_starts="صدور الحكم")
    assert a.cue == "متوقعا" and a.claimant_start is None
    text = "وقالت الوزيرة إن الاتفاق تأخر، معتبرة إياه خطوة ضرورية."
    a = find(run(text), claimant="الوزيرة", quote_starts="إياه خطوة")
    assert a.cue == "معتبرة"


def test_a_participle_used_as_an_adjective_is_no_cue() -> None:
    found = run("وقال الوزير إن الركود كان متوقعا بعد الأزمة.")
    assert [(a.cue, a.quote) for a in found] == [("وقال", "الركود كان متوقعا بعد الأزمة")]
    assert run("وجاء الارتفاع متوقعا هذا العام.") == []
