"""Constructions added while tuning on the development gold; every sentence is written for the test."""

from __future__ import annotations

from articles.arabic import normalize
from articles.proposals.extractor import Attribution, extract

from .test_extractor import check_offsets, find, only


def run(text: str) -> list[Attribution]:
    found = extract(text)
    check_offsets(text, found)
    return found


def same(a: str, b: str) -> bool:
    return normalize(a) == normalize(b)


# --- speakers and pronoun subjects -------------------------------------------------------------


def test_a_feminine_verb_makes_its_subject_feminine_whatever_the_name_looks_like() -> None:
    text = (
        "قال مسؤول محلي إن الطريق مغلق. وقالت سلمى حداد إن الشرطة وصلت متأخرة. "
        "وأضافت أن السكان غادروا منازلهم."
    )
    a = find(run(text), claimant="سلمى حداد", quote_starts="السكان غادروا")
    assert a.claimant_start is None and a.cue == "وأضافت"


def test_a_manner_participle_after_the_verb_is_not_its_subject() -> None:
    text = "وقال وزير النقل إن الجسر سيفتتح قريبا. وأضاف قائلا: «العمل يسير وفق الخطة المعلنة»."
    found = run(text)
    a = find(found, claimant="وزير النقل", quote_starts="العمل يسير")
    assert a.cue == "وأضاف" and a.quote == "العمل يسير وفق الخطة المعلنة"
    assert not any(p.cue == "قائلا" for p in found)


def test_but_he_stated_continues_the_speaker() -> None:
    text = "قال رئيس البلدية إن المشروع تأخر، إلا أنه أوضح أن التمويل متوفر."
    a = find(run(text), claimant="رئيس البلدية", quote_starts="التمويل متوفر")
    assert a.cue == "أوضح"


def test_a_relative_clause_on_a_thing_has_the_known_speaker_as_subject() -> None:
    text = (
        "قال وزير الداخلية إن الشرطة تلاحق الفاعلين. وأوقفت الشرطة رجلا مرتبطا بالانفجار "
        "الذي قال إن ضحاياه بلغوا عشرة."
    )
    a = find(run(text), claimant="وزير الداخلية", quote_starts="ضحاياه بلغوا")
    assert a.claimant_start is None


def test_a_present_verb_describing_a_noun_is_not_speech() -> None:
    a = only("وقال المدير: «تلقينا رسالة يشير فيها إلى أن العقد انتهى»")
    assert same(a.claimant, "المدير")


# --- reporting verbs and participles -------------------------------------------------------------


def test_describe_as_reports_what_follows_bi_anna() -> None:
    a = only("ووصف المتحدث باسم الشرطة الحادث بأنه عرضي.")
    assert a.quote == "عرضي" and a.cue == "ووصف"


def test_wrote_agreed_believes_and_narrated_are_reporting_verbs() -> None:
    assert only("وكتبت صحيفة المساء أن الحكومة ستستقيل.").quote == "الحكومة ستستقيل"
    assert only("وأجمع الخبراء على أن الأسعار سترتفع.").quote == "الأسعار سترتفع"
    assert only("ويعتقد الباحثون أن المرض ينتقل عبر الماء.").quote == "المرض ينتقل عبر الماء"
    assert only("وروى شاهد عيان أن الحافلة انقلبت.").quote == "الحافلة انقلبت"


def test_the_gathering_noun_is_not_the_verb_agreed() -> None:
    assert run("ويقام تجمع كبير في الساحة على أن يبدأ مساء.") == []


def test_past_i_believe_inside_a_quote_is_not_a_third_person_cue() -> None:
    a = only("وقال المدرب: «أعتقد أن الفريق جاهز للمباراة»")
    assert same(a.claimant, "المدرب") and a.cue == "وقال"


def test_describing_participle_with_its_object_then_bi_anna() -> None:
    found = run("وأضاف البيان أن الخسائر محدودة واصفا الحادث بأنه معزول.")
    first = find(found, claimant="البيان", quote_starts="الخسائر محدودة")
    assert first.quote == "الخسائر محدودة"
    second = find(found, claimant="البيان", quote_starts="معزول")
    assert second.cue == "واصفا"


def test_accusing_participle_with_iyyahu() -> None:
    found = run("قال النائب إن الوزير أخطأ، متهما إياه بإهدار المال العام.")
    a = find(found, claimant="النائب", quote_starts="بإهدار")
    assert a.quote == "بإهدار المال العام"


