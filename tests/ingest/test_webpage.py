"""Article extraction from web pages: encodings, rules, body, author, date policy, command."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.ingest.webpage import OutletRules, decode_html, extract_article

PAGES = Path(__file__).parent / "pages"
PARAGRAPHS = [
    "أعلنت لجنة الخدمات في المدينة إعادة تشغيل محطة المياه بعد توقف دام ثلاثة أسابيع بسبب أعطال في المضخات.",
    "وقال مدير المحطة إن الورشات الفنية عملت على مدار الساعة لاستبدال مضختين متضررتين وتركيب لوحة تحكم جديدة.",
    "وأوضح المسؤول أن الضخ سيكون بشكل تدريجي خلال الأيام المقبلة ريثما يتم اختبار الشبكة والتأكد من خلوها من التسربات.",
]


def page(
    *,
    head: str = "",
    header: str = "",
    extra_body: str = "",
    paragraphs: list[str] = PARAGRAPHS,
    lang: str = "ar",
) -> str:
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="{lang}"><head>{head}<title>عنوان الخبر - الموقع</title></head>
<body><nav><a href="/">الرئيسية</a> <a href="/s">سياسة</a></nav>
<div class="breadcrumbs"><a>الرئيسية</a> / <a>محليات</a></div>
<article><h1>عنوان الخبر</h1>{header}<div class="story">{text}{extra_body}</div></article>
<div class="share-buttons"><a>شارك على فيسبوك</a></div>
<div id="comments"><h3>اضف تعليق</h3><form><textarea></textarea></form></div>
<div class="cookie-banner">يستخدم هذا الموقع ملفات تعريف الارتباط</div>
<footer>جميع الحقوق محفوظة</footer><script>var x = "نص برمجي";</script></body></html>"""


def test_body_keeps_the_paragraphs_and_drops_chrome() -> None:
    a = extract_article(
        page(extra_body='<p><strong>اقرأ أيضا:</strong> <a href="/x">خبر آخر عن الطقس</a></p>')
    )
    assert a.body == "\n".join(PARAGRAPHS)
    for chrome in ("الرئيسية", "شارك", "اضف تعليق", "ملفات تعريف", "حقوق", "نص برمجي", "خبر آخر"):
        assert chrome not in a.body
    assert a.title == "عنوان الخبر" and a.language == "ar"


def test_windows_1256_page_without_declaration_is_decoded() -> None:
    data = page().encode("windows-1256")
    decoded = decode_html(data)
    assert decoded.encoding.startswith("windows-1256") and "(undeclared)" in decoded.encoding
    assert extract_article(data).body.startswith(PARAGRAPHS[0])


def test_windows_1256_page_declared_as_utf8_is_decoded() -> None:
    data = page(head='<meta charset="utf-8">').encode("windows-1256")
    assert decode_html(data).encoding == "windows-1256 (declared utf-8)"
    assert PARAGRAPHS[1] in extract_article(data).body


def test_utf8_page_declared_as_windows_1256_is_read_as_utf8() -> None:
    data = page(head='<meta charset="windows-1256">').encode("utf-8")
    assert decode_html(data).encoding == "utf-8 (declared cp1256)"
    assert extract_article(data).title == "عنوان الخبر"


def test_iso_8859_6_page_is_decoded() -> None:
    data = page(
        head='<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6">'
    ).encode("iso-8859-6")
    assert PARAGRAPHS[2] in extract_article(data).body


def test_bench_page_with_wrong_utf8_declaration() -> None:
    a = extract_article((PAGES / "baladi_04.html").read_bytes())
    assert a.title.startswith("وقفة احتجاجية في السويداء")
    assert a.published_at is not None and a.published_at.date() == date(2024, 4, 12)


def test_bench_page_in_iso_8859_6_with_kataba_byline() -> None:
    a = extract_article((PAGES / "qabas_01.html").read_bytes())
    assert a.author == "خالد المطيري"
    assert "كتب" not in a.body.split("\n")[0]
    assert a.published_at is not None and a.published_at.date() == date(2022, 12, 6)


def test_youm7_style_page_byline_date_and_read_also() -> None:
    a = extract_article((PAGES / "youm7_01.html").read_bytes())
    assert a.author == "أحمد عرفة"
    assert a.published_at == datetime(2024, 6, 2, 19, 5, tzinfo=timezone(timedelta(hours=3)))
    assert "اقرأ أيضا" not in a.body and "الأكثر قراءة" not in a.body
    assert a.canonical_url is not None and a.canonical_url.startswith(
        "https://www.youm7.com/story/"
    )


