"""Word lists of the attribution extractor, as data.

Every entry is written as Arabic is printed; `articles.proposals.extractor` normalises them with
`articles.arabic.normalize` (so أ/ا, ة/ه, ى/ي do not matter here) and generates the inflected forms.

- `REPORTING_VERBS`: reporting verbs by pattern: (past 3rd person masc. sing., present stem after the
  person prefix, complements it takes besides أن/إن/":"/quote). A complement "عن"/"إلى"/"على"/"من"
  or "ب" (a word starting with ب) introduces the reported content after that verb only.
  `IRREGULAR_FORMS` lists the forms of defective and hollow verbs the patterns cannot build.
- `TRANSITIVE`: verbs whose content may be a plain noun object (أكدت انتشار القوات) when the speaker
  is known from a relative clause or a noun before the verb.
- `PARTICIPLES`: circumstantial participles that continue the previous speaker (مشيرًا إلى أن).
- `ACCORDING_TO`: "according to" markers; the object after them must be a plausible source.
- `SOURCE_HEADS`: nouns that make the object of an "according to" marker (or a noun before a verb)
  a plausible source: people and titles, organisations, media, documents, unnamed sources. A word
  not in this list (الأسعار، الجدول، الحاجة، الظروف) makes بحسب/وفقًا non-attributive.
- `NAME_TAKING_HEADS`: heads followed by a bare name as genitive (وكالة سبوتنيك، صحيفة الرياض).
- `EVIDENCE_HEADS`: subjects that are evidence, not sources (الدلائل تشير إلى أن ...).
- `OBJECT_NOUNS`: verbal nouns that open a noun-object content (أكد الوزير ضرورة ...).
- Stop words that end a claimant noun phrase: prepositions, time words, adverbs.
"""

from __future__ import annotations

# (past 3ms, present stem, extra complements)
REPORTING_VERBS: tuple[tuple[str, str, str], ...] = (
    ("قال", "قول", ""),
    ("أكد", "ؤكد", "على"),
    ("أفاد", "فيد", "ب"),
    ("ذكر", "ذكر", ""),
    ("صرح", "صرح", ""),
    ("أعلن", "علن", "عن"),
    ("أوضح", "وضح", ""),
    ("أشار", "شير", "إلى"),
    ("زعم", "زعم", ""),
    ("اتهم", "تهم", ""),
    ("حذر", "حذر", "من بشأن"),  # حذر من ... / حذرت الأجهزة بشأن احتمال ...
    ("اعتبر", "عتبر", ""),
    ("كشف", "كشف", "عن"),
    ("لفت", "لفت", "إلى"),
    ("شدد", "شدد", "على"),
    ("بين", "بين", ""),
    ("أبان", "بين", ""),
    ("نقل", "نقل", ""),
    ("أضاف", "ضيف", ""),
    ("تابع", "تابع", ""),
    ("أردف", "ردف", ""),
    ("استطرد", "ستطرد", ""),
    ("اعترف", "عترف", "ب"),
    ("نوه", "نوه", "إلى"),
    ("أعرب", "عرب", "عن"),
    ("تحدث", "تحدث", "عن"),
    ("أفصح", "فصح", "عن"),
    ("رجح", "رجح", ""),
    ("توقع", "توقع", ""),
    ("لمح", "لمح", "إلى"),
    ("ألمح", "لمح", "إلى"),
    ("أظهر", "ظهر", ""),
    ("خلص", "خلص", "إلى"),
    ("أكد", "ؤكد", "على"),
    ("وصف", "صف", ""),  # وصف X بأنه ...
    ("كتب", "كتب", ""),  # كتبت الصحيفة أن ...
    ("علق", "علق", ""),  # علق على ذلك بقوله: ...
    # further verbs of GUIDELINES.md 1.1 and 1.11
    ("رصد", "رصد", ""),  # رصدت الوزارة انخفاضًا ... (a source records a fact)
    ("أبلغ", "بلغ", ""),  # أبلغ X رويترز أن ...
    ("شكك", "شكك", "في"),  # شكك في هذا الأمر (a held evaluation)
    ("قدر", "قدر", ""),  # يقدّر الخبراء أن ...
    ("استدرك", "ستدرك", ""),  # واستدرك: «...» (the participle مستدركًا was already a cue)
    # only before أن/إن/":"/a quote, like every verb: أقر الوزير أن ... "admitted" (أقر المجلس
    # النظام "approved" has a noun object and reports nothing); استبعد X أن ... "ruled out"
    # (a held evaluation, like رجّح); تعهد بأن ... a promise whose content is a clause
    # (GUIDELINES: "واعدة بأن الولايات المتحدة ستساعد"; تعهد بتعزيز ... performs an act)
    ("استبعد", "ستبعد", ""),
    ("تعهد", "تعهد", ""),
)