# --- what is not a source ----------------------------------------------------------------------


def test_evidence_pointing_to_something_is_part_of_the_content() -> None:
    a = only("وقال المحقق إن الأدلة تشير إلى أن الحريق متعمد.")
    assert same(a.claimant, "المحقق") and a.quote == "الأدلة تشير إلى أن الحريق متعمد"
    assert run("تشير الدلائل إلى أن السبب عطل فني.") == []


def test_a_scan_for_the_complement_stops_at_ma() -> None:
    assert run("وللكاتب مقالة مهمة ذكر فيها ما يستحق أن نتأمله.") == []


# --- content ends --------------------------------------------------------------------------------


def test_and_between_does_not_end_the_content() -> None:
    a = only("وذكر المدرب أن الخلاف بينه وبين الإدارة انتهى.")
    assert a.quote == "الخلاف بينه وبين الإدارة انتهى"


def test_semicolons_and_while_do_not_end_the_content() -> None:
    a = only("وذكرت الشرطة أن الحريق اندلع فيما كان السكان نائمين؛ ولم يصب أحد.")
    assert a.quote.endswith("ولم يصب أحد")


def test_but_he_pointed_out_starts_a_new_attribution() -> None:
    found = run("قال المتحدث إنه لا يستطيع تأكيد الخبر، ولكنه أشار إلى أن التحقيق مستمر.")
    assert (
        find(found, claimant="المتحدث", quote_starts="لا يستطيع").quote == "لا يستطيع تأكيد الخبر"
    )
    assert find(found, claimant="المتحدث", quote_starts="التحقيق مستمر").cue == "أشار"


def test_a_comma_before_a_call_or_the_narrators_comment_ends_the_content() -> None:
    assert only("وقال المحلل إن القرار متسرع، داعيا إلى مراجعته.").quote == "القرار متسرع"
    assert only("وأكد اللاعب أنه باق مع فريقه، مما أسعد الجماهير.").quote == "باق مع فريقه"


# --- "according to" ------------------------------------------------------------------------------


def test_a_lone_according_to_sentence_attributes_the_sentence_before() -> None:
    text = "وتتوقع الشركة أرباحا قياسية هذا العام. وفقا لوكالة بلومبرغ."
    a = only(text)
    assert a.quote == "وتتوقع الشركة أرباحا قياسية هذا العام"
    assert same(a.claimant, "وكالة بلومبرغ")


def test_studies_and_results_are_sources() -> None:
    a = only("وبحسب دراسات حديثة، فإن النوم المبكر يحسن الذاكرة.")
    assert same(a.claimant, "دراسات حديثة") and a.quote == "النوم المبكر يحسن الذاكرة"


def test_the_own_waw_of_wafqan_after_a_comma_does_not_open_a_clause() -> None:
    a = only("تتصدر المدينة قائمة الوجهات السياحية، وفقا لنتائج استطلاع أجرته الوزارة.")
    assert a.quote == "تتصدر المدينة قائمة الوجهات السياحية"
    assert normalize(a.claimant).startswith(normalize("نتائج"))


# --- verb first with a noun object ---------------------------------------------------------------


def test_commas_around_an_adjunct_mark_where_the_object_starts() -> None:
    a = only("وأعلنت وزارة الصحة، مساء أمس، تسجيل إصابات جديدة بالفيروس.")
    assert same(a.claimant, "وزارة الصحة") and a.quote.startswith("تسجيل")
    b = only("ونفى سامي العبدالله، وهو رئيس الاتحاد، وجود أي خلاف داخل المجلس.")
    assert same(b.claimant, "سامي العبدالله") and b.quote.startswith("وجود")


def test_a_demonstrative_starts_the_object() -> None:
    a = only("أكد رئيس اللجنة ذلك الرقم في مؤتمر صحفي.")
    assert same(a.claimant, "رئيس اللجنة") and a.quote.startswith("ذلك الرقم")


def test_the_name_ali_is_read_backwards_into_a_noun_first_subject() -> None:
    a = only("الشيخ علي الأحمد أكد أن الاتفاق صامد.")
    assert same(a.claimant, "الشيخ علي الأحمد")


def test_a_verbal_noun_after_the_subject_opens_the_content() -> None:
    a = only("وأكد المتحدث الأمني إحباط محاولة تهريب كبيرة.")
    assert same(a.claimant, "المتحدث الأمني") and a.quote.startswith("إحباط")
    b = only("وتوقع الخبير الاقتصادي استمرار ارتفاع الأسعار.")
    assert same(b.claimant, "الخبير الاقتصادي") and b.quote.startswith("استمرار")


