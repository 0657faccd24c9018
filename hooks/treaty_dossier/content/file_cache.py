"""Reuse what was parsed from a file that has not changed since the last build.

``mkdocs serve`` rebuilds the whole site after every edit and keeps this
module loaded, so with thousands of annotations most of a rebuild's parsing
would repeat work on unchanged files. A file counts as unchanged while its
modification and change times, size and inode are the same.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

T = TypeVar("T")
_CACHE: dict[tuple, tuple[tuple[int, int, int, int], object]] = {}


def cached(load: Callable[..., T], file: Path, *args: object) -> T:
    """``load(file, *args)``, or its result from an earlier call if ``file`` has not changed.

    What ``load`` returns is shared between builds, so callers must not modify it.
    """
    st = file.stat()
    stamp = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
    key = (load.__module__, load.__qualname__, str(file.absolute()), *args)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return cast(T, hit[1])
    value = load(file, *args)
    _CACHE[key] = (stamp, value)
    return value
