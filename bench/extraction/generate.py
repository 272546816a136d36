"""Writes bench/extraction/pages/*.html and expected.json: news pages built the way outlets build
theirs, from the hand-written stories in stories.py.

Run: .venv/bin/python bench/extraction/generate.py

The expected values come from what each page says, decided here before any extractor runs:
- title: the story's headline (what the h1 shows); author: the byline the page prints, or null;
- body: the story's paragraphs (plus a dateline paragraph such as "دمشق-سانا" where the layout
  puts one in the text); captions, bylines, date lines, "read also" blocks and all chrome are not
  body;
- published: the date the page shows readers in the article header. A time comes from the visible
  header, or from metadata (JSON-LD / article:published_time) when that metadata agrees with the
  visible day; metadata that names another day (a modified date or a template bug) is wrong by
  this definition. Hijri-only pages use dates whose Umm al-Qura and tabular conversions agree,
  written out here by hand. Relative dates ("منذ 3 ساعات") are resolved against `fetched_at`.
Nothing here imports the extractor.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from stories import AR, AR_OTHER_HEADLINES, EN, EN_OTHER_HEADLINES, FR, FR_OTHER_HEADLINES

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"

LEV = ["", "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
       "تشرين الأول", "تشرين الثاني", "كانون الأول"]  # fmt: skip
EGY = ["", "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
       "أكتوبر", "نوفمبر", "ديسمبر"]  # fmt: skip
DZ = ["", "جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان", "جويلية", "أوت", "سبتمبر",
      "أكتوبر", "نوفمبر", "ديسمبر"]  # fmt: skip
MA = ["", "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر",
      "أكتوبر", "نونبر", "دجنبر"]  # fmt: skip
WEEKDAYS = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
EN_MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
FR_MONTHS = ["", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass
class Page:
    name: str
    story: str
    layout: str
    author: str | None
    pub: datetime  # local wall-clock time of publication
    tz: int = 3  # the outlet's UTC offset in hours
    time_shown: bool = True  # the visible header prints the time
    meta: str = "agree"  # "agree", "disagree" (metadata names another day), "none"
    visible: bool = True  # the header prints a date at all
    encoding: str = "utf-8"
    declared: str | None = "utf-8"  # the charset the page declares (None: no declaration)
    relative_hours: int = 0  # the header says "N hours ago" instead of a date
    hijri: str = ""  # the header prints this Hijri date only
    dateline: str = ""  # a dateline paragraph at the top of the body
    extra: dict = field(default_factory=dict)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def aware(p: Page, value: datetime) -> datetime:
    return value.replace(tzinfo=timezone(timedelta(hours=p.tz)))


def meta_date(p: Page) -> datetime:
    # A "disagreeing" metadata date is the later modification time a CMS writes into the field.
    value = p.pub + timedelta(days=2, hours=5) if p.meta == "disagree" else p.pub
    return aware(p, value)


def expected_published(p: Page, fetched_at: datetime | None) -> str | None:
    if p.relative_hours:
        return aware(p, p.pub).isoformat(timespec="minutes")
    if p.visible:
        if p.meta == "agree":
            return aware(p, p.pub).isoformat(timespec="minutes")
        if p.time_shown and not p.hijri:
            return p.pub.isoformat(timespec="minutes")
        return p.pub.date().isoformat()
    if p.meta == "agree":
        return aware(p, p.pub).isoformat(timespec="minutes")
    return None


# --- shared chrome -----------------------------------------------------------------------------


def ar_nav(site: str) -> str:
    items = ["الرئيسية", "سياسة", "اقتصاد", "محليات", "رياضة", "ثقافة وفنون", "منوعات", "اتصل بنا"]
    lis = "".join(f'<li><a href="/{i}">{x}</a></li>' for i, x in enumerate(items))
    return (
        f'<header class="site-header"><div class="logo"><a href="/"><img src="/logo.png" alt="{site}"></a></div>'
        f'<nav class="main-menu"><ul>{lis}</ul></nav>'
        '<div class="top-bar"><span class="today">أسعار العملات</span> <a href="/live">بث مباشر</a></div></header>'
    )


def en_nav() -> str:
    items = [
        "Home",
        "World",
        "Middle East",
        "Business",
        "Sport",
        "Culture",
        "Opinion",
        "Contact us",
    ]
    lis = "".join(f'<li><a href="/{i}">{x}</a></li>' for i, x in enumerate(items))
    return f'<header><nav class="navbar"><ul>{lis}</ul></nav><a class="subscribe" href="/subscribe">Subscribe now</a></header>'


def fr_nav() -> str:
    items = ["Accueil", "International", "Économie", "Société", "Sport", "Culture", "Contact"]
    lis = "".join(f'<li><a href="/{i}">{x}</a></li>' for i, x in enumerate(items))
    return f'<header><nav class="menu-principal"><ul>{lis}</ul></nav><a href="/abonnement">Abonnez-vous</a></header>'


AR_COOKIE = '<div id="cookie-consent" class="cookie-banner"><p>يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربة التصفح.</p><button>موافق</button></div>'
EN_COOKIE = '<div class="cookie-notice"><p>We use cookies to improve your experience on our site.</p><button>Accept all</button></div>'
FR_COOKIE = '<div id="rgpd" class="consent"><p>Ce site utilise des cookies pour mesurer l’audience.</p><button>Tout accepter</button></div>'
AR_SHARE = '<div class="share-buttons"><span>شارك الخبر:</span><a href="#">فيسبوك</a><a href="#">تويتر</a><a href="#">واتساب</a><a href="#">تلغرام</a></div>'
EN_SHARE = '<div class="social-share"><a href="#">Share on Facebook</a><a href="#">Share on X</a><a href="#">Email</a></div>'
FR_SHARE = (
    '<div class="partage"><a href="#">Partager sur Facebook</a><a href="#">Partager sur X</a></div>'
)
AR_COMMENTS = (
    '<div id="comments" class="comments-area"><h3>اضف تعليق</h3><form action="/comment" method="post">'
    '<input name="name" placeholder="الاسم"><textarea name="body" placeholder="اكتب تعليقك هنا"></textarea>'
    '<button type="submit">إرسال التعليق</button></form><p class="note">التعليقات لا تعبر عن رأي الموقع</p></div>'
)
EN_COMMENTS = '<section class="comments"><h3>Comments</h3><form><textarea placeholder="Join the discussion"></textarea><button>Post comment</button></form></section>'
FR_COMMENTS = '<section class="commentaires"><h3>Réagir</h3><form><textarea placeholder="Votre commentaire"></textarea><button>Publier</button></form></section>'
AR_SCRIPT = '<script>window.dataLayer=window.dataLayer||[];var adMsg="إعلان: حمل تطبيقنا الآن";dataLayer.push({"section":"news"});</script>'
EN_SCRIPT = (
    '<script>var promo = "Download our app today"; window.analytics && analytics.page();</script>'
)
AR_FOOTER = '<footer class="site-footer"><p>جميع الحقوق محفوظة © 2024</p><a href="/privacy">سياسة الخصوصية</a> <a href="/about">من نحن</a></footer>'
EN_FOOTER = (
    '<footer><p>© 2024 All rights reserved.</p><a href="/privacy">Privacy policy</a></footer>'
)
FR_FOOTER = (
    '<footer><p>© 2024 Tous droits réservés.</p><a href="/mentions">Mentions légales</a></footer>'
)


def related(headlines: list[str], heading: str, cls: str = "related-posts") -> str:
    lis = "".join(f'<li><a href="/news/{i}">{esc(h)}</a></li>' for i, h in enumerate(headlines))
    return f'<section class="{cls}"><h3>{heading}</h3><ul>{lis}</ul></section>'


def paras(texts: list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<p{attr}>{esc(t)}</p>" for t in texts)


def head(
    p: Page,
    title_tag: str,
    *,
    og_title: str | None,
    url: str,
    site: str,
    lang: str,
    jsonld: dict | None = None,
    og_date: bool = True,
    author_meta: str | None = None,
    canonical: str | None = None,
    extra: str = "",
) -> str:
    parts = []
    if p.declared:
        parts.append(
            f'<meta charset="{p.declared}">'
            if p.declared != "windows-1256-http-equiv"
            else '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
        )
    parts.append(f"<title>{esc(title_tag)}</title>")
    parts.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    if og_title is not None:
        parts.append(f'<meta property="og:title" content="{esc(og_title)}">')
        parts.append(f'<meta property="og:site_name" content="{esc(site)}">')
        parts.append(f'<meta property="og:url" content="{esc(url)}">')
        parts.append('<meta property="og:type" content="article">')
    if og_date and p.meta != "none":
        parts.append(
            f'<meta property="article:published_time" content="{meta_date(p).isoformat()}">'
        )
    if author_meta:
        parts.append(f'<meta name="author" content="{esc(author_meta)}">')
    if canonical:
        parts.append(f'<link rel="canonical" href="{esc(canonical)}">')
    if jsonld is not None:
        parts.append(
            f'<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>'
        )
    parts.append('<link rel="stylesheet" href="/assets/style.css"><style>.ad{display:none}</style>')
    parts.append(extra)
    return f'<!DOCTYPE html><html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}"><head>{"".join(parts)}</head>'


def news_ld(p: Page, title: str, url: str, site: str, with_author: bool = True) -> dict | None:
    if p.meta == "none":
        return None
    ld: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "mainEntityOfPage": url,
        "datePublished": meta_date(p).isoformat(),
        "dateModified": (meta_date(p) + timedelta(hours=6)).isoformat(),
        "publisher": {"@type": "Organization", "name": site},
    }
    if with_author and p.author:
        ld["author"] = {"@type": "Person", "name": p.author}
    return ld


# --- visible date formats ----------------------------------------------------------------------


def clock12(d: datetime) -> str:
    h = d.hour % 12 or 12
    return f"{h:02d}:{d.minute:02d} {'م' if d.hour >= 12 else 'ص'}"


def ar_date(d: datetime, months: list[str], *, weekday: bool = True, time: str = "") -> str:
    wd = f"{WEEKDAYS[d.weekday()]}، " if weekday else ""
    return f"{wd}{d.day} {months[d.month]} {d.year}{(' ' + time) if time else ''}"


def relative_ar(hours: int) -> str:
    return {1: "منذ ساعة", 2: "منذ ساعتين"}.get(hours, f"منذ {hours} ساعات")


# --- Arabic layouts ----------------------------------------------------------------------------


def sana_a(p: Page, title: str, body: list[str]) -> str:
    url = f"https://sana.sy/?p={p.extra['id']}"
    site = "الوكالة العربية السورية للأنباء"
    ld = None
    if p.meta != "none":
        ld = {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": site, "url": "https://sana.sy/"},
                {
                    "@type": "BreadcrumbList",
                    "itemListElement": [{"@type": "ListItem", "position": 1, "name": "الرئيسية"}],
                },
                news_ld(p, title, url, site),
            ],
        }
    date_txt = ar_date(p.pub, LEV, weekday=False)
    h = head(
        p,
        f"{title} - {site}",
        og_title=title,
        url=url,
        site=site,
        lang="ar",
        jsonld=ld,
        canonical=url,
    )
    byline = f'<span class="post-author">{esc(p.author)}</span>' if p.author else ""
    return (
        h
        + f"""<body class="single-post">{AR_SCRIPT}{ar_nav("سانا")}