def test_al_binaa_legacy_page_levantine_date_and_writer() -> None:
    a = extract_article((PAGES / "binaa_02.html").read_bytes())
    assert a.author == "روزانا رمّال"
    assert a.published_at is not None and a.published_at.date() == date(2024, 7, 11)
    assert a.date_is_local


def test_visible_date_wins_when_metadata_names_another_day() -> None:
    a = extract_article((PAGES / "sana_04.html").read_bytes())
    assert a.published_at is not None
    assert (a.published_at.date(), a.published_at.hour) == (date(2024, 2, 20), 14)
    assert "the visible date wins" in a.date_source


def test_agreeing_metadata_gives_time_and_offset() -> None:
    head = '<meta property="article:published_time" content="2024-03-07T10:30:00+03:00">'
    a = extract_article(page(head=head, header='<div class="date">7 آذار 2024</div>'))
    assert a.published_at == datetime(2024, 3, 7, 10, 30, tzinfo=timezone(timedelta(hours=3)))
    assert "agrees" in a.date_source


def test_relative_date_uses_the_fetch_time() -> None:
    fetched = datetime(2024, 3, 5, 14, 0, tzinfo=timezone(timedelta(hours=3)))
    a = extract_article((PAGES / "np_03.html").read_bytes(), fetched_at=fetched)
    assert a.published_at == fetched - timedelta(hours=3)


def test_relative_date_is_not_guessed_without_fetch_time() -> None:
    a = extract_article(page(header='<span class="time-ago">منذ ساعتين</span>'))
    assert a.published_at is None


def test_date_without_offset_is_read_in_the_rules_time_zone() -> None:
    html = page(header='<div class="date">الثلاثاء، 16 أكتوبر 2018 07:05 م</div>')
    a = extract_article(html, rules=OutletRules(timezone="Africa/Cairo"))
    assert a.published_at is not None and a.published_at.utcoffset() == timedelta(hours=2)
    assert a.published_at.hour == 19 and a.date_is_local
    assert extract_article(html).published_at == datetime(2018, 10, 16, 19, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "author"),
    [
        ('<span class="writeBy">كتب أحمد عرفة</span>', "أحمد عرفة"),
        ('<p class="author-name">بقلم: معن حمية</p>', "معن حمية"),
        ('<div class="reporter">فهد السلمي (الرياض)</div>', "فهد السلمي"),
    ],
)
def test_byline_elements(header: str, author: str) -> None:
    a = extract_article(page(header=header))
    assert a.author == author and author not in a.body


def test_byline_lines_inside_the_text_are_author_not_body() -> None:
    a = extract_article(page(paragraphs=["بلدي نيوز – (كنان سلطان)", *PARAGRAPHS]))
    assert a.author == "كنان سلطان" and a.body == "\n".join(PARAGRAPHS)
    b = extract_article(page(paragraphs=["كتبت سارة الحسن", *PARAGRAPHS]))
    assert b.author == "سارة الحسن" and "سارة" not in b.body


def test_json_ld_person_author_and_organisation_is_not_an_author() -> None:
    ld = {"@type": "NewsArticle", "author": {"@type": "Person", "name": "ليلى جرجس"}}
    head = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    assert extract_article(page(head=head)).author == "ليلى جرجس"
    org = {"@type": "NewsArticle", "author": {"@type": "Organization", "name": "هسبريس"}}
    head = f'<script type="application/ld+json">{json.dumps(org, ensure_ascii=False)}</script>'
    assert extract_article(page(head=head)).author is None


def test_outlet_rules_come_before_the_generic_extraction() -> None:
    html = page(
        header='<div class="x-when">7 آذار 2024</div><div class="x-who">سلافا شيخو</div>',
        extra_body='<div class="x-promo">عرض خاص للمشتركين في الموقع هذا الأسبوع فقط</div>',
    )
    rules = OutletRules(
        body_selector="div.story",
        title_selector="h1",
        date_selector=".x-when",
        author_selector=".x-who",
        drop_selectors=(".x-promo",),
    )
    a = extract_article(html, rules=rules)
    assert a.extractor == "rules" and a.author == "سلافا شيخو"
    assert a.body == "\n".join(PARAGRAPHS)
    assert a.published_at is not None and a.published_at.date() == date(2024, 3, 7)