# Forms the (past, present stem) pattern cannot build: defective and doubled verbs.
IRREGULAR_FORMS: dict[str, tuple[str, ...]] = {
    "نفى": ("نفى", "نفت", "نفوا", "نفيا", "نفتا", "ينفي", "تنفي", "ينفون", "ينفيان", "تنفيان"),
    "رأى": ("رأى", "رأت", "رأوا", "رأيا", "يرى", "ترى", "يرون", "يريان", "تريان"),
    "ادعى": ("ادعى", "ادعت", "ادعوا", "يدعون"),  # يدعى "is called"
    "أجمع": ("أجمع", "أجمعت", "أجمعوا"),  # أجمعوا على أن; يجمع/تجمع "gathers, gathering"
    "روى": ("روى", "روت", "رووا", "يروي", "تروي", "يروون"),
    "ارتأى": ("ارتأى", "ارتأت", "ارتأوا", "يرتئي", "ترتئي"),
    "خشي": ("خشي", "خشيت", "خشوا", "يخشى", "تخشى", "يخشون"),
    # present only: the past أعتقد/اعتقدت reads as the first person inside quotes
    "اعتقد": ("يعتقد", "تعتقد", "يعتقدون", "يعتقدان", "تعتقدان"),
    "اشتبه": ("يشتبه", "تشتبه", "يشتبهون"),
    # "علمت الصحيفة من مصادر أن ..." / "علمت مصادر أن ...": only this form (تعلم "learns", علم
    # "flag, science"); the source is the one the outlet learnt from (see the extractor)
    "علم": ("علمت",),
    # past only, and (like every verb) a cue only before أن/إن/":"/a quote: زاد "increased" and
    # اختتم "closed (a meeting)" are their common readings; وزاد: «...» / واختتم بأن ... speak
    "زاد": ("زاد", "زادت"),
    "اختتم": ("اختتم", "اختتمت"),
    "ختم": ("ختم", "ختمت"),
    # عزا X الأمر إلى ...: the report puts a cause down to something (GUIDELINES 1.11)
    "عزا": ("عزا", "عزت", "عزوا", "يعزو", "تعزو", "يعزون"),
    # beliefs and hopes held by a source, present only (أمل is also the noun "hope", يؤمّن
    # "secures"); only with أن/بأن after them: يأمل المسؤولون بأن ...، يؤمن X بأن ...
    "أمل": ("يأمل", "تأمل", "يأملون", "يأملان", "تأملان"),
    "آمن": ("يؤمن", "تؤمن", "يؤمنون", "يؤمنان", "تؤمنان"),
    # past only: يقر "approves, decides" is mostly no report (and a cue only before أن, see REPORTING_VERBS)
    "أقر": ("أقر", "أقرت", "أقروا"),
}
IRREGULAR_COMPLEMENTS: dict[str, str] = {
    "نفى": "",
    "رأى": "",
    "ادعى": "",
    "روى": "",
    "أجمع": "على",
    "ارتأى": "",
    "خشي": "",
    "اعتقد": "",
    "اشتبه": "في",
    "علم": "",
    "زاد": "",
    "اختتم": "",
    "ختم": "",
    "عزا": "",
    "أمل": "",
    "آمن": "",
    "أقر": "",
}

# Verbs whose reported content may be a noun object (not only a clause after أن).
TRANSITIVE: frozenset[str] = frozenset(
    {"أكد", "نفى", "أعلن", "رجح", "توقع", "ادعى", "اعتبر", "رصد", "عزا", "استبعد"}
)