def test_a_verbal_noun_right_after_the_verb_is_the_object_not_the_subject() -> None:
    found = run("وقالت الوكالة إن اللجنة العليا أعلنت مساء اليوم عدم ثبوت رؤية الهلال.")
    a = find(found, claimant="اللجنة العليا", quote_starts="عدم ثبوت")  # nested speech
    assert a.cue == "أعلنت"
    assert find(found, claimant="الوكالة", quote_starts="اللجنة العليا").cue == "وقالت"
    assert not any(same(p.claimant, "عدم") for p in run("أعلنت عدم ثبوت رؤية الهلال."))


def test_a_speaker_without_content_is_remembered_for_what_follows() -> None:
    text = "اعتبر محللون اقتصاديون القرار خطوة جريئة. وقالوا إن السوق سيتفاعل إيجابا."
    a = find(run(text), claimant="محللون اقتصاديون", quote_starts="السوق سيتفاعل")
    assert a.claimant_start is None


# --- chains: an agency spoken to relays the speaker ------------------------------------------------


def test_an_agency_addressee_relays_the_speaker() -> None:
    a = only("وقال مسؤول أمني لرويترز إن الحدود أغلقت.")
    assert [normalize(c) for c in a.chain] == [normalize("رويترز"), normalize("مسؤول أمني")]
    b = only("وقال لوكالة الأنباء الألمانية إن الحدود أغلقت.".replace("وقال", "وقال الوزير"))
    assert normalize(b.chain[0]) == normalize("وكالة الأنباء الألمانية")


def test_agence_france_presse_is_an_addressee_not_a_subject() -> None:
    text = "قال الوزير إن الوضع هادئ. وقال لفرانس برس إن الجيش منتشر في المدينة."
    a = find(run(text), claimant="الوزير", quote_starts="الجيش منتشر")
    assert [normalize(c) for c in a.chain] == [normalize("فرانس برس"), normalize("الوزير")]


def test_a_pronoun_subject_speaking_to_reuters_keeps_the_quote() -> None:
    text = "وقالت سلمى حداد إن الطريق مغلق. وقالت لرويترز «حضر شبان كثيرون إلى الساحة للاحتجاج»."
    a = find(run(text), claimant="سلمى حداد", quote_starts="حضر شبان")
    assert a.quote == "حضر شبان كثيرون إلى الساحة للاحتجاج"


# --- subjects and complements ------------------------------------------------------------------


def test_a_quote_of_several_words_after_a_name_is_speech_not_part_of_the_name() -> None:
    a = only('وقال كريمر "سنعقد اجتماعا حول كل المسائل العالقة".')
    assert same(a.claimant, "كريمر") and a.quote == "سنعقد اجتماعا حول كل المسائل العالقة"


def test_a_dash_parenthesis_between_the_speaker_and_the_colon() -> None:
    a = only("وقال سمير الهادي -وهو متحدث باسم الدفاع المدني-: «الحريق تحت السيطرة الآن»")
    assert same(a.claimant, "سمير الهادي") and a.quote == "الحريق تحت السيطرة الآن"


def test_an_apposition_then_a_colon_and_a_quote() -> None:
    text = (
        "وقالت هند ناصر، مديرة المدرسة الثانوية للبنات في الحي: «النتائج فاقت توقعاتنا هذا العام»"
    )
    a = only(text)
    assert same(a.claimant, "هند ناصر") and a.quote == "النتائج فاقت توقعاتنا هذا العام"


def test_it_came_in_the_statement() -> None:
    a = only("وجاء في بيان الوزارة أن الطرق الجبلية مغلقة.")
    assert a.cue == "وجاء في" and same(a.claimant, "بيان الوزارة")
    assert a.quote == "الطرق الجبلية مغلقة"
    assert run("وهذا ما جاء في الكتاب أن الصبر مفتاح الفرج.") == []


def test_came_after_inside_a_content_does_not_end_it() -> None:
    a = only("وقالت تقارير إن التحرك العسكري جاء في أعقاب الاتفاق الأخير.")
    assert a.quote == "التحرك العسكري جاء في أعقاب الاتفاق الأخير"