<div class="breadcrumbs"><a href="/">الرئيسية</a> » <a href="/?cat=local">محليات</a> » <span>{esc(title[:30])}</span></div>
<div class="container"><div class="content"><article class="post">
<h1 class="entry-title">{esc(title)}</h1>
<div class="post-meta"><span class="date meta-item">{date_txt}</span>{byline}</div>
<div class="entry-content clearfix"><p>{esc(p.dateline)}</p>{paras(body)}
<p>تابعوا آخر الأخبار عبر تطبيق تلغرام على الرابط: https://t.me/SyrianArabNewsAgency</p></div>
<div class="post-tags"><span>الوسوم:</span><a href="/tag/a">محافظات</a><a href="/tag/b">خدمات</a></div>
{AR_SHARE}</article>
{related(AR_OTHER_HEADLINES[0:3], "مواضيع ذات صلة")}</div>
<aside class="sidebar">{related(AR_OTHER_HEADLINES[3:6], "الأكثر قراءة", "widget popular")}</aside></div>
{AR_FOOTER}</body></html>"""
    )


def sana_b(p: Page, title: str, body: list[str]) -> str:
    url = f"https://sana.sy/?p={p.extra['id']}"
    site = "سانا"
    time = clock12(p.pub) if p.time_shown else ""
    h = head(p, f"{title} | سانا", og_title=f"{title} | سانا", url=url, site=site, lang="ar")
    return (
        h
        + f"""<body>{ar_nav(site)}{AR_COOKIE}
<main id="main"><div class="news-wrap">
<div class="news-title"><h1>{esc(title)}</h1></div>
<div class="news-info"><time>{ar_date(p.pub, LEV, time=time)}</time></div>
<div class="news-text"><p><strong>{esc(p.dateline)}</strong></p>{paras(body)}</div>
{AR_SHARE}
<div class="also"><h4>اقرأ أيضاً</h4>{related(AR_OTHER_HEADLINES[6:9], "", "also-list")}</div>
</div></main>{AR_FOOTER}{AR_SCRIPT}</body></html>"""
    )


def sana_legacy(p: Page, title: str, body: list[str]) -> str:
    # An archived page of the old site: tables, no metadata, a dated stamp.
    stamp = f"{p.pub.year}/{p.pub.month:02d}/{p.pub.day:02d}"
    rows = "".join(f"<p>{esc(t)}</p>" for t in [p.dateline, *body])
    return f"""<html><head><title>سانا - {esc(title)}</title></head><body bgcolor="#ffffff">
<table width="100%"><tr><td class="menu"><a href="/">الصفحة الرئيسية</a> | <a href="/news">الأخبار المحلية</a> | <a href="/eco">الاقتصاد</a></td></tr>
<tr><td><table width="760"><tr><td class="title"><b><font size="4">{esc(title)}</font></b></td></tr>
<tr><td class="date">أضيف بتاريخ :{stamp}</td></tr>
<tr><td class="text">{rows}</td></tr></table></td></tr>
<tr><td class="footer">جميع الحقوق محفوظة للوكالة العربية السورية للأنباء</td></tr></table></body></html>"""


def youm7_a(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.youm7.com/story/{p.pub:%Y/%m/%d}/{p.extra['id']}"
    site = "اليوم السابع"
    mid = len(body) // 2
    also = f'<p><strong>اقرأ أيضا:</strong> <a href="/story/1">{esc(AR_OTHER_HEADLINES[p.extra["id"] % 12])}</a></p>'
    ld = news_ld(p, title, url, site)
    h = head(
        p,
        f"{title} - اليوم السابع",
        og_title=title,
        url=url,
        site=site,
        lang="ar",
        jsonld=ld,
        canonical=url,
    )
    writer = f'<span class="writeBy">كتب {esc(p.author)}</span>' if p.author else ""
    date_txt = ar_date(p.pub, EGY, time=clock12(p.pub) if p.time_shown else "")
    return (
        h
        + f"""<body>{ar_nav(site)}
