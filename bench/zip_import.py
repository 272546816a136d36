"""Reading every member of a zip of 20,000 small files: one open archive vs reopening it per
member (issue 20, item 10). Reading only: no database, no analysis.

Run: .venv/bin/python bench/zip_import.py [--files 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=20_000)
    args = parser.parse_args()
    import django

    django.setup()
    from articles.ingest import sources

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "many.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for i in range(args.files):
                archive.writestr(f"d{i % 50}/item-{i}.txt", f"عنوان {i}\n\nنص قصير رقم {i}.")
        caps = sources.Caps.from_settings()
        refs = sources.items_from_paths([str(path)], caps)
        timings = {}
        for label, cache_size in (("reopen per member (before)", 0), ("one open archive", 4)):
            sources.ARCHIVE_CACHE_SIZE = cache_size
            sources._archives.clear()
            started = time.perf_counter()
            total = sum(len(sources.read_item(ref, caps)) for ref in refs)
            timings[label] = time.perf_counter() - started
            print(f"{label}: {len(refs):,} members, {total:,} bytes, {timings[label]:.2f} s")
        before, after = timings.values()
        print(f"ratio {before / after:.1f}x")


if __name__ == "__main__":
    main()