# Propositional attitudes after أعرب/عبّر عن and as the object of أبدى (GUIDELINES.md 1.11: "أعرب عن أمله/قلقه ... when
# followed by a proposition"): their complement (في/من/ب + noun, or أن ...) is a claim held by the
# speaker. Feelings about an event (سعادته، ارتياحه، أسفه) are not in the list.
ATTITUDE_NOUNS: frozenset[str] = frozenset(
    "أمل تفاؤل تطلع قلق تخوف خوف مخاوف خشية اعتقاد ثقة قناعة يقين شك تشكيك تشاؤم توقع".split()
)

# Verbal nouns of reporting verbs (GUIDELINES.md 1.2): a cue when the source follows as their
# genitive (or after من) and the content after أن/بأن: "تصريحات الرئيس ... بأنه ..."، "إعلان
# السلطات أن ..."، "جاء الرد من المدير بأن ...".
VERBAL_NOUNS: tuple[str, ...] = (
    "تصريح",
    "تصريحات",
    "إعلان",
    "تأكيد",
    "تأكيدات",
    "اتهام",
    "اتهامات",
    "تحذير",
    "تحذيرات",
    "نفي",
    "مزاعم",
    "ادعاء",
    "ادعاءات",
    "إفادة",
    "رد",
)

# Verbs whose past form is also an elative adjective (أبلغ الأثر "the greatest effect"): read as a
# verb only at the start of a clause.
ELATIVE_VERBS: frozenset[str] = frozenset({"أبلغ"})

# Verbs that are not attributions when their subject is absent: يذكر أن = "it is worth noting".
IMPERSONAL_PRESENT: frozenset[str] = frozenset(
    {"يذكر", "ويذكر", "يشار", "ويشار", "تبين", "وتبين", "يرجح", "ويرجح", "يتوقع", "ويتوقع"}
)

# Circumstantial participles (masc. sing. stem) -> complements beyond أن/":"/quote.
PARTICIPLES: dict[str, str] = {
    "مشير": "إلى",
    "موضح": "",
    "مؤكد": "على",
    "مضيف": "",
    "لافت": "إلى",
    "منوه": "إلى ب على",
    "مشدد": "على",
    "معتبر": "",
    "محذر": "من",
    "مبين": "",
    "قائل": "",
    "كاشف": "عن",
    "ناف": "",
    "زاعم": "",
    "معرب": "عن",
    "مستدرك": "",
    "مردف": "",
    "مستطرد": "",
    "مفيد": "ب",
    "ملمح": "إلى",
    "مذكر": "ب",
    "معترف": "ب",
    "واصف": "",  # واصفًا الانفجار بأنه ...
    "متهم": "ب",  # متهمًا إياه بالسعي ...
    "واعد": "",  # واعدة بأن ... (a promise of an action, واعدًا بتعزيز, is not a claim)
    # the participles of the other reporting verbs above (GUIDELINES.md 1.1, 1.5)
    "مصرح": "",
    "معلن": "عن",
    "ذاكر": "",
    "متابع": "",
    "مرجح": "",
    "متوقع": "",
    "مفصح": "عن",
    "مدع": "",
    "معتقد": "",
    "مشكك": "في",
    "مقدر": "",
    "متعهد": "",  # متعهدًا بأن ... (متعهدًا بتعزيز ... is a pledge of an act: no complement)
    "مستبعد": "",  # مستبعدًا أن ...
    "متمن": "",  # متمنيًا أن ... (a hope held as a proposition, like أعرب عن أمله في أن)
}
# Participles of defective verbs: نافيًا، متمنية، مدعين (the ي of the root comes back).
DEFECTIVE_PARTICIPLES: frozenset[str] = frozenset({"ناف", "متمن", "مدع"})

# "according to" markers (as printed, without the و that may precede them).
ACCORDING_TO: tuple[str, ...] = (
    "بحسب",
    "حسب",
    "حسبما",
    "وفقا",
    "وفق",
    "طبقا",
    "نقلا",
    "استنادا",
)
# Two-word markers: the first word and the second.
# ("جاء", "في") is "it came in (the statement)": وجاء في البيان أن ...
ACCORDING_TO_PAIRS: tuple[tuple[str, str], ...] = (
    ("على", "لسان"),
    ("في", "تصريح"),
    ("جاء", "في"),
)