<div class="breadcumb"><a href="/">الرئيسية</a> &gt; <a href="/Section/97">أخبار عاجلة</a></div>
<div class="container"><div class="articleHeader"><h1>{esc(title)}</h1></div>
<div class="newsStory"><div class="articleInfo"><span class="newsDate">{date_txt}</span>{writer}</div>
<div class="img-cont"><img src="/img.jpg" alt="صورة أرشيفية"><span class="caption">صورة أرشيفية</span></div>
<div id="articleBody" class="articleCont">{paras(body[:mid])}{also}{paras(body[mid:])}</div>
<div class="tags"><a href="/tag/1">مصر</a><a href="/tag/2">الحكومة</a></div>{AR_SHARE}</div>
{AR_COMMENTS}
{related(AR_OTHER_HEADLINES[9:12], "الأكثر قراءة", "mostRead")}</div>{AR_FOOTER}{AR_SCRIPT}</body></html>"""
    )


def youm7_b(p: Page, title: str, body: list[str]) -> str:
    # Reader layout; the byline opens the story text and the digits are Arabic-Indic.
    url = f"https://www.youm7.com/amp/{p.pub:%Y/%m/%d}/{p.extra['id']}"
    site = "اليوم السابع"
    h = head(
        p,
        f"{title} - اليوم السابع",
        og_title=f"{title} - اليوم السابع",
        url=url,
        site=site,
        lang="ar",
        canonical=url.replace("/amp/", "/story/"),
    )
    date_txt = ar_date(p.pub, EGY, time=clock12(p.pub) if p.time_shown else "").translate(INDIC)
    writer = f"<p><strong>كتب {esc(p.author)}</strong></p>" if p.author else ""
    also = "".join(
        f'<li><a href="/s/{i}">{esc(x)}</a></li>' for i, x in enumerate(AR_OTHER_HEADLINES[1:4])
    )
    return (
        h
        + f"""<body><div class="amp-header"><a href="/">اليوم السابع</a><button class="menu">القائمة</button></div>
<article><h1 class="title">{esc(title)}</h1><div class="date">{date_txt}</div>
<div class="story-text">{writer}{paras(body[:2])}
<div class="readAlso"><p>اقرأ أيضا</p><ul>{also}</ul></div>{paras(body[2:])}</div></article>
{AR_SHARE}{AR_COMMENTS}</body></html>"""
    )


def baladi_a(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.baladi-news.com/ar/articles/{p.extra['id']}"
    site = "بلدي نيوز"
    stamp = f"{p.pub:%Y-%m-%d}" + (f" {p.pub:%H:%M}" if p.time_shown else "")
    h = head(
        p,
        f"{title} - بلدي نيوز",
        og_title=f"{title} - {site}",
        url=url,
        site=site,
        lang="ar",
        jsonld=news_ld(p, title, url, site, with_author=False),
    )
    byline = f"<p>بلدي نيوز – ({esc(p.author)})</p>" if p.author else "<p>بلدي نيوز</p>"
    return (
        h
        + f"""<body>{ar_nav(site)}{AR_COOKIE}
<section class="article-page"><div class="col-md-8">
<h1 class="news-title">{esc(title)}</h1>
<div class="news-date">تاريخ النشر: {stamp}</div>
<div class="news-details">{byline}{paras(body)}</div>
{AR_SHARE}{related(AR_OTHER_HEADLINES[2:5], "أخبار ذات صلة", "related-news")}</div>
<div class="col-md-4 sidebar">{related(AR_OTHER_HEADLINES[5:8], "الأكثر مشاهدة", "most-viewed")}</div></section>
{AR_FOOTER}{AR_SCRIPT}</body></html>"""
    )


def baladi_b(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.baladi-news.com/ar/news/details/{p.extra['id']}"
    site = "Baladi News"
    h = head(p, f"{title} - It's Over 9000!", og_title=title, url=url, site=site, lang="ar")
    date_txt = ar_date(p.pub, LEV, weekday=True, time=f"{p.pub:%H:%M}" if p.time_shown else "")
    auth = (
        f'<div class="author"><i class="icon-user"></i> {esc(p.author)}</div>' if p.author else ""
    )
    return (
        h
        + f"""<body><div id="wrapper">{ar_nav(site)}
<div class="post-header"><h2 class="cat">تقارير</h2><h1>{esc(title)}</h1>{auth}<div class="time"><i class="icon-clock"></i> {date_txt}</div></div>
<div class="post-body">{paras(body)}
<div class="read-more"><span>اقرأ أيضاً:</span> <a href="/x">{esc(AR_OTHER_HEADLINES[7])}</a></div></div>
<div class="newsletter"><p>اشترك في النشرة البريدية لتصلك آخر الأخبار</p><input type="email"></div>
{AR_COMMENTS}</div>{AR_FOOTER}</body></html>"""
    )


def northpress_a(p: Page, title: str, body: list[str]) -> str:
    url = f"https://npasyria.com/{p.extra['id']}/"
    site = "نورث برس"
    ld = (
        {"@context": "https://schema.org", "@graph": [news_ld(p, title, url, site)]}
        if p.meta != "none"
        else None
    )
    h = head(
        p,
        f"{title} – نورث برس",
        og_title=f"{title} – نورث برس",
        url=url,
        site=site,
        lang="ar",
        jsonld=ld,
        canonical=url,
    )
    auth = (
        f'<div class="td-post-author-name">إعداد: <a href="/author/x">{esc(p.author)}</a></div>'
        if p.author
        else ""
    )
    time = f' <span class="time">{p.pub:%H:%M}</span>' if p.time_shown else ""
    return (
        h
        + f"""<body class="td-theme">{ar_nav(site)}
<div class="td-crumb-container"><span><a href="/">الرئيسية</a></span> <span><a href="/cat/reports">تقارير</a></span></div>
<article class="td-post-content-wrap"><header class="td-post-title"><h1 class="entry-title">{esc(title)}</h1>
<div class="td-module-meta-info">{auth}<span class="td-post-date"><time class="entry-date" datetime="{meta_date(p).isoformat()}">{p.pub:%Y-%m-%d}</time>{time}</span></div></header>
<div class="td-post-content"><figure><img src="/a.jpg"><figcaption>أرشيف – نورث برس</figcaption></figure>
<p>{esc(p.dateline)}</p>{paras(body)}<p class="editor">تحرير: فريق التحرير</p></div>
{AR_SHARE}<div class="td-post-next-prev"><a href="/p">المقال السابق</a><a href="/n">المقال التالي</a></div>
{related(AR_OTHER_HEADLINES[0:4], "مقالات ذات صلة", "td-related")}</article>{AR_FOOTER}{AR_SCRIPT}</body></html>"""
    )


def northpress_rel(p: Page, title: str, body: list[str]) -> str:
    url = f"https://npasyria.com/{p.extra['id']}/"
    site = "نورث برس"
    h = head(p, f"{title} – نورث برس", og_title=title, url=url, site=site, lang="ar")
    auth = f'<span class="author">{esc(p.author)}</span> · ' if p.author else ""
    return (
        h
        + f"""<body>{ar_nav(site)}<div class="breaking"><span>عاجل</span><a href="/b">{esc(AR_OTHER_HEADLINES[4])}</a></div>
