"""Reuse what was parsed from a file that has not changed since the last build.

``mkdocs serve`` rebuilds the whole site after every edit and keeps this
module loaded, so with thousands of annotations most of a rebuild's parsing
would repeat work on unchanged files. A file counts as unchanged while its
modification and change times, size and inode are the same. Each build starts
with :func:`begin_build`, and :func:`end_build` forgets every file the build
did not read, so a deleted or renamed file leaves nothing behind.

What the cache hands out is shared between builds: callers must copy an
object before changing it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

T = TypeVar("T")
_CACHE: dict[tuple, tuple[tuple[int, int, int, int], object]] = {}
_used: set[tuple] = set()


def cached(load: Callable[..., T], file: Path, *args: object) -> T:
    """``load(file, *args)``, or its result from an earlier call if ``file`` has not changed."""
    st = file.stat()
    stamp = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
    key = (load.__module__, load.__qualname__, str(file.absolute()), *args)
    _used.add(key)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return cast(T, hit[1])
    value = load(file, *args)
    _CACHE[key] = (stamp, value)
    return value


def begin_build() -> None:
    _used.clear()


def end_build() -> None:
    """Forget the files this build did not read (deleted, renamed, moved out of the content folders)."""
    for key in set(_CACHE) - _used:
        del _CACHE[key]


def size() -> int:
    """How many parsed files the cache holds."""
    return len(_CACHE)
