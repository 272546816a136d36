"""Rule-based Arabic attribution extractor: who is reported as saying what, with offsets.

`extract(text)` returns `Attribution`s sorted by content start; `Attribution.as_json()` gives the
keys of issue 21. Offsets are code points of `text` (`quote == text[start:end]`,
`text[cue_start:cue_end] == cue`, and `text[claimant_start:claimant_end]` is the claimant as
written). Pure Python on top of `articles.arabic` (its letter map and obfuscation pattern): the
text is normalised once with an offset map back to the original (أ/إ/آ→ا, ة→ه, ى→ي ...;
diacritics, tatweel, invisible marks and obfuscation dots as in القـ.ـوات removed), one regex pass
finds every cue (a trie of all generated forms), and only sentences holding a cue are tokenised.

Cues (data in `articles.proposals.lexicon`): reporting verbs are generated from (past, present
stem) patterns in the 3rd person, both genders and numbers, past and present, with و/ف and
ل/س proclitics (قال قالت قالوا قالا قلن يقول تقول يقولون ... وأكدت فقال ليؤكد) plus listed
irregular forms (نفى، رأى، ادعى، روى، ارتأى، خشي، أجمع، يعتقد، يشتبه); circumstantial participles
(مشيرًا، موضحة، مؤكدين، واصفًا، متهمًا إياه ...);
"according to" markers; and verbs of speaking without content (أشاد، طالب، أبدى ...) whose subject
is remembered as the speaker of a following continuation.

Constructions, with their confidence ("accept all >= 0.8" is meant to be safe; on the development
gold, bench/attribution_gold/, proposals at >= 0.8 have precision 0.95):
- verb first: [و/ف] VERB SUBJECT [adjuncts] COMPLEMENT CONTENT. COMPLEMENT is أن/إن/بأن/أنه ...,
  ":", an opening quote of 3+ words, or the verb's own preposition (أشار/لفت إلى، شدد/أكد على،
  أعلن/كشف/تحدث عن، حذر من، أفاد ب). Adjuncts skipped: time words, "في بيان/تصريح/حديث ..."
  (short prepositional phrases), addressees (لرويترز، لـ«عكاظ»، للصحفيين، لبرنامج «...»), a
  relative clause on the subject, commas, dashes ("-وهو متحدث باسم ...-"), an apposition before
  ": «...»", manner words (قائلًا، مستطردًا، بقوله). [0.92 with أن, ":" or a quote; 0.85 with a
  preposition; 0.7 for تحدث عن (a topic more often than a claim); أعرب/عبر عن FEELING only with a
  proposition after it (عن تخوفها من أن ...) [0.85]; 0.78 for اتهم X Y بـ ...; 0.75 for a verbal
  noun after a preposition whose agent is a source noun: "بعد أيام من كشف وزارة الدفاع عن ..."]
- verb first with a noun object (أعلنت الوزارة، أمس، القبض على ...؛ أكد الوزير ذلك؛ أكد الوزير
  ضرورة ...) for `lexicon.TRANSITIVE` verbs when the subject's end is marked: commas around an
  adjunct, a demonstrative, or a verbal noun from `lexicon.OBJECT_NOUNS`. [0.7]
- "وجاء في البيان/بيان الوزارة أن/: ..." (a document head after جاء في). [0.85]
- noun first: SUBJECT VERB COMPLEMENT (وزارة الدفاع أكدت أن ...): the subject is read backwards to a
  clause opener (sentence start, comma, لكن، حيث، أن ...) and must open with a definite or source
  noun. [0.85 with a source head noun, else 0.75]
- relative: SOURCE التي/الذي VERB ... (الوكالة الروسية التي أكدت حدوث ...). [0.8; 0.72 when the
  content is a bare noun object]
- bare noun object (أكدت انتشار القوات) only for `lexicon.TRANSITIVE` verbs and only when the
  speaker is certain: a noun phrase before the verb, a relative clause, or an agreeing speaker in
  the same sentence (بعدما أكدت ...). [0.7]
- pronoun subject (وأضاف أن، وتابع: «...»، قال لرويترز إن، نقل عنه قوله، إلا أنه أوضح أن، ومضى
  يقول): the nearest earlier speaker whose gender and number agree with the verb (a speaker's gender
  is the one its own verb showed: "قالت بروين بولدان" is feminine; else feminine ت/ت- with a
  feminine or broken-plural head, plural with a plural or coordinated subject), within three
  sentences or the previous paragraph; claimant_start/end are None. [0.85 within one sentence, 0.75
  farther, 0.7 for a bare present tense (يزعم أنه: often generic)]. With no such speaker, a titled
  person (المدرب، الوزير، الدكتور ... + name) named in this or the previous sentence [0.7]. A present
  verb right after a noun (خطابًا يشير إلى ...) describes that noun and is skipped; the turns of an
  anecdote inside a direct quote (فقال لي: ...) are part of the quote.
- participles (مشيرًا إلى أن، موضحًا أن، قائلًا: ...) continue a speaker of the same or the previous
  sentence. [0.85 when they follow an attribution of the same sentence by that speaker, else 0.78]
- passives (ذُكر، أُعلن, recognised by the damma on their first letter) only with a source named
  after them (على لسان، نقلًا عن ...). Unvocalised, a past verb reads as active. [0.8]
- "according to" (بحسب، حسب، حسبما، وفقًا لـ، طبقًا لـ، وفق، نقلًا عن، على لسان، في تصريح لـ،
  استنادًا إلى): at the start of a sentence (or after a comma with و) the content follows the source
  (past "فإن/فقد"); at the end of a sentence it is the sentence before the marker; between commas
  it is the whole clause. The source must be plausible: its head noun is in
  `lexicon.SOURCE_HEADS` (people, titles, bodies, media, documents, unnamed sources), or ما +
  reporting verb follows the marker (بحسب ما ذكرت/أفاد ...), which names the source for sure.
  [0.88 start, 0.8 end, 0.75 between commas, 0.7 for vague heads: معلومات، تقارير، بيانات]
  وفقًا للأسعار، حسب الجدول، بحسب الحاجة، وفق النظام give nothing.
- chains (outermost relayer first, original speaker last; one source: [claimant]):
  VERB SOURCE نقلًا عن / على لسان SOURCE2, نقل SOURCE عن SOURCE2 [قوله] → [SOURCE, SOURCE2]
  (نقل without عن is "carried" and reports nothing); VERB SOURCE لرويترز/لوكالة X/لفرانس برس
  → [AGENCY, SOURCE] (newspapers spoken to are left out: mostly the publishing outlet itself);
  نقل SOURCE عنه → [SOURCE, antecedent]; "...، بحسب OUTLET." closing a sentence whose attribution
  ends there → OUTLET in front (and the content stops before the marker); "وبحسب OUTLET، قال X ..."
  → [OUTLET, X] when OUTLET is a media noun.

Added when the extractor was made to generalise (issue 21, second session; tests in
tests/proposals/test_extractor_generalised.py):
- noun first after أن/إن/لكن/بينما: "أن X VERB ..." reads X as the subject whatever its shape
  (أن شؤون الموظفين أوضحت لهم أنه ...)، "لكن ديريك قال" a bare name before a past verb; the
  words after the verb are its complement, or for `lexicon.TRANSITIVE` verbs with a source
  subject its noun object. [0.85; 0.7 for a noun object]
- verbal nouns with their source and أن (`lexicon.VERBAL_NOUNS`: تصريحات الرئيس ... بأنه ...،
  إعلان السلطات أن ...، الرد من X بأن ...; GUIDELINES 1.2). [0.7]
- "علمت «الصحيفة» من مصادر أن ..." / "علمت مصادر أن ...": the source the outlet learnt from; with
  no source it is the outlet's own voice. [0.85]
- propositional attitudes after أعرب/عبّر عن with a noun complement (عن تفاؤله في قدرة ...،
  `lexicon.ATTITUDE_NOUNS`), also past an apposition, and عبّر after من جهته/بدوره. [0.85]
- content before the cue: "X، وهو ما أكده/ذكرته Y" (GUIDELINES 1.8) when Y is a source. [0.75]
- chains: a named outlet told (لصحيفة «...»، لإذاعة، لبرنامج) relays like an agency, and the
  speaker's continuations inherit it; a report opening another's content (قال X إن Y أكد أن ...)
  starts with the outer chain (GUIDELINES 1.10).
- sentences: a one-letter title's dot (د. م.) ends none; runs of spaces (lost paragraph breaks)
  end one. A content also ends before "، رغم" and before an accusative participle after a comma
  (، محمِّلًا ...).
- not proposed: future speech (ستعلن)، inscriptions (كتب عليه)، أبلغ as an elative (أبلغ الأثر)،
  نوّه + noun (praise)، a present verb after an indefinite common noun (حق لكل موظف يرى أنه ...:
  it describes the noun)، عبر "via"، a feminine participle after an indefinite source noun
  (مصادر مؤكدة: an adjective)، رأى/بين after a noun (استطلاع رأي).

Not proposed (traps): يذكر أن / يشار إلى أن / يرجح أن (impersonal), negated verbs (لم تذكر), verbal nouns
after عدم/دون, بين "between" unless VERB + short subject [،] + أن, إبان "during", تبين "it turned out",
رأي "opinion", يدعى "is called", تحدث "happens", على أن "provided that", scripture (قال الله تعالى),
evidence as a subject (الدلائل/المؤشرات تشير إلى أن، العناصر الأولى للتحقيق تفيد: `lexicon.EVIDENCE_HEADS`),
a bare feeling (أعرب عن ارتياحه), ما as a subject (ذكر فيها ما يستحق أن), the past أعتقد (first person
inside quotes: only يعتقد/تعتقد are cues), يجمع/تجمع (only the past أجمع is a cue).

Spans. Claimant: the subject noun phrase as written: head with its genitives, adjectives, titles
and name (المتحدث باسم التحالف الدولي العقيد (ريان ديلون)، مصادر محلية، اثنان من العائلة); without
a leading و/ف, without a wrapping pair of quotes or brackets; stopped by a comma (an apposition
after a comma is left out), a preposition, a time word, an addressee, the complement, or a
possessive noun that starts the object (أعلنت الحركة مسؤوليتها). After لـ fused with the article
(وفقًا للمصدر) the claimant is the free form المصدر and its span covers the written للمصدر.
Cue: the reporting word as written with its clitics and marks (وأضافَ، وفقًا لـ is just وفقًا).
Content: from the first word after the complement to the end of the clause: the end of the
sentence (GUIDELINES 3.4: not ؛, not فيما used as "while"), or before a clause that opens another
attribution (، مشيرًا / وأضاف / ولكنه أشار / في الوقت الذي يشير / "، وفي هذا السياق أكد X": at the
comma), a new speech act (، داعيًا إلى / مطالبًا بـ) or the narrator's comment (، مما / وهذا / إلا أن
/ يأتي ذلك); for a direct quote, the inside of the quotation marks (a leading إن/أن inside is left
out); never the final full stop, comma or emoji. Dots inside an abbreviation (إن.بي.سي) end no
sentence.

Added for recall on unseen text (issue 21, third session; tests in
tests/proposals/test_extractor_recall.py):
- verbs (`lexicon.IRREGULAR_FORMS`, generated like the others with و/ف and the 3rd persons):
  زاد and اختتم/ختم (past only: "increased"/"closed a meeting" are their usual readings, and like
  every verb they report only before أن/إن/":"/a quote; اختتم + a possessive noun, اختتمت بيانها,
  names no speaker), استدرك، عزا (a cause held by a source; a noun object as for TRANSITIVE verbs),
  the present of أمل and آمن (يأمل/يؤمن X بأن ...: hopes and beliefs held as propositions; يؤمّن
  "secures" has no أن). Participles of defective roots take their ي back (نافيًا، متمنية، مدعين),
  and متمنيًا أن is a cue. Feminine past verbs take هم/هما as object pronouns (اتهمتهم بـ ...: the
  accused is the suffix, the subject a pronoun, the content starts at the ب-phrase).
- the present of رأى (يرى، ترى) is "sees" unless أن follows at once or after a short subject
  (`lexicon.STRICT_FORMS`): حيث يرى الأطفال ... and وقد تُرى ... neither report nor end a content.
- noun first after an opener with a preposition or adjective run inside the subject
  (`_kana_subject`): كان/وكانت + SUBJECT + [قد] + VERB (the narrative pluperfect: "وكانت تقارير
  صحفية قد أكدت أن"، "وكان مسؤول في الوزارة قال، في تصريح، إن") and لكن/أن + SUBJECT + VERB
  ("لكن شخصًا آخر في العائلة قال"): the words between opener and verb, if they are plain words with
  no comma or other cue and open with a definite, source or name-taking noun, a quantifier, or
  (after لكنّ/أنّ/إنّ) an accusative noun. [0.85]
- سبق لـ X أن VERB / سبق له أن VERB ("X had already said"): the speaker is X (after its ل, as
  for وفقًا لـ) or the antecedent of the pronoun. [0.8; 0.75 for the pronoun]
- with the subject before the verb, a short object (an addressee, up to three words and an
  adverb) may stand between the verb and its own preposition (أن الاستخبارات حذرت قوات الأمن
  مرارًا من/بشأن ...); حذر takes بشأن as well as من.
- VERB SUBJECT، APPOSITION، PREPOSITION (وكشف X، الناطق باسم الهيئة لـ«...» أمس، عن ...): past the
  comma that closes an apposition opened right after the subject, the verb's own preposition
  counts as its complement again.
- subjects: a relative named with a possessive (زوجته، شقيقتها، والدهم: `_is_kin`) is a person,
  not a verbal noun with its object (كشف هويته); a speaker of a verb without content (طالب،
  أشاد ...) may carry a title of up to 16 words.
- continuations: a name coordinated with an indefinite masculine title ("X نائب رئيس اللجنة وعضو
  الغرفة") may be one person; its gender "pm" agrees with singular and plural verbs alike. After a
  chain with its relayer as the verb's subject (ذكرت البوابة نقلًا عن مصدر ...), both the relayer
  (with the verb's gender) and the source (with its own) are remembered: a feminine وأضافت then
  continues the relayer, a masculine وأضاف the source. An addressee after the speaker (قالت X
  لرويترز) is not a relayer subject.
- "according to": official figures (أرقام) are a source after the marker (GUIDELINES 1.4), while
  as a subject they stay evidence; a noun of saying between the marker and its source is part of
  the cue and makes the source certain (حسب وصف الجماهير، بحسب رواية الشهود); with a pronoun
  (حسب قولها) it is a restatement and nothing new.
- a preposition complement opening with a demonstrative (أعلنت عن هذا الموقع، أشار إلى ذلك) points
  at a thing, not a proposition: no content.
- participles of TRANSITIVE verbs (مؤكدًا، نافيًا، مرجحًا، متوقعًا، معتبرًا، مدعيًا) take a noun
  object as content (متوقعًا صدور الحكم، معتبرًا إياه خطوة ...) when a speaker was named earlier in
  the same sentence; a demonstrative after them (متوقعًا هذا العام) is an adjective's adjunct.
- quotations: ” also opens a quotation (glyphs swapped in right-to-left typing: قائلًا: ” ... ”),
  closed by ” or “; a multi-sentence quote so opened is one content.

Added for recall on unseen text (issue 21, fourth session, tuned on heldout3's errors; tests in
tests/proposals/test_extractor_unseen.py):
- verbs: أقر (past, only before أن and not before a subjunctive: أقر المجلس أن يكون is a decision),
  استبعد (before أن, or a verbal noun of possibility: استبعد احتمال ...), تعهد/متعهدًا بأن (a promise
  that is a clause), جدد/كرر X تأكيده/نفيه/تحذيره أن ...; وصف/اتهم with an object pronoun before a
  ب-phrase (ووصفه بـ«...»، واتهمها بالإهمال) continue the speaker; اتهم X Y بـ with no comma, the
  accused found where a definite noun follows a definite non-adjective, or between two bare words;
  أبدى + an attitude noun (مخاوفهم من ...) like أعرب عن; نفى X صحة الأنباء; خلص إلى القول "..." takes
  the quote; "وهو ما تنفيه X" without a comma and with a present verb carrying the clause's
  pronoun, "وهذا ما يكشفه X بأن ..." with the content after it.
- "according to": "X، حسبما ذكرت Y على موقعها، و..." closes X; "... وبحسب Y، CONTENT" opens a clause
  with no comma before it; وفقًا لـ SOURCE inside a clause takes the whole clause (not after a
  reporting verb it relays); a quoted outlet relays the report after it (وبحسب "الفرنسية"، فقد ذكر).
- chains: a quoted agency told (لـ«رويترز»)، an agency as the object of أبلغ (أبلغ X «رويترز» أن،
  also after an apposition), the outlet of an interview (في مقابلة مع قناة X) head the chain; the
  same explicit subject repeated right after (وتابعت المصادر) keeps the agency.
- claimants: أمس الأول and مطلع الأسبوع are times; a titled name before الذي/التي is the antecedent,
  opening at its title; a relative whose verb disagrees in gender has its own subject; الأمر before
  الذي is no speaker; إمام (hamza below) is a noun, not the preposition أمام.
- content ends: the narrator's frame (وذلك ردًا على / وذلك في خطاب ...)، ، كما أُشير / ويُذكر.
- not proposed: أعلن [عن] + an act noun (إطلاق، إلزام، إنشاء، ترشيح ...: `lexicon.ACT_NOUNS`),
  أعلنها X (an act on the object), a quote of questions only, التاريخ/الواقع/المنطق as subjects,
  the present of أبلغ (written like بلغ "amounts to") unless VERB + short subject + أن, اقرأ.

Not handled (known gaps): verbal nouns without أن or with the article (بالقول إن، التصريحات
الأخيرة للوزير); verb-first sentences whose noun object follows the subject with no mark (أعلن
الجيش مقتل ...: subject and object cannot be told apart without a parser); nested speech inside
indirect content with no comma (قال X إن Y عاد وقال لصديقته إنه ...); speakers named only as the
subject or object of a non-reporting verb (انتقد X ... واعتبر أن) unless titled; a subject with
a preposition after a plain clause start (not after كان/لكن/أن); "كما أشار X، CONTENT" (content
after the cue with no complementizer); straight quotes nested inside straight quotes; nested
speakers inside a quote whose claimant is scripture (NOT_SPEAKERS); first- and second-person
speech; content in an earlier sentence (وهو ما أكده الوزير); nested chains deeper than two;
presentation-form letters (NFKC is not applied, to keep offsets one to one); names spelled like
function words (علي is kept only when written with ي).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from articles import arabic
from articles.proposals import lexicon as lx

__all__ = ["Attribution", "extract"]


@dataclass(frozen=True, slots=True)
class Attribution:
    claimant: str
    claimant_start: int | None
    claimant_end: int | None
    cue: str
    cue_start: int
    cue_end: int
    start: int
    end: int
    quote: str
    chain: tuple[str, ...]
    confidence: float

    def as_json(self) -> dict[str, Any]:
        return {
            "claimant": self.claimant,
            "claimant_start": self.claimant_start,
            "claimant_end": self.claimant_end,
            "cue": self.cue,
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "chain": list(self.chain),
            "confidence": self.confidence,
        }


# --- normalisation with an offset map ---------------------------------------------------------

_N = arabic.normalize
# one letter for one letter (keeps offsets), as `articles.arabic.normalize` maps them
_LETTER_PAIRS = tuple((chr(k), v) for k, v in arabic._LETTERS.items() if len(v) == 1)
_DELETE = re.compile(
    rf"{arabic._OBFUSCATION.pattern}|"
    "[\u064b-\u065f\u0670\u0610-\u061a\u06d6-\u06ed\u0640\u200b-\u200f\u202a-\u202e"
    "\u2066-\u2069\ufeff]+"
)


class _Text:
    """The normalised text and a map from its offsets back to the original's."""

    __slots__ = ("n", "orig", "_n_starts", "_o_starts")

    def __init__(self, text: str) -> None:
        self.orig = text
        translated = text
        for a, b in _LETTER_PAIRS:  # str.replace is far faster than str.translate here
            if a in translated:
                translated = translated.replace(a, b)
        n_starts: list[int] = [0]
        o_starts: list[int] = [0]
        pieces: list[str] = []
        pos = npos = 0
        for m in _DELETE.finditer(translated):
            cut, resume = m.span()
            pieces.append(translated[pos:cut])
            npos += cut - pos
            pos = resume
            n_starts.append(npos)
            o_starts.append(pos)
        if len(n_starts) == 1:
            self.n = translated
        else:
            pieces.append(translated[pos:])
            self.n = "".join(pieces)
        self._n_starts = n_starts
        self._o_starts = o_starts

    def start(self, i: int) -> int:
        """Original offset of normalised position `i` (a span start)."""
        if len(self._n_starts) == 1:
            return i
        k = bisect_right(self._n_starts, i) - 1
        return self._o_starts[k] + i - self._n_starts[k]

    def end(self, i: int) -> int:
        """Original offset for a span ending at normalised `i`: includes marks after the last
        letter (a word's final diacritic belongs to it)."""
        if i >= len(self.n):
            return len(self.orig)
        return self.start(i)