def test_canonical_url_is_resolved_against_the_page_url() -> None:
    a = extract_article(
        page(head='<link rel="canonical" href="/news/7">'), url="https://example.org/a?x=1"
    )
    assert a.canonical_url == "https://example.org/news/7"


def test_title_drops_the_site_name_from_og_title() -> None:
    head = '<meta property="og:title" content="خبر بعنوان آخر | الموقع"><meta property="og:site_name" content="الموقع">'
    html = page(head=head).replace("<h1>عنوان الخبر</h1>", "")
    assert extract_article(html).title == "خبر بعنوان آخر"


def test_language_of_english_and_french_pages() -> None:
    en = [
        "The water station serving the eastern districts resumed operation on Tuesday, officials said."
    ] * 3
    fr = [
        "La wilaya a annoncé la distribution de trois mille logements sociaux pour les familles."
    ] * 3
    assert extract_article(page(paragraphs=en, lang="")).language == "en"
    assert extract_article(page(paragraphs=fr, lang="")).language == "fr"


def test_command_prints_one_json_object(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    path.write_bytes(
        page(header='<span class="writeBy">كتب أحمد عرفة</span>').encode("windows-1256")
    )
    out = StringIO()
    call_command("extract_article", str(path), "--url", "https://example.org/x", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"title", "body", "published_at", "author", "language", "canonical_url"}
    assert data["author"] == "أحمد عرفة" and data["title"] == "عنوان الخبر"
    assert data["canonical_url"] == "https://example.org/x" and data["published_at"] is None
    assert "أحمد" in out.getvalue()  # ensure_ascii=False


def test_byline_with_date_beside_the_name() -> None:
    a = extract_article(
        page(header="<div>كتب- محمد عبد العاطي &nbsp; الخميس 07-03-2024 15:30</div>")
    )
    assert a.author == "محمد عبد العاطي"
    assert a.published_at == datetime(2024, 3, 7, 15, 30, tzinfo=UTC)


def test_desk_credit_is_not_an_author() -> None:
    a = extract_article(page(header='<p class="meta">Par Rédaction – Le 7 mars 2024 à 18:05</p>'))
    assert a.author is None
    assert a.published_at == datetime(2024, 3, 7, 18, 5, tzinfo=UTC)


def test_job_title_beside_the_name_is_not_part_of_it() -> None:
    header = '<div class="author-details"><span>منى العلي</span> <span>صحافية</span></div>'
    assert extract_article(page(header=header)).author == "منى العلي"


def test_rel_author_link() -> None:
    header = '<div><a rel="author" href="/a/s">سامر الأحمد</a></div>'
    assert extract_article(page(header=header)).author == "سامر الأحمد"


def test_updated_date_is_not_the_publication_date() -> None:
    header = (
        '<div class="date">آخر تحديث: 9 آذار 2024</div><div class="date">نشر في 7 آذار 2024</div>'
    )
    a = extract_article(page(header=header))
    assert a.published_at is not None and a.published_at.date() == date(2024, 3, 7)


def test_wrapper_with_a_chrome_word_in_its_id_keeps_the_text() -> None:
    html = page().replace("<body>", '<body><div id="__next">').replace("</body>", "</div></body>")
    assert extract_article(html).body == "\n".join(PARAGRAPHS)


def test_link_list_without_class_names_is_dropped() -> None:
    links = "".join(
        f'<li><a href="/n/{i}">عنوان خبر آخر رقم {i} في الموقع</a></li>' for i in range(4)
    )
    a = extract_article(page(extra_body=f"<ul>{links}</ul>"))
    assert "عنوان خبر آخر" not in a.body


def test_arabic_code_pages_declared_for_each_other_are_told_apart() -> None:
    iso = (PAGES / "qabas_01.html").read_bytes()
    assert decode_html(iso).encoding == "iso8859-6"
    mislabelled = iso.replace(b"charset=iso-8859-6", b"charset=windows-1256")
    decoded = decode_html(mislabelled)
    assert decoded.encoding == "iso8859-6 (declared cp1256)"
    assert "خالد المطيري" in decoded.text
    undeclared = iso.replace(b"charset=iso-8859-6", b"")
    assert decode_html(undeclared).encoding == "iso8859-6 (undeclared)"