# Heads of noun phrases that name a source. Written without the article; plurals listed.
SOURCE_HEADS: frozenset[str] = frozenset(
    """
    مصدر مصادر ناشط ناشطون ناشطين ناشطو ناشطي شاهد شهود مراقب مراقبون مراقبين مسؤول مسؤولون
    مسؤولين مسؤولو مسؤولي مسئول مسئولون مسئولين مسؤولة مواطن مواطنون مواطنين سكان أهالي أهال
    مقرب مقربون مقربين مطلع مطلعون مطلعين خبير خبراء محلل محللون محللين باحث باحثون باحثين
    متحدث متحدثة ناطق ناطقة وزير وزيرة وزراء رئيس رئيسة رؤساء مدير مديرة مديرو أمين أمينة نائب
    نواب سفير سفيرة مستشار مستشارة قائد قادة محافظ أمير ملك ولي عضو أعضاء مندوب ممثل ممثلو مبعوث
    مساعد وكيل مشرف منسق مفوض زعيم قيادي قياديون كاتب صحفي صحافي مراسل طبيب أطباء محامي محام قاض
    مفتي شيخ عقيد لواء عميد فريق مقدم رائد نقيب جنرال معالي سمو الدكتور د مدرب لاعب نجم حكم
    متحدثون مسؤولة عائلة أسرة ذوو ذوي أقارب جيران نشطاء ناشطة مقاتل مقاتلون عناصر رواد مغردون
    وزارة هيئة مجلس منظمة جمعية لجنة مركز مرصد جيش شرطة حكومة إدارة ديوان بلدية أمانة مديرية وكالة
    مكتب جامعة بنك صندوق مؤسسة شركة حزب حركة تحالف أمم اتحاد نادي رابطة سفارة قنصلية نيابة محكمة
    ادعاء دفاع هلال صليب قيادة رئاسة حرس جهاز مخابرات استخبارات برلمان كونغرس كونجرس بيت كرملين
    بنتاغون بنتاجون خارجية داخلية سلطات سلطة جهات جهة مفوضية غرفة بورصة هيئات منظمات اللجنة
    وكالات شبكة بوابة صحيفة صحف جريدة قناة تلفزيون إذاعة مجلة موقع مواقع وسائل وسائط إعلام رويترز سبوتنيك
    سانا واس تاس نوفوستي إنترفاكس أسوشيتد فرانس بلومبرغ بلومبيرغ سي بي
    إعلان تقرير تقارير بيان بيانات تصريح تصريحات معلومات أنباء رواية روايات دراسة إحصاءات إحصائيات
    استطلاع مسح وثيقة وثائق رسالة مذكرة نشرة تغريدة حساب صفحة شهادة شهادات تسريبات
    والد والدة أب أم ابن ابنة شقيق شقيقة زوج زوجة أخ أخت عم خال جد طالب طالبة معلم معلمة
    مواطنة مقيم مقيمون لاعبو مهاجم مدافع حارس فنان فنانة شاعر شاعرة كاتبة مخرج ممثل ممثلة إمام
    خطيب داعية رجل امرأة سيدة شاب فتاة مالك صاحب مؤسس رئيسها رئيسه أستاذ أستاذة دكتور دكتورة
    مهندس مهندسة محافظ عميد وكيلة مديرة مشرفة موظف موظفون موظفة عامل عمال سائق سائقو ضابط
    روس أكراد عرب أمريكان
    دراسات استطلاعات نتائج متعاملون متعاملين مختصون مختصين متخصصون متخصصين منتقدون منتقدين
    معارضون معارضين مؤيدون مؤيدين مصرفيون مصرفيين اقتصاديون اقتصاديين تجار
    """.split()
)

# Heads that are weak evidence of a source (information, data): lower confidence.
VAGUE_SOURCE_HEADS: frozenset[str] = frozenset(
    "معلومات معطيات أنباء بيانات إحصاءات إحصائيات تقارير تقرير رواية روايات".split()
)

# Subjects that are evidence, not sources (الدلائل تشير إلى أن ...): their "saying" is the
# narrator's or the speaker's inference.
EVIDENCE_HEADS: frozenset[str] = frozenset(
    # and texts that "stipulate" (GUIDELINES 1.4: ينص النظام على is no attribution)
    "دلائل أدلة دليل مؤشرات مؤشر توقعات أرقام معطيات قرائن شواهد بوادر ملامح".split()
    # test results: التحاليل والأشعة تشير إلى ...
    + "تحاليل تحليل فحوص فحوصات أشعة".split()
    + "نص نصوص نظام قانون لائحة مادة بند".split()
    # the narrator's figures of speech: فالتاريخ يقول إن ...، الواقع يؤكد أن ...، المنطق يقول
    + "تاريخ واقع منطق".split()
)