# --- lexicon, normalised ----------------------------------------------------------------------


def _n_set(words: Iterable[str]) -> frozenset[str]:
    return frozenset(_N(w) for w in words)


SOURCE_HEADS = _n_set(lx.SOURCE_HEADS)
VAGUE_HEADS = _n_set(lx.VAGUE_SOURCE_HEADS)
NAME_TAKING = _n_set(lx.NAME_TAKING_HEADS)
PREPOSITIONS = _n_set(lx.PREPOSITIONS)
TIME_WORDS = _n_set(lx.TIME_WORDS)
ADVERBS = _n_set(lx.ADVERBS)
OPENERS = _n_set(lx.CLAUSE_OPENERS)
RELATIVES = _n_set(lx.RELATIVES)
COMPLEMENTIZERS = _n_set(lx.COMPLEMENTIZERS)
PRONOUN_ADJUNCTS = _n_set(lx.PRONOUN_ADJUNCTS)
SAYING = _n_set(lx.SAYING)
TEMPORAL = _n_set(lx.TEMPORAL_BEFORE_AN)
IMPERSONAL = _n_set(lx.IMPERSONAL_PRESENT)
TRANSITIVE = _n_set(lx.TRANSITIVE)
PREP_ONLY = _n_set(lx.PREPOSITION_ONLY)
AMBIGUOUS = _n_set(lx.AMBIGUOUS_FORMS)
ELATIVE = _n_set(lx.ELATIVE_VERBS)
ATTITUDES = _n_set(lx.ATTITUDE_NOUNS)
PLACE_WORDS = _n_set(
    """منطقة محافظة مدينة وزارة إمارة مركز جامعة مستشفى الرياض جدة مكة صحة بلدية أمانة هيئة
    غرفة شرطة إدارة مكتب مجلس قسم كلية مدرسة نادي المملكة سفارة قنصلية فرع شركة بنك""".split()
)
MEDIA_HEADS = _n_set(
    "وكالة وكالات صحيفة صحف جريدة قناة تلفزيون إذاعة مجلة موقع شبكة بوابة رويترز سبوتنيك سانا واس تاس نوفوستي إنترفاكس أسوشيتد فرانس بلومبرغ بلومبيرغ وسائل".split()
)
DOCUMENT_HEADS = _n_set(
    "تقرير تقارير بيان بيانات دراسة إحصاءات إحصائيات معلومات أنباء وثيقة رسالة".split()
    + "كلمة خطاب مقال مقالة افتتاحية تغريدة منشور مذكرة نشرة شهادة".split()
)
EVIDENCE = _n_set(lx.EVIDENCE_HEADS)
AGENCIES = _n_set("رويترز فرانس وكالة أسوشيتد بلومبرغ نوفوستي سبوتنيك إنترفاكس".split())
OBJECT_NOUNS = _n_set(lx.OBJECT_NOUNS)
_SUFFIX = re.compile("(?:ه|ها|هم|هما|هن)$")
PERSON_TITLES = NAME_TAKING - _n_set(
    """وكالة صحيفة جريدة قناة تلفزيون إذاعة مجلة موقع شبكة مركز مرصد منظمة حركة حزب شركة مؤسسة
    برنامج جامعة نادي مجلس هيئة وزارة""".split()
) | _n_set("مدير النجم المهاجم الحارس".split())
CONDITIONALS = _n_set("إذا لو لولا وإذا ولو فإذا".split())
MODALS = _n_set("يمكن ويمكن قد يجب ربما لابد بد يستطيع".split())
PERIODS = _n_set("عام سنة شهر أسبوع موسم يوم صباح مساء أسبوع فصل قرن عقد".split())
DEMONSTRATIVES = _n_set("ذلك هذا هذه تلك هذين هاتين هؤلاء أولئك".split())
NON_SUBJECT = _n_set("عدم تعالى وتعالى سبحانه".split())
NOT_SPEAKERS = _n_set("الله تعالى سبحانه الرسول رسول النبي صلى عليه".split())
NEGATIONS = _n_set(("لم", "لن", "لا", "ولم", "ولن", "ولا", "ما"))
STRICT = _n_set(lx.STRICT_FORMS)
QUANTIFIERS = _n_set(("بعض", "أحد", "إحدى", "عدد", "كل", "جميع", "معظم", "غالبية", "أغلب", "اثنان"))
ADDRESSEES = _n_set(
    (
        "صحفيين",
        "صحفيون",
        "صحافيين",
        "إعلاميين",
        "وكالة",
        "صحيفة",
        "جريدة",
        "قناة",
        "تلفزيون",
        "إذاعة",
        "موقع",
        "رويترز",
        "فرانس",
        "مراسل",
        "مراسلي",
        "شبكة",
        "حضور",
        "محطة",
        "برنامج",
    )
)
PLURAL_HEADS = _n_set(
    """مصادر ناشطون ناشطين نشطاء شهود مسؤولون مسؤولين خبراء محللون سكان أهالي مواطنون مواطنين
    تقارير معلومات أنباء وسائل مراقبون عناصر مقاتلون قوات سلطات جهات روايات مصادرنا""".split()
)
# ” also opens a quotation in texts typed right to left with the glyphs swapped (قائلًا: ” ... ”)
_QUOTE_PAIRS = {
    "«": "»",
    "“": "”",
    '"': '"',
    "„": "“",
    "'": "'",
    "‘": "’",
    "″": "″",
    "”": "”",
}
_OPEN_QUOTES = frozenset(_QUOTE_PAIRS)
_CLOSE_QUOTES = frozenset(_QUOTE_PAIRS.values()) | {"″"}
_BRACKETS = frozenset("()[]")
_COMMA = frozenset("،,")
# words that begin with و as a root letter, not the conjunction
_W_NOUNS = tuple(
    _N(w)
    for w in "والد والدة وزير وزارة وكالة وكيل وفد ولي والي وسائل وسيط واشنطن ولاية وحدة".split()
)
_KEEP_AT_END = frozenset(")]»”\"'’″%!?؟")


@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str  # "verb", "part" (participle), "acc" (according to), "speaker" (no content)
    lemma: str  # normalised lemma (verbs), stem (participles) or marker
    complements: frozenset[str]  # normalised prepositions; "ب" for a ب-prefixed word
    conj: bool  # carries و/ف
    fem: bool
    plural: bool
    present: bool


def _verb_forms(past: str, stem: str) -> list[tuple[str, bool, bool, bool]]:
    """(form, feminine, plural, present) for the 3rd person of a verb."""
    out = [
        (past, False, False, False),
        (past + "ت", True, False, False),
        (past + "وا", False, True, False),
        (past + "ا", False, True, False),
        (past + "تا", True, True, False),
    ]
    if past == "قال":
        out.append(("قلن", True, True, False))
    for prefix, fem in (("ي", False), ("ت", True)):
        out += [
            (prefix + stem, fem, False, True),
            (prefix + stem + "ان", fem, True, True),
        ]
    out.append(("ي" + stem + "ون", False, True, True))
    # feminine plural: أكدن، يؤكدن (forms a hollow verb does not build, أضافن, match nothing)
    out += [(past + "ن", True, True, False), ("ي" + stem + "ن", True, True, True)]
    return out


# verbs whose object is a person and whose content is a ب-phrase (وصفه بالكاذب، اتهمه بالتقصير):
# their forms with an object pronoun are cues only before that ب-phrase
_PERSON_OBJECT_FORMS = {
    "وصف": [("وصف", False, False, False), ("وصفو", False, True, False)]
    + [("يصف", False, False, True), ("تصف", True, False, True)],
    "اتهم": [("اتهم", False, False, False), ("اتهمو", False, True, False)]
    + [("يتهم", False, False, True), ("تتهم", True, False, True)],
}
_SUFFIXED: set[str] = set()


# جدد/كرر X تأكيده أن ... "X renewed his statement that": a verbal noun with the pronoun of its
# agent, after a verb of renewing whose subject is the speaker
_RENEWED_NOUNS = {
    f + suffix: lemma
    for f, lemma in (("تأكيد", "أكد"), ("تأكيدات", "أكد"), ("نفي", "نفى"), ("تحذير", "حذر"))
    for suffix in ("ه", "ها", "هم")
}
_RENEWING = frozenset(
    _N(p + v) for v in ("جدد", "جددت", "جددوا", "كرر", "كررت", "كرروا") for p in ("", "و", "ف")
)


def _build_cues() -> dict[str, _Cue]:
    cues: dict[str, _Cue] = {}

    def add(form: str, cue: _Cue) -> None:
        cues.setdefault(_N(form), cue)

    verbs: list[tuple[str, list[tuple[str, bool, bool, bool]], str]] = []
    for past, stem, comps in lx.REPORTING_VERBS:
        if past in lx.IRREGULAR_FORMS:
            continue
        verbs.append((past, _verb_forms(past, stem), comps))
    for lemma, irregular in lx.IRREGULAR_FORMS.items():
        flagged = []
        for f in irregular:
            present = f[0] in "يت" and f not in ("تابع",)
            fem = (present and f[0] == "ت") or (not present and f.endswith(("ت", "تا")))
            plural = f.endswith(("وا", "ون", "ان", "يا", "تا"))
            flagged.append((f, fem, plural, present))
        verbs.append((lemma, flagged, lx.IRREGULAR_COMPLEMENTS.get(lemma, "")))
    for lemma, forms, comps in verbs:
        complements = frozenset(_N(c) for c in comps.split())
        for form, fem, plural, present in forms:
            if _N(form) in AMBIGUOUS:
                continue
            prefixes = ("", "و", "ف") + (("ل", "ول", "س", "وس") if present else ())
            # object pronouns only after the feminine ت (ذكرته): أضافه/تابعه read as nouns
            suffixes = ("", "ه", "ها", "هم", "هما") if form.endswith("ت") and not present else ("",)
            for p in prefixes:
                for s in suffixes:
                    add(
                        p + form + s,
                        _Cue(
                            "verb",
                            _N(lemma),
                            complements,
                            p[:1] in ("و", "ف"),
                            fem,
                            plural,
                            present,
                        ),
                    )
    # ووصفه بـ ...، يتهمها بـ ...: the object a pronoun, the content the ب-phrase after it
    for lemma, forms in _PERSON_OBJECT_FORMS.items():
        for form, fem, plural, present in forms:
            for p in ("", "و", "ف"):
                for s in ("ه", "ها", "هم", "هما"):
                    cues.setdefault(
                        _N(p + form + s),
                        _Cue("verb", _N(lemma), frozenset(), bool(p), fem, plural, present),
                    )
                    _SUFFIXED.add(_N(p + form + s))
    for stem, comps in lx.PARTICIPLES.items():
        complements = frozenset(_N(c) for c in comps.split())
        for suffix, fem, plural in (
            ("ا", False, False),
            ("ة", True, False),
            ("ين", False, True),
            ("ات", True, True),
        ):
            # defective roots take their ي back: نافيًا، متمنية، مدعين (not نافا، متمنة)
            form = stem + (
                ("ي" + suffix if suffix != "ين" else suffix)
                if stem in lx.DEFECTIVE_PARTICIPLES
                else suffix
            )
            add(form, _Cue("part", _N(stem), complements, False, fem, plural, False))
    for past in lx.SPEAKER_VERBS:
        spoken: list[tuple[str, bool, bool]]
        if past == "دعا":
            spoken = [("دعا", False, False), ("دعت", True, False), ("دعوا", False, True)]
        elif past in ("أبدى", "ألقى"):
            stem = past[:-1]
            spoken = [(past, False, False), (stem + "ت", True, False), (stem + "وا", False, True)]
        else:
            spoken = [(past, False, False), (past + "ت", True, False), (past + "وا", False, True)]
        for form, fem, plural in spoken:
            # "عبر" alone is mostly "via": a verb only after من جهته/بدوره (see `_speaker`)
            for p in ("", "و", "ف"):
                add(p + form, _Cue("speaker", _N(past), frozenset(), bool(p), fem, plural, False))
    for noun, lemma in _RENEWED_NOUNS.items():
        for p in ("", "و"):
            add(p + noun, _Cue("renew", _N(lemma), frozenset(), False, False, False, False))
    for noun in lx.VERBAL_NOUNS:
        # الرد من X بأن: a reply names its source after من, so it may carry the article
        prefixes = ("", "و", "ف", "ب", "ل", "وب", "ول") + (("ال", "وال") if noun == "رد" else ())
        for p in prefixes:
            add(p + noun, _Cue("noun", _N(noun), frozenset(), False, False, False, False))
    for marker in lx.ACCORDING_TO:
        for p in ("", "و", "ف"):
            # نقلا عن is "relaying from", not the dual verb: the marker wins
            cues[_N(p + marker)] = _Cue(
                "acc", _N(marker), frozenset(), bool(p), False, False, False
            )
    return cues


_CUES = _build_cues()
_BUT = frozenset(_N(w) for w in ("إلا", "غير", "لكن", "ولكن"))
_OBJECT_PRONOUNS = frozenset(_N(w) for w in ("إياه", "إياها", "إياهم", "إياهما"))
_DASHES = frozenset("-–—")  # وقال X -وهو متحدث باسم ...-: «...»
_EXPRESS = frozenset(_N(w) for w in ("أعرب", "عبر"))
_NO_CUE = _Cue("", "", frozenset(), False, False, False, False)
_RELAY_VERB = _N("نقل")
_CLOSING = frozenset(_N(w) for w in ("اختتم", "ختم"))
_REVEAL = frozenset(_N(w) for w in ("كشف", "أظهر"))  # things reveal: a report, a test
_PRONOUN_SOURCES = {"عنه": "m", "عنها": "f", "عنهم": "p", "عنهما": "p"}
_ACCUSE, _ACCORDING, _PURSUANT, _RELAYING, _BASED, _AS_PER, _IN_STATEMENT = (
    _N(w) for w in ("اتهم", "وفقا", "طبقا", "نقلا", "استنادا", "حسبما", "فيتصريح")
)
_PAIR_CUES = {_N(a) + " " + _N(b): _N(a + b) for a, b in lx.ACCORDING_TO_PAIRS}
_CAME_IN = _N("جاءفي")


def _trie_regex(words: list[str]) -> str:
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def emit(node: dict[str, Any]) -> str:
        alts = []
        optional = False
        for ch, child in sorted(node.items()):
            if ch == "":
                optional = True
            else:
                alts.append(re.escape(ch) + emit(child))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if optional else body

    return emit(trie)


_CUE_RE = re.compile(
    r"(?<!\w)(?:"
    + "|".join(rf"[وف]?{k.replace(' ', r'\s+')}" for k in _PAIR_CUES)
    + "|"
    + _trie_regex(list(_CUES))
    + r")(?!\w)"
)
_IN_CHARGE = frozenset(
    _N(w) for w in "المشرف المشرفة مشرف القائم القائمين المسؤول المسئول المشرفين".split()
)
_SELF = frozenset("نفسه نفسها نفسهم ذاته ذاتها ذاتهم".split())
_OBJECT_SUFFIX = re.compile("(?:ته|تها|تهم|تهن|تهما|اهم|اها|اهن)$")
_POSSESSIVE = re.compile("(?:ته|تها|تهم|تهما|تهن|تي)$")
_HIS_HER = re.compile("(?:ته|تها|تهم|تهما|تهن)$")  # not تي: مفتي، الكويتي
_NEWLINE = re.compile("\n")
# a full stop, "!" "?" "؟", a newline, or a run of spaces where an outlet (sabq) lost its
# paragraph breaks
_SENT_END = re.compile(r"(?:[!?؟]|(?<!\d)\.|\.(?!\d))+[ \t\u00a0]*\n?|\n")
_SENT_END_SPACES = re.compile(
    r"(?:[!?؟]|(?<!\d)\.|\.(?!\d))+[ \t\u00a0]*\n?|\n|(?<=\S)[ \t\u00a0]{3,}(?=\S)"
)
_COMMA_LEAD = re.compile(r"[،,](?:\s+(?!(?:ان|انه|انها|بان)(?!\w))\w+){1,4}\s+$")
_RELAY_NEXT = re.compile(r"(?:\s+\S+){0,4}?\s+عن(?:ه|ها|هم)?(?!\w)")
_ABBREVIATION = re.compile(r"(?<!\w)\w{1,3}\.\w")
# a one-letter title before a name (د. = دكتور، م. = مهندس، أ. = أستاذ، ل. = لواء): "د. محمد"; not
# the era letter after a year ("2015 م."، "1436 هـ.")
_TITLE_DOT = re.compile(r"(?:^|(?<=[\s(«\"“]))[دماعل]\.[ \t\u00a0]*(?=[^\W\d_])")
_TITLE_LETTERS = frozenset("دماعل")
_YEAR_BEFORE = re.compile(r"\d[\s\u00a0]*$")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_LEAD = re.compile(
    r"(?:(?<!\w)(حيث|كما|فيما|بينما|وقد|قد|ثم|لكن|لكنه|لكنها|ولكن|ولكنه|ولكنها|في الوقت الذي)\s+"
    r"|([،,])\s*)$"
)
# a comma before a new speech act (داعيًا إلى، مطالبًا بـ) or the narrator's comment (مما، وهذا)
# ends the reported clause
_COMMA_BREAK = re.compile(
    r"[،,]\s*(?=(?:ورغم|رغم|وبرغم|برغم|الا ان|الا انه|الا انها|غير ان|غير انه|ياتي ذلك|وياتي ذلك|جاء ذلك|وجاء ذلك|مما|وهذا|وهو ما|وهي ما|داعيا|داعيه|داعين|مطالبا|مطالبه|مطالبين|مشيدا|مشيده"
    r"|مثمنا|مبديا|مبديه|منتقدا|منتقده|مستعرضا|متسائلا|متسائله|متمنيا|متمنيه"
    # the narrator's impersonal "it is noted/was pointed out" (كما أُشير إلى أن، ويُذكر أن)
    r"|كما اشير|كما يشار|ويشار|كما يذكر|ويذكر)(?!\w))"
)
# "وذلك ردًا على ..." / "، وذلك في خطاب ألقاه ...": the narrator frames the words (in reply to,
# in a speech): the reported clause ends before it, comma or not ("وذلك بعد/لأن ..." may be the
# speaker's own and ends nothing)
_NARRATOR_FRAME = re.compile(
    r"(?:[،,]\s*|\s)(?=وذلك\s+(?:ردا|رده|تعليقا|تعقيبا|(?:في|خلال|اثناء)\s+(?:خطاب|كلم|مؤتمر|مقابل|حديث"
    r"|تصريح|بيان|لقاء|تطور)\w*)(?!\w))"
)
_COMMA_PARTICIPLE = re.compile(r"[،,]\s*(م\w{2,}[^\Wهن]ا)(?!\w)")  # not مهمتها، معنا
_PART_NEXT = re.compile(
    r"\s*(?:الى|الي|ان|انه|انها|بان|بانه|علي|عن|من|:)(?!\w)"
    r"|(?:\s+\w+){1,3}\s+بان(?:ه|ها|هم)?(?!\w)"  # واصفًا الانفجار بأنه
)


# --- word classes -----------------------------------------------------------------------------

_DEFINITE = ("وبال", "فبال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")


@lru_cache(maxsize=50_000)
def _bases(word: str) -> tuple[str, ...]:
    """The word and what it may be once its proclitics are off (article, و/ف, ب/ل)."""
    out = [word]
    for p in _DEFINITE:
        if word.startswith(p) and len(word) - len(p) >= 2:
            rest = word[len(p) :]
            out.append(rest)
            if rest.endswith("ات"):
                out.append(rest[:-2] + "ه")
            break
    else:
        rest = word
        if rest[:1] in ("و", "ف") and len(rest) > 3:
            rest = rest[1:]
            out.append(rest)
        if rest[:1] in ("ب", "ل") and len(rest) > 3:
            out.append(rest[1:])
    return tuple(out)


def _in(word: str, words: frozenset[str]) -> bool:
    return any(b in words for b in _bases(word))


def _is_definite(word: str) -> bool:
    return word.startswith(_DEFINITE) and len(word) > 3


def _is_adjective(word: str) -> bool:
    base = _bases(word)[-1]
    return (
        base.endswith(("يه", "يون", "يين", "يان"))
        or (base.endswith("ي") and len(base) > 3)
        or (base[:1] == "م" and len(base) >= 4 and base.endswith(("ه", "ون", "ين")))
    )


# --- parsing ----------------------------------------------------------------------------------

