"""Which files are content, and which are refused before anything reads them.

Refused, each with one message naming the file (never what it points to or holds): a symbolic link
under ``annotations/`` (a pull request could point one at any file on the machine that builds it),
a link anywhere under the docs folder that leads outside the repository, and a file name that is
not UTF-8 text or holds a control character. (Files the build does not use, such as ``x.MD``, are
named by ``stray_files``.)
"""

from __future__ import annotations

import os
from pathlib import Path

from .frontmatter import FORBIDDEN
from .problems import Problem


def _relative(root: Path, file: Path) -> str:
    """``file`` relative to ``root``, with ``/`` (string operations: the loaders ask this of every file, every build)."""
    top, path = str(root), str(file)
    if path.startswith(top + os.sep):
        return path[len(top) + 1 :].replace(os.sep, "/")
    return file.relative_to(root).as_posix()


def display_path(root: Path, file: Path) -> str:
    """``file`` relative to ``root``, printable: undecodable bytes as ``\\xff``, control characters as ``\\x07``."""
    rel = _relative(root, file)
    if rel.isascii() and rel.isprintable():
        return rel  # nothing to escape (most names)
    shown = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return FORBIDDEN.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), shown)


def outside(root: Path, file: Path | str) -> bool:
    """Whether ``file`` (a link, or in a linked folder) resolves to a place outside the repository ``root``."""
    return not Path(file).resolve().is_relative_to(root.resolve())


def bad_name(root: Path, file: Path) -> Problem | None:
    """A problem for a file name that is not UTF-8 text or holds a control character."""
    shown = display_path(root, file)
    if shown == _relative(root, file):
        return None
    return Problem(shown, 1, "file name is not UTF-8 text or holds a control character; rename the file")


def _linked(base: Path, file: Path) -> bool:
    """Whether ``file`` or a folder between ``base`` and it is a symbolic link."""
    top, path = str(base), str(file)
    while True:  # strings and lstat, not Path objects: asked of every file, every build
        if path == top:
            return os.path.islink(path)
        if os.path.islink(path):
            return True
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def refused(root: Path, base: Path, file: Path) -> bool:
    """Whether the loaders must skip ``file`` under ``base`` (its problem comes from :func:`problems_under`)."""
    return _linked(base, file) or bad_name(root, file) is not None


def problems_under(root: Path, folder: str) -> list[Problem]:
    """Every link, unreadable name and near-miss name under ``root/folder`` (``annotations`` or a docs folder)."""
    base = root / folder
    if not base.exists() and not base.is_symlink():
        return []
    if folder == "annotations" and base.is_symlink():
        return [Problem(folder, 1, "annotations/ is a symbolic link; it must be a folder of the repository")]
    problems = []
    for here, dirs, names in os.walk(base, followlinks=False):
        for name in sorted(dirs + names):
            path = Path(here) / name
            shown = display_path(root, path)
            if path.is_symlink():
                if folder == "annotations":
                    problems.append(
                        Problem(
                            shown, 1, "is a symbolic link; annotations/ takes only files and folders: put the file itself here"
                        )
                    )
                elif outside(root, path):
                    problems.append(Problem(shown, 1, "is a symbolic link to a place outside the repository; copy what it needs"))
                continue
            problem = bad_name(root, path)
            if problem:
                problems.append(problem)
    return problems