def test_the_turns_of_an_anecdote_inside_a_quote_are_part_of_it() -> None:
    text = (
        'وقال الشيخ في المقابلة: "سألت أحدهم عن رأيه فقال لي: الأمر واضح تماما، '
        'فقلت له: وما دليلك على ذلك".'
    )
    a = only(text)
    assert same(a.claimant, "الشيخ") and a.cue == "وقال"


def test_a_name_spelled_like_a_speech_verb_stays_in_the_subject() -> None:
    a = only("ويضيف خالد بن طالب أن الطلب على السيارات مرتفع.")
    assert same(a.claimant, "خالد بن طالب")


def test_dots_of_an_abbreviation_do_not_end_the_sentence() -> None:
    a = only("وقالت شركة (إم.بي.سي) للإعلام إن البث سيستأنف غدا.")
    assert a.quote == "البث سيستأنف غدا" and normalize(a.claimant).startswith(normalize("شركة"))


def test_bayyana_with_a_comma_before_anna() -> None:
    a = only("وبيّن المدرب، أن اللاعبين جاهزون.")
    assert same(a.claimant, "المدرب") and a.quote == "اللاعبين جاهزون"


def test_a_genitive_with_wa_is_not_a_coordinated_plural_subject() -> None:
    text = (
        "وقال رامي الخطيب المتحدث باسم هيئة الصيد والقوارب إن البحث مستمر مشيرا إلى "
        "ندرة الحوادث في المنطقة."
    )
    a = find(
        run(text), claimant="رامي الخطيب المتحدث باسم هيئة الصيد والقوارب", quote_starts="ندرة"
    )
    assert a.cue == "مشيرا"


def test_naql_without_an_source_is_carrying_not_relaying() -> None:
    text = "وقال مدير الإسعاف الذي تولى نقل المصاب إلى المستشفى إن حالته مستقرة."
    a = only(text)
    assert normalize(a.claimant).startswith(normalize("مدير الإسعاف")) and a.cue == "وقال"


def test_a_pronoun_subject_falls_back_on_a_titled_person_named_just_before() -> None:
    text = (
        "ويرغب المدرب الجديد للنادي سامي الأحمد في طي صفحة الموسم الماضي، حيث قال: «الماضي انتهى»"
    )
    a = find(run(text), claimant="المدرب الجديد للنادي سامي الأحمد", quote_starts="الماضي انتهى")
    assert a.claimant_start is None and a.confidence < 0.8


def test_the_titled_fallback_respects_the_verbs_gender() -> None:
    text = "ويرغب المدرب الجديد للنادي سامي الأحمد في طي صفحة الموسم، حيث قالت: «الماضي انتهى»"
    assert run(text) == []


def test_a_verbal_noun_after_a_name_like_a_common_noun_opens_the_content() -> None:
    a = only("وتوقع ابن طالب استمرار انتعاش السوق.")
    assert same(a.claimant, "ابن طالب") and a.quote.startswith("استمرار")


def test_a_comma_before_however_ends_the_content() -> None:
    a = only("وأكد المدير أن القرارات نهائية، إلا أنه رفض الكشف عن تفاصيلها.")
    assert a.quote == "القرارات نهائية"


def test_a_programme_addressee_with_its_quoted_name_is_not_the_subject() -> None:
    text = "قال السيناتور إن الاتفاق سيئ. وقال لبرنامج «لقاء الأسبوع» على قناة محلية «الاتفاق يهدد أمننا»."
    a = find(run(text), claimant="السيناتور", quote_starts="الاتفاق يهدد")
    assert a.claimant_start is None


def test_in_before_a_dot_is_an_abbreviation_not_a_complementizer() -> None:
    a = only("وقال النائب لقناة (إن.بي.سي) «الاتفاق سيئ للغاية»")
    assert a.quote == "الاتفاق سيئ للغاية"


def test_and_who_ends_the_subject() -> None:
    a = only("وأضاف دانش والذي تملك شركته مئات السيارات أن الطلب مرتفع.")
    assert same(a.claimant, "دانش") and a.quote == "الطلب مرتفع"


def test_expressing_a_fear_that_is_a_claim_a_bare_feeling_is_not() -> None:
    a = only("وعبرت الحكومة مرارا عن تخوفها من أن تتسع رقعة النزاع.")
    assert same(a.claimant, "الحكومة") and a.quote == "تتسع رقعة النزاع"
    b = only("وأعرب الوزير عن أمله في أن تنجح المفاوضات.")
    assert b.quote == "تنجح المفاوضات" and b.confidence >= 0.8
    assert run("وأعرب الرئيس عن ارتياحه لهذه النتيجة.") == []