Tok = tuple[int, int, str]


@dataclass(slots=True)
class _Found:
    claimant: tuple[int, int] | None  # normalised span, or None for a resolved pronoun
    claimant_text: str
    cue: tuple[int, int]
    content: tuple[int, int]
    chain: list[tuple[str, tuple[int, int] | None]]
    confidence: float
    fem: bool | None = None
    direct: bool = False


class _Doc:
    def __init__(self, text: str) -> None:
        self.t = _Text(text)
        n = self.t.n
        self.n = n
        starts = [0]
        ends = []
        for m in (_SENT_END_SPACES if "   " in n else _SENT_END).finditer(n):
            if m.group()[:1] == "." and _ABBREVIATION.search(n, max(0, m.start() - 5), m.end() + 1):
                continue  # جي.ايه.سي، إن.بي.سي: dots inside an abbreviation
            if (
                m.group()[:1] == "."
                and n[m.start() - 1 : m.start()] in _TITLE_LETTERS
                and "\n" not in m.group()
                and _TITLE_DOT.match(n, m.start() - 1)
                and not _YEAR_BEFORE.search(n, max(0, m.start() - 8), m.start() - 1)
            ):
                continue  # "قال د. محمد": a title's dot, not a full stop
            ends.append(m.start())
            starts.append(m.end())
        ends.append(len(n))
        self.sent_starts = starts
        self.sent_ends = ends
        self.newlines = [m.start() for m in _NEWLINE.finditer(n)]
        self._tokens: dict[int, list[Tok]] = {}
        self.breaks: list[int] = []  # where a new cue opens a clause (set by `extract`)
        self.consumed: set[int] = set()
        self.relays: dict[int, tuple[str, tuple[int, int] | None]] = {}
        self.addressees: dict[int, tuple[str, tuple[int, int] | None]] = {}
        self.found: list[_Found] = []
        self.speakers: list[
            tuple[int, str, list[tuple[str, tuple[int, int] | None]], str, tuple[int, int] | None]
        ] = []

    # sentence and token access
    def sentence(self, pos: int) -> int:
        return bisect_right(self.sent_starts, pos) - 1

    def tokens(self, s: int) -> list[Tok]:
        toks = self._tokens.get(s)
        if toks is None:
            a, b = self.sent_starts[s], self.sent_ends[s]
            toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(self.n, a, b)]
            if "." in self.n[a:b]:
                merged: list[Tok] = []
                for t in toks:
                    if (
                        t[2] == "."
                        and merged
                        and merged[-1][1] == t[0]
                        and len(merged[-1][2]) == 1
                        and merged[-1][2] in "دماعل"
                    ):
                        merged[-1] = (merged[-1][0], t[1], merged[-1][2])  # "د." keeps its dot
                    else:
                        merged.append(t)
                toks = merged
            self._tokens[s] = toks
        return toks

    def paragraph(self, pos: int) -> int:
        return bisect_right(self.newlines, pos)

    def orig(self, span: tuple[int, int]) -> tuple[int, int]:
        return self.t.start(span[0]), self.t.end(span[1])

    def text(self, span: tuple[int, int]) -> str:
        a, b = self.orig(span)
        return self.t.orig[a:b]


def _is_stop(word: str) -> bool:
    return (
        word in PREPOSITIONS
        or word in TIME_WORDS
        or word in ADVERBS
        or word in COMPLEMENTIZERS
        or word in RELATIVES
        or (word[:1] == "و" and word[1:] in RELATIVES)  # دانش والذي تمتلك شركته ...
        or word in SAYING
        # طالب is also "student", a name; a verbal noun (تصريحات) may sit in an adjunct
        or (word in _CUES and _CUES[word].kind not in ("speaker", "noun"))
        or word in PRONOUN_ADJUNCTS
    )


def _adjectival(n: str, start: int, word: str) -> bool:
    """A feminine participle right after an indefinite source noun is its adjective, not a cue:
    "مصادر مؤكدة" (confirmed sources), not "... مؤكدة أن" (stating that)."""
    cue = _CUES.get(word)
    if cue is None or cue.kind != "part" or not cue.fem or cue.plural:
        return False
    m = _PREV_WORD.search(n, max(0, start - 30), start)
    return m is not None and not _is_definite(m.group(1)) and m.group(1) in SOURCE_HEADS


_PREV_WORD = re.compile(r"(\w+)[ \t\u00a0]+$")


# بين/رأى as a verb: a short subject, then أن (وبيّن المسن، أن ...)
_STRICT_NEXT = re.compile(r"(?:\s+\w+){1,4}[،,]?\s+(?:ان|انه|انها|انهم|بان)(?!\w)")
_TURN_BEFORE = re.compile(r"(?:جهته|جهتها|جانبه|جانبها|بدوره|بدورها)[،,]?\s+$")
_AN_AHEAD = re.compile(r"(?<!\w)(?:ب?ان|ب?انه|ب?انها|ب?انهم)(?!\w)")


def _worth_reading(n: str, m: re.Match[str]) -> bool:
    """Cheap checks before a sentence is tokenised for a cue: "عبر" only after من جهته/بدوره,
    a verbal noun only with أن close behind, no participle that is an adjective."""
    w = m.group()
    cue = _CUES.get(w)
    if cue is None:
        return True
    if w == _VIA:
        return _TURN_BEFORE.search(n, max(0, m.start() - 14), m.start()) is not None
    if cue.kind == "noun":
        return _AN_AHEAD.search(n, m.end(), m.end() + 160) is not None
    if cue.kind == "renew":
        return _AN_AHEAD.search(n, m.end(), m.end() + 12) is not None
    return not _adjectival(n, m.start(), w)


def _is_cue(word: str) -> bool:
    """A reporting word that opens a clause (not a verbal noun, not "عبر" alone: "via")."""
    cue = _CUES.get(word)
    return cue is not None and cue.kind != "noun" and word != _VIA


def _is_word(tok: Tok) -> bool:
    return tok[2][0].isalnum() or tok[2][0] == "_"


def _close_quote(doc: _Doc, open_pos: int) -> int | None:
    """Position of the quotation mark closing the one at `open_pos` (same paragraph)."""
    n = doc.n
    opener = n[open_pos]
    closer = _QUOTE_PAIRS[opener]
    limit = n.find("\n", open_pos)
    limit = len(n) if limit < 0 else limit
    depth = 0
    i = open_pos + 1
    while i < limit:
        c = n[i]
        if c == closer or (opener == "“" and c in '"″') or (opener == "”" and c == "“"):
            if opener == closer:
                before = n[i - 1] if i else " "
                after = n[i + 1] if i + 1 < len(n) else " "
                if (before.isspace() or before in "(") and (after.isalnum() or after in "(«“"):
                    depth += 1
                    i += 1
                    continue
            if depth == 0:
                return i
            depth -= 1
        elif c == opener and opener != closer:
            depth += 1
        i += 1
    return None


def _tok_index(toks: list[Tok], pos: int) -> int:
    lo = bisect_right(toks, (pos, 1 << 60)) - 1
    return max(lo, 0)


def _skip_quoted_or_bracketed(doc: _Doc, toks: list[Tok], i: int, max_words: int) -> int | None:
    """Index after a short quoted/bracketed segment starting at toks[i], or None."""
    c = toks[i][2]
    if c in _OPEN_QUOTES:
        close = _close_quote(doc, toks[i][0])
    elif c in "([":
        close = doc.n.find(")" if c == "(" else "]", toks[i][0], toks[-1][1])
        close = None if close < 0 else close
    else:
        return None
    if close is None or close > toks[-1][0]:
        return None
    j = i + 1
    words = 0
    while j < len(toks) and toks[j][0] < close:
        words += _is_word(toks[j])
        j += 1
    if words == 0 or words > max_words:
        return None
    return j + 1  # past the closing mark


def _bounded_np(doc: _Doc, toks: list[Tok], i: int, cue: _Cue | None, max_words: int = 18) -> int:
    """End index (exclusive) of a subject noun phrase starting at i, bounded by stop words."""
    j = i
    words = 0
    while j < len(toks):
        w = toks[j][2]
        if j > i and cue is not None and cue.lemma == _INFORM and _told_agency(toks, j):
            break  # أبلغ مسؤول أمريكي رويترز أن ...: the agency told is the object
        if not _is_word(toks[j]):
            if w in _OPEN_QUOTES or w in "([":
                after = _skip_quoted_or_bracketed(doc, toks, j, 5)
                short = _skip_quoted_or_bracketed(doc, toks, j, 3) is not None
                if (
                    after is not None
                    and after < len(toks)
                    and (j > i or toks[after][2] not in _COMMA)
                    # a quoted name: وكالة «أنسا»، ...; four or five quoted words followed by a
                    # comma are speech: وقال فابيوس "سأجري محادثات حول كل الموضوعات"، ...
                    and (short or w not in _OPEN_QUOTES or _is_word(toks[after]))
                ):
                    j = after  # وكالة الأنباء الإيطالية «أنسا»، أمس ...
                    continue
            break
        if j == i + 1 and w == "من" and _in(toks[i][2], QUANTIFIERS) and j + 1 < len(toks):
            j += 2  # اثنان من العائلة، أحد من السكان
            continue
        if j > i and w == "علي" and doc.t.orig[doc.t.start(toks[j][1]) - 1] == "ي":
            pass  # the name علي, not the preposition على (both normalise to علي)
        elif j > i and w == "علي" and toks[j - 1][2] in _IN_CHARGE:
            pass  # المشرف على البرنامج: a title
        elif j > i and _is_stop(w) and w != "باسم" and not _adjectival(doc.n, toks[j][0], w):
            break
        if (
            j > i
            and w.startswith("ل")
            and not w.startswith("لل")
            and _in(toks[i][2], DOCUMENT_HEADS)
        ):
            break  # التقرير لمعدل الاستهلاك: a document's phrase, not its author's name
        if (
            j > i
            and w in _PAIR_CUES_FIRST
            and j + 1 < len(toks)
            and (w + " " + toks[j + 1][2]) in _PAIR_CUES
        ):
            break
        if (w in OPENERS or w == "ل" or w in NON_SUBJECT) and j > i:
            break
        if j > i and _OBJECT_SUFFIX.search(w) and len(w) > 4:
            break  # أعلنت الحركة مسؤوليتها: a possessive noun starts the object
        if j > i and "\u064b" in doc.t.orig[doc.t.start(toks[j][0]) : doc.t.end(toks[j][1])]:
            break  # أقر المجلس عدداً من ...: an accusative (tanween) word is the object
        if j > i and (
            w in DEMONSTRATIVES
            or (
                _is_object_noun(w)
                # هيئة الإحصاء (a construct); not after a definite noun: المحلل احتمال ...
                and not (_in(toks[j - 1][2], NAME_TAKING) and not _is_definite(toks[j - 1][2]))
            )
            # نفى X صحة الأنباء "denied the truth of" (الصحة with the article is "health")
            or (w == _VALIDITY and cue is not None and cue.lemma == _DENY)
        ):
            break  # أكد الوزير ذلك / ضرورة ...: the object starts (not وزارة الصحة)
        if (
            j > i
            and _is_definite(w)
            and not _is_definite(toks[i][2])
            and toks[i][2].endswith(("ون", "ين"))
            and len(toks[i][2]) > 4
        ):
            break  # اعتبر محللون سياسيون القرار ...: a sound plural is never a construct head
        if j > i and w in _SELF:
            j += 1  # المصادر نفسها: the noun phrase ends here
            break
        if j > i and w.startswith("ل") and _in(w, ADDRESSEES):
            break
        if (
            j > i
            and w.startswith("ب")
            and w != "باسم"
            # a ب-phrase (بالعمل، بثبات، بعمليات) ends the subject; names do not (بحري، بروميتش)
            and (
                w.startswith("بال")
                or (cue is not None and "ب" in cue.complements and len(w) > 3)
                or w.endswith(("ات", "ه"))
            )
            and not (_in(w, SOURCE_HEADS) or _in(w, NAME_TAKING) or _in(w, PLACE_WORDS))
        ):
            break
        if (
            j > i
            and w in ("صادر", "الصادر", "صادره", "الصادره")
            and j + 1 < len(toks)
            and toks[j + 1][2] == "عن"
        ):
            j += 2
            continue
        words += 1
        if words > max_words:
            return i
        j += 1
    return j


_PAIR_CUES_FIRST = frozenset(k.split()[0] for k in _PAIR_CUES)
# manner participles between a verb's object and its speech: قائلًا، مضيفًا
_MANNER = frozenset(_N(w) for w in ("قائلا", "قائلة", "قائلين", "قائلات"))


def _heuristic_np(doc: _Doc, toks: list[Tok], i: int, max_words: int = 8) -> int:
    """End index of a noun phrase starting at i, read by shape: head, genitives after a head that
    takes a name, definite words, adjectives."""
    if i < len(toks) and (toks[i][2] in _OPEN_QUOTES or toks[i][2] == "("):
        after = _skip_quoted_or_bracketed(doc, toks, i, 5)  # بحسب "رويترز"
        if after is not None:
            return after
    if i >= len(toks) or not _is_word(toks[i]):
        return i
    if _is_stop(toks[i][2]) and not _imam(doc, toks[i]):
        return i
    head = toks[i][2]
    j = i + 1
    if _in(head, QUANTIFIERS) and j < len(toks) and _is_word(toks[j]) and not _is_stop(toks[j][2]):
        head = toks[j][2]
        j += 1
    names_left = 3 if _in(head, NAME_TAKING) else 0
    title = names_left > 0
    prev_adj = False
    lam_ok = _in(head, SOURCE_HEADS) or _in(head, NAME_TAKING)
    count = j - i
    while j < len(toks) and count < max_words:
        w = toks[j][2]
        if not _is_word(toks[j]):
            if w in _OPEN_QUOTES or w in "([":
                after = _skip_quoted_or_bracketed(doc, toks, j, 5)
                if after is not None:
                    j = after
                    names_left = 0
                    continue
            break
        if (
            w in ("صادر", "الصادر", "صادره", "الصادره")
            and j + 1 < len(toks)
            and toks[j + 1][2] in ("عن", "من")
        ):
            j += 2
            count += 2
            names_left = 3
            continue
        if _is_stop(w) or w in OPENERS or w in _PAIR_CUES_FIRST:
            if w != "باسم":
                break
        if w == "باسم":
            j += 1
            count += 1
            continue
        if _is_definite(w) or (w[:1] in ("و",) and _is_definite(w[1:])):
            if w.startswith("لل") and _in(w, ADDRESSEES):
                break
            names_left = 3 if _in(w, NAME_TAKING) else names_left
            prev_adj = _is_adjective(w)
        elif w.startswith("ل") and lam_ok and len(w) > 3 and not prev_adj:
            pass
        elif w[:1] == "و" and len(w) > 3 and w[1:] in SOURCE_HEADS:
            prev_adj = False
        elif names_left > 0 and (not prev_adj or title):
            names_left -= 1
        elif _is_adjective(w):
            prev_adj = True
        else:
            break
        j += 1
        count += 1
    return j


def _strip_np(doc: _Doc, toks: list[Tok], a: int, b: int) -> tuple[int, int] | None:
    """Normalised span of tokens a..b-1, without a leading و/ف and a wrapping quote/bracket."""
    while (
        a < b
        and not _is_word(toks[a])
        and toks[a][2] not in _OPEN_QUOTES
        and toks[a][2] not in "(["
    ):
        a += 1
    while (
        b > a
        and not _is_word(toks[b - 1])
        and toks[b - 1][2] not in _CLOSE_QUOTES
        and toks[b - 1][2] not in ")]"
    ):
        b -= 1
    if a >= b:
        return None
    start, end = toks[a][0], toks[b - 1][1]
    first, last = toks[a][2], toks[b - 1][2]
    if (first in _OPEN_QUOTES and last in _CLOSE_QUOTES) or (first == "(" and last == ")"):
        inner = doc.n[start + 1 : end - 1]
        if not any(q in inner for q in '"«»“”()'):
            start, end = start + 1, end - 1
            a += 1
            first = toks[a][2] if a < b else ""
    if first in _OPEN_QUOTES and last not in _CLOSE_QUOTES and b - a > 1:
        pass
    w = doc.n[start:end]
    if (
        w[:1] in ("و", "ف")
        and len(first) > 5  # فالتر، والد: too short to be a conjunction + article + noun
        and first not in SOURCE_HEADS
        and first not in NAME_TAKING
        and not first.startswith(_W_NOUNS)
        and (
            _is_definite(first[1:])
            or first[1:] in SOURCE_HEADS
            or first[1:] in NAME_TAKING
            or first[1:] in QUANTIFIERS
        )
    ):
        start += 1
    return (start, end)


def _trim_content(doc: _Doc, a: int, b: int) -> tuple[int, int] | None:
    n = doc.n
    while a < b and (n[a].isspace() or n[a] in "،,:؛;-–" or n[a] in "”″»"):
        a += 1  # a closing mark used as an opening one (قال: ” ...”)
    while b > a and not (n[b - 1].isalnum() or n[b - 1] in _KEEP_AT_END):
        b -= 1  # spaces, final stops, commas, emoji
    while b > a and n[b - 1] in _CLOSE_QUOTES and not any(q in n[a : b - 1] for q in _OPEN_QUOTES):
        b -= 1  # the closing mark of a quotation that opened before the content
        while b > a and not (n[b - 1].isalnum() or n[b - 1] in _KEEP_AT_END):
            b -= 1
    if b - a < 2 or not any(c.isalnum() for c in n[a:b]):
        return None
    return (a, b)


# a quotation made of questions only: every sentence in it ends with ? or ؟
_ONLY_QUESTIONS = re.compile(r"(?:[^.!?؟]+[?؟][!?؟]*)+\s*")


def _content_from(
    doc: _Doc, s: int, toks: list[Tok], j: int
) -> tuple[tuple[int, int], bool] | None:
    """Content span starting at token j (after the complement): a quote or a clause.
    Returns (span, is_direct_quote)."""
    if j >= len(toks):
        return None
    n = doc.n
    after_an = j > 0 and toks[j - 1][2] in COMPLEMENTIZERS
    if toks[j][2] in _OPEN_QUOTES and after_an:
        # إن "...". : a direct quote when the quotation closes the sentence
        close = _close_quote(doc, toks[j][0])
        if close is None or any(c.isalnum() for c in n[close + 1 : doc.sent_ends[s]]):
            after_an = True
        else:
            after_an = False
    if toks[j][2] in _OPEN_QUOTES and not after_an:
        close = _close_quote(doc, toks[j][0])
        if close is not None:
            a = toks[j][0] + 1
            inner = _TOKEN.match(n, a + (1 if n[a : a + 1].isspace() else 0))
            if (
                inner
                and inner.group() in ("ان", "انه", "انها", "انهم")
                and n[inner.end() : inner.end() + 1].isspace()
            ):
                a = inner.end()
            if _ONLY_QUESTIONS.fullmatch(n, a, close):
                return None  # «من يموّل ...؟ لماذا ...؟»: questions asked, no claim made
            span = _trim_content(doc, a, close)
            return (span, True) if span else None
    start = toks[j][0]
    end = doc.sent_ends[s]
    k = bisect_right(doc.breaks, start)
    if k < len(doc.breaks) and doc.breaks[k] < end:
        end = doc.breaks[k]
    span = _trim_content(doc, start, end)
    return (span, False) if span else None


def _quote_words(doc: _Doc, toks: list[Tok], j: int) -> int:
    """Number of words inside the quotation opened at toks[j] (a large number if unclosed)."""
    close = _close_quote(doc, toks[j][0])
    if close is None:
        return 99
    return len([w for w in _TOKEN.findall(doc.n, toks[j][0] + 1, close) if w[0].isalnum()])


