"""Writes bench/extraction/heldout/: twelve pages in layouts written AFTER the extractor was tuned
on pages/, scored once and reported as they came out (no tuning on them), to show how far the
figures on pages/ carry to layouts the extractor has not seen.

Run: .venv/bin/python bench/extraction/generate_heldout.py
Then: .venv/bin/python bench/extraction_quality.py --set heldout

Each page's expected values are written by hand next to its markup, from what the page says.
"""

from __future__ import annotations

import json
from pathlib import Path

from generate import (
    AR_COMMENTS,
    AR_FOOTER,
    AR_SHARE,
    EN_FOOTER,
    ar_nav,
    en_nav,
    esc,
    fr_nav,
    paras,
    related,
)
from stories import AR, AR_OTHER_HEADLINES, EN, FR

HERE = Path(__file__).resolve().parent
OUT = HERE / "heldout"


def ld(d: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(d, ensure_ascii=False)}</script>'


def pages() -> list[tuple[str, str, str, dict]]:
    out = []

    title, body = AR["deraa_security"]
    tweet = '<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">مصادر محلية: إغلاق الطرق الفرعية في ريف درعا الغربي بعد حادثة الاغتيال</p>— شبكة أخبار محلية (@local_news) <a href="https://twitter.com/x">March 7, 2024</a></blockquote>'
    html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{esc(title)} | أخبار | الجزيرة نت</title>
<meta property="og:title" content="{esc(title)}"><meta property="og:site_name" content="الجزيرة نت">
{ld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title, "datePublished": "2024-03-07T09:41:00+00:00", "publisher": {"@type": "Organization", "name": "الجزيرة نت"}})}
<script id="__NEXT_DATA__" type="application/json">{{"props":{{"pageProps":{{"title":"{esc(title)}","related":["{AR_OTHER_HEADLINES[0]}"]}}}}}}</script></head>
<body><div id="__next">{ar_nav("الجزيرة")}<main id="main-content-area"><header class="article-header"><div class="topics"><a>أخبار</a></div><h1>{esc(title)}</h1></header>
<div class="article-dates"><div class="date-simple"><span class="screen-reader-text">نشر في</span><span>7/3/2024</span></div><div class="date-simple">آخر تحديث: 7/3/2024 12:10 (توقيت مكة)</div></div>
<div class="wysiwyg wysiwyg--all-content">{paras(body[:2])}{tweet}{paras(body[2:])}</div>
<p class="article-source">المصدر : الجزيرة + وكالات</p>{AR_SHARE}</main>
<section class="more-on">{related(AR_OTHER_HEADLINES[0:4], "المزيد من أخبار", "more-list")}</section>{AR_FOOTER}</div></body></html>"""
    out.append(
        (
            "jazeera_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": None,
                "published": "2024-03-07T09:41+00:00",
                "body": body,
                "absent": [
                    "إغلاق الطرق الفرعية",
                    "المصدر : الجزيرة",
                    "آخر تحديث",
                    AR_OTHER_HEADLINES[0],
                ],
                "language": "ar",
            },
        )
    )

    title, body = AR["idlib_schools"]
    html = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{esc(title)} – عنب بلدي</title></head>
<body>{ar_nav("عنب بلدي")}<div class="single-post"><h1 class="post-title">{esc(title)}</h1>
<div class="post-info"><a rel="author" href="/author/s">سامر الأحمد</a> <span>تاريخ النشر: 2024/03/12</span></div>
<div class="entry"><p><strong>عنب بلدي – إدلب</strong></p>{paras(body)}
<p>نشر هذا التقرير ضمن مشروع تدعمه منظمة إعلامية مستقلة.</p></div>
<div class="enab-related"><h3>اقرأ أيضًا</h3>{related(AR_OTHER_HEADLINES[4:7], "", "rel")}</div></div>{AR_FOOTER}</body></html>"""
    out.append(
        (
            "enab_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": "سامر الأحمد",
                "published": "2024-03-12",
                "body": ["عنب بلدي – إدلب", *body],
                "absent": [AR_OTHER_HEADLINES[4], "نشر هذا التقرير ضمن مشروع"],
                "language": "ar",
            },
        )
    )

    title, body = AR["cairo_metro"]
    text = "<br><br>".join(esc(p) for p in body)
    html = f"""<html><head><meta charset="utf-8"><title>{esc(title)} | المصري اليوم</title></head><body>{ar_nav("المصري اليوم")}
<div class="ArticleTop"><h1>{esc(title)}</h1><div class="news-info">كتب- محمد عبد العاطي &nbsp; الخميس 07-03-2024 15:30</div></div>
<div id="NewsStory">{text}</div><div class="min_related">{related(AR_OTHER_HEADLINES[8:11], "موضوعات متعلقة", "rel")}</div>{AR_COMMENTS}{AR_FOOTER}</body></html>"""
    out.append(
        (
            "masry_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": "محمد عبد العاطي",
                "published": "2024-03-07T15:30",
                "body": body,
                "absent": ["كتب- محمد", AR_OTHER_HEADLINES[8], "اكتب تعليقك هنا"],
                "language": "ar",
            },
        )
    )

    title, body = AR["riyadh_expo"]
    html = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{esc(title)}</title>