def test_he_went_on_saying() -> None:
    text = "قال المبعوث إن الحل قريب. ومضى يقول «سنواصل العمل حتى النهاية»."
    a = find(run(text), claimant="المبعوث", quote_starts="سنواصل")
    assert a.cue == "يقول"


def test_a_name_spelled_like_a_speech_verb_does_not_stop_the_search_for_anna() -> None:
    a = only("يؤكد أحد المسؤولين في أحد مكاتب التأجير خالد بن طالب أن المكاتب استعدت.")
    assert a.quote == "المكاتب استعدت"


def test_moved_is_not_a_relay_and_does_not_end_the_content() -> None:
    text = (
        "وبحسب المعلومات سيتمركز قسم من القوات في القاعدة الشمالية، ونقل قسم آخر إلى الحدود، "
        "يأتي ذلك بالتوازي مع تحذيرات جديدة."
    )
    a = only(text)
    assert a.quote == "سيتمركز قسم من القوات في القاعدة الشمالية، ونقل قسم آخر إلى الحدود"


def test_a_new_speaker_after_a_comma_and_a_short_adjunct_ends_the_content() -> None:
    text = "وقالت المصادر إن الانسحاب مستبعد الآن، وفي هذا السياق أكد الباحث أن الخطر قائم."
    found = run(text)
    assert find(found, claimant="المصادر", quote_starts="الانسحاب").quote == "الانسحاب مستبعد الآن"
    assert find(found, claimant="الباحث", quote_starts="الخطر قائم").cue == "أكد"


def test_while_experts_point_out_starts_a_new_attribution() -> None:
    text = "وأكد الباحث أن التنظيم يستغل الفراغ الأمني في الوقت الذي يشير فيه خبراء إلى أن الحدود مفتوحة."
    found = run(text)
    assert (
        find(found, claimant="الباحث", quote_starts="التنظيم").quote
        == "التنظيم يستغل الفراغ الأمني"
    )
    assert find(found, claimant="خبراء", quote_starts="الحدود مفتوحة").cue == "يشير"


def test_a_mufti_is_not_a_possessive_my() -> None:
    a = only("وقال مفتي المدينة الشيخ سالم العلي “ثبت لدينا أن غدا هو أول أيام العيد”.")
    assert normalize(a.claimant).startswith(normalize("مفتي المدينة"))


def test_according_to_people_close_to_him_at_the_end_of_a_sentence() -> None:
    a = only("والزيارة مقررة في نهاية الشهر بحسب مقربين منه.")
    assert a.quote == "والزيارة مقررة في نهاية الشهر"
    assert normalize(a.claimant).startswith(normalize("مقربين"))


def test_hypothetical_and_conditional_speakers_are_not_sources() -> None:
    assert run("ويمكن أن يقول أي متابع للشأن الرياضي إن الموسم كان ناجحا.") == []
    assert run("وإذا قال الحكم إن الهدف صحيح فسيحتسب.") == []


def test_texts_that_stipulate_are_not_sources() -> None:
    assert run("وتؤكد نصوصه الواضحة على احترام حقوق الإنسان.") == []
    assert run("وينص النظام على أن الموظف يستحق إجازة.") == []


def test_criticised_names_the_speaker_of_what_follows() -> None:
    a = only("وانتقد الوزير سامي العلي القرار واعتبر أن توقيته خاطئ.")
    assert normalize(a.claimant).startswith(normalize("الوزير سامي العلي"))
    assert a.quote == "توقيته خاطئ" and a.claimant_start is None


def test_a_participle_falls_back_on_a_titled_person_named_just_before() -> None:
    text = "ووصل إلى المؤتمر الدكتور سالم الفهد، مشيرا إلى أن الوسطية أساس الدين."
    a = find(run(text), claimant="الدكتور سالم الفهد", quote_starts="الوسطية")
    assert a.cue == "مشيرا" and a.confidence < 0.8


def test_peace_be_upon_him_is_scripture_not_a_speaker() -> None:
    assert run('قال عليه السلام "الكلمة الطيبة صدقة".') == []


def test_a_source_widened_to_its_comma_keeps_its_written_form() -> None:
    a = only("وبحسب دراسات حديثة، فإن النوم المبكر يحسن الذاكرة.")
    assert same(a.claimant, "دراسات حديثة") and a.quote == "النوم المبكر يحسن الذاكرة"