def _complement_at(
    doc: _Doc, toks: list[Tok], j: int, cue: _Cue, prep_ok: bool = True
) -> int | None:
    """Index of the first content token if toks[j] starts a complement, else None."""
    if j >= len(toks):
        return None
    w = toks[j][2]
    if w in COMPLEMENTIZERS:
        if doc.n[toks[j][1] : toks[j][1] + 1] == ".":
            return None  # (إن.بي.سي): an abbreviation, not the particle إن
        if cue.lemma in PREP_ONLY or (j > 0 and toks[j - 1][2] in TEMPORAL):
            return None
        if j > 0 and toks[j - 1][2] in PREPOSITIONS and toks[j - 1][2] not in cue.complements:
            if not (toks[j - 1][2] == "الى" and "الي" in cue.complements):
                return None  # أقر اللائحة على أن ...: "provided that", not a complement
        return j + 1 if j + 1 < len(toks) else None
    if w == ":" and (
        prep_ok or (j + 1 < len(toks) and toks[j + 1][2] in _OPEN_QUOTES)  # X، مدير ...: «...»
    ):
        k = j + 1
        if k < len(toks) and toks[k][2] in COMPLEMENTIZERS:
            k += 1
        return k if k < len(toks) else None
    if w in _OPEN_QUOTES:
        if _quote_words(doc, toks, j) < 3:
            return None
        if j > 0 and _in(toks[j - 1][2], MEDIA_HEADS) and _quote_words(doc, toks, j) <= 5:
            return None  # لصحيفة «وول ستريت جورنال»: a quoted name after its head, not speech
        if prep_ok:
            return j
        close = _close_quote(doc, toks[j][0])  # a quotation closing the sentence is the speech
        tail = doc.n[close + 1 : doc.sent_ends[doc.sentence(toks[j][0])]] if close else "x"
        return j if close is not None and not any(c.isalnum() for c in tail) else None
    strong = j + 1 < len(toks) and toks[j + 1][2] in COMPLEMENTIZERS  # أشار بعد ذلك إلى أن
    if not prep_ok and not strong:
        return None
    if w in cue.complements or ("الي" in cue.complements and w == "الى"):
        k = j + 1
        if k < len(toks) and toks[k][2] in ("طريق", "كثب"):
            return None  # عن طريق "by way of"
        if k < len(toks) and toks[k][2] in DEMONSTRATIVES and w in ("عن", "الي", "الى"):
            return None  # أعلنت عن هذا الموقع ...، أشار إلى ذلك: a thing pointed at, no claim
        if k < len(toks) and toks[k][2] in COMPLEMENTIZERS:
            k += 1
        return k if k < len(toks) and (_is_word(toks[k]) or toks[k][2] in _OPEN_QUOTES) else None
    if "ب" in cue.complements and w.startswith("ب") and len(w) > 3 and w != "باسم":
        if _in(w, SOURCE_HEADS) or _in(w, NAME_TAKING) or _in(w, PLACE_WORDS):
            return None  # بوزارة الداخلية: part of the speaker's title
        return j
    return None


def _agency_addressee(
    doc: _Doc, toks: list[Tok], a: int, b: int, bare: bool = False
) -> tuple[str, tuple[int, int] | None] | None:
    """An agency or a named outlet the speaker spoke to (قال لرويترز، لوكالة الأنباء الألمانية،
    لصحيفة «وول ستريت جورنال»، لإذاعة "فرانس انتر"، لبرنامج في المرمى): it relays the claim
    (GUIDELINES 4). A bare quoted name ("قال لـ«عكاظ»") is left out: it is mostly the
    publishing outlet itself, which is not in the chain."""
    for k in range(a, b):
        w = toks[k][2]
        if bare and _told_agency(toks, k) and (k == a or toks[k - 1][2] in _COMMA):
            # أبلغ X، المدير ...، «رويترز»، بأنه ...: the object of أبلغ, with no ل
            first = k + 1 if toks[k][2] in _OPEN_QUOTES else k
            last = first + 1 if first + 1 < b and toks[first + 1][2] == "برس" else first
            span = (toks[first][0], toks[last][1])
            return doc.text(span), span
        if w == "ل" and k + 2 < b and toks[k + 1][2] in _OPEN_QUOTES:
            # لـ«رويترز»، لـ"فرانس برس": a quoted agency relays like لرويترز (a quoted outlet
            # that is no agency, لـ«عكاظ», stays out: mostly the publishing outlet)
            name = k + 2
            if toks[name][2] not in AGENCIES:
                continue
            close = next(
                (m for m in range(name + 1, min(name + 6, b)) if toks[m][2] in _CLOSE_QUOTES),
                None,
            )
            if close is None or close == name:
                continue
            span = (toks[name][0], toks[close - 1][1])
            return doc.text(span), span
        if not (w.startswith("ل") and len(w) > 3):
            continue
        base = _bases(w)[-1]
        if base not in AGENCIES and base not in _TOLD_MEDIA:
            continue
        end = k + 1
        if end < b and toks[end][2] in _OPEN_QUOTES:
            close = next(
                (m for m in range(end + 1, min(end + 7, b)) if toks[m][2] in _CLOSE_QUOTES), None
            )
            if close is None:
                continue
            end = close + 1
        elif base in NAME_TAKING or base in _TOLD_MEDIA:
            while (
                end < b
                and _is_word(toks[end])
                and not _is_stop(toks[end][2])
                and not _is_cue(toks[end][2])
                and end - k <= 3
            ):
                end += 1
        elif end < b and toks[end][2] == "برس":
            end += 1
        if base in _TOLD_MEDIA and end == k + 1:
            continue  # للصحيفة: the publishing outlet, unnamed
        start = toks[k][0] + (2 if w.startswith("لل") else 1)
        span = (start, toks[end - 1][1])
        text = doc.text(span)
        return (("ال" + text) if w.startswith("لل") else text), span
    return None


_INTERVIEW = _n_set("مقابلة حوار حديث لقاء".split())


def _interview_outlet(
    doc: _Doc, toks: list[Tok], a: int, b: int
) -> tuple[str, tuple[int, int] | None] | None:
    """ "في مقابلة مع قناة «...» / في حوار مع صحيفة ...": the outlet that carried the interview
    relays the claim (GUIDELINES 4; the publishing outlet, unnamed, is left out)."""
    for k in range(a, b - 2):
        if not (_in(toks[k][2], _INTERVIEW) and toks[k + 1][2] == "مع"):
            continue
        head = k + 2
        if not _in(toks[head][2], _TOLD_MEDIA):
            return None
        end = _heuristic_np(doc, toks, head)
        m = end
        while (
            m < b
            and m - end < 3
            and (
                _is_word(toks[m])
                or toks[m][2] in "()"
                or toks[m][2] in _OPEN_QUOTES
                or toks[m][2] in _CLOSE_QUOTES
            )
        ):
            if _is_word(toks[m]) and (_is_stop(toks[m][2]) or _is_cue(toks[m][2])):
                break
            m += 1  # قناة (التلفزيون العربي) الفضائية: the name and its adjective
        if m == head + 1:
            return None  # مع الصحيفة: the publishing outlet, unnamed
        span = (toks[head][0], toks[m - 1][1])
        return doc.text(span), span
    return None


_TOLD_MEDIA = frozenset(
    _N(w) for w in "صحيفة جريدة قناة تلفزيون إذاعة مجلة موقع شبكة وسائل برنامج".split()
)


_VALIDITY = _N("صحة")
_DENY = _N("نفى")
_THINGS = _n_set(("الأمر", "الشيء", "الأمور", "الأشياء"))
_MASC_RELATIVES = _n_set(("الذي", "الذين", "اللذين", "اللذان"))
_WHICH_F = _N("التي")
_IMAM = _N("إمام")


def _imam(doc: _Doc, tok: Tok) -> bool:
    """إمام "the imam", not أمام "in front of" (both normalise to امام): the hamza below tells."""
    return tok[2] == _IMAM and doc.t.orig[doc.t.start(tok[0])] == "إ"


_OUTSET = _N("مطلع")
_PERIOD_WORDS = _n_set("أسبوع شهر عام سنة الأسبوع الشهر العام السنة الصيف الشتاء".split())
_YESTERDAY = frozenset(_N(w) for w in ("أمس", "امس"))
_THE_FIRST = _N("الأول")


_INFORM = _N("أبلغ")


def _told_agency(toks: list[Tok], k: int) -> bool:
    """An agency named at k, bare or in quotation marks (رويترز، «رويترز»، "فرانس برس")."""
    if k < len(toks) and toks[k][2] in _OPEN_QUOTES:
        k += 1
    return k < len(toks) and toks[k][2] in AGENCIES and toks[k][2] != _N("وكالة")


def _take_told_agency(doc: _Doc, toks: list[Tok], k: int, cue_span: tuple[int, int]) -> int:
    """Record the agency told at k (أبلغ X «رويترز» أن ...) as relaying the claim (GUIDELINES 4);
    returns the index after it."""
    first = k + 1 if toks[k][2] in _OPEN_QUOTES else k
    last = first + 1 if first + 1 < len(toks) and toks[first + 1][2] == "برس" else first
    told = (toks[first][0], toks[last][1])
    doc.addressees[cue_span[0]] = (doc.text(told), told)
    k = last + 1
    if k < len(toks) and toks[k][2] in _CLOSE_QUOTES:
        k += 1
    return k


def _skip_lead_adjuncts(toks: list[Tok], j: int) -> int:
    """Skip what may sit between a verb and its subject or complement: لرويترز، فيه، اليوم."""
    while j < len(toks):
        w = toks[j][2]
        if w in PRONOUN_ADJUNCTS or w in ADVERBS or w in TIME_WORDS or w in _COMMA:
            j += 1
            if w in _YESTERDAY and j < len(toks) and toks[j][2] == _THE_FIRST:
                j += 1  # أمس الأول "the day before yesterday": a time, not a subject
        elif w == _OUTSET and j + 1 < len(toks) and _bases(toks[j + 1][2])[-1] in _PERIOD_WORDS:
            j += 2  # مطلع الأسبوع "early this week" (مطلع is also "informed": مصدر مطلع)
        elif w == "ل" and j + 1 < len(toks):
            nxt = toks[j + 1][2]
            if nxt in _OPEN_QUOTES or nxt in "([":
                # لـ«الشرق الأوسط»، لـ(عكاظ): the addressee is the whole quoted name
                closers = _CLOSE_QUOTES | {")", "]"}
                close = next(
                    (m for m in range(j + 2, min(j + 8, len(toks))) if toks[m][2] in closers),
                    None,
                )
                if close is not None:
                    j = close + 1
                    continue
            j += 2
            while j < len(toks) and not _is_word(toks[j]) and toks[j][2] not in _COMMA:
                j += 1
            if j < len(toks) and _is_word(toks[j]) and not _is_stop(toks[j][2]):
                j += 1
            while j < len(toks) and toks[j][2] in _CLOSE_QUOTES:
                j += 1
        elif (
            w.startswith("ل")
            and len(w) > 3
            and not _is_cue(w)
            and not _is_stop(w)
            and (_in(w, ADDRESSEES) or (w.startswith("لل") and not _in(w, SOURCE_HEADS)))
        ):
            j += 1
            if j < len(toks) and toks[j][2] == "برس":
                j += 1  # لفرانس برس
            # the outlet's name after it (لقناة سكاي نيوز، لصحيفة الشرق الأوسط); لرويترز is a name
            if not w.startswith("لل") and _in(w, NAME_TAKING):
                if j < len(toks) and toks[j][2] in _OPEN_QUOTES:
                    # لبرنامج «لقاء الأسبوع»: a short quoted name, whatever its words
                    close = next(
                        (
                            m
                            for m in range(j + 1, min(j + 7, len(toks)))
                            if toks[m][2] in _CLOSE_QUOTES
                        ),
                        None,
                    )
                    if close is not None and close + 1 < len(toks) and _is_word(toks[close + 1]):
                        j = close + 1
                        continue
                for _ in range(3):
                    if j < len(toks) and (
                        toks[j][2] in _OPEN_QUOTES or toks[j][2] in _CLOSE_QUOTES
                    ):
                        j += 1
                    if (
                        j < len(toks)
                        and _is_word(toks[j])
                        and not _is_stop(toks[j][2])
                        and not _in(toks[j][2], SOURCE_HEADS)
                        and not _in(toks[j][2], NAME_TAKING)
                    ):
                        j += 1
                    else:
                        break
                while j < len(toks) and toks[j][2] in _CLOSE_QUOTES:
                    j += 1
        else:
            break
    return j


def _scan_adjuncts(
    doc: _Doc,
    toks: list[Tok],
    j: int,
    cue: _Cue,
    chain: list[tuple[str, tuple[int, int] | None]],
    max_steps: int = 25,
) -> int | None:
    """From j, skip adjuncts up to the complement; collect relayed sources into `chain`.
    Returns the first content index or None. The markers met on the way (نقلا عن، بحسب) are
    consumed only when a complement is found."""
    taken: set[int] = set()
    got = _scan(doc, toks, j, cue, chain, max_steps, taken)
    if got is not None:
        doc.consumed |= taken
    return got


def _scan(
    doc: _Doc,
    toks: list[Tok],
    j: int,
    cue: _Cue,
    chain: list[tuple[str, tuple[int, int] | None]],
    max_steps: int,
    taken: set[int],
) -> int | None:
    steps = 0
    prep_ok = True
    in_pp = False
    pp_words = 0
    in_relative = False
    # VERB SUBJECT، APPOSITION، COMPLEMENT (وكشف X، الناطق باسم ...، عن ...): past the comma
    # closing an apposition the verb's own preposition may come again
    appos = j < len(toks) and toks[j][2] in _COMMA
    while j < len(toks) and steps < max_steps:
        c = _complement_at(doc, toks, j, cue, prep_ok or in_relative)
        if c is not None:
            return c
        w = toks[j][2]
        if appos and steps > 0 and w in _COMMA:
            appos = False
            if steps <= 16:
                j += 1
                steps += 1
                prep_ok = True
                continue
        if w in _OPEN_QUOTES:
            after = _skip_quoted_or_bracketed(doc, toks, j, 5)
            if after is not None:
                j = after
                prep_ok = prep_ok and in_pp
                continue
        # a verb's own preposition may follow place and time phrases, not an object
        if w in PREPOSITIONS or w == "ل":
            in_pp, pp_words = True, 0
        elif in_pp and _is_word(toks[j]):
            # في حديث لبلدي نيوز، في بيان للوزارة اليوم: a short phrase after the preposition
            pp_words += 1
            in_pp = pp_words <= 4 and not _is_cue(w)
            if not in_pp and not (w in TIME_WORDS or w in ADVERBS):
                prep_ok = False
        elif not (w in TIME_WORDS or w in ADVERBS or w in _COMMA or w in _DASHES):
            prep_ok = False
        if steps > 8:
            prep_ok = False
        if w in _MANNER and j + 1 < len(toks):
            taken.add(toks[j][0])  # روى المسن، لـ"سبق"، تفاصيل معاناته، قائلًا: «...»
            j += 1
            prep_ok = True
            continue
        nxt = toks[j + 1][2] if j + 1 < len(toks) else ""
        relay = None
        if w in ("نقلا", "ونقلا") and nxt == "عن":
            relay = j + 2
        elif w == "عن" and cue.lemma == "نقل":
            relay = j + 1
        elif w in ("علي", "على") and nxt == "لسان":
            relay = j + 2
        if relay is not None:
            taken.add(toks[j][0])
            end = _bounded_np(doc, toks, relay, None)
            span = _strip_np(doc, toks, relay, end)
            if span is None:
                return None
            chain.append((doc.text(span), span))
            j = end
            while j < len(toks) and toks[j][2] in SAYING:
                j += 1
            prep_ok = True
            continue
        if cue.lemma == _RELAY_VERB and w in _PRONOUN_SOURCES:
            # نقل التلفزيون عنه قوله: the original speaker is the antecedent of the pronoun
            gender = _PRONOUN_SOURCES[w]
            probe = _Cue("verb", "", frozenset(), False, gender == "f", gender == "p", False)
            ante = _antecedent(doc, toks[j][0], probe)
            if ante is None:
                return None
            chain.append((ante[0], None))
            j += 1
            while j < len(toks) and toks[j][2] in SAYING:
                j += 1
            prep_ok = True
            continue
        if (
            _is_word(toks[j])
            and w not in ADVERBS
            and w not in TIME_WORDS
            and not w.endswith("يا")  # رسمياً، هاتفياً: adverbs
            and "\u064b" in doc.t.orig[doc.t.start(toks[j][0]) : doc.t.end(toks[j][1])]
        ):
            return None  # أعلن المجلس عدداً من الإجراءات ... أن: أن belongs to the object
        if w in ("ما", "مما", "بما"):
            return None  # ذكر فيها ما يستحق أن ...: أن belongs to another verb
        if (w in RELATIVES or (w[:1] == "و" and w[1:] in RELATIVES)) and steps == 0:
            in_relative = True  # المسؤول الذي لم يشأ كشف هويته أن ...
        if (
            w in _CUES
            and _CUES[w].lemma == _RELAY_VERB
            and _OBJECT_SUFFIX.search(w)
            and j + 1 < len(toks)
            and _in(toks[j + 1][2], MEDIA_HEADS)
        ):
            j += 2  # في مؤتمر صحفي نقلته قناة النبأ: the channel carried the words
            steps += 1
            continue
        if w in _CUES and _CUES[w].kind not in ("acc", "speaker", "noun") and not in_relative:
            return None  # another reporting verb: this one has no complement of its own
        if w in _CUES and _CUES[w].kind == "acc":
            taken.add(toks[j][0])
        if w in _PAIR_CUES_FIRST and (w + " " + nxt) in _PAIR_CUES:
            taken.add(toks[j][0])
        j += 1
        steps += 1
    return None


def _backward_np(
    doc: _Doc,
    toks: list[Tok],
    i: int,
    max_words: int = 10,
    relative: bool = False,
    loose: bool = False,
) -> tuple[int, int] | None:
    """Token range of the noun phrase ending just before index i, back to a clause opener."""
    j = i
    if j > 0 and toks[j - 1][2] in ("قد", "لقد", "وقد"):
        j -= 1
    if j > 0 and toks[j - 1][2] in _COMMA:
        j -= 1
    end = j
    words = 0
    while j > 0:
        w = toks[j - 1][2]
        if not _is_word(toks[j - 1]):
            if w in _CLOSE_QUOTES or w in ")]":
                j -= 1
                continue
            if w in _OPEN_QUOTES or w in "([":
                j -= 1
                continue
            break
        name_ali = w == "علي" and doc.t.orig[doc.t.start(toks[j - 1][1]) - 1] == "ي"
        if not name_ali and (
            w in OPENERS or _is_stop(w) or _is_cue(w) or (w[:1] in ("و", "ف") and w[1:] in OPENERS)
        ):
            break
        words += 1
        if words > max_words:
            if relative:
                break  # the antecedent is read from the end: a long clause before it is no matter
            return None
        j -= 1
    if j == end or words == 0:
        return None
    if relative:
        # the antecedent: the definite noun phrase right before the relative pronoun, with the
        # construct head in front of it (وكالة الأنباء التي ...)
        k = end
        # a name closing a titled phrase (الرئيس الفرنسي فرانسوا هولاند الذي ...): up to three
        # words without the article after a definite run holding a title or a source noun
        names = 0
        while names < 3 and k - names > j and _is_word(toks[k - names - 1]):
            if _is_definite(toks[k - names - 1][2]):
                break
            names += 1
        if names and k - names > j:
            m = k - names
            while m > j and (_is_definite(toks[m - 1][2]) or not _is_word(toks[m - 1])):
                m -= 1
            title = next(
                (x for x in range(m, k - names) if _in(toks[x][2], NAME_TAKING | SOURCE_HEADS)),
                None,
            )
            if title is not None:
                k = title  # the phrase opens at its title: not الاجتماع in "حضر الاجتماع الرئيس"
        titled = k < end
        while not titled and k > j and (_is_definite(toks[k - 1][2]) or not _is_word(toks[k - 1])):
            k -= 1
        if k == end:
            return None
        if not any(_is_word(t) for t in toks[k:end]):
            return None  # a quotation mark alone ("موبايلي" التي ...): no antecedent read here
        if not titled:
            # والتقى الوفد الأمين العام للمنظمة الذي ...: the phrase opens at its first title
            k = next((x for x in range(k, end) if _in(toks[x][2], NAME_TAKING | SOURCE_HEADS)), k)
        if k > j and (_in(toks[k - 1][2], SOURCE_HEADS) or _in(toks[k - 1][2], NAME_TAKING)):
            k -= 1
        elif k > j and toks[k - 1][2] in QUANTIFIERS:
            k -= 1  # جيري أحد القيادات الكشفية الذي قال: "one of", and the name before it
            if k > j and _is_word(toks[k - 1]) and not _is_definite(toks[k - 1][2]):
                if not (_is_stop(toks[k - 1][2]) or _is_cue(toks[k - 1][2])):
                    k -= 1
        return (k, end)
    before = toks[j - 1][2] if j > 0 else ""
    if j > 0 and not (
        before in OPENERS
        or before in _COMMA
        or before in ":؛;"
        or (before[:1] in ("و", "ف") and before[1:] in OPENERS)  # وكانت تقارير ... قد أكدت
    ):
        return None  # stopped by a preposition or another cue: not a clause subject
    # the subject of a noun-first clause opens with a definite noun or a source noun
    k = j
    while k < end and not _is_word(toks[k]):
        k += 1
    lead = toks[k][2]
    if (loose or (j > 0 and toks[j - 1][2] in COMPLEMENTIZERS)) and not _is_stop(lead):
        return (j, end)  # أن + NOUN + VERB: after أن/إن the noun before the verb is its subject
    if not (
        _is_definite(lead)
        or _in(lead, SOURCE_HEADS)
        or _in(lead, NAME_TAKING)
        or _in(lead, QUANTIFIERS)  # بعض الجمعيات المهتمة أكدت أن
    ):
        return None
    return (j, end)


