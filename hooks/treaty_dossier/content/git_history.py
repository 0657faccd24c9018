"""What git knows about the content files: the commits that touched each one.

One ``git log`` call reads the history of the content folders for the whole
build. A checkout without git, or a shallow clone (whose oldest commit would
pass for the creation of every file), has no history: ``History.available`` is
false and ``reason`` says why, so pages say the history is unavailable rather
than show a wrong one.

``History.texts`` reads files as they were at given commits, all of them through
one ``git cat-file --batch`` process, and keeps what it read.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

CONTENT_PATHS = ("annotations", "docs/treaties")
_FORMAT = "--format=%x00%H%x1f%aI%x1f%s"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: dt.datetime
    subject: str


@dataclass
class History:
    available: bool = False
    reason: str = "no git history was read"
    by_path: dict[str, list[Commit]] = field(default_factory=dict)  # repository-relative path -> commits, newest first
    root: Path | None = None
    order: dict[str, int] = field(default_factory=dict)  # commit sha -> position in git log (0 = newest)
    _texts: dict[str, str | None] = field(default_factory=dict, repr=False)  # "rev:path" -> text (None: not there)

    def commits_of(self, path: str) -> list[Commit]:
        return self.by_path.get(path, [])

    def created(self, path: str) -> Commit | None:
        commits = self.commits_of(path)
        return commits[-1] if commits else None

    def modified(self, path: str) -> Commit | None:
        commits = self.commits_of(path)
        return commits[0] if commits else None

    def texts(self, revisions: list[str]) -> dict[str, str | None]:
        """Each ``rev:path`` (e.g. ``ab12…:docs/treaties/t.md`` or ``ab12…^:…``) as text, ``None`` where it does not exist.

        Everything not read before goes to one ``git cat-file --batch`` process.
        """
        wanted = [r for r in dict.fromkeys(revisions) if r not in self._texts]
        if wanted and self.available and self.root is not None:
            self._texts.update(_cat_files(self.root, wanted))
        return {r: self._texts.get(r) for r in revisions}


def _cat_files(root: Path, revisions: list[str]) -> dict[str, str | None]:
    """Read objects named ``rev:path`` with one ``git cat-file --batch``; a missing or unreadable one is ``None``."""
    found: dict[str, str | None] = dict.fromkeys(revisions)
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "cat-file", "--batch"],
            # "rev:./path" names the path from the folder git runs in: the dossier may be a subfolder of its repository.
            input="".join(f"{rev}:./{path}\n" for rev, _, path in (r.partition(":") for r in revisions)).encode(),
            capture_output=True,
            timeout=120,
        )
    except (OSError, subprocess.TimeoutExpired):
        return found
    out, at = done.stdout, 0
    for rev in revisions:  # answers come in request order: "<sha> <type> <size>\n<bytes>\n" or "<rev> missing\n"
        end = out.find(b"\n", at)
        if end == -1:
            break
        header = out[at:end].split()
        at = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            found[rev] = out[at : at + size].decode("utf-8", "replace").replace("\r\n", "\n")
            at += size + 1
        elif len(header) == 3:
            at += int(header[2]) + 1  # a tree or commit: not a file
    return found


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def head_commit(root: Path) -> Commit | None:
    """The checked-out commit (its committer date names the edition), or ``None`` without git.

    A shallow clone still knows its own HEAD, so this works where the per-file history does not.
    """
    if _git(root, "rev-parse", "--show-toplevel") is None:
        return None
    out = _git(root, "show", "-s", "--format=%H%x1f%cI%x1f%s", "HEAD")
    if not out or out.count("\x1f") < 2:
        return None
    sha, date, subject = out.strip("\n").split("\x1f", 2)
    return Commit(sha, dt.datetime.fromisoformat(date), subject)


def repo_prefix(root: Path) -> str:
    """Where ``root`` sits in its git repository (``examples/x/``), '' at the top or without git."""
    return (_git(root, "rev-parse", "--show-prefix") or "").strip()


def read_history(root: Path, paths: tuple[str, ...] = CONTENT_PATHS) -> History:
    """The commits that touched each file under ``paths``, by path relative to ``root`` (the dossier's folder,
    the top of its repository or a folder inside it)."""
    if _git(root, "rev-parse", "--show-toplevel") is None:
        return History(reason="this copy of the site's files is not a git repository")
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        return History(reason="this is a shallow clone; fetch the full history (git fetch --unshallow) to show it")
    log = _git(root, "log", "--no-renames", "--name-only", "--relative", _FORMAT, "--", *paths)
    if log is None:
        return History(reason="git log failed")
    history = History(available=True, reason="", root=root)
    for entry in log.split("\0")[1:]:
        header, _, names = entry.partition("\n")
        sha, date, subject = header.split("\x1f", 2)
        commit = Commit(sha, dt.datetime.fromisoformat(date), subject)
        history.order[sha] = len(history.order)
        for name in names.split("\n"):
            if name.strip():
                history.by_path.setdefault(name.strip(), []).append(commit)
    return history
