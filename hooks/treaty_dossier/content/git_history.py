"""What git knows about the content files: the commits that touched each one.

One ``git log`` call reads the history of the content folders for the whole
build. A checkout without git, or a shallow clone (whose oldest commit would
pass for the creation of every file), has no history: ``History.available`` is
false and ``reason`` says why, so pages say the history is unavailable rather
than show a wrong one.
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

    def commits_of(self, path: str) -> list[Commit]:
        return self.by_path.get(path, [])

    def created(self, path: str) -> Commit | None:
        commits = self.commits_of(path)
        return commits[-1] if commits else None

    def modified(self, path: str) -> Commit | None:
        commits = self.commits_of(path)
        return commits[0] if commits else None


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def read_history(root: Path, paths: tuple[str, ...] = CONTENT_PATHS) -> History:
    """The commits that touched each file under ``paths`` (relative to ``root``, the repository's top)."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top is None:
        return History(reason="this copy of the site's files is not a git repository")
    if Path(top.strip()).resolve() != root.resolve():
        return History(reason="the site's folder is not the top of its git repository")
    if (_git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        return History(reason="this is a shallow clone; fetch the full history (git fetch --unshallow) to show it")
    log = _git(root, "log", "--no-renames", "--name-only", _FORMAT, "--", *paths)
    if log is None:
        return History(reason="git log failed")
    history = History(available=True, reason="")
    for entry in log.split("\0")[1:]:
        header, _, names = entry.partition("\n")
        sha, date, subject = header.split("\x1f", 2)
        commit = Commit(sha, dt.datetime.fromisoformat(date), subject)
        for name in names.split("\n"):
            if name.strip():
                history.by_path.setdefault(name.strip(), []).append(commit)
    return history