def _is_evidence(doc: _Doc, span: tuple[int, int]) -> bool:
    """Evidence or expectations as a subject (الدلائل، المؤشرات، العناصر الأولى للتحقيق): the
    guidelines make them part of the content, not a source."""
    words = [w for w in _TOKEN.findall(doc.n, span[0], span[1]) if w[0].isalnum()]
    if len(words) > 1 and _in(words[0], QUANTIFIERS):
        words = words[1:]  # كل التحاليل تشير إلى ...
    if not words:
        return False
    if _in(words[0], EVIDENCE) or _in(_SUFFIX.sub("", words[0]), EVIDENCE):
        return True  # نصوصه الجلية تؤكد ...
    # العناصر الأولى للتحقيق: the findings of an investigation (عناصر alone are fighters)
    return _bases(words[0])[-1] == "عناصر" and any("تحقيق" in w for w in words[1:])


def _head_word(doc: _Doc, span: tuple[int, int]) -> str:
    m = _TOKEN.search(doc.n, span[0], span[1])
    while m and not (m.group()[0].isalnum()):
        m = _TOKEN.search(doc.n, m.end(), span[1])
    return m.group() if m else ""


def _gender(doc: _Doc, span: tuple[int, int] | None, text: str) -> str:
    head = _head_word(doc, span) if span else _N(text).split()[0] if text.split() else ""
    if head in ("احدي", "واحدي"):
        return "f"
    coordinated = [
        w[1:]
        for w in _N(text).split()[1:]
        if w[:1] == "و" and (_in(w[1:], SOURCE_HEADS) or _in(w[1:], NAME_TAKING))
    ]
    if coordinated:
        if all(
            not _is_definite(w) and not w.endswith(("ه", "ات", "ون", "ين")) for w in coordinated
        ):
            # عوض الدوسي نائب رئيس اللجنة وعضو الغرفة: one person's two roles, or two people;
            # "pm" agrees with a singular or a plural verb alike
            return "pm"
        return "p"  # الوزير والسفير (not لجنة الصيد والقوارب)
    if _in(head, QUANTIFIERS):
        rest = _N(text).split()
        head = rest[1] if len(rest) > 1 else head
    if _in(head, PLURAL_HEADS) or any(
        b.endswith(("ون", "ين")) and len(b) > 4 for b in _bases(head)[1:2]
    ):
        return "p"
    if any(b.endswith(("ه", "ات")) for b in _bases(head)):
        return "f"
    return "m"


def _agrees(cue: _Cue, gender: str) -> bool:
    if gender == "pm":
        return not cue.fem or cue.plural
    if cue.plural:
        return gender == "p"
    if cue.fem:
        return gender in ("f", "p")
    return gender == "m"


def _antecedent(
    doc: _Doc, pos: int, cue: _Cue, same_sentence_only: bool = False, max_sentences: int = 3
) -> tuple[str, list[tuple[str, tuple[int, int] | None]], bool] | None:
    para = doc.paragraph(pos)
    sent = doc.sentence(pos)
    for k in range(len(doc.speakers) - 1, max(-1, len(doc.speakers) - 5), -1):
        spos, text, chain, gender, span = doc.speakers[k]
        if spos >= pos:
            continue
        if sent - doc.sentence(spos) > max_sentences and (
            max_sentences < 3 or para - doc.paragraph(spos) > 1
        ):
            return None
        if same_sentence_only and doc.sentence(spos) != sent:
            return None
        if _agrees(cue, gender):
            near = sent - doc.sentence(spos) <= 1
            return text, chain, near
    return None


def _titled_antecedent(
    doc: _Doc, pos: int, cue: _Cue
) -> tuple[str, list[tuple[str, tuple[int, int] | None]]] | None:
    """A pronoun subject with no known speaker: the nearest titled person named in this or the
    previous sentence (المدير الفني لبرشلونة لويس انريكي ... حيث قال:), if the verb agrees."""
    s = doc.sentence(pos)
    for t in (s, s - 1):
        if t < 0:
            break
        toks = doc.tokens(t)
        for k in range(len(toks) - 1, -1, -1):
            if toks[k][0] >= pos or not _is_word(toks[k]):
                continue
            if not _in(toks[k][2], PERSON_TITLES):
                continue
            end = _heuristic_np(doc, toks, k)
            for m in range(k + 1, end):
                if toks[m][2][:1] in ("ل", "ب") and _SUFFIX.search(toks[m][2]):
                    end = m  # رئيس اللجنة ... لسؤاله: the phrase after the name
                    break
            if end - k < 2:
                continue
            span = _strip_np(doc, toks, k, end)
            if span is None:
                continue
            w0 = toks[k][2]
            if (
                w0.startswith(("ل", "ب"))
                and not w0.startswith("لل")
                and w0 not in PERSON_TITLES
                and _in(w0[1:], PERSON_TITLES)
            ):
                span = (span[0] + 1, span[1])  # لرئيس اللجنة: the title without its preposition
            text = doc.text(span)
            if _agrees(cue, _gender(doc, span, text)):
                return text, [(text, span)]
            return None
    return None


def _add_speaker(
    doc: _Doc,
    pos: int,
    text: str,
    span: tuple[int, int] | None,
    chain: list[tuple[str, tuple[int, int] | None]],
) -> None:
    if _N(text).split()[:1] and _N(text).split()[0] in NOT_SPEAKERS:
        return
    if any(
        f.content[0] <= pos < f.content[1]
        and f.claimant_text != text
        and doc.sentence(f.cue[0]) == doc.sentence(pos)
        for f in doc.found
    ):
        return  # a speaker reported inside another's content: later continuations are the outer's
    told = doc.addressees.get(pos)
    if told is not None and all(_N(told[0]) != _N(c[0]) for c in chain):
        chain = [*chain[:-1], told, chain[-1]]  # وقال X لرويترز ... ثم وأضاف: Reuters relays both
    gender = _gender(doc, span, text)
    m = _TOKEN.match(doc.n, pos)
    verb = _CUES.get(m.group()) if m else None
    relayer = chain[0][1] if len(chain) > 1 else None
    if (
        verb is not None
        and verb.kind == "verb"
        and relayer is not None
        and span is not None
        and pos < relayer[0] < span[0]  # not قالت X لرويترز: an addressee comes after X
    ):
        # ذكرت البوابة نقلًا عن مصدر ...: the verb agrees with the relayer, its subject; both are
        # remembered, so a feminine وأضافت continues the relayer and a masculine وأضاف the source
        r_gender = _gender(doc, relayer, chain[0][0])
        if r_gender != "p":
            r_gender = "p" if verb.plural else "f" if verb.fem else "m"
        doc.speakers.append((pos, chain[0][0], [chain[0]], r_gender, relayer))
        doc.speakers.append((pos, text, chain, gender, span))
        return
    if verb is not None and verb.kind in ("verb", "speaker") and gender != "p":
        # the verb agrees with its subject: قالت بروين بولدان is a woman whatever her name's shape
        gender = "p" if verb.plural else "f" if verb.fem else "m"
    doc.speakers.append((pos, text, chain, gender, span))


def _is_passive(doc: _Doc, m_start: int, m_end: int, cue: _Cue) -> bool:
    if cue.present:
        return False
    a, b = doc.orig((m_start, m_end))
    raw = doc.t.orig[a:b]
    letters = [i for i, c in enumerate(raw) if c.isalpha() and not ("\u064b" <= c <= "\u065f")]
    if not letters:
        return False
    first = 1 if cue.conj and len(letters) > 1 else 0
    i = letters[first]
    return raw[i + 1 : i + 2] == "\u064f"


# relatives and companions named by a possessive (زوجته، شقيقها، والدتهم): persons, so subjects
_KIN = frozenset(
    _N(w)
    for w in "زوج زوجة ابن ابنة نجل نجلة شقيق شقيقة أخ أخت والد والدة أم أب عم عمة خال خالة "
    "جد جدة حفيد حفيدة صديق صديقة محامي محامية رفيق رفيقة مساعد مساعدة زميل زميلة".split()
)


def _is_kin(word: str) -> bool:
    """زوجته، شقيقها، والدتهم: a relative named by a possessive suffix."""
    m = _HIS_HER.search(word)
    if m is None:
        return False
    stem = word[: m.start() + 1]  # the ت of the suffix is the noun's own ة: زوجت(ه) -> زوجت
    for base in (stem, stem[:-1] + "ه", stem[:-1]):
        for b in (base, base[1:] if base[:1] in ("و", "ف") else base):
            if b in _KIN:
                return True
    return False


def _looks_like_speaker(doc: _Doc, span: tuple[int, int]) -> bool:
    """A subject worth remembering as an antecedent: a source noun, or a bare name."""
    words = _TOKEN.findall(doc.n, span[0], span[1])
    words = [w for w in words if w[0].isalnum()]
    if not words:
        return False
    return _in(words[0], SOURCE_HEADS) or _in(words[0], NAME_TAKING)


def _verb(doc: _Doc, s: int, toks: list[Tok], i: int, cue: _Cue) -> None:
    cue_span = (toks[i][0], toks[i][1])
    word = toks[i][2]
    prev = toks[i - 1][2] if i > 0 else ""
    if prev in ("ما", "لما", "حسبما", "بما"):
        return  # بحسب ما ذكرت ...: read by the "according to" marker
    masdar = (prev in PREPOSITIONS or (prev[:1] == "و" and prev[1:] in PREPOSITIONS)) and (
        prev not in OPENERS
    )
    if prev in ("عدم", "دون", "بدون"):
        return  # a verbal noun (عدم ذكر), not a verb
    if prev in NEGATIONS:
        return  # لم تذكر الصحيفة: nothing is attributed
    if cue.present and (word[:1] == "س" or word[:2] in ("وس", "فس")):
        return  # ستعلن، سيؤكد: speech still to come is not an attribution
    if cue.lemma == _WROTE and i + 1 < len(toks) and toks[i + 1][2] in ("عليه", "عليها"):
        return  # كتب عليه «...»: an inscription (كُتب), not a claim
    if toks[i + 1 : i + 3] and [t[2] for t in toks[i + 1 : i + 3]] in (
        ["عليه", "السلام"],
        ["عليه", "الصلاه"],
    ):
        return  # قال عليه السلام: scripture, not a claim
    if prev in CONDITIONALS or (prev in ("ان", "أن") and i > 1 and toks[i - 2][2] in MODALS):
        return  # إذا قال ... / يمكن أن يقول أي متابع: hypothetical speech
    if (
        cue.lemma in ELATIVE
        and not cue.conj
        and not cue.present
        and i > 0
        and _is_word(toks[i - 1])
    ):
        if prev not in OPENERS:
            return  # ... في سنغافورة أبلغ الأثر: the elative "greatest", not the verb
    if cue.lemma == _LEARNT:
        _learnt(doc, s, toks, i)
        return
    passive = _is_passive(doc, *cue_span, cue)
    if not cue.conj and not passive and i > 1 and _is_word(toks[i - 1]) and prev not in OPENERS:
        if _noun_first(doc, s, toks, i, cue):
            return
        if word in STRICT:
            return  # استطلاع رأي، الاتفاق بين: a noun after a noun, not a verb opening a clause
    j = _skip_lead_adjuncts(toks, i + 1)
    agency = _agency_addressee(doc, toks, i + 1, j)
    if agency is not None:
        doc.addressees[cue_span[0]] = agency
    while j < len(toks) and (toks[j][2] in SAYING or _CUES.get(toks[j][2], _NO_CUE).kind == "part"):
        # وأضاف قائلًا: / وتابع مستطردًا / وتابع بقوله: a manner word, not the subject
        doc.consumed.add(toks[j][0])
        j = _skip_lead_adjuncts(toks, j + 1)
    if cue.lemma == _INFORM and _told_agency(toks, j):
        j = _take_told_agency(doc, toks, j, cue_span)  # وأبلغ «رويترز» أن ...: a pronoun subject
    if cue.lemma == _RELAY_VERB:
        j = i + 1  # نقل عنه: the pronoun names the original speaker
    if j >= len(toks):
        return
    chain: list[tuple[str, tuple[int, int] | None]] = []
    first = toks[j][2]
    if first in ("ما", "مما"):
        return  # ذكر فيها ما يستحق أن ...: "what", not a speaker
    quoted_subject = False
    if first in _OPEN_QUOTES:
        after = _skip_quoted_or_bracketed(doc, toks, j, 5)
        quoted_subject = (
            after is not None
            and after < len(toks)
            and (_is_word(toks[after]) or toks[after][2] in _OPEN_QUOTES)
        )
    content_idx = None if quoted_subject else _complement_at(doc, toks, j, cue)
    if word in _SUFFIXED:
        # ووصفه بـ«...»: the subject is a pronoun, the content the ب-phrase at once
        if not (first[:1] == "ب" and (len(first) > 3 or first == "ب")) or masdar:
            return
        # ووصفها بأنها ممتازة: the content follows the complementizer
        content_idx = j + 1 if first in COMPLEMENTIZERS and j + 1 < len(toks) else j
    if (
        content_idx is None
        and cue.lemma == _ACCUSE
        and _OBJECT_SUFFIX.search(word)
        and first[:1] == "ب"
        and len(first) > 3
    ):
        content_idx = j  # كما اتهمتهم بحيازة ...: the accused is the suffix, the subject a pronoun
    if cue.lemma in _CLOSING and _SUFFIX.search(first) and content_idx is None:
        return  # واختتمت بيانها / ختم كلمته: the speech closed is the object, not a speaker

    # relative clause: SOURCE التي أكدت ... (unless the verb has its own subject)
    if prev in RELATIVES and cue.present and (cue.lemma in PREP_ONLY or word in IMPERSONAL):
        return  # الذي يتحدث للزوار عن ...: a description; الذي يُتوقع أن ...: impersonal
    own_subject = prev in RELATIVES and (
        (prev in _MASC_RELATIVES and cue.fem)  # الذي ترى أنه ...: "she" sees, not the antecedent
        or (prev == _WHICH_F and not cue.fem and not cue.plural)  # الدول التي قال إنها: "he"
    )
    if own_subject and (cue.present or content_idx is None):
        return  # التي يُعتقد أنها (impersonal); التي وصف فيها X بأنه (a subject of its own)
    if (
        not own_subject
        and prev in RELATIVES
        and toks[i + 1][2] not in PRONOUN_ADJUNCTS
        and not (content_idx is None and _is_definite(first))  # التي أعلن الجيش: own subject
        and not passive
    ):
        object_only = False
        rel_chain: list[tuple[str, tuple[int, int] | None]] = []
        rel_idx = content_idx
        if rel_idx is None and first in PREPOSITIONS:
            rel_idx = _scan_adjuncts(doc, toks, j, cue, rel_chain)
        if rel_idx is None and cue.lemma in TRANSITIVE and _is_word(toks[j]) and not cue.present:
            rel_idx, object_only = j, True  # (التي ترصد كل حركة: a present describes the noun)
        rng = _backward_np(doc, toks, i - 1, 6, relative=True)
        if rng is not None and (
            toks[rng[0]][2].startswith(("بال", "كال", "فال")) or toks[rng[0]][2] in _THINGS
        ):
            # بالهجوم الذي قال إن ...، وهو الأمر الذي قال إنه ...: a thing cannot speak; the
            # subject is a known speaker
            rng, rel_idx = None, None
        if rel_idx is not None and rng is not None:
            span = _strip_np(doc, toks, *rng)
            if span is not None:
                full = [(doc.text(span), span)] + rel_chain
                _emit(doc, s, toks, rel_idx, cue_span, full, 0.72 if object_only else 0.8)
                _add_speaker(doc, cue_span[0], full[-1][0], full[-1][1], full)
                return
        if rel_idx is not None:
            return

    if masdar and (content_idx is not None or first in PREPOSITIONS or prev in RELATIVES):
        return
    prepositional = first.startswith(("بال", "كال"))  # نوه بالعمل (not بارنت، بشار)
    if prepositional and "ب" not in cue.complements and j + 1 < len(toks):
        # وقال بالمر: «...» / وأكد بالمر في البيان ...: a name that begins like بال
        follower = toks[j + 1][2]
        if (
            follower == ":"
            or follower in COMPLEMENTIZERS
            or (
                follower in ("في", "خلال")
                and j + 2 < len(toks)
                and _in(toks[j + 2][2], DOCUMENT_HEADS)
            )
        ):
            prepositional = False
    ali = first == "علي" and doc.t.orig[doc.t.start(toks[j][1]) - 1] == "ي"  # the name علي
    # إمام المسجد "the imam" (أمام "in front of" normalises the same): the hamza below tells
    ali = ali or _imam(doc, toks[j])
    if content_idx is None and (
        (first in PREPOSITIONS and not ali) or first in ("نقلا", "ونقلا") or prepositional
    ):
        content_idx = _scan_adjuncts(doc, toks, j, cue, chain)
    elif (
        content_idx is None
        and cue.lemma == _ACCUSE
        and first[:1] == "ب"
        and not _in(first, NAME_TAKING | SOURCE_HEADS)
    ):
        return  # الذين يتهمون بقضايا ...: "are accused of", no accuser named
    elif content_idx is None and cue.lemma == _ACCUSE and _accusation_split(toks, j) is not None:
        # اتهم الوزير المعارضة بتزوير ...: subject, accused, ب + the accusation
        split = _accusation_split(toks, j)
        assert split is not None
        subject = _strip_np(doc, toks, j, split)
        if subject is not None and not _is_evidence(doc, subject):
            chain = [(doc.text(subject), subject)]
            _emit(doc, s, toks, split, cue_span, chain, 0.75)
            _add_speaker(doc, cue_span[0], chain[-1][0], chain[-1][1], chain)
        return
    elif content_idx is None:
        end = _bounded_np(doc, toks, j, cue)
        subject = _strip_np(doc, toks, j, end) if end > j else None
        if subject is None or (_HIS_HER.search(toks[j][2]) and not _is_kin(toks[j][2])):
            return  # كشف هويته أن: a verbal noun with its object, not a speaker
        chain.append((doc.text(subject), subject))
        if word in STRICT:  # بين: "between X and Y" unless VERB + short subject + أن
            k = end + 1 if end < len(toks) and toks[end][2] in _COMMA else end  # وبيّن المسن، أن
            if end - j > 4 or k >= len(toks) or toks[k][2] not in COMPLEMENTIZERS:
                return
            if any(t[2][:1] == "و" and len(t[2]) > 3 for t in toks[j + 1 : end]):
                return
        if masdar:
            # من كشف وزارة الدفاع عن ...: a verbal noun reports when its agent is a source and
            # its complement follows the agent at once
            head = _head_word(doc, subject)
            content_idx = _complement_at(doc, toks, end, cue)
            if content_idx is not None and _in(head, SOURCE_HEADS):
                _emit(doc, s, toks, content_idx, cue_span, chain, 0.75)
                _add_speaker(doc, cue_span[0], chain[-1][0], chain[-1][1], chain)
            return
        if cue.lemma == _INFORM and _told_agency(toks, end):
            end = _take_told_agency(doc, toks, end, cue_span)  # وأبلغ كارار «رويترز» أن ...
        content_idx = _scan_adjuncts(doc, toks, end, cue, chain)
        if content_idx is None and cue.lemma == _ACCUSE:
            content_idx = _accused(toks, end)
            if content_idx is not None:
                _emit(doc, s, toks, content_idx, cue_span, chain, 0.78)
                _add_speaker(doc, cue_span[0], chain[-1][0], chain[-1][1], chain)
                return
        if (
            content_idx is not None
            and cue.lemma == _PRAISE
            and toks[content_idx - 1][2] not in (COMPLEMENTIZERS)
        ):
            content_idx = None  # نوّه بالدور / إلى الجهود: praise (نوّه إلى أن ... is a claim)
        if content_idx is not None:
            if passive and len(chain) < 2:
                return
            if cue.lemma == _RELAY_VERB and len(chain) < 2:
                return  # نقل الرجل إلى المستشفى: "carried"; the relay verb needs عن + a source
            agency = _agency_addressee(doc, toks, end, content_idx, cue.lemma == _INFORM)
            if agency is not None:
                doc.addressees[cue_span[0]] = agency  # قال مسؤول لرويترز إن ...
            opener = toks[content_idx - 1][2] if content_idx > 0 else ""
            direct = toks[content_idx][2] in _OPEN_QUOTES if content_idx < len(toks) else False
            conf = 0.92 if opener in COMPLEMENTIZERS or opener == ":" or direct else 0.85
            head = _head_word(doc, subject)
            if _is_evidence(doc, subject):
                return  # تشير الدلائل إلى أن ...: evidence, not a source
            if (
                conf < 0.9
                and cue.lemma in _REVEAL
                and _is_definite(head)
                and not _in(head, SOURCE_HEADS)
                and not _bases(head)[-1].endswith(("ون", "يين", "يون"))
            ):
                return  # كشفت العمليات عن ...: a thing, not a speaker, "reveals"
            if cue.lemma in _EXPRESS:
                # أعرب عن أمله في أن ...: only a proposition after the feeling is a claim
                content_idx = _expressed(toks, content_idx)
                if content_idx is None:
                    _add_speaker(doc, cue_span[0], chain[-1][0], chain[-1][1], chain)
                    return
                conf = 0.85
            elif cue.lemma in PREP_ONLY:
                conf = 0.7  # تحدث عن: a topic more often than a claim
            _emit(doc, s, toks, content_idx, cue_span, chain, conf)
            _add_speaker(doc, cue_span[0], chain[-1][0], chain[-1][1], chain)
            return
        # no complement: VERB SUBJECT OBJECT when the subject's end is certain (أعلنت الوزارة، أمس،
        # القبض على ...; أكد الوزير ذلك), else perhaps a noun object with the speaker before the verb
        object_first = first in DEMONSTRATIVES or _is_object_noun(first)  # أعلنت عدم ...
        obj = (
            _object_start(toks, end, doc, deny=cue.lemma == _DENY)
            if cue.lemma in TRANSITIVE and not passive and not object_first
            else None
        )
        if obj is not None:
            _emit(doc, s, toks, obj, cue_span, chain, 0.7)
            _add_speaker(doc, cue_span[0], chain[-1][0], chain[-1][1], chain)
            return
        chain = []
        inside = not object_first and any(
            f.content[0] <= cue_span[0] < f.content[1] for f in doc.found
        )
        if inside or not (cue.lemma in TRANSITIVE and not passive and _is_word(toks[j])):
            nxt = toks[end][2] if end < len(toks) else ""
            clean = end - j <= 3 and nxt[:1] in ("ب", "ل") and len(nxt) > 3
            if _looks_like_speaker(doc, subject) or clean:  # ونوه الرويتع بثبات ...
                _add_speaker(
                    doc, cue_span[0], doc.text(subject), subject, [(doc.text(subject), subject)]
                )
            return
        if not cue.conj:
            rng = _backward_np(doc, toks, i)
            span = _strip_np(doc, toks, *rng) if rng is not None else None
            if span is not None:
                full = [(doc.text(span), span)]
                _emit(doc, s, toks, j, cue_span, full, 0.7)
                _add_speaker(doc, cue_span[0], full[-1][0], full[-1][1], full)
                return
        if (prev in OPENERS or cue.conj) and not _OBJECT_SUFFIX.search(word):
            # (وأعلنتها جماعة إرهابية: "declared it X" performs an act; the suffix is the object)
            ante = _antecedent(doc, cue_span[0], cue, same_sentence_only=True)
            if ante is not None:
                _emit(doc, s, toks, j, cue_span, list(ante[1]), 0.7, pronoun=True)
                return
        if not object_first and _looks_like_speaker(doc, subject):
            # اعتبر محللون X Y: no content found, but the speaker of what follows is known
            _add_speaker(
                doc, cue_span[0], doc.text(subject), subject, [(doc.text(subject), subject)]
            )
        return

    # the complement follows the verb at once: passive, noun first, or a pronoun subject
    if content_idx is None or (word in STRICT and toks[i + 1][2] not in COMPLEMENTIZERS):
        return
    if passive:
        if chain:
            _emit(doc, s, toks, content_idx, cue_span, chain, 0.8)
        return
    if not cue.conj and word not in IMPERSONAL:
        rng = _backward_np(doc, toks, i)
        span = _strip_np(doc, toks, *rng) if rng is not None else None
        if span is not None:
            head = _head_word(doc, span)
            if _is_evidence(doc, span):
                return  # الدلائل الأولية تشير إلى أن ...: evidence, not a source
            if rng is not None and _describes_noun(toks, rng, cue, head):
                return  # حق لكل مريض يرى أنه ...: a clause describing the noun before it
            conf = 0.85 if _in(head, SOURCE_HEADS) or _in(head, NAME_TAKING) else 0.75
            full = [(doc.text(span), span)] + chain
            _emit(doc, s, toks, content_idx, cue_span, full, conf)
            _add_speaker(doc, cue_span[0], full[-1][0], full[-1][1], full)
            return
    if word in IMPERSONAL:
        return
    if prev in ("ان", "أن") and _preceded(doc, s, toks, i, content_idx, cue_span, chain):
        return
    if prev in COMPLEMENTIZERS and not (
        i > 1 and toks[i - 2][2] in _BUT and prev in ("انه", "انها", "انهم")
    ):
        return  # ... أن أكد: the verb is inside a clause, unless إلا أنه أوضح "but he stated"
    if cue.present and not cue.conj and _is_word(toks[i - 1]) and prev not in OPENERS and i > 0:
        return  # خطابًا يشير إلى ...: a clause describing a noun, not a speaker's verb
    ante = _antecedent(doc, cue_span[0], cue)
    if ante is None:
        titled = _titled_antecedent(doc, cue_span[0], cue) if cue.conj or prev in OPENERS else None
        if titled is not None:
            _emit(doc, s, toks, content_idx, cue_span, titled[1] + chain, 0.7, pronoun=not chain)
            _add_speaker(doc, cue_span[0], titled[0], titled[1][0][1], titled[1])
        return
    _text, achain, near = ante
    full = list(achain) + chain
    conf = (0.85 if near else 0.75) if cue.conj or not cue.present else 0.7  # يزعم أنه: generic
    _emit(doc, s, toks, content_idx, cue_span, full, conf, pronoun=not chain)
    if not chain:
        _add_speaker(doc, cue_span[0], achain[-1][0], achain[-1][1], list(achain))