<meta property="og:title" content="{esc(title)}"><meta property="og:site_name" content="الشرق الأوسط"></head><body>{ar_nav("الشرق الأوسط")}
<div class="node-article"><div class="field-author"><a href="/author/x">عبد الهادي حبتور</a></div>
<h2 class="node-title">{esc(title)}</h2><div class="date-info">الخميس - 26 شعبان 1445 هـ - 07 مارس 2024 مـ رقم العدد [ 16535 ]</div>
<div class="field-body"><p><strong>الرياض: عبد الهادي حبتور</strong></p>{paras(body)}</div></div>{AR_SHARE}{AR_FOOTER}</body></html>"""
    out.append(
        (
            "aawsat_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": "عبد الهادي حبتور",
                "published": "2024-03-07",
                "body": body,
                "absent": ["رقم العدد", "شارك الخبر"],
                "language": "ar",
            },
        )
    )

    title, body = AR["egypt_wheat"]
    html = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256"><title>الأهرام - {esc(title)}</title></head>
<body><table width="100%"><tr><td><a href="/">الصفحة الأولى</a> | <a href="/eco">اقتصاد</a> | <a href="/op">قضايا وآراء</a></td></tr></table>
<div id="ContentPlaceHolder1_divTitle"><span id="lblTitle">{esc(title)}</span></div><span id="lblDate">2024-3-7</span>
<div id="ContentPlaceHolder1_divContent">{paras(body[:2])}<div class="adv"><span>إعلان</span></div>{paras(body[2:])}</div>
<div>جميع حقوق النشر محفوظة لمؤسسة الأهرام</div></body></html>"""
    out.append(
        (
            "ahram_01",
            html,
            "windows-1256",
            {
                "title": title,
                "author": None,
                "published": "2024-03-07",
                "body": body,
                "absent": ["جميع حقوق النشر", "قضايا وآراء"],
                "language": "ar",
            },
        )
    )

    title, body = AR["amman_rain"]
    html = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{esc(title)} - رؤيا الإخباري</title></head>
<body>{ar_nav("رؤيا")}<div class="news_main"><h1>{esc(title)}</h1><div class="news_info"><span>رؤيا - </span><span>منذ 45 دقيقة</span></div>
<div class="news_body">{paras(body)}</div></div>{related(AR_OTHER_HEADLINES[1:3], "الأكثر مشاهدة", "most")}{AR_FOOTER}</body></html>"""
    out.append(
        (
            "roya_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": None,
                "published": "2024-02-26T09:15+03:00",
                "fetched_at": "2024-02-26T10:00:00+03:00",
                "body": body,
                "absent": [AR_OTHER_HEADLINES[1]],
                "language": "ar",
            },
        )
    )

    title, body = AR["kuwait_budget"]
    html = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{esc(title)} | اندبندنت عربية</title>
<meta property="og:site_name" content="اندبندنت عربية"></head><body>{ar_nav("اندبندنت عربية")}
<article><h1 class="article-title">{esc(title)}</h1><div class="author-details"><span class="name">منى العلي</span> <span class="job">صحافية</span></div>
<div class="date">الجمعة 8 مارس 2024 10:12</div><div class="article-body">{paras(body)}</div>
<div class="article-tags"><a>الكويت</a><a>اقتصاد</a></div></article>{AR_FOOTER}</body></html>"""
    out.append(
        (
            "indy_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": "منى العلي",
                "published": "2024-03-08T10:12",
                "body": body,
                "absent": ["صحافية"],
                "language": "ar",
            },
        )
    )

    title, body = AR["beirut_port"]
    html = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{esc(title)} | القدس العربي</title></head>