<div class="single"><h1>{esc(title)}</h1><div class="meta">{auth}<span class="ago">{relative_ar(p.relative_hours)}</span></div>
<div class="content"><p>{esc(p.dateline)}</p>{paras(body)}</div>
<div class="tags">الوسوم: <a>الجزيرة السورية</a></div></div>
{related(AR_OTHER_HEADLINES[8:11], "آخر الأخبار", "latest")}{AR_FOOTER}</body></html>"""
    )


def albinaa_legacy(p: Page, title: str, body: list[str]) -> str:
    date_txt = ar_date(p.pub, LEV)
    writer = f'<div class="writer">{esc(p.author)}</div>' if p.author else ""
    h = head(p, f"جريدة البناء | {title}", og_title=None, url="", site="", lang="ar", og_date=False)
    return (
        h
        + f"""<body><div id="top"><img src="/banner.gif" alt="البناء"><div class="date-top">{date_txt}</div></div>
<table class="menu"><tr><td><a href="/">الرئيسية</a></td><td><a href="/s/1">سياسة</a></td><td><a href="/s/2">ثقافة</a></td><td><a href="/s/3">رياضة</a></td><td><a href="/archive">الأرشيف</a></td></tr></table>
<div id="main"><div class="article"><div class="category">سياسة</div><h2 class="title">{esc(title)}</h2>{writer}
<div class="text">{paras(body)}</div></div>
<div class="more-articles"><b>مقالات أخرى في العدد</b>{related(AR_OTHER_HEADLINES[3:6], "", "list")}</div></div>
<div id="footer">جريدة البناء - جميع الحقوق محفوظة</div></body></html>"""
    )


def albinaa_wp(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.al-binaa.com/archives/article/{p.extra['id']}"
    site = "جريدة البناء"
    h = head(
        p,
        f"{title} – جريدة البناء",
        og_title=f"{title} – جريدة البناء",
        url=url,
        site=site,
        lang="ar",
        jsonld=news_ld(p, title, url, site),
        author_meta=p.author,
    )
    auth = f'<p class="author-name">بقلم: {esc(p.author)}</p>' if p.author else ""
    return (
        h
        + f"""<body>{ar_nav(site)}<div class="wrap"><div class="entry-header"><span class="cat-links">سياسة</span>
<h1 class="entry-title">{esc(title)}</h1><div class="entry-meta"><span class="posted-on">{ar_date(p.pub, LEV, weekday=False)}</span></div></div>
<div class="entry-content">{auth}{paras(body)}</div>
{AR_SHARE}<nav class="post-navigation"><a href="/prev">{esc(AR_OTHER_HEADLINES[10])}</a></nav>{AR_COMMENTS}</div>{AR_FOOTER}</body></html>"""
    )


def okaz_a(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.okaz.com.sa/news/local/{p.extra['id']}"
    site = "عكاظ"
    h = head(
        p,
        f"{title} | عكاظ",
        og_title=title,
        url=url,
        site=site,
        lang="ar",
        jsonld=news_ld(p, title, url, site),
    )
    auth = f'<div class="reporter">{esc(p.author)} (الرياض)</div>' if p.author else ""
    hijri = p.extra["hijri_beside"]
    return (
        h
        + f"""<body>{ar_nav(site)}<div class="article-page"><h1 class="article-title">{esc(title)}</h1>
<div class="article-info"><span class="date">{WEEKDAYS[p.pub.weekday()]} {hijri} {p.pub.day:02d} {EGY[p.pub.month]} {p.pub.year}م</span></div>
{auth}<div class="article-body"><div class="bodyText">{paras(body)}</div></div>
<div class="keywords">كلمات مفتاحية: <a>الرياض</a></div>{AR_SHARE}
{related(AR_OTHER_HEADLINES[0:3], "أخبار ذات صلة", "related")}</div>{AR_COOKIE}{AR_FOOTER}</body></html>"""
    )


def gulf_hijri(p: Page, title: str, body: list[str]) -> str:
    site = "صحيفة الجزيرة"
    h = head(
        p,
        f"{site} | {title}",
        og_title=title,
        url=f"https://www.al-jazirah.com/2024/{p.extra['id']}.html",
        site=site,
        lang="ar",
        og_date=False,
    )
    auth = f'<div class="writer">بقلم: {esc(p.author)}</div>' if p.author else ""
    return (
        h
        + f"""<body><div class="header"><a href="/">صحيفة الجزيرة</a> | <a href="/pdf">العدد الورقي</a> | <a href="/archive">الأرشيف</a></div>
<div class="issue">العدد 18620</div><div class="art"><div class="date">{p.hijri}</div><h1>{esc(title)}</h1>{auth}
<div class="art-text">{paras(body)}</div></div><div class="print"><a href="#">طباعة</a> <a href="#">إرسال لصديق</a></div>{AR_FOOTER}</body></html>"""
    )


def khaleej_rel(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.alkhaleej.ae/2024-03-05/{p.extra['id']}"
    site = "صحيفة الخليج"
    h = head(
        p,
        f"{title} | صحيفة الخليج",
        og_title=title,
        url=url,
        site=site,
        lang="ar",
        author_meta=p.author,
    )
    return (
        h
        + f"""<body>{AR_COOKIE}{ar_nav(site)}<div class="article-header"><div class="section">الإمارات</div>
<h1>{esc(title)}</h1><div class="article-meta"><span class="byline">{esc(p.author or "")}</span> <span class="time-ago">{relative_ar(p.relative_hours)}</span></div></div>
<div class="article-content">{paras(body)}</div><div class="social">{AR_SHARE}</div>
<div class="newsletter">اشترك في نشرتنا اليومية</div>{AR_FOOTER}{AR_SCRIPT}</body></html>"""
    )


def khaleej_b(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.alkhaleej.ae/{p.pub:%Y-%m-%d}/{p.extra['id']}"
    site = "صحيفة الخليج"
    h = head(
        p,
        f"{title} | صحيفة الخليج",
        og_title=title,
        url=url,
        site=site,
        lang="ar",
        jsonld=news_ld(p, title, url, site),
        canonical=url,
    )
    time = f" {p.pub:%H:%M}" if p.time_shown else ""
    auth = f'<span class="byline">{esc(p.author)}</span>' if p.author else ""
    return (
        h
        + f"""<body>{ar_nav(site)}<div class="article-header"><h1>{esc(title)}</h1>
<div class="article-meta">{auth}<span class="pub-date">{p.pub.day} {EGY[p.pub.month]} {p.pub.year}{time}</span></div></div>
<div itemprop="articleBody" class="article-body">{paras(body)}</div>
<div class="tags"><a>دبي</a><a>النقل</a></div>{related(AR_OTHER_HEADLINES[6:9], "اقرأ أيضاً", "read-also")}{AR_FOOTER}</body></html>"""
    )


def kuwait_iso(p: Page, title: str, body: list[str]) -> str:
    auth = f'<font class="author">كتب {esc(p.author)}:</font><br>' if p.author else ""
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-6"><title>{esc(title)}</title></head>
<body><table><tr><td class="nav"><a href="/">الرئيسية</a> - <a href="/local">محليات</a> - <a href="/econ">اقتصاد</a></td></tr>
<tr><td><h2>{esc(title)}</h2><span class="dt">{p.pub:%Y/%m/%d}</span><br>{auth}
{paras(body)}</td></tr><tr><td class="foot">جميع الحقوق محفوظة</td></tr></table></body></html>"""