_PRECEDED = frozenset(_N(w) for w in ("سبق", "وسبق", "فسبق"))


def _preceded(
    doc: _Doc,
    s: int,
    toks: list[Tok],
    i: int,
    content_idx: int,
    cue_span: tuple[int, int],
    chain: list[tuple[str, tuple[int, int] | None]],
) -> bool:
    """سبق لـ X أن VERB ... ("X had already VERBed"): the speaker is the object of لـ after سبق
    (وسبق لمجلة «...» أن كشفت عن ...)، or the antecedent of its pronoun (سبق له أن أكد ...)."""
    k = i - 2
    stop = max(0, i - 9)
    while k >= stop and toks[k][2] not in _PRECEDED:
        if not (_is_word(toks[k]) or toks[k][2] in _OPEN_QUOTES or toks[k][2] in _CLOSE_QUOTES):
            return False
        k -= 1
    if k < stop or k + 1 >= i - 1:
        return False
    first = toks[k + 1][2]
    if first[:1] != "ل" or len(first) < 2:
        return False
    if first in ("له", "لها", "لهم", "لهما"):
        probe = _Cue(
            "verb", "", frozenset(), False, first == "لها", first in ("لهم", "لهما"), False
        )
        ante = _antecedent(doc, cue_span[0], probe)
        if ante is None:
            return False
        _emit(doc, s, toks, content_idx, cue_span, list(ante[1]) + chain, 0.75, pronoun=not chain)
        return True
    span = _strip_np(doc, toks, k + 1, i - 1) if len(first) > 2 else None
    if span is None:
        return False
    if not first.startswith("لل"):
        span = (span[0] + 1, span[1])  # لمجلة: the name without its preposition
    text = doc.text(span)
    full = [(text, span)] + chain
    _emit(doc, s, toks, content_idx, cue_span, full, 0.8)
    _add_speaker(doc, cue_span[0], text, span, full)
    return True


def _noun_first(doc: _Doc, s: int, toks: list[Tok], i: int, cue: _Cue) -> bool:
    """أن/إن/لكن + SUBJECT + VERB ...: the clause's subject stands before the verb, so the words
    after the verb are its complement or object (أن الاستخبارات حذرت قوات الأمن بشأن ...)."""
    rng = _backward_np(doc, toks, i, 8, loose=True)
    before = toks[rng[0] - 1][2] if rng is not None and rng[0] > 0 else ""
    scanned = False
    if not (before in COMPLEMENTIZERS or before in _NOUN_FIRST_OPENERS):
        rng = _kana_subject(toks, i)
        if rng is None:
            return False
        before, scanned = toks[rng[0] - 1][2], True
    if rng is None:
        return False
    span = _strip_np(doc, toks, *rng)
    if span is None or _is_evidence(doc, span):
        return False
    head = _head_word(doc, span)
    short_name = rng[1] - rng[0] <= 2 and not _is_definite(head) and not cue.present
    if before not in COMPLEMENTIZERS and not (
        _in(head, SOURCE_HEADS)
        or _in(head, NAME_TAKING)
        or _is_definite(head)
        or short_name
        or scanned  # already checked by `_kana_subject`
    ):
        return False  # لكن ديريك قال إن ...: a bare name before a past verb is its subject
    if _in(head, DEMONSTRATIVES) or _is_object_noun(head):
        return False
    if _describes_noun(toks, rng, cue, head):
        return False  # الشكوى حق لكل موظف يرى أنه ...: a clause describing the noun before it
    if not _agrees(cue, _gender(doc, span, doc.text(span))) and not cue.fem:
        return False
    chain: list[tuple[str, tuple[int, int] | None]] = []
    j = _skip_lead_adjuncts(toks, i + 1)
    while j < len(toks) and (toks[j][2] in SAYING or _CUES.get(toks[j][2], _NO_CUE).kind == "part"):
        doc.consumed.add(toks[j][0])
        j = _skip_lead_adjuncts(toks, j + 1)
    if j >= len(toks):
        return False
    content_idx = _complement_at(doc, toks, j, cue)
    conf = 0.85
    if content_idx is None:
        content_idx = _scan_adjuncts(doc, toks, j, cue, chain)
    if content_idx is None and cue.complements:
        # أن الاستخبارات حذرت قوات الأمن من ...: with the subject before the verb, a short
        # object (the addressee) may stand between the verb and its own preposition
        for k in range(j + 1, min(j + 4, len(toks))):
            w = toks[k][2]
            if w in cue.complements or ("الي" in cue.complements and w == "الى"):
                content_idx = _complement_at(doc, toks, k, cue)
                break
            if w in ADVERBS or w in TIME_WORDS:
                continue  # حذرت قوات الأمن مرارًا من ...
            if not _is_word(toks[k]) or _is_stop(w) or _is_cue(w) or w in OPENERS:
                break
    if content_idx is None and cue.lemma == _ACCUSE and _is_word(toks[j]):
        content_idx, conf = j, 0.75
    if (
        content_idx is None
        and cue.lemma in TRANSITIVE
        and _is_word(toks[j])
        and not _is_stop(toks[j][2])
        and (_in(head, SOURCE_HEADS) or _in(head, NAME_TAKING))
        and not (cue.present and not _in(head, PLURAL_HEADS))  # النتائج تعلن: "are announced"
    ):
        content_idx, conf = j, 0.7  # السلطات التركية تنفي ذلك: a noun object
    if content_idx is None:
        return False
    if cue.lemma in _EXPRESS:
        return False
    text = doc.text(span)
    full = [(text, span)] + chain
    _emit(doc, s, toks, content_idx, (toks[i][0], toks[i][1]), full, conf)
    _add_speaker(doc, toks[i][0], full[-1][0], full[-1][1], full)
    return True


_KANA = frozenset(
    _N(p + w) for p in ("", "و", "ف") for w in ("كان", "كانت", "كانوا", "كانا", "كانتا")
)


def _kana_subject(toks: list[Tok], i: int) -> tuple[int, int] | None:
    """كان/لكن/أن + SUBJECT + [قد] + VERB (the pluperfect of narration: "وكان مسؤول في الوزارة
    قال ..."، "وكانت تقارير قد أكدت ..."، "لكن شخصًا آخر في العائلة قال ..."): the words between
    the opener and the verb are its subject, even with a preposition inside, when they are a
    short run of plain words (no comma, no other cue) opening with a noun."""
    end = i - 1 if i > 0 and toks[i - 1][2] in ("قد", "لقد") else i
    for k in range(end - 1, max(-1, end - 9), -1):
        w = toks[k][2]
        if w in _KANA or w in _NOUN_FIRST_OPENERS or (w in COMPLEMENTIZERS and w != ":"):
            if k + 1 >= end:
                return None
            lead = toks[k + 1][2]
            if _is_stop(lead) or lead in OPENERS or lead in DEMONSTRATIVES or lead in _KANA:
                return None  # كان قد / كان في ...: no subject here
            accusative = (  # لكنّ شخصًا آخر ...: the noun after لكنّ/أنّ/إنّ is accusative
                w not in _KANA and lead.endswith("ا") and len(lead) >= 4 and _is_word(toks[k + 1])
            )
            if not (
                _is_definite(lead)
                or _in(lead, SOURCE_HEADS)
                or _in(lead, NAME_TAKING)
                or _in(lead, QUANTIFIERS)
                or accusative
            ):
                return None
            return (k + 1, end)
        if not _is_word(toks[k]) and w not in _OPEN_QUOTES and w not in _CLOSE_QUOTES:
            return None  # a comma or a full stop: كان belongs to another clause
        if _is_cue(w) or w in RELATIVES or w in OPENERS:
            return None
    return None


def _describes_noun(toks: list[Tok], rng: tuple[int, int], cue: _Cue, head: str) -> bool:
    """A present verb right after an indefinite common noun, in a phrase not headed by a source,
    is a clause describing that noun (حق لكل موظف يرى أنه ...), not a speaker's verb."""
    if not cue.present or rng[1] - rng[0] < 2:
        return False
    words = [t[2] for t in toks[rng[0] : rng[1]] if _is_word(t)]
    if not words or _is_definite(words[-1]) or _in(words[-1], SOURCE_HEADS):
        return False
    return not (_in(head, SOURCE_HEADS) or _in(head, NAME_TAKING))


_NOUN_FIRST_OPENERS = frozenset(_N(w) for w in "لكن ولكن بينما وبينما فيما حيث وحيث كما".split())


def _speaker(doc: _Doc, toks: list[Tok], i: int, cue: _Cue) -> None:
    """A verb of speaking without reported content: remember its subject for continuations."""
    if toks[i][2] == _VIA and not (i > 0 and toks[i - 1][2] in _TURN_WORDS):
        return  # عبر "via"; ومن جهته عبر X عن ... is the verb
    j = _skip_lead_adjuncts(toks, i + 1)
    if j >= len(toks) or not _is_word(toks[j]) or _is_stop(toks[j][2]):
        return
    if toks[j][2][:1] in ("ب", "ك") and not _in(toks[j][2], SOURCE_HEADS):
        return  # أشاد بجهاز الأمن: a prepositional phrase, the speaker is not named here
    end = _bounded_np(doc, toks, j, None, max_words=16)
    for k in range(j + 1, end):  # أبدى الحاضرون سعادتهم، طالب X بالاستقالة: the object starts
        w = toks[k][2]
        if (
            _POSSESSIVE.search(w)
            or (w[:1] in ("ب", "ل") and w != "باسم" and not _in(w, SOURCE_HEADS))
            or (cue.lemma == _SHOWED and _SUFFIX.search(w) and _is_attitude(w))
        ):
            end = k
            break
    subject = _strip_np(doc, toks, j, end) if end > j else None
    if subject is not None and cue.lemma in _EXPRESS:
        # وعبرت أنقرة مرارًا عن تخوفها من أن ...
        for k in range(end, min(end + 25, len(toks))):
            if toks[k][2] in COMPLEMENTIZERS or _is_cue(toks[k][2]):
                break
            if toks[k][2] == "عن" and (k < end + 4 or toks[end][2] in _COMMA):
                # وعبر X، رئيس البنك الذي ...، عن تفاؤله: past an apposition between commas
                content_idx = _expressed(toks, k + 1)
                if content_idx is not None:
                    text = doc.text(subject)
                    s = doc.sentence(toks[i][0])
                    _emit(
                        doc, s, toks, content_idx, (toks[i][0], toks[i][1]), [(text, subject)], 0.85
                    )
                    _add_speaker(doc, toks[i][0], text, subject, [(text, subject)])
                    return
                break
    if (
        subject is not None
        and cue.lemma == _SHOWED
        and end < len(toks)
        and _is_attitude(toks[end][2])
    ):
        # أبدى الأهالي مخاوفهم من تزايد ...: a propositional attitude as the object, like أعرب عن
        content_idx = _expressed(toks, end)
        if content_idx is not None:
            text = doc.text(subject)
            s = doc.sentence(toks[i][0])
            _emit(doc, s, toks, content_idx, (toks[i][0], toks[i][1]), [(text, subject)], 0.8)
            _add_speaker(doc, toks[i][0], text, subject, [(text, subject)])
            return
    if subject is not None and (_looks_like_speaker(doc, subject) or _titled_apposition(toks, end)):
        text = doc.text(subject)
        _add_speaker(doc, toks[i][0], text, subject, [(text, subject)])


_SHOWED = _N("أبدى")
_REPLY = _N("رد")


def _verbal_noun(doc: _Doc, s: int, toks: list[Tok], i: int, cue: _Cue) -> None:
    """VERBAL-NOUN SOURCE [adjuncts] أن/بأن CONTENT (GUIDELINES 1.2): تصريحات الرئيس ترامب منذ
    أشهر بأنه ...؛ إعلان السلطات الروسية أن ...؛ الرد من المدير ... بأن ..."""
    if i > 0 and toks[i - 1][2] in ("عدم", "دون", "بدون"):
        return
    j = i + 1
    if cue.lemma == _REPLY:
        if j >= len(toks) or toks[j][2] != "من":
            return  # رد "a reply" needs its source after من
        j += 1
    if j >= len(toks) or not _is_word(toks[j]) or _is_stop(toks[j][2]):
        return
    end = _bounded_np(doc, toks, j, None, max_words=12)
    if end <= j:
        return
    span = _strip_np(doc, toks, j, end)
    if span is None:
        return
    head = _head_word(doc, span)
    if not (_in(head, SOURCE_HEADS) or _in(head, NAME_TAKING)):
        return
    k = end
    steps = 0
    while k < len(toks) and steps < 8 and toks[k][2] not in COMPLEMENTIZERS:
        w = toks[k][2]
        if w in _CUES or w in RELATIVES or not (_is_word(toks[k]) or w in _COMMA):
            return
        k += 1
        steps += 1
    if k >= len(toks) or toks[k][2] not in COMPLEMENTIZERS or k + 1 >= len(toks):
        return
    if k > end and toks[end][2] not in PREPOSITIONS and toks[end][2] not in _COMMA:
        if toks[end][2] not in TIME_WORDS:
            return  # only adjuncts (منذ أشهر، في الأول من رمضان) between the source and أن
    text = doc.text(span)
    _emit(doc, s, toks, k + 1, (toks[i][0], toks[i][1]), [(text, span)], 0.7)


def _renewed(doc: _Doc, s: int, toks: list[Tok], i: int, cue: _Cue) -> None:
    """جدد الوزير تأكيده أن ...، القرشي جدد تأكيداته بأنه ...، وكرر نفيه أن ...: the subject of
    the verb of renewing is the speaker (GUIDELINES 1.2: a verbal noun with its source)."""
    k = i + 1
    if k < len(toks) and toks[k][2] in ("علي", "على"):
        k += 1
    if k + 1 >= len(toks) or toks[k][2] not in COMPLEMENTIZERS:
        return
    content_idx = k + 1
    r = next((m for m in range(i - 1, max(-1, i - 9), -1) if toks[m][2] in _RENEWING), None)
    if r is None or any(not _is_word(t) or _is_cue(t[2]) for t in toks[r + 1 : i]):
        return
    cue_span = (toks[i][0], toks[i][1])
    verb = toks[r][2].lstrip("وف") if toks[r][2][:1] in "وف" else toks[r][2]
    if r < i - 1:
        span = _strip_np(doc, toks, r + 1, i)  # جدد الوزير تأكيده: verb first
        if span is None or _is_evidence(doc, span):
            return
        chain: list[tuple[str, tuple[int, int] | None]] = [(doc.text(span), span)]
        _emit(doc, s, toks, content_idx, cue_span, chain, 0.75)
        _add_speaker(doc, cue_span[0], chain[0][0], span, chain)
        return
    rng = _backward_np(doc, toks, r, loose=r > 0 and toks[r - 1][2] in COMPLEMENTIZERS)
    if rng is not None:
        span = _strip_np(doc, toks, *rng)  # القرشي جدد تأكيداته: noun first
        if span is not None and not _is_evidence(doc, span):
            chain = [(doc.text(span), span)]
            _emit(doc, s, toks, content_idx, cue_span, chain, 0.75)
            _add_speaker(doc, cue_span[0], chain[0][0], span, chain)
        return
    if r > 0 and _is_word(toks[r - 1]) and toks[r - 1][2] not in OPENERS:
        return
    probe = _Cue(
        "verb",
        "",
        frozenset(),
        toks[r][2][:1] in "وف",
        verb.endswith("ت"),
        verb.endswith("وا"),
        False,
    )
    ante = _antecedent(doc, toks[r][0], probe)
    if ante is not None:  # وجدد تأكيده أن ...: the pronoun's antecedent
        _emit(doc, s, toks, content_idx, cue_span, list(ante[1]), 0.7, pronoun=True)


