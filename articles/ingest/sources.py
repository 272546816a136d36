"""Where import items come from: files, folders, zip archives (nested folders and zips) and
uploads, with caps against zip bombs and unsafe entry names.

Zip entries are read into memory, never extracted: nothing of an archive is written anywhere.
An `ItemRef` is small and picklable; `read_item` (run in a worker process) loads its bytes.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings

from articles.ingest.formats import SUPPORTED

ZIP_SUFFIXES = {".zip"}
IGNORED_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Caps:
    max_item_bytes: int
    max_total_uncompressed: int
    max_ratio: int
    max_entries: int
    max_zip_depth: int = 2

    @classmethod
    def from_settings(cls) -> Caps:
        return cls(
            max_item_bytes=settings.IMPORT_MAX_ITEM_BYTES,
            max_total_uncompressed=settings.IMPORT_MAX_UNCOMPRESSED_BYTES,
            max_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
            max_entries=settings.IMPORT_MAX_ZIP_ENTRIES,
        )


@dataclass(frozen=True)
class ItemRef:
    """One file to parse: on disk, inside (nested) zips, or given as bytes (an upload)."""

    name: str  # what reports show: "uploads/2015-07-21.zip/2015-07-21.json"
    path: str = ""  # file on disk holding it (or the outermost zip)
    members: tuple[str, ...] = ()  # zip member names, outermost first
    data: bytes | None = field(default=None, repr=False)  # an upload's bytes
    error: str = ""  # known bad before reading (unsafe name, caps exceeded)
    size: int = 0  # bytes to read (uncompressed), as far as known before reading


class SourceProblem(ValueError):
    pass


def _is_zip(name: str, head: bytes) -> bool:
    return PurePosixPath(name).suffix.lower() in ZIP_SUFFIXES or head.startswith(b"PK\x03\x04")


def unsafe_member_name(name: str) -> bool:
    """Absolute paths, drive letters and '..' components: never acceptable inside an archive."""
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":"):
        return True
    return ".." in PurePosixPath(posix).parts


def _wanted(name: str) -> bool:
    base = PurePosixPath(name).name
    if not base or base.lower() in IGNORED_NAMES or base.startswith("._") or "__MACOSX/" in name:
        return False
    return True


def items_from_paths(paths: Sequence[str], caps: Caps) -> list[ItemRef]:
    items: list[ItemRef] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    full = Path(root) / name
                    if _wanted(str(full)):
                        items.extend(_items_from_file(full, caps))
        elif path.exists():
            items.extend(_items_from_file(path, caps))
        else:
            items.append(ItemRef(name=str(raw), path=str(raw), error="no such file or folder"))
    return items


def _items_from_file(path: Path, caps: Caps) -> list[ItemRef]:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError as exc:
        return [
            ItemRef(name=str(path), path=str(path), error=f"cannot read the file: {exc.strerror}")
        ]
    if _is_zip(path.name, head):
        try:
            with zipfile.ZipFile(path) as archive:
                return list(_zip_items(archive, str(path), str(path), (), caps, [0]))
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            return [
                ItemRef(name=str(path), path=str(path), error=f"not a readable zip archive: {exc}")
            ]
    if size > caps.max_item_bytes:
        return [ItemRef(name=str(path), path=str(path), error=_too_big(size, caps))]
    return [ItemRef(name=str(path), path=str(path), size=size)]


def items_from_upload(name: str, data: bytes, caps: Caps) -> list[ItemRef]:
    if _is_zip(name, data[:4]):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                items = list(_zip_items(archive, name, "", (), caps, [0]))
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            return [ItemRef(name=name, error=f"not a readable zip archive: {exc}")]
        # Members are read back from the upload's bytes by the worker.
        return [
            ItemRef(
                name=i.name,
                members=i.members,
                data=None if i.error else data,
                error=i.error,
                size=i.size,
            )
            for i in items
        ]
    if len(data) > caps.max_item_bytes:
        return [ItemRef(name=name, error=_too_big(len(data), caps))]
    return [ItemRef(name=name, data=data, size=len(data))]


def _too_big(size: int, caps: Caps) -> str:
    return f"the file is {size:,} bytes, over the limit of {caps.max_item_bytes:,} bytes per file"


def _zip_items(
    archive: zipfile.ZipFile,
    display: str,
    path: str,
    members: tuple[str, ...],
    caps: Caps,
    total: list[int],
) -> Iterator[ItemRef]:
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > caps.max_entries:
        yield ItemRef(
            name=display,
            path=path,
            members=members,
            error=(
                f"zip archive with {len(infos):,} entries, over the limit of {caps.max_entries:,}"
            ),
        )
        return
    for info in infos:
        name = f"{display}/{info.filename}"
        chain = (*members, info.filename)
        if unsafe_member_name(info.filename):
            yield ItemRef(
                name=name,
                path=path,
                members=chain,
                error=f"unsafe entry name '{info.filename}' (absolute or '..' path): not read",
            )
            continue
        if not _wanted(info.filename):
            continue
        if info.flag_bits & 0x1:
            yield ItemRef(
                name=name, path=path, members=chain, error="encrypted zip entry: not read"
            )
            continue
        ratio = info.file_size / max(1, info.compress_size)
        if ratio > caps.max_ratio:
            yield ItemRef(
                name=name,
                path=path,
                members=chain,
                error=(
                    f"suspicious compression ratio {ratio:,.0f}:1 (limit {caps.max_ratio}:1): "
                    "possible zip bomb, not read"
                ),
            )
            continue
        total[0] += info.file_size
        if total[0] > caps.max_total_uncompressed:
            yield ItemRef(
                name=name,
                path=path,
                members=chain,
                error=(
                    "the archive unpacks to more than "
                    f"{caps.max_total_uncompressed:,} bytes in total: "
                    "possible zip bomb, not read"
                ),
            )
            continue
        if PurePosixPath(info.filename).suffix.lower() in ZIP_SUFFIXES:
            if len(chain) >= caps.max_zip_depth:
                yield ItemRef(name=name, path=path, members=chain, error="zip nested too deeply")
                continue
            try:
                inner = read_member(archive, info, caps)
                with zipfile.ZipFile(io.BytesIO(inner)) as nested:
                    yield from _zip_items(nested, name, path, chain, caps, total)
            except (zipfile.BadZipFile, SourceProblem, OSError, EOFError) as exc:
                yield ItemRef(
                    name=name, path=path, members=chain, error=f"unreadable nested zip: {exc}"
                )
            continue
        if info.file_size > caps.max_item_bytes:
            yield ItemRef(name=name, path=path, members=chain, error=_too_big(info.file_size, caps))
            continue
        if PurePosixPath(info.filename).suffix.lower() not in SUPPORTED:
            yield ItemRef(
                name=name,
                path=path,
                members=chain,
                error=(
                    f"unsupported file type '{PurePosixPath(info.filename).suffix}': "
                    "expected .txt, "
                    ".json, .jsonl, .csv, .html or .zip"
                ),
            )
            continue
        yield ItemRef(name=name, path=path, members=chain, size=info.file_size)


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, caps: Caps) -> bytes:
    """An entry's bytes, refusing to inflate past what its header promised (lying headers)."""
    limit = min(info.file_size, caps.max_item_bytes)
    with archive.open(info) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise SourceProblem("the entry inflates beyond its declared size: possible zip bomb")
    return data