def elkhabar(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.elkhabar.com/press/article/{p.extra['id']}/"
    site = "الخبر"
    h = head(
        p,
        f"{title} - الخبر",
        og_title=title,
        url=url,
        site=site,
        lang="ar",
        jsonld=news_ld(p, title, url, site),
    )
    date_txt = ar_date(p.pub, DZ, weekday=True).replace("، ", " ")
    time = f" - {p.pub:%H:%M}" if p.time_shown else ""
    auth = f'<div class="author"><a href="/author">{esc(p.author)}</a></div>' if p.author else ""
    return (
        h
        + f"""<body>{ar_nav(site)}<div class="breadcrumb"><a>الرئيسية</a> / <a>الوطني</a></div>
<div id="article"><h1 class="title">{esc(title)}</h1>{auth}<div class="date">{date_txt}{time}</div>
<div class="article_body">{paras(body)}</div>{AR_SHARE}</div>
{related(AR_OTHER_HEADLINES[1:4], "مقالات ذات صلة", "related")}{AR_COMMENTS}{AR_FOOTER}{AR_SCRIPT}</body></html>"""
    )


def tunisia(p: Page, title: str, body: list[str]) -> str:
    site = "موزاييك"
    url = f"https://www.mosaiquefm.net/ar/{p.extra['id']}/"
    h = head(p, f"{title} | {site}", og_title=title, url=url, site=site, lang="ar")
    return (
        h
        + f"""<body>{ar_nav(site)}{AR_COOKIE}<main><div class="row"><article class="col-8">
<h1>{esc(title)}</h1><div class="published">{ar_date(p.pub, DZ, weekday=False)} {p.pub:%H:%M}</div>
<div class="desc">{paras(body)}</div></article><aside class="col-4">{related(AR_OTHER_HEADLINES[4:8], "الأكثر قراءة", "top")}</aside></div></main>{AR_FOOTER}</body></html>"""
    )


def hespress(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.hespress.com/{p.extra['id']}.html"
    site = "هسبريس"
    ld = (
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": title,
            "datePublished": meta_date(p).isoformat(),
            "author": {"@type": "Organization", "name": site},
        }
        if p.meta != "none"
        else None
    )
    h = head(
        p,
        f"{title} | هسبريس",
        og_title=title,
        url=url,
        site=site,
        lang="ar",
        jsonld=ld,
        og_date=False,
    )
    date_txt = f"{WEEKDAYS[p.pub.weekday()]} {p.pub.day:02d} {MA[p.pub.month]} {p.pub.year} - {p.pub:%H:%M}"
    auth = (
        f'<span class="author"><a href="/author">{esc(p.author)}</a></span>'
        if p.author
        else '<span class="author">هسبريس</span>'
    )
    return (
        h
        + f"""<body>{ar_nav(site)}<div class="article-container"><div class="breadcrumb"><a>الرئيسية</a> <a>مجتمع</a></div>
<h1 class="post-title">{esc(title)}</h1><div class="article-meta">{auth} <span class="date-post">{date_txt}</span></div>
<div class="article-content">{paras(body)}</div>
<div class="box-related"><h4>مقالات ذات صلة</h4>{related(AR_OTHER_HEADLINES[9:12], "", "posts")}</div>{AR_COMMENTS}</div>{AR_FOOTER}</body></html>"""
    )


def annahar(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.annahar.com/arabic/section/{p.extra['id']}"
    site = "النهار"
    h = head(
        p,
        f"{title} | النهار",
        og_title=title,
        url=url,
        site=site,
        lang="ar",
        jsonld=news_ld(p, title, url, site),
        author_meta=p.author,
        canonical=url,
    )
    time = f" | {p.pub:%H:%M}" if p.time_shown else ""
    auth = f'<div class="writerName">{esc(p.author)}</div>' if p.author else ""
    return (
        h
        + f"""<body>{AR_COOKIE}{ar_nav(site)}<div class="articleMainPage"><div class="articleTitle"><h1>{esc(title)}</h1></div>
{auth}<div class="articleDate">{ar_date(p.pub, LEV, weekday=False)}{time}</div>
<div class="articleMainText">{paras(body[:1])}<div class="inarticle-related"><span>اقرأ أيضاً</span><a href="/r">{esc(AR_OTHER_HEADLINES[5])}</a></div>{paras(body[1:])}</div>
<div class="articleTags"><a>لبنان</a><a>قضاء</a></div>{AR_SHARE}</div>{AR_FOOTER}{AR_SCRIPT}</body></html>"""
    )


def alghad(p: Page, title: str, body: list[str]) -> str:
    site = "الغد"
    h = head(
        p,
        f"{title} - الغد",
        og_title=title,
        url=f"https://alghad.com/{p.extra['id']}",
        site=site,
        lang="ar",
        og_date=False,
    )
    auth = f'<div class="author">{esc(p.author)}</div>' if p.author else ""
    return (
        h
        + f"""<body>{ar_nav(site)}<div class="post"><h1>{esc(title)}</h1>{auth}<div class="post-date">{ar_date(p.pub, LEV)}</div>
<div class="post-content">{paras(body)}</div>{AR_SHARE}</div>{related(AR_OTHER_HEADLINES[0:3], "ذات صلة", "related")}{AR_FOOTER}</body></html>"""
    )


def iraq(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.alsumaria.tv/news/{p.extra['id']}"
    site = "السومرية نيوز"
    h = head(
        p,
        f"{title} - السومرية نيوز",
        og_title=title,
        url=url,
        site=site,
        lang="ar",
        jsonld=news_ld(p, title, url, site, with_author=False),
    )
    return (
        h
        + f"""<body>{ar_nav(site)}<div class="news-page"><h1>{esc(title)}</h1>
<div class="info"><span class="cat">اقتصاد</span> <span class="pdate">{ar_date(p.pub, LEV, weekday=False)} {p.pub:%H:%M}</span></div>
<div class="news-body"><p>{esc(p.dateline)}</p>{paras(body)}</div>
<div class="follow">تابعونا على قناتنا في تيليغرام</div>{related(AR_OTHER_HEADLINES[7:10], "أخبار ذات صلة", "rel")}</div>{AR_FOOTER}</body></html>"""
    )


def syria_opp_yesterday(p: Page, title: str, body: list[str]) -> str:
    site = "سوريا اليوم"
    h = head(
        p,
        f"{title} | {site}",
        og_title=title,
        url=f"https://syria-today.example/{p.extra['id']}",
        site=site,
        lang="ar",
        og_date=False,
    )
    auth = f'<span class="by">كتبت {esc(p.author)}</span>' if p.author else ""
    return (
        h
        + f"""<body>{ar_nav(site)}<article><h1>{esc(title)}</h1><div class="meta">{auth} <span class="when">أمس</span></div>
<section class="body">{paras(body)}</section></article><div class="readalso"><b>اقرأ أيضا</b>{related(AR_OTHER_HEADLINES[2:4], "", "ul")}</div>{AR_COMMENTS}{AR_FOOTER}</body></html>"""
    )


# --- English and French layouts ----------------------------------------------------------------


def en_wire(p: Page, title: str, body: list[str]) -> str:
    url = f"https://www.thenational.example/mena/{p.pub:%Y/%m/%d}/{p.extra['id']}"
    site = "The National"
    h = head(
        p,
        f"{title} | The National",
        og_title=title,
        url=url,
        site=site,
        lang="en",
        jsonld=news_ld(p, title, url, site),
        canonical=url,
    )
    auth = (
        f'<span class="byline">By <a href="/author">{esc(p.author)}</a></span>' if p.author else ""
    )
    when = f"{EN_MONTHS[p.pub.month]} {p.pub.day}, {p.pub.year}" + (
        f", {p.pub:%H:%M}" if p.time_shown else ""
    )
    return (
        h
        + f"""<body>{EN_COOKIE}{en_nav()}<div class="breadcrumbs"><a>Home</a> / <a>MENA</a></div>
<article><h1 class="headline">{esc(title)}</h1><div class="meta">{auth} <time datetime="{meta_date(p).isoformat()}">{when}</time></div>
<figure><img src="/x.jpg"><figcaption>A file photo. Reuters</figcaption></figure>
<div class="article-body">{paras(body[:2])}<aside class="read-more"><h4>Read more</h4><a href="/r">{esc(EN_OTHER_HEADLINES[p.extra["id"] % 6])}</a></aside>{paras(body[2:])}</div>
{EN_SHARE}</article>{related(EN_OTHER_HEADLINES[:3], "Most popular", "most-popular")}{EN_COMMENTS}{EN_FOOTER}{EN_SCRIPT}</body></html>"""
    )


def en_blog(p: Page, title: str, body: list[str]) -> str:
    site = "North Press Agency"
    url = f"https://npasyria.com/en/{p.extra['id']}/"
    h = head(
        p,
        f"{title} - North Press Agency",
        og_title=f"{title} - North Press Agency",
        url=url,
        site=site,
        lang="en",
    )
    auth = f'<p class="author">Reporting by {esc(p.author)}</p>' if p.author else ""
    when = f"{p.pub.day} {EN_MONTHS[p.pub.month]} {p.pub.year}"
    return (
        h
        + f"""<body>{en_nav()}<main><div class="post"><h1>{esc(title)}</h1><div class="date">{when}</div>
<div class="entry">{paras(body)}{auth}</div>
<div class="tags">Tags: <a>Syria</a></div></div><div class="widget">{related(EN_OTHER_HEADLINES[3:6], "Latest news", "latest")}</div></main>{EN_FOOTER}</body></html>"""
    )


def fr_presse(p: Page, title: str, body: list[str]) -> str:
    site = "Le Quotidien"
    url = f"https://www.lequotidien.example/{p.extra['id']}.html"
    h = head(
        p,
        f"{title} - Le Quotidien",
        og_title=title,
        url=url,
        site=site,
        lang="fr",
        jsonld=news_ld(p, title, url, site),
        canonical=url,
    )
    auth = f'<span class="signature">Par {esc(p.author)}</span>' if p.author else ""
    when = f"Publié le {p.pub.day} {FR_MONTHS[p.pub.month]} {p.pub.year}" + (
        f" à {p.pub.hour}h{p.pub.minute:02d}" if p.time_shown else ""
    )
    return (
        h
        + f"""<body>{FR_COOKIE}{fr_nav()}<article class="article"><h1 class="article__title">{esc(title)}</h1>
<div class="meta">{auth} <span class="date">{when}</span></div><div class="article__content">{paras(body[:1])}
<p class="lire-aussi"><strong>Lire aussi :</strong> <a href="/l">{esc(FR_OTHER_HEADLINES[p.extra["id"] % 4])}</a></p>{paras(body[1:])}</div>{FR_SHARE}</article>
{related(FR_OTHER_HEADLINES[:3], "Les plus lus", "plus-lus")}{FR_COMMENTS}{FR_FOOTER}</body></html>"""
    )


def fr_legacy(p: Page, title: str, body: list[str]) -> str:
    # A latin-1 page with a numeric date and no metadata.
    auth = f"<p><i>{esc(p.author)}</i></p>" if p.author else ""
    return f"""<html><head><title>{esc(title)} - Actualités</title></head><body>
<div id="menu"><a href="/">Accueil</a> | <a href="/nat">National</a> | <a href="/eco">Économie</a></div>
<div id="contenu"><h2>{esc(title)}</h2><div class="date">{p.pub:%d/%m/%Y}</div>{paras(body)}{auth}</div>
<div id="pied">Tous droits réservés - Actualités</div></body></html>"""


LAYOUTS: dict[str, tuple[Callable[[Page, str, list[str]], str], str]] = {
    name: (fn, lang)
    for name, fn, lang in [
        ("sana_a", sana_a, "ar"),
        ("sana_b", sana_b, "ar"),
        ("sana_legacy", sana_legacy, "ar"),
        ("youm7_a", youm7_a, "ar"),
        ("youm7_b", youm7_b, "ar"),
        ("baladi_a", baladi_a, "ar"),
        ("baladi_b", baladi_b, "ar"),
        ("northpress_a", northpress_a, "ar"),
        ("northpress_rel", northpress_rel, "ar"),
        ("albinaa_legacy", albinaa_legacy, "ar"),
        ("albinaa_wp", albinaa_wp, "ar"),
        ("okaz_a", okaz_a, "ar"),
        ("gulf_hijri", gulf_hijri, "ar"),
        ("khaleej_rel", khaleej_rel, "ar"),
        ("khaleej_b", khaleej_b, "ar"),
        ("kuwait_iso", kuwait_iso, "ar"),
        ("elkhabar", elkhabar, "ar"),
        ("tunisia", tunisia, "ar"),
        ("hespress", hespress, "ar"),
        ("annahar", annahar, "ar"),
        ("alghad", alghad, "ar"),
        ("iraq", iraq, "ar"),
        ("syria_opp_yesterday", syria_opp_yesterday, "ar"),
        ("en_wire", en_wire, "en"),
        ("en_blog", en_blog, "en"),
        ("fr_presse", fr_presse, "fr"),
        ("fr_legacy", fr_legacy, "fr"),
    ]
}
# Boilerplate strings each layout prints, checked as absent (beyond the related headlines).
AR_ABSENT = [
    "الأكثر قراءة",
    "شارك الخبر",
    "اكتب تعليقك هنا",
    "جميع الحقوق محفوظة",
    "ملفات تعريف الارتباط",
    "حمل تطبيقنا",
    "سياسة الخصوصية",
    "اقرأ أيضا",
    "تابعوا آخر الأخبار",
    "ثقافة وفنون",
    "اضف تعليق",
]
EN_ABSENT = [
    "We use cookies",
    "Share on Facebook",
    "Most popular",
    "Join the discussion",
    "Download our app",
    "All rights reserved",
    "Read more",
    "Subscribe now",
    "A file photo",
]
FR_ABSENT = [
    "Partager sur Facebook",
    "Les plus lus",
    "Lire aussi",
    "Tous droits réservés",
    "cookies",
    "Votre commentaire",
]

D = datetime
PAGES_SPEC: list[Page] = [
    # SANA
    Page(
        "sana_01",
        "raqqa_water",
        "sana_a",
        "هلا العلي",
        D(2024, 3, 7, 10, 30),
        time_shown=False,
        dateline="الرقة-سانا",
    ),
    Page(
        "sana_02",
        "damascus_fair",
        "sana_a",
        None,
        D(2023, 11, 14, 12, 5),
        time_shown=False,
        meta="disagree",
        dateline="دمشق-سانا",
    ),
    Page(
        "sana_03",
        "aleppo_bakeries",
        "sana_a",
        "محمد الخضر",
        D(2024, 1, 9, 9, 0),
        time_shown=False,
        meta="none",
        dateline="حلب-سانا",
    ),
    Page(
        "sana_04",
        "deir_convoy",
        "sana_b",
        None,
        D(2024, 2, 20, 14, 15),
        meta="disagree",
        dateline="دير الزور-سانا",
    ),
    Page(
        "sana_05",
        "sweida_protest",
        "sana_b",
        None,
        D(2023, 8, 25, 18, 40),
        meta="none",
        dateline="السويداء-سانا",
    ),
    Page(
        "sana_06",
        "damascus_fair",
        "sana_legacy",
        None,
        D(2017, 10, 11),
        time_shown=False,
        meta="none",
        encoding="windows-1256",
        declared=None,
        dateline="دمشق-سانا",
    ),
    Page(
        "sana_07",
        "raqqa_water",
        "sana_b",
        None,
        D(2024, 12, 1, 8, 10),
        meta="agree",
        dateline="الرقة-سانا",
    ),
    # Youm7-style
    Page("youm7_01", "cairo_metro", "youm7_a", "أحمد عرفة", D(2024, 6, 2, 19, 5), tz=3),
    Page(
        "youm7_02",
        "egypt_wheat",
        "youm7_a",
        "محمد السيد",
        D(2023, 2, 14, 11, 20),
        tz=2,
        meta="disagree",
    ),
    Page(
        "youm7_03",
        "alex_heritage",
        "youm7_b",
        "مروة محمود",
        D(2024, 3, 3, 14, 15),
        tz=2,
        meta="none",
    ),
    Page(
        "youm7_04",
        "egypt_wheat",
        "youm7_b",
        None,
        D(2022, 10, 16, 19, 5),
        tz=2,
        meta="agree",
        encoding="utf-8",
        declared="windows-1256",
    ),
    Page(
        "youm7_05", "cairo_metro", "youm7_a", "أحمد عرفة", D(2023, 9, 28, 7, 45), tz=3, meta="none"
    ),
    Page(
        "youm7_06",
        "us_iraq_withdrawal",
        "youm7_a",
        "أحمد عرفة",
        D(2024, 1, 16, 19, 5),
        tz=2,
        time_shown=True,
        meta="agree",
    ),
    # Baladi News
    Page("baladi_01", "deraa_security", "baladi_a", "كنان سلطان", D(2023, 5, 18, 13, 10)),
    Page(
        "baladi_02",
        "idlib_schools",
        "baladi_a",
        "نور الأحمد",
        D(2024, 2, 4, 9, 30),
        time_shown=False,
        meta="disagree",
    ),
    Page("baladi_03", "deir_convoy", "baladi_b", "حسام محمد", D(2023, 12, 10, 16, 45), meta="none"),
    Page(
        "baladi_04",
        "sweida_protest",
        "baladi_b",
        None,
        D(2024, 4, 12, 11, 0),
        meta="none",
        encoding="windows-1256",
        declared="utf-8",
    ),
    Page(
        "baladi_05",
        "us_iraq_withdrawal",
        "baladi_a",
        "كنان سلطان",
        D(2024, 9, 22, 20, 15),
        meta="agree",
    ),
    # North Press
    Page(
        "np_01",
        "qamishli_fuel",
        "northpress_a",
        "سلافا شيخو",
        D(2024, 3, 5, 10, 0),
        time_shown=False,
        dateline="القامشلي – نورث برس",
    ),
    Page(
        "np_02",
        "hasakah_wheat",
        "northpress_a",
        "دلسوز يوسف",
        D(2023, 4, 30, 13, 25),
        meta="disagree",
        dateline="الحسكة – نورث برس",
    ),
    Page(
        "np_03",
        "raqqa_water",
        "northpress_rel",
        "زانا العلي",
        D(2024, 3, 5, 11, 0),
        meta="none",
        relative_hours=3,
        dateline="الرقة – نورث برس",
    ),
    Page(
        "np_04",
        "us_iraq_withdrawal",
        "northpress_rel",
        None,
        D(2024, 6, 10, 15, 30),
        meta="none",
        relative_hours=2,
        dateline="دير الزور – نورث برس",
    ),
    Page(
        "np_05",
        "deir_convoy",
        "northpress_a",
        None,
        D(2024, 10, 8, 9, 40),
        dateline="دير الزور – نورث برس",
    ),
    # Al-Binaa
    Page(
        "binaa_01",
        "beirut_port",
        "albinaa_legacy",
        "معن حمية",
        D(2023, 3, 16),
        time_shown=False,
        meta="none",
        tz=2,
        encoding="windows-1256",
        declared="windows-1256-http-equiv",
    ),
    Page(
        "binaa_02",
        "lebanon_electricity",
        "albinaa_legacy",
        "روزانا رمّال",
        D(2024, 7, 11),
        time_shown=False,
        meta="none",
        tz=3,
        encoding="windows-1256",
        declared=None,
    ),
    Page(
        "binaa_03",
        "beirut_port",
        "albinaa_wp",
        "معن حمية",
        D(2024, 2, 22, 23, 50),
        time_shown=False,
        tz=2,
    ),
    Page(
        "binaa_04",
        "sweida_protest",
        "albinaa_wp",
        "محمد حميّة",
        D(2023, 10, 5, 22, 10),
        time_shown=False,
        meta="disagree",
    ),
    # Gulf
    Page(
        "okaz_01",
        "riyadh_expo",
        "okaz_a",
        "فهد السلمي",
        D(2024, 3, 7, 0, 15),
        time_shown=False,
        meta="agree",
        extra={"hijri_beside": "26 شعبان 1445هـ"},
    ),
    Page(
        "okaz_02",
        "jeddah_season",
        "okaz_a",
        None,
        D(2024, 3, 22, 21, 0),
        time_shown=False,
        meta="disagree",
        extra={"hijri_beside": "12 رمضان 1445هـ"},
    ),
    Page(
        "jazirah_01",
        "riyadh_expo",
        "gulf_hijri",
        "عبدالله الشمري",
        D(2024, 3, 22),
        time_shown=False,
        meta="none",
        hijri="الجمعة 12 رمضان 1445هـ",
    ),
    Page(
        "jazirah_02",
        "jeddah_season",
        "gulf_hijri",
        None,
        D(2024, 4, 10),
        time_shown=False,
        meta="none",
        hijri="الأربعاء 1 شوال 1445 هـ",
    ),
    Page(
        "khaleej_01",
        "dubai_transport",
        "khaleej_rel",
        "ميثاء الكعبي",
        D(2024, 3, 5, 8, 0),
        tz=4,
        meta="none",
        relative_hours=2,
    ),
    Page(
        "khaleej_02",
        "dubai_transport",
        "khaleej_b",
        "سلمى الحمادي",
        D(2023, 11, 20, 17, 35),
        tz=4,
        meta="agree",
    ),
    Page(
        "khaleej_03",
        "kuwait_budget",
        "khaleej_b",
        None,
        D(2024, 5, 13, 10, 5),
        tz=4,
        time_shown=False,
        meta="disagree",
    ),
    Page(
        "qabas_01",
        "kuwait_budget",
        "kuwait_iso",
        "خالد المطيري",
        D(2022, 12, 6),
        time_shown=False,
        meta="none",
        encoding="iso-8859-6",
        declared="iso-8859-6",
    ),
    # Maghreb
    Page(
        "khabar_01",
        "algiers_housing",
        "elkhabar",
        "سمير حميطوش",
        D(2024, 1, 2, 18, 20),
        tz=1,
        meta="disagree",
    ),
    Page(
        "khabar_02", "algiers_housing", "elkhabar", None, D(2023, 7, 5, 9, 45), tz=1, meta="agree"
    ),
    Page("tunis_01", "tunis_olive", "tunisia", None, D(2023, 2, 17, 15, 30), tz=1, meta="none"),
    Page(
        "hespress_01",
        "rabat_drought",
        "hespress",
        "عبد الرحيم العسري",
        D(2023, 9, 3, 10, 15),
        tz=1,
        meta="agree",
    ),
    Page(
        "hespress_02",
        "rabat_drought",
        "hespress",
        None,
        D(2024, 8, 18, 22, 40),
        tz=1,
        meta="disagree",
    ),
    # Levant / Iraq
    Page(
        "nahar_01", "beirut_port", "annahar", "ليلى جرجس", D(2024, 1, 18, 12, 0), tz=2, meta="agree"
    ),
    Page(
        "nahar_02",
        "lebanon_electricity",
        "annahar",
        None,
        D(2023, 12, 27, 16, 20),
        tz=2,
        meta="disagree",
        time_shown=False,
    ),
    Page(
        "ghad_01",
        "amman_rain",
        "alghad",
        "رانيا الصرايرة",
        D(2024, 2, 26),
        time_shown=False,
        meta="none",
    ),
    Page(
        "sumaria_01",
        "baghdad_power",
        "iraq",
        None,
        D(2024, 6, 19, 14, 5),
        meta="agree",
        dateline="بغداد/ السومرية نيوز",
    ),
    Page(
        "syriatoday_01",
        "idlib_schools",
        "syria_opp_yesterday",
        "سارة الحسن",
        D(2024, 3, 4),
        meta="none",
        time_shown=False,
    ),
    # English
    Page("en_01", "en_raqqa_water", "en_wire", "Sarah Khalil", D(2024, 3, 7, 10, 30), meta="agree"),
    Page(
        "en_02", "en_cairo_metro", "en_wire", "Hamza Hendawi", D(2024, 6, 2, 19, 5), meta="disagree"
    ),
    Page(
        "en_03",
        "en_beirut_port",
        "en_wire",
        None,
        D(2024, 1, 18, 12, 0),
        tz=2,
        meta="agree",
        time_shown=False,
    ),
    Page("en_04", "en_iraq_solar", "en_wire", "Sinan Mahmoud", D(2024, 6, 19, 14, 5), meta="none"),
    Page(
        "en_05",
        "en_morocco_drought",
        "en_wire",
        "Nadia Ahmed",
        D(2023, 9, 3, 10, 15),
        tz=1,
        meta="agree",
    ),
    Page("en_06", "en_qamishli_fuel", "en_wire", None, D(2024, 3, 5, 10, 0), meta="agree"),
    Page(
        "en_07",
        "en_qamishli_fuel",
        "en_blog",
        "Jwan Kaddo",
        D(2024, 3, 5, 12, 0),
        meta="none",
        time_shown=False,
    ),
    Page(
        "en_08",
        "en_raqqa_water",
        "en_blog",
        None,
        D(2024, 3, 8, 9, 0),
        meta="agree",
        time_shown=False,
    ),
    Page(
        "en_09",
        "en_iraq_solar",
        "en_blog",
        "Sinan Mahmoud",
        D(2024, 6, 20, 9, 0),
        meta="disagree",
        time_shown=False,
    ),
    Page(
        "en_10",
        "en_beirut_port",
        "en_blog",
        None,
        D(2024, 1, 19, 8, 0),
        tz=2,
        meta="none",
        time_shown=False,
    ),
    Page(
        "en_11",
        "en_cairo_metro",
        "en_blog",
        "Mohamed Farouk",
        D(2024, 6, 3),
        meta="none",
        time_shown=False,
    ),
    Page(
        "en_12",
        "en_morocco_drought",
        "en_blog",
        None,
        D(2023, 9, 4, 7, 30),
        tz=1,
        meta="agree",
        time_shown=False,
    ),
    # French
    Page(
        "fr_01",
        "fr_alger_logement",
        "fr_presse",
        "Karim Benamar",
        D(2024, 1, 2, 18, 20),
        tz=1,
        meta="agree",
    ),
    Page(
        "fr_02",
        "fr_tunisie_olive",
        "fr_presse",
        None,
        D(2023, 2, 17, 15, 30),
        tz=1,
        meta="disagree",
    ),
    Page(
        "fr_03",
        "fr_liban_electricite",
        "fr_presse",
        "Jeanine Jalkh",
        D(2023, 12, 27, 16, 20),
        tz=2,
        meta="none",
    ),
    Page(
        "fr_04",
        "fr_maroc_secheresse",
        "fr_presse",
        None,
        D(2023, 9, 3, 10, 15),
        tz=1,
        meta="agree",
        time_shown=False,
    ),
    Page(
        "fr_05",
        "fr_alger_logement",
        "fr_legacy",
        None,
        D(2024, 1, 3),
        tz=1,
        meta="none",
        time_shown=False,
        encoding="windows-1252",
        declared=None,
    ),
    Page(
        "fr_06",
        "fr_tunisie_olive",
        "fr_legacy",
        "Samir Dridi",
        D(2023, 2, 18),
        tz=1,
        meta="none",
        time_shown=False,
        encoding="windows-1252",
        declared=None,
    ),
    Page(
        "fr_07",
        "fr_liban_electricite",
        "fr_legacy",
        None,
        D(2023, 12, 28),
        tz=2,
        meta="none",
        time_shown=False,
        encoding="utf-8",
        declared=None,
    ),
    Page(
        "fr_08",
        "fr_maroc_secheresse",
        "fr_legacy",
        "Leila Hanafi",
        D(2023, 9, 5),
        tz=1,
        meta="none",
        time_shown=False,
        encoding="windows-1252",
        declared=None,
    ),
]


def main() -> None:
    PAGES.mkdir(parents=True, exist_ok=True)
    for old in PAGES.glob("*.html"):
        old.unlink()
    expected = []
    for i, p in enumerate(PAGES_SPEC, 1):
        fn, lang = LAYOUTS[p.layout]
        title, body = {**AR, **EN, **FR}[p.story]
        p.extra.setdefault("id", 1000 + i * 37)
        page = fn(p, title, body)
        (PAGES / f"{p.name}.html").write_bytes(page.encode(p.encoding))
        fetched_at = (
            aware(p, p.pub + timedelta(hours=p.relative_hours)) if p.relative_hours else None
        )
        if p.layout == "syria_opp_yesterday":
            fetched_at = aware(p, p.pub + timedelta(days=1, hours=9))
        true_body = ([p.dateline] if p.dateline else []) + body
        others = {"ar": AR_OTHER_HEADLINES, "en": EN_OTHER_HEADLINES, "fr": FR_OTHER_HEADLINES}[
            lang
        ]
        boiler = {"ar": AR_ABSENT, "en": EN_ABSENT, "fr": FR_ABSENT}[lang]
        absent = [h for h in others if h in page] + [b for b in boiler if b in page]
        if p.author and lang == "ar":
            absent += [f"كتب {p.author}", f"({p.author})", f"بقلم: {p.author}"]
        words = body[-1].split()
        expected.append(
            {
                "file": f"{p.name}.html",
                "outlet_layout": p.layout,
                "language": lang,
                "encoding": p.encoding,
                "declared_charset": p.declared,
                "fetched_at": fetched_at.isoformat() if fetched_at else None,
                "title": title,
                "author": p.author,
                "published": expected_published(p, fetched_at),
                "metadata_date": p.meta,
                "body": "\n".join(true_body),
                "present": [
                    " ".join(body[0].split()[:8]),
                    " ".join(words[len(words) // 2 :]),
                    *([p.dateline] if p.dateline else []),
                ],
                "absent": [a for a in absent if a not in "\n".join(true_body) and a not in title],
            }
        )
    (HERE / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    n_ar = sum(1 for e in expected if e["language"] == "ar")
    print(f"{len(expected)} pages ({n_ar} Arabic) written to {PAGES}")


if __name__ == "__main__":
    main()