<body>{ar_nav("القدس العربي")}<div class="post"><h1>{esc(title)}</h1><div class="post-meta"><span class="ago">منذ 3 أيام</span></div>
<div class="content">{paras(body)}</div></div>{AR_FOOTER}</body></html>"""
    out.append(
        (
            "quds_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": None,
                "published": "2024-01-18",
                "fetched_at": "2024-01-21T08:00:00+02:00",
                "body": body,
                "absent": [],
                "language": "ar",
            },
        )
    )

    title, body = AR["hasakah_wheat"]
    html = f"""<!DOCTYPE html><html lang="ar"><head><meta charset="utf-8"><title>{esc(title)} - ANHA</title></head>
<body>{ar_nav("هاوار")}<div class="news-details"><h1>{esc(title)}</h1><span class="post-date">2024-03-05 12:40:00</span>
<div class="details-text"><p>مركز الأخبار</p>{paras(body)}</div></div>{AR_FOOTER}</body></html>"""
    out.append(
        (
            "hawar_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": None,
                "published": "2024-03-05T12:40",
                "body": ["مركز الأخبار", *body],
                "absent": [],
                "language": "ar",
            },
        )
    )

    title, body = AR["damascus_fair"]
    html = f"""<html><head><title>{esc(title)} - صحيفة الوطن</title></head>
<body>{ar_nav("الوطن")}<div class="col"><p class="small">الأحد، 10 آذار 2024</p><h3>{esc(title)}</h3>
<div class="txt"><p>دمشق - الوطن</p>{paras(body)}</div></div>{AR_FOOTER}</body></html>"""
    out.append(
        (
            "watan_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": None,
                "published": "2024-03-10",
                "body": ["دمشق - الوطن", *body],
                "absent": ["جميع الحقوق محفوظة"],
                "language": "ar",
            },
        )
    )

    title, body = EN["en_cairo_metro"]
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)} | Arab News</title></head>
<body>{en_nav()}<div class="entry"><h1>{esc(title)}</h1><div class="entry-date">Updated 07 March 2024</div><div class="entry-date">Published 06 March 2024</div>
<div class="author">Mohamed Farouk</div><div class="field-body">{paras(body)}</div></div>{EN_FOOTER}</body></html>"""
    out.append(
        (
            "arabnews_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": "Mohamed Farouk",
                "published": "2024-03-06",
                "body": body,
                "absent": ["Updated 07 March"],
                "language": "en",
            },
        )
    )

    title, body = FR["fr_alger_logement"]
    html = f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>{esc(title)} - TSA</title></head>
<body>{fr_nav()}<article><h1>{esc(title)}</h1><p class="meta">Par Rédaction – Le 7 mars 2024 à 18:05</p>
<div class="article-content">{paras(body)}</div></article>{AR_FOOTER.replace("جميع الحقوق محفوظة", "Tous droits réservés")}</body></html>"""
    out.append(
        (
            "tsa_01",
            html,
            "utf-8",
            {
                "title": title,
                "author": None,
                "published": "2024-03-07T18:05",
                "body": body,
                "absent": ["Par Rédaction"],
                "language": "fr",
            },
        )
    )
    return out


def main() -> None:
    OUT.mkdir(exist_ok=True)
    expected = []
    for name, html, encoding, e in pages():
        (OUT / f"{name}.html").write_bytes(html.encode(encoding))
        body = e.pop("body")
        words = body[-1].split()
        expected.append(
            {
                "file": f"{name}.html",
                "fetched_at": e.pop("fetched_at", None),
                **e,
                "body": "\n".join(body),
                "present": [" ".join(body[0].split()[:8]), " ".join(words[len(words) // 2 :])],
            }
        )
    (OUT / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(expected)} held-out pages written to {OUT}")


if __name__ == "__main__":
    main()
