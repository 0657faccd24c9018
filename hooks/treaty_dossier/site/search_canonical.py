"""Make Pagefind's filter files the same in every build of the same content.

Pagefind writes each filter's values, and the list of filters in its metadata file, in the order
of a hash map seeded at random, and names each file by a hash of its content: two builds of one
commit would differ in those files (the project's builds are reproducible, tests/test_hostile.py).
This sorts the values and the filters and renames the files after their new content, updating the
names that point at them (filter files from the metadata file, the metadata file from the entry).

The files are gzipped ``pagefind_dcd`` + CBOR; the small CBOR codec below reads and writes the
types they hold (unsigned integers, text, byte strings, arrays, maps, simple values), always in the
shortest form, which is the form Pagefind writes, so what is not reordered comes out unchanged.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class FormatError(Exception):
    """A Pagefind file not in the form this module reads (another Pagefind version than the pinned one)."""


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if value < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, value)
    raise FormatError("integer too large for CBOR")


def decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    first = data[at]
    major, info = first >> 5, first & 31
    at += 1
    if major == 7:
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info, 0)
        return ("raw", data[at - 1 : at + size]), at + size
    if info < 24:
        value = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        value = int.from_bytes(data[at : at + size], "big")
        at += size
    if major == 0:
        return value, at
    if major in (2, 3):
        raw = data[at : at + value]
        return (raw if major == 2 else raw.decode("utf-8")), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(value):
            key, at = decode(data, at)
            item, at = decode(data, at)
            pairs.append((key, item))
        return ("map", pairs), at
    raise FormatError(f"CBOR major type {major}")


def encode(value: Any) -> bytes:
    if isinstance(value, bool):
        raise FormatError("a boolean")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, tuple) and value[0] == "raw":
        return value[1]
    if isinstance(value, tuple) and value[0] == "map":
        return _head(5, len(value[1])) + b"".join(encode(k) + encode(v) for k, v in value[1])
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(encode(v) for v in value)
    raise FormatError(f"a {type(value).__name__}")


def _read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{path.name}: no signature")
    value, end = decode(data, len(SIGNATURE))
    if end != len(data):
        raise FormatError(f"{path.name}: trailing bytes")
    return value


def _write(path: Path, value: Any) -> None:
    path.write_bytes(gzip.compress(SIGNATURE + encode(value), mtime=0))


def _name(value: Any, length: int) -> str:
    return hashlib.sha256(encode(value)).hexdigest()[:length]


def canonical_filters(bundle: Path, entry_file: str) -> None:
    """Sort every language's filter values and filter list; rename the files after their content."""
    entry = json.loads((bundle / entry_file).read_text(encoding="utf-8"))
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _read(meta_path)
        filters = next((m for m in meta if isinstance(m, list) and m and all(_is_filter_ref(x) for x in m)), None)
        if not filters:
            continue
        renamed = []
        for name, old in filters:
            path = bundle / "filter" / f"{old}.pf_filter"
            content = _read(path)
            content[1].sort(key=lambda pair: pair[0])  # [filter name, [[value, pages], ...]]
            new = f"{language}_{_name(content, 7)}"
            path.unlink()
            _write(bundle / "filter" / f"{new}.pf_filter", content)
            renamed.append([name, new])
        filters[:] = sorted(renamed)
        meta_path.unlink()
        info["hash"] = f"{language}_{_name(meta, 10)}"
        _write(bundle / f"pagefind.{info['hash']}.pf_meta", meta)
    text = json.dumps(entry, sort_keys=True, ensure_ascii=False, separators=(",", ":"))  # languages in a fixed order
    (bundle / entry_file).write_text(text, encoding="utf-8")


def _is_filter_ref(item: Any) -> bool:
    return isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item) and "_" in item[1]
