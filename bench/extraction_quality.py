"""Extraction quality and speed on bench/extraction/pages: this extractor against plain
trafilatura and plain readability-lxml on the same pages.

Run: .venv/bin/python bench/extraction_quality.py [--repeat 3] [--show-failures]

Body F1 is token-level (bag of words) F1 of the extracted body against the page's true body from
expected.json; "present"/"absent" are the pass rates of the expected snippets; title, author and
date accuracy compare with the expected values (date: the calendar day, in the expected offset
when it has one; "time" counts pages whose expected value has a time and checks the minute, only
for extractors that return a time). Speed is pages per second in this one process (one core).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from articles.ingest.metadata import arabic_digits_to_latin  # noqa: E402
from articles.ingest.webpage import extract_article  # noqa: E402

BENCH = ROOT / "bench" / "extraction"
_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(arabic_digits_to_latin(text or "").lower())


def f1(got: str, want: str) -> float:
    g, w = Counter(tokens(got)), Counter(tokens(want))
    overlap = sum((g & w).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(g.values()), overlap / sum(w.values())
    return 2 * precision * recall / (precision + recall)


def squash(text: str | None) -> str:
    return " ".join((text or "").split())


def ours(data: bytes, page: dict[str, Any]) -> dict[str, Any]:
    fetched = datetime.fromisoformat(page["fetched_at"]) if page["fetched_at"] else None
    a = extract_article(data, fetched_at=fetched)
    return {"title": a.title, "body": a.body, "author": a.author, "date": a.published_at}


def plain_trafilatura(data: bytes, page: dict[str, Any]) -> dict[str, Any]:
    import trafilatura

    body = trafilatura.extract(data) or ""
    meta = trafilatura.extract_metadata(data)
    return {
        "title": meta.title if meta else "",
        "body": body,
        "author": meta.author if meta else None,
        "date": meta.date if meta else None,
    }


def plain_readability(data: bytes, page: dict[str, Any]) -> dict[str, Any]:
    import lxml.html
    from readability import Document

    doc = Document(data)
    summary = lxml.html.fromstring(doc.summary(html_partial=True))
    body = "\n".join(
        squash(el.text_content())
        for el in summary.iter("p", "h2", "h3", "li", "td")
        if squash(el.text_content())
    ) or squash(summary.text_content())
    return {"title": doc.short_title(), "body": body, "author": None, "date": None}


EXTRACTORS: dict[str, Callable[[bytes, dict[str, Any]], dict[str, Any]]] = {
    "ours": ours,
    "trafilatura": plain_trafilatura,
    "readability": plain_readability,
}
RETURNS_AUTHOR_AND_DATE = {"ours", "trafilatura"}


def date_checks(got: Any, want: str | None) -> tuple[bool, bool | None]:
    """(day right, minute right or None when the expected value has no time / got has none)."""
    if want is None:
        return got is None, None
    if got is None:
        return False, None
    expected = datetime.fromisoformat(want)
    has_time = "T" in want
    if isinstance(got, str):  # trafilatura: "YYYY-MM-DD"
        return got[:10] == want[:10], None
    if expected.tzinfo is not None and got.tzinfo is not None:
        got_local = got.astimezone(expected.tzinfo)
    else:
        got_local = got.replace(tzinfo=None) if expected.tzinfo is None else got
    day_ok = got_local.date() == expected.date()
    if not has_time:
        return day_ok, None
    if expected.tzinfo is None:
        return day_ok, got.replace(tzinfo=None, second=0, microsecond=0) == expected
    return day_ok, got.replace(second=0, microsecond=0) == expected


_ATTR = re.compile(rb'\b(class|id)="([^"]*)"')


def obfuscate(data: bytes) -> bytes:
    return _ATTR.sub(
        lambda m: m.group(1) + b'="c' + str(zlib.crc32(m.group(2))).encode() + b'"', data
    )


def score(name: str, pages: list[dict[str, Any]], results: list[dict[str, Any]]) -> dict[str, Any]:
    rows: dict[str, list[float]] = {
        k: [] for k in ("f1", "present", "absent", "title", "author", "date", "time")
    }
    failures = []
    for page, got in zip(pages, results, strict=True):
        body = squash(got["body"])
        rows["f1"].append(f1(got["body"], page["body"]))
        rows["present"].extend(squash(s) in body for s in page["present"])
        rows["absent"].extend(squash(s) not in body for s in page["absent"])
        rows["title"].append(squash(got["title"]) == squash(page["title"]))
        if name in RETURNS_AUTHOR_AND_DATE:
            rows["author"].append(squash(got["author"]) == squash(page["author"]))
            day_ok, time_ok = date_checks(got["date"], page["published"])
            rows["date"].append(day_ok)
            if time_ok is not None:
                rows["time"].append(time_ok)
            if not day_ok or time_ok is False or squash(got["author"]) != squash(page["author"]):
                failures.append(
                    (
                        page["file"],
                        "date/author",
                        str(got["date"]),
                        page["published"],
                        got["author"],
                        page["author"],
                    )
                )
        if squash(got["title"]) != squash(page["title"]):
            failures.append((page["file"], "title", got["title"]))
        if rows["f1"][-1] < 0.95:
            failures.append((page["file"], f"f1 {rows['f1'][-1]:.3f}"))
        missing = [s for s in page["absent"] if squash(s) in body]
        if missing:
            failures.append((page["file"], "boilerplate kept", missing))
    out = {k: (sum(v) / len(v) if v else None) for k, v in rows.items()}
    out["n"] = len(pages)
    out["failures"] = failures
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3, help="timing runs over the whole set")
    parser.add_argument("--show-failures", action="store_true")
    parser.add_argument(
        "--set",
        default="pages",
        choices=("pages", "heldout"),
        help="pages: the 65-page set; heldout: 12 pages in layouts written after tuning",
    )
    parser.add_argument(
        "--obfuscate",
        action="store_true",
        help="replace every class and id value with a meaningless token, as sites with generated "
        "CSS class names have: measures what rests on class-name vocabulary",
    )
    args = parser.parse_args()
    folder = BENCH / "pages" if args.set == "pages" else BENCH / "heldout"
    expected = BENCH / "expected.json" if args.set == "pages" else folder / "expected.json"
    pages = json.loads(expected.read_text(encoding="utf-8"))
    blobs = [(folder / p["file"]).read_bytes() for p in pages]
    if args.obfuscate:
        blobs = [obfuscate(b) for b in blobs]
    n_ar = sum(p["language"] == "ar" for p in pages)
    print(f"{len(pages)} pages, {n_ar} Arabic\n")
    header = f"{'extractor':<12} {'subset':<7} {'bodyF1':>7} {'present':>8} {'absent':>7} {'title':>6} {'author':>7} {'date':>6} {'time':>6} {'pages/s':>8}"
    print(header)
    print("-" * len(header))
    for name, fn in EXTRACTORS.items():
        results = [fn(b, p) for b, p in zip(blobs, pages, strict=True)]  # warm-up and results
        started = time.process_time()
        for _ in range(args.repeat):
            for b, p in zip(blobs, pages, strict=True):
                fn(b, p)
        speed = args.repeat * len(pages) / (time.process_time() - started)
        for subset in ("all", "ar"):
            keep = [i for i, p in enumerate(pages) if subset == "all" or p["language"] == "ar"]
            s = score(name, [pages[i] for i in keep], [results[i] for i in keep])

            def fmt(v: float | None) -> str:
                return "   n/a" if v is None else f"{v:6.3f}"

            print(
                f"{name:<12} {subset:<7} {s['f1']:7.3f} {s['present']:8.3f} {s['absent']:7.3f} {fmt(s['title'])} "
                f"{fmt(s['author']):>7} {fmt(s['date'])} {fmt(s['time'])} {speed:8.1f}"
            )
            if args.show_failures and subset == "all" and name == "ours":
                for failure in s["failures"]:
                    print("   ", *failure)


if __name__ == "__main__":
    main()