_VIA = _N("عبر")
_PRAISE = _N("نوه")
_WROTE = _N("كتب")
_LEARNT = _N("علم")


def _learnt(doc: _Doc, s: int, toks: list[Tok], i: int) -> None:
    """علمت «الصحيفة» من مصادر [،] أن ... -> the sources; علمت مصادر (الصحيفة) أن ... -> the
    sources; علمت الصحيفة أن ... (no source) is the outlet's own voice: nothing."""
    j = _skip_lead_adjuncts(toks, i + 1)
    if j >= len(toks):
        return
    end = _bounded_np(doc, toks, j, None)
    subject = _strip_np(doc, toks, j, end) if end > j else None
    if subject is None:
        return
    k = end
    if _in(_head_word(doc, subject), SOURCE_HEADS) and not _in(
        _head_word(doc, subject), MEDIA_HEADS
    ):
        source = subject  # وعلمت مصادر (الرياضي) أن ...
    else:
        if k >= len(toks) or toks[k][2] != "من":
            return
        src_end = _bounded_np(doc, toks, k + 1, None)
        named = _strip_np(doc, toks, k + 1, src_end) if src_end > k + 1 else None
        if named is None or not _in(_head_word(doc, named), SOURCE_HEADS):
            return
        source, k = named, src_end
    while k < len(toks) and (toks[k][2] in _COMMA or toks[k][2] in TIME_WORDS):
        k += 1
    if k >= len(toks) or toks[k][2] not in COMPLEMENTIZERS or k + 1 >= len(toks):
        return
    text = doc.text(source)
    _emit(doc, s, toks, k + 1, (toks[i][0], toks[i][1]), [(text, source)], 0.85)
    _add_speaker(doc, toks[i][0], text, source, [(text, source)])


_TURN_WORDS = frozenset(_N(w) for w in "جهته جهتها جانبه جانبها بدوره بدورها".split())


def _titled_apposition(toks: list[Tok], end: int) -> bool:
    """A name followed by ", TITLE ..." (وانتقد زيد أبو زيد، الأمين العام ...): a person."""
    if end < len(toks) and toks[end][2] in _COMMA and end + 1 < len(toks):
        w = toks[end + 1][2]
        return _in(w, SOURCE_HEADS) or _in(w, NAME_TAKING)
    return False


def _expressed(toks: list[Tok], k: int) -> int | None:
    """After أعرب/عبر عن: FEELING [من/في/ب] أن CONTENT (عن تخوفها من أن، عن أمله في أن، عن
    اعتقاده بأن) -> the content's first index; None for a bare feeling (عن ارتياحه). A
    propositional attitude (`lexicon.ATTITUDE_NOUNS`) may also take a noun: عن تفاؤله الكبير في
    قدرة الصندوق ... -> قدرة."""
    for m in range(k + 1, min(k + 4, len(toks))):
        w = toks[m][2]
        if w in COMPLEMENTIZERS:
            return m + 1 if m + 1 < len(toks) else None
        if not (w in ("من", "في", "ب") or _is_word(toks[m]) and m == k + 1):
            break
    if k >= len(toks) or not _is_attitude(toks[k][2]):
        return None
    m = k + 1
    # an adjective or a possessor after the feeling: تفاؤله الكبير، قلق بلاده
    while m < min(k + 3, len(toks)) and _is_word(toks[m]) and toks[m][2] not in ("من", "في"):
        w = toks[m][2]
        if w.startswith("ب") and len(w) > 3:
            break  # بقدرة، بالنجاح: the complement
        m += 1
    if m >= len(toks) or not _is_word(toks[m]):
        return None
    w = toks[m][2]
    if w in ("من", "في"):
        return m + 1 if m + 1 < len(toks) and _is_word(toks[m + 1]) else None
    if w.startswith("ب") and len(w) > 3:
        return m  # عن ثقته بقدرة ...: the glued preposition stays in the content
    return None


def _is_attitude(word: str) -> bool:
    for b in _bases(word):
        bare = _SUFFIX.sub("", b)
        if b in ATTITUDES or bare in ATTITUDES:
            return True
        if bare != b and bare.endswith("ت") and bare[:-1] + "ه" in ATTITUDES:
            return True  # ثقته، خشيتها: the ة of the noun is written ت before the suffix
    return False


def _is_object_noun(word: str) -> bool:
    """A verbal noun opening a reported clause (ضرورة، القبض، استعداده، نيتها)."""
    for b in _bases(word):
        if b in OBJECT_NOUNS:
            return True
        bare = _SUFFIX.sub("", b)
        if bare != b and len(bare) > 2:
            if bare in OBJECT_NOUNS or (bare.endswith("ت") and bare[:-1] + "ه" in OBJECT_NOUNS):
                return True
    return False


def _object_start(
    toks: list[Tok], end: int, doc: _Doc | None = None, deny: bool = False
) -> int | None:
    """Index of a noun object after a subject ending at `end`, when the boundary is marked: a
    demonstrative (ذلك العدد), commas around an adjunct (، أمس، / ، في بيان له، / ، وهو ...،),
    or the accusative ending written on the object (رصدت الوزارة انخفاضاً ...)."""
    k = end
    if k < len(toks) and (_is_object_noun(toks[k][2]) or (deny and toks[k][2] == _VALIDITY)):
        return k  # أكد الوزير ضرورة ...، نفى المدير صحة الأنباء
    if (
        doc is not None
        and k < len(toks)
        and _is_word(toks[k])
        and not toks[k][2].endswith("يا")  # رسمياً: an adverb
        and toks[k][2] not in TIME_WORDS
        # أعلن المجلس عدداً من الإجراءات: a list of acts, not a claim
        and not _in(toks[k][2].removesuffix("ا"), QUANTIFIERS)
        and "\u064b" in doc.t.orig[doc.t.start(toks[k][0]) : doc.t.end(toks[k][1])]
    ):
        return k
    if k < len(toks) and toks[k][2] in DEMONSTRATIVES:
        nxt = toks[k + 1][2] if k + 1 < len(toks) else ""
        if nxt in TIME_WORDS or _bases(nxt)[-1] in PERIODS:
            return None  # هذا العام: a time adjunct, not the object
        return k
    while k < len(toks) and toks[k][2] in _COMMA:
        k += 1
        if k >= len(toks):
            return None
        m = k
        while m < len(toks) and m - k <= 7 and toks[m][2] not in _COMMA:
            m += 1
        w = toks[k][2]
        if (
            m < len(toks)
            and toks[m][2] in _COMMA
            and (w in TIME_WORDS or w in PREPOSITIONS or w in ("وهو", "وهي", "ل"))
        ):
            k = m
            continue
        if w in TIME_WORDS or w in PREPOSITIONS or _is_cue(w) or _is_stop(w) or w in OPENERS:
            return None
        return k if _is_word(toks[k]) and k > end + 1 else None
    return None


# adjectives with no nisba or participle shape (الأمين العام، المجلس الأعلى، الرئيس السابق)
_PLAIN_ADJECTIVES = _n_set(
    "العام العامة الأعلى العليا الكبير الكبرى الأكبر الجديد الجديدة الأول الأولى السابق السابقة"
    " الأسبق الأخير الراحل الخاص الخاصة الدائم الدائمة".split()
)


def _accusation_split(toks: list[Tok], j: int) -> int | None:
    """VERB SUBJECT ACCUSED بـ...: the index where the accused starts, when the boundary shows:
    a definite noun after a definite noun that is not its adjective (اتهم الوزير المعارضة
    بتزوير ...: a construct head never takes the article), or two single bare words (اتهمت
    موسكو كييف بخرق ...). None when no ب-word closes the pair within a few words."""
    if toks[j][2][:1] in ("ب", "ل") and not _in(toks[j][2], NAME_TAKING | SOURCE_HEADS):
        return None  # الذين يتهمون بقضايا ...: "are accused of", no accuser named
    k = j
    while k < len(toks) and k - j <= 8 and _is_word(toks[k]) and not _is_stop(toks[k][2]):
        w = toks[k][2]
        if k > j and w.startswith("ب") and len(w) > 3 and not _in(w, NAME_TAKING | SOURCE_HEADS):
            break
        if _is_cue(w) or w in OPENERS:
            return None
        k += 1
    else:
        return None
    if k - j < 2:
        return None
    for p in range(j + 1, k):
        w, before = toks[p][2], toks[p - 1][2]
        if (
            _is_definite(w)
            and _is_definite(before)
            and not w.startswith(("لل", "ولل"))
            and not _is_adjective(w)
            and w not in _PLAIN_ADJECTIVES
        ):
            return p
    if k - j == 2 and not any(
        _is_definite(toks[x][2]) or _in(toks[x][2], NAME_TAKING | SOURCE_HEADS) for x in (j, j + 1)
    ):
        return j + 1
    return None


def _accused(toks: list[Tok], j: int) -> int | None:
    """اتهم X، الذي ...، Y بـ...: the content starts at the accused (Y)."""
    k = j
    if k < len(toks) and toks[k][2] in _COMMA:
        k += 1
        if k < len(toks) and toks[k][2] in RELATIVES:
            while k < len(toks) and toks[k][2] not in _COMMA:
                k += 1
            k += 1
    if k < len(toks) and _is_word(toks[k]) and not _is_stop(toks[k][2]):
        return k
    return None


_THE_SAYING = _n_set(("القول", "بالقول"))
_RULED_OUT = _N("استبعد")
_ADMIT = _N("أقر")
_AN_ONLY = _n_set(("أقر", "استبعد", "تعهد", "متعهد", "مستبعد"))
_ANNOUNCE = _N("أعلن")
ACT_NOUNS = _n_set(lx.ACT_NOUNS)


def _announces_an_act(doc: _Doc, cue_span: tuple[int, int], first: str) -> bool:
    cue = _CUES.get(doc.n[cue_span[0] : cue_span[1]])
    if cue is None or cue.lemma != _ANNOUNCE:
        return False
    return any(_SUFFIX.sub("", b) in ACT_NOUNS for b in _bases(first))


def _emit(
    doc: _Doc,
    s: int,
    toks: list[Tok],
    content_idx: int,
    cue_span: tuple[int, int],
    chain: list[tuple[str, tuple[int, int] | None]],
    conf: float,
    pronoun: bool = False,
) -> None:
    if content_idx + 1 < len(toks) and toks[content_idx][2] in _THE_SAYING:
        # خلص إلى القول "..." / انتهى إلى القول: ...: the words said are the content
        nxt = content_idx + 1
        if toks[nxt][2] == ":" and nxt + 1 < len(toks):
            nxt += 1
        if toks[nxt][2] in _OPEN_QUOTES:
            content_idx = nxt
    if (
        _CUES.get(doc.n[cue_span[0] : cue_span[1]], _NO_CUE).lemma == _ADMIT
        and 0 < content_idx < len(toks)
        and toks[content_idx - 1][2] == "ان"
        and (toks[content_idx][2][:1] == "ي" or toks[content_idx][2] in ("تكون", "تتم"))
    ):
        return  # أقر المجلس أن يكون ...: "decided that", a decision, not an admission
    if (
        content_idx < len(toks)
        and _CUES.get(doc.n[cue_span[0] : cue_span[1]], _NO_CUE).lemma in _AN_ONLY
        and (content_idx == 0 or toks[content_idx - 1][2] not in COMPLEMENTIZERS)
        # استبعد X احتمال/نية ...: ruling out a possibility named by a verbal noun is held too
        and not (
            _CUES[doc.n[cue_span[0] : cue_span[1]]].lemma == _RULED_OUT
            and _is_object_noun(toks[content_idx][2])
        )
    ):
        return  # وأقر منح «مكافأة ...»: أقر/استبعد/تعهد report only a clause after أن
    if (
        0 < content_idx < len(toks)
        and toks[content_idx - 1][2] not in COMPLEMENTIZERS
        and toks[content_idx - 1][2] not in _OPEN_QUOTES
        and toks[content_idx - 1][2] != ":"
        and _announces_an_act(doc, cue_span, toks[content_idx][2])
    ):
        return  # أعلنت الجامعة عن إطلاق ...: the announcement performs the act, it claims nothing
    got = _content_from(doc, s, toks, content_idx)
    if got is None:
        return
    span, direct = got
    if pronoun and any(f.direct and f.content[0] <= cue_span[0] < f.content[1] for f in doc.found):
        return  # فقال لي: ... inside a quoted anecdote: a turn of the quote, not a new claim
    if cue_span[0] not in doc.addressees:
        ci = _tok_index(toks, cue_span[0])
        outlet = _interview_outlet(doc, toks, ci + 1, content_idx)
        if outlet is not None:
            doc.addressees[cue_span[0]] = outlet  # قال في مقابلة مع قناة X إن ...
    relay = doc.relays.get(s)
    if (
        relay is not None
        and relay[1] is not None
        and relay[1][1] < cue_span[0]
        and chain[0] != relay
    ):
        chain = [relay, *chain]
    agency = doc.addressees.get(cue_span[0])
    if agency is not None and all(_N(agency[0]) != _N(c[0]) for c in chain):
        chain = [*chain[:-1], agency, chain[-1]]  # قال لرويترز: Reuters relays the speaker
    claimant_text, claimant_span = chain[-1]
    if _N(claimant_text).split()[:1] and _N(claimant_text).split()[0] in NOT_SPEAKERS:
        return  # قال الله تعالى: scripture, not a claim
    if not pronoun and len(chain) == 1 and doc.speakers:
        # وأشارت المصادر لـ«رويترز» ... وتابعت المصادر ...: the same subject repeated in the next
        # sentences still speaks to the agency (a new subject, وقال أحد المصادر, does not)
        spos, stext, schain = doc.speakers[-1][0], doc.speakers[-1][1], doc.speakers[-1][2]
        if (
            len(schain) == 2
            and s - doc.sentence(spos) <= 2
            and schain[0][0] == doc.addressees.get(spos, ("",))[0]
            and doc.found
            and doc.found[-1].claimant_text == stext  # no other report in between
            and _N(stext).removeprefix("و") == _N(claimant_text).removeprefix("و")
        ):
            chain = [schain[0], chain[0]]
    if not pronoun:
        # a report inside another's reported content: "قالت الوكالة إن المفتي أعلن أن X" -> the
        # inner chain starts with the outer one (GUIDELINES 1.10)
        for f in reversed(doc.found):
            if f.content[0] <= cue_span[0] < f.content[1] and f.claimant_text != claimant_text:
                opening = len(_TOKEN.findall(doc.n, f.content[0], cue_span[0])) <= 8
                if doc.sentence(f.cue[0]) == s and (opening or f.direct):
                    outer = [c for c in f.chain if all(_N(c[0]) != _N(x[0]) for x in chain)]
                    chain = [*outer, *chain]
                break
    doc.found.append(
        _Found(
            claimant=None if pronoun else claimant_span,
            claimant_text=claimant_text,
            cue=cue_span,
            content=span,
            chain=list(chain),
            confidence=conf,
            direct=direct,
        )
    )


# participles of `lexicon.TRANSITIVE` verbs: their content may be a noun object
_TRANSITIVE_PARTS = frozenset(_N(w) for w in ("مؤكد", "ناف", "مرجح", "متوقع", "معتبر", "مدع"))


def _participle(doc: _Doc, s: int, toks: list[Tok], i: int, cue: _Cue) -> None:
    j = _skip_lead_adjuncts(toks, i + 1)
    if j < len(toks) and toks[j][2] in _OBJECT_PRONOUNS:
        j += 1  # متهمًا إياه بالسعي ...
    content_idx = _complement_at(doc, toks, j, cue)
    if content_idx is None:
        # واصفًا الانفجار بأنه ...: a short object, then بأن
        for k in range(j + 1, min(j + 6, len(toks))):
            w = toks[k][2]
            if not _is_word(toks[k]) or _is_cue(w) or w in PREPOSITIONS:
                break
            if w in COMPLEMENTIZERS and w.startswith("ب"):
                content_idx = k + 1 if k + 1 < len(toks) else None
                break
    if content_idx is None and j < len(toks) and toks[j][2] in PREPOSITIONS:
        content_idx = _scan_adjuncts(doc, toks, j, cue, [], max_steps=6)
    noun_object = False
    if (
        content_idx is None
        and cue.lemma in _TRANSITIVE_PARTS
        and j < len(toks)
        and _is_word(toks[j])
        and not _is_stop(toks[j][2])
        and not _is_cue(toks[j][2])
        and toks[j][2] not in OPENERS
        and toks[j][2] not in DEMONSTRATIVES
    ):
        # متوقعًا صدور الحكم، معتبرًا إياها خطرًا: the participle of a verb that takes a noun
        # object (`lexicon.TRANSITIVE`), continuing a speaker of this very sentence
        content_idx = i + 1 if toks[i + 1][2] in _OBJECT_PRONOUNS else j
        noun_object = True
    if content_idx is None:
        return
    if noun_object and not any(
        doc.sentence(sp[0]) == s and sp[0] < toks[i][0] for sp in doc.speakers[-3:]
    ):
        return  # a bare noun object only after a speaker named in the same sentence
    ante = _antecedent(doc, toks[i][0], cue, max_sentences=1)
    if ante is None:
        titled = _titled_antecedent(doc, toks[i][0], cue)
        if titled is not None:  # يرى المدرب X أن ...، مشيرًا: a titled person named just before
            cue_span = (toks[i][0], toks[i][1])
            _emit(doc, s, toks, content_idx, cue_span, titled[1], 0.7, pronoun=True)
            _add_speaker(doc, cue_span[0], titled[0], titled[1][0][1], titled[1])
        return
    text, chain, near = ante
    # sure when it continues an attribution of this very sentence (قال X إن ...، مشيرًا إلى ...)
    same = any(
        f.cue[0] < toks[i][0] and doc.sentence(f.cue[0]) == s and f.claimant_text == text
        for f in doc.found[-2:]
    )
    conf = 0.85 if same else 0.78
    _emit(doc, s, toks, content_idx, (toks[i][0], toks[i][1]), list(chain), conf, pronoun=True)


def _came_in(doc: _Doc, s: int, toks: list[Tok], i: int, j: int) -> None:
    """وجاء في البيان أن ... / وجاء في بيان الوزارة: «...»: a document speaks."""
    if i > 0 and _is_word(toks[i - 1]) and toks[i - 1][2] not in OPENERS:
        return  # ما جاء في ...: a relative, not a sentence of its own
    end = _heuristic_np(doc, toks, j)
    span = _strip_np(doc, toks, j, end) if end > j else None
    if span is None or not _in(_head_word(doc, span), DOCUMENT_HEADS):
        return
    k = end
    while k < len(toks) and (toks[k][2] in ADVERBS or toks[k][2] in TIME_WORDS):
        k += 1  # وجاء في البيان أيضًا: ...
    content_idx = _complement_at(doc, toks, k, _NO_CUE)
    if content_idx is None:
        return
    text = doc.text(span)
    _emit(doc, s, toks, content_idx, (toks[i][0], toks[j - 1][1]), [(text, span)], 0.85)


# nouns of saying between an "according to" marker and its source (حسب وصف X، بحسب تعبير X)
_SAYING_NOUNS = frozenset(
    _N(w) for w in "وصف تعبير قول رواية تقدير تقديرات رأي تصريح تصريحات تأكيد تأكيدات".split()
)
# figures are a source after an "according to" marker (GUIDELINES 1.4: statistics with results),
# though as a subject they are evidence (الأرقام تشير إلى أن ...)
_FIGURES = frozenset(_N(w) for w in ("أرقام", "الأرقام"))