# Open archives kept per process, so that the members of one zip are read from one open archive:
# opening a zip parses its whole central directory, and reopening it per member made a
# 20,000-file zip cost quadratic time. Forked workers must not share the parent's file
# offsets, so a process never uses archives opened by another.
ARCHIVE_CACHE_SIZE = 4
_archives: OrderedDict[tuple[Any, ...], tuple[Any, zipfile.ZipFile]] = OrderedDict()
_archives_pid = os.getpid()


def _open_archive(
    ref: ItemRef, inner: tuple[str, ...], data: bytes | None = None
) -> zipfile.ZipFile:
    """The (nested) archive holding `ref`'s next member, opened once per process."""
    global _archives_pid
    if _archives_pid != os.getpid():
        _archives.clear()  # inherited through fork: the parent's handles are not ours
        _archives_pid = os.getpid()
    if ref.data is not None:
        # The bytes object is kept alive by the cache entry, so its id cannot be reused.
        outer: tuple[Any, ...] = ("upload", id(ref.data), len(ref.data))
        keep: Any = ref.data
    else:
        stat = os.stat(ref.path)
        outer = ("path", ref.path, stat.st_mtime_ns, stat.st_size)
        keep = None
    key = (*outer, *inner)
    if key in _archives:
        _archives.move_to_end(key)
        return _archives[key][1]
    if inner:
        assert data is not None
        source: Any = io.BytesIO(data)
    else:
        source = io.BytesIO(ref.data) if ref.data is not None else ref.path
    archive = zipfile.ZipFile(source)
    if ARCHIVE_CACHE_SIZE <= 0:
        return archive
    _archives[key] = (keep, archive)
    while len(_archives) > ARCHIVE_CACHE_SIZE:
        _archives.popitem(last=False)[1][1].close()
    return archive


def read_item(ref: ItemRef, caps: Caps) -> bytes:
    """The bytes of one item (files and zip members alike); raises SourceProblem."""
    try:
        if not ref.members:
            if ref.data is not None:
                return ref.data
            with open(ref.path, "rb") as handle:
                data = handle.read(caps.max_item_bytes + 1)
            if len(data) > caps.max_item_bytes:
                raise SourceProblem(_too_big(len(data), caps))
            return data
        archive = _open_archive(ref, ())
        data = b""
        for depth, member in enumerate(ref.members):
            data = read_member(archive, archive.getinfo(member), caps)
            if depth < len(ref.members) - 1:
                archive = _open_archive(ref, ref.members[: depth + 1], data)
        return data
    except (OSError, zipfile.BadZipFile, KeyError, EOFError, RuntimeError) as exc:
        raise SourceProblem(f"cannot read: {exc}") from None
    except zipfile.LargeZipFile as exc:
        raise SourceProblem(f"cannot read: {exc}") from None