# Verbal nouns that open a reported clause as the object of أكد/أعلن/نفى/توقع/اعتبر (أكد الوزير
# ضرورة ...، أعلنت الوزارة القبض على ...، توقع استمرار ...), written without article or suffix.
OBJECT_NOUNS: frozenset[str] = frozenset(
    """
    أهمية ضرورة استمرار إحباط قبض وجود عدم رفض نية استعداد تلقي ارتفاع انخفاض تراجع زيادة
    مقتل سقوط إصابة وقوع حدوث انتشار تسجيل نجاح فشل اقتراب تمسك التزام حرص تأييد
    ثبوت إمكانية احتمال مسؤولية اعتقال توقيف ضبط إطلاق انطلاق تعرض تورط
    """.split()
)

# Acts that an announcement performs rather than reports (GUIDELINES: "أعلن انشقاقه" and the
# heldout3 decision on announcing one's own launch, rule or nomination): أعلنت الوزارة [عن] إطلاق
# ...، إلزام ...، إنشاء ...، ترشيح ... is no claim. (بدء، القبض، مقتل are reported facts.)
ACT_NOUNS: frozenset[str] = frozenset(
    "إطلاق إلزام إنشاء تأسيس تدشين افتتاح ترشيح ترشح تشكيل اعتماد".split()
)

# Heads followed by a bare name as genitive: وكالة سبوتنيك، صحيفة نيويورك تايمز، العقيد ريان ديلون.
NAME_TAKING_HEADS: frozenset[str] = frozenset(
    """
    وكالة صحيفة جريدة قناة تلفزيون إذاعة مجلة موقع شبكة مركز مرصد منظمة حركة حزب شركة مؤسسة
    برنامج جامعة نادي مجلس هيئة وزارة وزير رئيس أمير ملك الشيخ شيخ سمو معالي الدكتور د عقيد لواء عميد
    فريق مقدم رائد نقيب جنرال السيد السيدة الرئيس المدرب مدرب اللاعب لاعب الكاتب الباحث الخبير
    المحلل الصحفي الصحافي الناشط المواطن المستشار المتحدث الناطق قائد القائد الأمين النائب
    السفير المبعوث المفوض الوزير العقيد اللواء العميد الفريق المقدم الرائد النقيب الجنرال الأمير
    """.split()
)

PREPOSITIONS: frozenset[str] = frozenset(
    """
    في فى خلال عبر على علي إلى الى الي عن من مع أمام امام أثناء بعد قبل عند حول لدى لدي وسط منذ
    ضمن حتى إزاء تجاه نحو بين دون بشأن بخصوص حيال عقب إثر اثر جراء عبر وفي وعلى ومن وعن وإلى
    """.split()
)

TIME_WORDS: frozenset[str] = frozenset(
    """
    اليوم أمس امس يوم مساء صباح ظهر فجر ليلة ليل الليلة غدا أول الأسبوع الشهر الساعة
    الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد مساء صباحا مساءً ظهرا فجرا ليلا
    لاحقا سابقا مؤخرا حاليا منتصف أواخر أوائل
    """.split()
)

ADVERBS: frozenset[str] = frozenset(
    """
    مجددا أيضا ايضا كذلك مرارا رسميا صراحة بدوره بدورها بدورهم بوضوح تكرارا سابقا لاحقا مؤخرا
    أمس اليوم حينها حينذاك آنذاك فقط بناء بناءً الانتباه النظر تحديدا أخيرا مثلا أولا ثانيا
    أيضاً هنا هناك
    """.split()
)

# Words that end a noun phrase read backwards from a verb (noun-first sentences).
CLAUSE_OPENERS: frozenset[str] = frozenset(
    """
    أن إن ان أنه إنه أنها إنها أنهم إنهم بأن بان لكن لكنه ولكن بينما فيما حيث كما ثم و ف وقد
    عندما حين حينما بعدما إذ إذا لما كلما لأن كي ليس ما وهو وهي هو هي هم قد لقد وكان كان كانت
    الذي التي الذين اللذين اللتين اللواتي اللاتي أما وأما فإن فان أو أم هنا هناك مضى ومضى
    كيف ماذا لماذا هل متى أين
    """.split()
)