def _according(doc: _Doc, s: int, toks: list[Tok], i: int, marker: str, width: int) -> None:
    """بحسب X / وفقًا لـ X / نقلًا عن X / على لسان X / في تصريح لـ X."""
    j = i + width
    if j >= len(toks):
        return
    if marker == _CAME_IN:
        _came_in(doc, s, toks, i, j)
        return
    w = toks[j][2]
    confirmed = False
    if marker in (_ACCORDING, _PURSUANT):
        if w == "ل":
            j += 1
        elif w.startswith("ل") and len(w) > 2:
            pass
        else:
            return
    elif marker == _RELAYING:
        if w != "عن":
            return
        j += 1
    elif marker == _BASED:
        if w not in ("الى", "الي"):
            return
        j += 1
    elif marker == _IN_STATEMENT:
        if w == "ل":
            j += 1
        elif not (w.startswith("ل") and len(w) > 3) or w in PRONOUN_ADJUNCTS:
            return
    if j >= len(toks):
        return
    w = toks[j][2]
    # بحسب ما ذكرت X / وفقا لما ذكرته X / حسبما أفاد X
    if w in ("ما", "لما") or marker == _AS_PER:
        k = j + 1 if w in ("ما", "لما") else j
        verb = toks[k][2] if k < len(toks) else ""
        bare = re.sub("(?:ه|ها|هم)$", "", verb)  # بحسب ما ذكره
        if (verb in _CUES and _CUES[verb].kind == "verb") or (
            bare in _CUES and _CUES[bare].kind == "verb"
        ):
            confirmed = True
            j = _skip_lead_adjuncts(toks, k + 1)
        else:
            return
    if j >= len(toks):  # the sentence ends at the marker (بحسب ما ذكرت.): no source
        return
    cue_last = i + width - 1
    if (
        not confirmed
        and toks[j][2] in _SAYING_NOUNS
        and j + 1 < len(toks)
        and _is_word(toks[j + 1])
        and not _is_stop(toks[j + 1][2])
    ):
        # حسب وصف الجماهير، بحسب تعبير الوزير، وفق رواية الشهود: the noun of saying is part of
        # the cue and its genitive is the source, as sure as after بحسب ما قال
        confirmed, cue_last = True, j
        j += 1
    np_start = j
    first = toks[j][2]
    lam = (
        not confirmed
        and marker in (_ACCORDING, _PURSUANT, _IN_STATEMENT)
        and first.startswith("ل")
        and len(first) > 2
    )
    end = _heuristic_np(doc, toks, j)
    if end <= j:
        return
    span = _strip_np(doc, toks, np_start, end)
    if span is None:
        return
    text = doc.text(span)
    head = _head_word(doc, span)
    if lam:
        if head.startswith("لل"):  # للمصدر: the free form is المصدر
            head = "ا" + head[1:]
            text = "ا" + doc.text((span[0] + 1, span[1]))
        else:
            head = head[1:]
            span = (span[0] + 1, span[1])
            text = doc.text(span)
    if _in(head, QUANTIFIERS):
        nxt = _TOKEN.search(doc.n, span[0] + len(head) + 1, span[1])
        head = nxt.group() if nxt else head
    # وبحسب "الفرنسية"، فقد ذكر X ...: a quoted name relaying a report that follows is an outlet
    quoted = False
    if marker not in (_ACCORDING, _PURSUANT) and toks[np_start][2] in _OPEN_QUOTES:
        k = end + 1 if end < len(toks) and toks[end][2] in _COMMA else len(toks)
        while k < len(toks) and toks[k][2] in ("فقد", "وقد", "قد"):
            k += 1
        quoted = k < len(toks) and _CUES.get(toks[k][2], _NO_CUE).kind == "verb"
    if not confirmed and not quoted and not _in(head, SOURCE_HEADS) and not _in(head, _FIGURES):
        return
    vague = (_in(head, VAGUE_HEADS) or _in(head, _FIGURES)) and end - np_start == 1
    claimant = (text, span)
    cue_span = (toks[i][0], toks[cue_last][1])
    # where is the marker: start of the clause, end of the sentence, or between commas?
    before = toks[:i]
    first_in_sentence = all(not _is_word(t) for t in before)
    after_comma = bool(before) and before[-1][2] in _COMMA
    # "، وبحسب X" opens a clause; "، وفقًا لـ X" (whose و is the word's own letter) does not
    marker_cue = _CUES.get(toks[i][2])
    with_and = marker_cue.conj if marker_cue is not None else toks[i][2][:1] == "و"
    rest = toks[end:]
    if (
        not all(not _is_word(t) for t in rest)
        and not first_in_sentence
        and not (after_comma and with_and)
        and (
            after_comma
            or confirmed
            # بحسب مقربين منه.: only a pronoun phrase is left before the sentence end
            or all(t[2] in PRONOUN_ADJUNCTS for t in rest if _is_word(t))
        )
        and len([t for t in rest if _is_word(t)]) <= 6
        and not any(t[2] in _COMMA or _is_cue(t[2]) or t[2] in RELATIVES for t in rest)
    ):
        # بحسب ما أفاد مصدر قريب من التحقيق الاثنين.: the source runs to the end
        last = len(toks)
        while last > end and (not _is_word(toks[last - 1]) or toks[last - 1][2] in TIME_WORDS):
            last -= 1
        wider = _strip_np(doc, toks, np_start, last)
        if wider is not None:
            span, end = wider, last
            rest = [t for t in toks[last:] if t[2] not in TIME_WORDS]
            if lam and not doc.n.startswith("لل", span[0]):
                span = (span[0] + 1, span[1])  # وفقا لنتائج ...: the claimant starts after لـ
            text = doc.text(span)
            if lam and text.startswith("لل"):
                text = "ا" + text[1:]
            claimant = (text, span)
    at_end = all(not _is_word(t) for t in rest) or (
        len(rest) > 1
        and rest[0][2] in _COMMA
        and (rest[1][2] in RELATIVES or rest[1][2] in ("وهو", "وهي"))
    )
    at_start = (
        first_in_sentence
        or (after_comma and with_and)
        or (before and before[-1][2] in ":؛;")
        # "... المدنيين وبحسب ناشطين أكراد، النظام يمارس ...": و + marker + source + comma opens
        # a clause of its own even with no comma before it
        or (
            with_and
            and not confirmed
            and any(
                toks[m][2] in _COMMA and all(_is_word(t) for t in toks[end:m])
                for m in range(end, min(end + 3, len(toks)))
            )
        )
    )
    if not at_end and after_comma and not with_and and rest and rest[0][2] in PREPOSITIONS:
        # X، حسبما ذكرت الهيئة على موقعها، وتبلغ ...: a short adjunct after the source, then a
        # new clause (و + word, or a participle): the marker closes X like one at the end
        for m in range(1, min(8, len(rest) - 1)):
            if rest[m][2] in _COMMA:
                after = rest[m + 1][2]
                at_end = (after[:1] == "و" and len(after) > 3) or (
                    after in _CUES and _CUES[after].kind == "part"
                )
                break
            if not _is_word(rest[m]) or _is_cue(rest[m][2]):
                break
    if at_end and not first_in_sentence:
        # an attribution in this sentence whose content ends here is relayed by the source
        for f in reversed(doc.found):
            if doc.sentence(f.content[0]) != s or f.content[0] >= toks[i][0]:
                continue
            if f.content[1] > toks[i][0]:
                cut = _trim_content(doc, f.content[0], toks[i][0])
                if cut is None:
                    continue
                f.content = cut
            if not any(c.isalnum() for c in doc.n[f.content[1] : toks[i][0]]):
                if f.chain[0][0] != text:
                    f.chain.insert(0, claimant)
                return
        span_c = _trim_content(doc, doc.sent_starts[s], toks[i][0])
        if span_c is None or len(_TOKEN.findall(doc.n, *span_c)) < 2:
            return
        doc.found.append(_Found(span, text, cue_span, span_c, [claimant], 0.7 if vague else 0.8))
        return
    if at_end and first_in_sentence:
        # "... المناسبة. وفقًا لوكالة رويترز.": the marker stands alone after its sentence
        if s == 0 or doc.paragraph(doc.sent_starts[s - 1]) != doc.paragraph(toks[i][0]):
            return
        span_c = _trim_content(doc, doc.sent_starts[s - 1], doc.sent_ends[s - 1])
        if span_c is None or len(_TOKEN.findall(doc.n, *span_c)) < 3:
            return
        doc.found.append(_Found(span, text, cue_span, span_c, [claimant], 0.7 if vague else 0.75))
        return
    if at_start and not at_end:
        k = end
        if (
            k < len(toks)
            and _is_word(toks[k])
            and toks[k][2] not in PREPOSITIONS
            and not toks[k][2].startswith("فان")
        ):
            # وبحسب دراسات حديثة، فإن ...: the source runs up to a comma close behind it
            for m in range(k + 1, min(k + 4, len(toks))):
                if toks[m][2] in _COMMA:
                    if not any(_is_cue(t[2]) or _is_stop(t[2]) for t in toks[k:m]):
                        span = (span[0], toks[m - 1][1])
                        text = doc.text(span)
                        if lam and doc.n.startswith("لل", span[0]):
                            text = "ا" + text[1:]  # للمصدر: the free form المصدر
                        claimant = (text, span)
                        k = m
                    break
                if not _is_word(toks[m]):
                    break
        if k < len(toks) and toks[k][2] in PREPOSITIONS:
            # وفقا للمصدر في الوزارة، ... / فإن ...: the content starts after the comma
            for m in range(k, min(k + 9, len(toks))):
                if toks[m][2] in _COMMA or toks[m][2].startswith("فان"):
                    k = m
                    break
            else:
                return
        while k < len(toks) and (
            toks[k][2] in ("فقد", "وقد", "قد")
            or toks[k][2] in _COMMA
            or toks[k][2] in (":", "فان", "فانه", "فانها", "فانهم", "ان", "انه", "فقد", "فلقد")
        ):
            k += 1
        if k >= len(toks):
            return
        if toks[k][2] in _CUES and _CUES[toks[k][2]].kind == "verb":
            if _in(head, MEDIA_HEADS) or quoted:  # وبحسب "الفرنسية"، فقد ذكر ...
                doc.relays[s] = claimant  # وبحسب رويترز، فقد ذكر نجيب أن ...: Reuters relays
            elif marker == _IN_STATEMENT:
                _add_speaker(doc, toks[i][0], text, span, [claimant])  # وفي تصريح للوزير، أكد أن
            return
        got = _content_from(doc, s, toks, k)
        if got is None or len(_TOKEN.findall(doc.n, *got[0])) < 2:
            return
        doc.found.append(_Found(span, text, cue_span, got[0], [claimant], 0.7 if vague else 0.88))
        return
    inserted = (
        marker == _ACCORDING  # وفقًا لـ X inside a clause (بحسب/حسب there are mostly restatements)
        # وقال في تصريح وفقا لـ"واس": the marker relays that report (not يُتوقع، يُذكر ...)
        and not any(_is_cue(t[2]) and t[2] not in IMPERSONAL for t in toks[:i])
        and not after_comma
        and not at_start
        and not vague
        and not any(f.content[0] <= toks[i][0] < f.content[1] for f in doc.found)
        and i > 0
        and _is_word(toks[i - 1])
        and end < len(toks)
        and _is_word(toks[end])
        and toks[end][2] not in RELATIVES
        and not _is_cue(toks[end][2])
    )
    if inserted:
        # وفقا لوزارة الإسكان عدة توصيات: inside a clause the source ends where an indefinite
        # word follows a definite one (a construct ends with its definite genitive)
        for m in range(np_start + 1, end):
            w = toks[m][2]
            if _is_definite(toks[m - 1][2]) and not (
                _is_definite(w) or _is_adjective(w) or w in _PLAIN_ADJECTIVES
            ):
                cut = _strip_np(doc, toks, np_start, m)
                if cut is not None:
                    if lam and not doc.n.startswith("لل", cut[0]):
                        cut = (cut[0] + 1, cut[1])
                    text = doc.text(cut)
                    span, claimant = cut, (text, cut)
                break
    if (after_comma and end < len(toks) and toks[end][2] in _COMMA) or inserted:
        # X، بحسب المصدر، Y / "وصل العدد وفقا لوزارة الصحة إلى ..." (GUIDELINES 3.4: an inserted
        # phrase): the whole clause around it
        a = doc.sent_starts[s]
        if inserted:
            commas = [m for m in range(i) if toks[m][2] in _COMMA]
            if commas:
                m = commas[-1] + 1
                while m < i and toks[m][2] in OPENERS:
                    m += 1  # ، فيما وصل العدد ...: the clause after its opener
                a = toks[m][0]
        k = bisect_right(doc.breaks, toks[end][1])
        b = doc.sent_ends[s]
        if k < len(doc.breaks) and doc.breaks[k] < b:
            b = doc.breaks[k]
        span_c = _trim_content(doc, a, b)
        if span_c is None:
            return
        doc.found.append(_Found(span, text, cue_span, span_c, [claimant], 0.7 if vague else 0.75))


def extract(text: str) -> list[Attribution]:
    """Attribution proposals of one article body, sorted by content start."""
    doc = _Doc(text)
    n = doc.n
    matches = list(_CUE_RE.finditer(n))
    which = list(_WHICH_SAID.finditer(n)) if _WHICH_HINT.search(n) else []
    if not matches and not which:
        return []
    # clause breaks: cues that open a clause end the content before them
    extra = []
    matches = [m for m in matches if _worth_reading(n, m)]
    for m in matches:
        cue = _CUES.get(m.group())
        if cue is not None and cue.lemma == _RELAY_VERB and not _RELAY_NEXT.match(n, m.end()):
            continue  # ونقل قسم آخر إلى ...: "was moved", not a relayed report
        if m.group() in STRICT and not _STRICT_NEXT.match(n, m.end()):
            continue  # "، وبين توفير ..." "and between": no new clause unless X أن follows
        lead = _LEAD.search(n, max(0, m.start() - 16), m.start())
        if lead is not None and (lead.group(1) or (lead.group(2) and not (cue and cue.present))):
            extra.append(lead.start())  # "، تعتبر" is mostly "is considered": no new clause
        elif m.group() in STRICT or m.group().startswith("جاء"):
            continue  # وبين "and between"; "X جاء في أعقاب" "came after": no new clause
        elif cue is not None and cue.conj and _OBJECT_SUFFIX.search(m.group()):
            if _PART_NEXT.match(n, m.end()):
                extra.append(m.start())  # وأعلنتها جماعة ...: an act on the object, no new clause
        elif cue is None or cue.conj or (cue.kind == "part" and _PART_NEXT.match(n, m.end())):
            extra.append(m.start())  # a participle breaks only before its complement
        if cue is not None and cue.kind == "verb" and not cue.present:
            # "...، وفي هذا السياق أكد X": the clause of a new speaker starts at the comma
            back = _COMMA_LEAD.search(n, max(0, m.start() - 40), m.start())
            if back is not None:
                extra.append(back.start())
    extra += [m.start() for m in _COMMA_BREAK.finditer(n)]
    # "X وهو ما تنفيه الدوحة": the clause of the source named after it starts there, comma or not
    extra += [m.start() for m in which if m.group(2) and m.group(1) in _CUES]
    if "وذلك" in n:
        extra += [m.start() for m in _NARRATOR_FRAME.finditer(n)]
    # "، محمِّلًا X المسؤولية": an accusative participle (مُفعِّلًا، مُفعِلًا، مُستفعِلًا ...) after a
    # comma opens a circumstantial clause of its own, cue or not; adverbs (مجددًا، مؤخرًا) do not
    extra += [
        m.start()
        for m in _COMMA_PARTICIPLE.finditer(n)
        if m.group(1) not in ADVERBS and m.group(1) not in TIME_WORDS
    ]
    if extra:
        doc.breaks = sorted(set(doc.breaks) | set(extra))
    w_next = 0  # "وهو ما أكده X" in text order, so that X is a speaker for what follows
    for m in matches:
        pos = m.start()
        while w_next < len(which) and which[w_next].start(1) < pos:
            _which_said(doc, which[w_next])
            w_next += 1
        if pos in doc.consumed:
            continue
        s = doc.sentence(pos)
        toks = doc.tokens(s)
        i = _tok_index(toks, pos)
        if i >= len(toks) or toks[i][0] != pos:
            continue
        w = m.group()
        cue = _CUES.get(w)
        if cue is None:
            key = " ".join(w.split())
            if key[:1] in ("و", "ف") and key not in _PAIR_CUES:
                key = key[1:]
            marker = _PAIR_CUES.get(key)
            if marker is not None:
                _according(doc, s, toks, i, marker, 2)
            continue
        if cue.kind == "verb":
            _verb(doc, s, toks, i, cue)
        elif cue.kind == "speaker":
            _speaker(doc, toks, i, cue)
        elif cue.kind == "part":
            _participle(doc, s, toks, i, cue)
        elif cue.kind == "noun":
            _verbal_noun(doc, s, toks, i, cue)
        elif cue.kind == "renew":
            _renewed(doc, s, toks, i, cue)
        else:
            _according(doc, s, toks, i, cue.lemma, 1)
    for m in which[w_next:]:
        _which_said(doc, m)
    return _finish(doc)


# "X، وهو ما أكده الوزير" (GUIDELINES 1.8: the content is the clause before the comma)
_WHICH_SAID = re.compile(
    r"(?:[،,]\s*|(?<=\w)\s+)(?:وهو|وهي|وهذا)\s+ما\s+(\w+?)(ه|ها|ته|تها)?(?!\w)"
)


_WHICH_HINT = re.compile(r"(?:وهو|وهي|وهذا)\s+ما\s")  # a cheap look before the full pattern


def _which_said(doc: _Doc, m: re.Match[str]) -> None:
    verb = m.group(1)
    cue = _CUES.get(verb) or _CUES.get(verb + "ت")
    if cue is None or cue.kind != "verb":
        return
    # the present reports only with the pronoun of the clause on it (وهو ما تنفيه الدوحة); "وهو ما
    # يؤكد أن ..." is the narrator's inference
    suffixed = m.group(2) is not None and (cue.present or m.group(0)[:1] not in "،,")
    if cue.present and not suffixed:
        return
    if not suffixed and m.group(0)[:1] not in "،,":
        return  # without a comma only the suffixed verb is read
    s = doc.sentence(m.start())
    toks = doc.tokens(s)
    i = _tok_index(toks, m.start(1))
    if i >= len(toks) or toks[i][0] != m.start(1):
        return
    j = _skip_lead_adjuncts(toks, i + 1)
    if j < len(toks) and toks[j][2] in PREPOSITIONS and toks[j][2] in cue.complements | {"الي"}:
        j = _skip_lead_adjuncts(toks, j + 1)  # وهو ما أشار إليه: the pronoun after the preposition
    end = _bounded_np(doc, toks, j, None)
    subject = _strip_np(doc, toks, j, end) if end > j else None
    if subject is None or _is_evidence(doc, subject):
        return
    if not (
        _in(_head_word(doc, subject), SOURCE_HEADS)
        or _in(_head_word(doc, subject), NAME_TAKING)
        or (suffixed and end - j <= 2 and not _is_stop(toks[j][2]))  # تنفيه الدوحة
    ):
        return
    if end < len(toks) and toks[end][2] in COMPLEMENTIZERS:
        # وهذا ما يكشفه X بأن ...: "what X reveals" announces the content after it
        text = doc.text(subject)
        _emit(doc, s, toks, end + 1, (toks[i][0], toks[i][1]), [(text, subject)], 0.75)
        _add_speaker(doc, toks[i][0], text, subject, [(text, subject)])
        return
    start = doc.sent_starts[s]
    k = bisect_right(doc.breaks, start)
    while k < len(doc.breaks) and doc.breaks[k] < m.start():
        start = doc.breaks[k]
        k += 1
    span = _trim_content(doc, start, m.start())
    if span is None or len(_TOKEN.findall(doc.n, *span)) < 3:
        return
    if any(f.content == span for f in doc.found):
        return
    text = doc.text(subject)
    doc.found.append(_Found(subject, text, (toks[i][0], toks[i][1]), span, [(text, subject)], 0.75))


def _finish(doc: _Doc) -> list[Attribution]:
    best: dict[tuple[int, int], _Found] = {}
    for f in doc.found:
        old = best.get(f.content)
        if old is None or f.confidence > old.confidence:
            best[f.content] = f
    out = []
    for f in best.values():
        start, end = doc.orig(f.content)
        cs, ce = doc.orig(f.cue)
        ks: int | None = None
        ke: int | None = None
        if f.claimant is not None:
            ks, ke = doc.orig(f.claimant)
        claimant = f.claimant_text
        chain = tuple(text for text, _span in f.chain)
        if not chain or chain[-1] != claimant:
            chain = chain[:-1] + (claimant,) if chain else (claimant,)
        out.append(
            Attribution(
                claimant=claimant,
                claimant_start=ks,
                claimant_end=ke,
                cue=doc.t.orig[cs:ce],
                cue_start=cs,
                cue_end=ce,
                start=start,
                end=end,
                quote=doc.t.orig[start:end],
                chain=chain,
                confidence=round(f.confidence, 2),
            )
        )
    out.sort(key=lambda a: (a.start, a.cue_start))
    return out