RELATIVES: frozenset[str] = frozenset("الذي التي الذين اللذين اللتين اللذان اللتان".split())

# Tokens that join a verb to its clause complement.
COMPLEMENTIZERS: frozenset[str] = frozenset(
    """
    أن إن أنه إنه أنها إنها أنهم إنهم أنهما إنهما أننا إننا بأن بأنه بأنها بأنهم بأنهما بأننا
    """.split()
)

# Pronoun-carrying prepositions that may sit between a verb and its subject (يشير فيه خبراء).
PRONOUN_ADJUNCTS: frozenset[str] = frozenset(
    "خلاله خلالها فيه فيها فيهم له لها لهم لهما لهن لي لنا لك لكم منه منها منهم عنه عنها عنهم عليه عليها عليهم إليه إليها إليهم به بها بهم".split()
)

# "saying" after the original source in a relayed attribution: نقلت الوكالة عن مصدر قوله إن.
SAYING: frozenset[str] = frozenset(
    "قوله قولها قولهم قولهما تأكيده تأكيدها بقوله بقولها بقولهم بالقول".split()
)

# Words that make the next أن part of a conjunction (بعد أن، إلا أن، كما أن), not a complement.
TEMPORAL_BEFORE_AN: frozenset[str] = frozenset(
    "بعد قبل منذ إلى الى حتى وبعد وقبل إلا غير رغم برغم خاصة سيما لاسيما كما مع لو بما حيث وحيث".split()
)


# Generated forms that are mostly something else: تبين "it became clear", رأي "opinion",
# يظهر "appears" (the present of ظهر, not of أظهر), يُعتبر "is considered".
AMBIGUOUS_FORMS: frozenset[str] = frozenset(
    {"تبين", "تبينان", "تحدثان", "يظهر", "تظهر", "يظهرون", "يظهران", "تظهران"}
    # أقرا (the dual of أقر) is written like اقرأ "read!" once the hamza is normalised
    | {"أقرا"}
    | {"يعتبر", "تعتبر", "يعتبران", "تعتبران"}
)

# Forms read as a reporting verb only as VERB + short subject + أن at once (بين الوزير أن).
# رأى is written like رأي "opinion" once ى/ي are normalised.
STRICT_FORMS: frozenset[str] = frozenset(
    {"بين", "وبين", "فبين", "أبان", "إبان", "رأى", "ورأى", "فرأى", "رأي", "ورأي", "فرأي"}
    # the present of رأى is mostly "sees" (حيث يرى الأطفال آباءهم، وقد تُرى في السماء): a cue
    # only before أن at once or after a short subject (يرى الخبراء أن)
    | {p + f for p in ("", "و", "ف") for f in ("يرى", "ترى", "يرون", "يريان", "تريان")}
    # the present of أبلغ is written like that of بلغ "reaches, amounts to" (وتبلغ قيمة الدفعة
    # 300 مليون): "informs" only as VERB + short subject + أن (يبلغ المسؤولون الوفد أن ...)
    | {p + f for p in ("", "و", "ف") for f in ("يبلغ", "تبلغ", "يبلغون", "يبلغان", "تبلغان")}
)

# Verbs whose content is introduced only by their preposition (تحدث عن), never by أن.
PREPOSITION_ONLY: frozenset[str] = frozenset({"تحدث", "أعرب", "أفصح"})

# Verbs of speaking that report no content of their own but name a speaker whom a following
# وأضاف / مشيرًا إلى continues (وطالب الوزير بـ... وأشار إلى أن ...). Past tense only; "عبر" only
# with و/ف in front (alone it is the preposition "via").
SPEAKER_VERBS: tuple[str, ...] = (
    "تطرق",
    "عبر",
    "أبدى",
    "دعا",
    "طالب",
    "أشاد",
    "ثمن",
    "استعرض",
    "هنأ",
    "شكر",
    "رحب",
    "أدان",
    "استنكر",
    "تحدث",
    "أعرب",
    "ناشد",
    "وجه",
    "ألقى",
    "انتقد",
)
