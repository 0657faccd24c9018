"""Each clause's history, and the wording each note was written on, from git.

A *revision* of a clause is a commit that changed its words (line wrapping and
curly quotes aside) in a treaty file that already held the clause; adding a
clause is not a revision. Each revision compares the file at the commit with the
file at the commit's parent, so the diff shown is exactly what that commit did.

The wording a note was written on is the clause's text at the commit that last
changed the note file: contributors type nothing. When the clause has changed
since, the note is marked as written on an earlier wording.

Everything comes from :mod:`.git_history` (one ``git log`` and one
``git cat-file --batch`` per build); without a full history nothing is shown as
history, and ``reason`` says why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .annotations import Annotation
from .frontmatter import ContentProblem, split
from .git_history import Commit, History, read_history
from .quote_match import normalise_phrase
from .treaties import Treaty, parse_body


@dataclass(frozen=True)
class Revision:
    """A commit that changed the words of a clause (``name`` is ``<treaty-id>/<clause-id>``)."""

    name: str
    commit: Commit
    before: str  # the clause's text before the commit, as written in the file
    after: str


@dataclass(frozen=True)
class WrittenOn:
    """A note written on an earlier wording of its clause: that wording, and the clause's revisions since."""

    commit: Commit  # the commit that last changed the note file
    text: str  # the clause's text at that commit
    since: list[Revision]  # revisions after that commit, newest first (empty if only uncommitted edits differ)


@dataclass
class ClauseHistory:
    available: bool = False
    reason: str = "no git history was read"
    repo_url: str | None = None
    by_clause: dict[str, list[Revision]] = field(default_factory=dict)  # clause name -> revisions, newest first
    written_on: dict[str, WrittenOn] = field(default_factory=dict)  # annotation id -> earlier wording (changed only)
    texts_commit: dict[str, Commit] = field(default_factory=dict)  # treaty id -> last commit that touched its file
    old_texts: dict[str, str] = field(default_factory=dict)  # annotation id -> clause text when the note was last changed

    def revisions(self, name: str) -> list[Revision]:
        return self.by_clause.get(name, [])

    def changes(self) -> list[tuple[Commit, list[Revision]]]:
        """Every commit that revised a clause, newest first, with its revisions in clause order."""
        by_commit: dict[str, tuple[Commit, list[Revision]]] = {}
        for revisions in self.by_clause.values():
            for rev in revisions:
                by_commit.setdefault(rev.commit.sha, (rev.commit, []))[1].append(rev)
        return sorted(by_commit.values(), key=lambda item: item[0].date, reverse=True)

    def commit_url(self, commit: Commit) -> str | None:
        """The commit's page when the repository address is known (GitHub, GitLab and Gitea use ``/commit/<sha>``)."""
        return f"{self.repo_url.rstrip('/')}/commit/{commit.sha}" if self.repo_url else None

    def texts_date(self, treaty_ids: list[str] | None = None) -> dt.date | None:
        """Date of the texts: the last commit that changed any of these treaty files (all if ``None``), if known.

        For the PDF edition's title page ("Texts as of …").
        """
        commits = [c for tid, c in self.texts_commit.items() if treaty_ids is None or tid in treaty_ids]
        return max(c.date for c in commits).date() if commits else None


def same_words(a: str, b: str) -> bool:
    return normalise_phrase(a) == normalise_phrase(b)


def read_clause_history(
    root: Path,
    treaties: dict[str, Treaty],
    annotations: list[Annotation],
    repo_url: str | None = None,
    history: History | None = None,
) -> ClauseHistory:
    """The revisions of every clause and the earlier wordings of notes, for the dossier under ``root``."""
    history = history if history is not None else read_history(root)
    if not history.available:
        return ClauseHistory(reason=history.reason, repo_url=repo_url)
    result = ClauseHistory(available=True, reason="", repo_url=repo_url)
    requests = []
    for treaty in treaties.values():
        for commit in history.commits_of(treaty.path):
            requests += [f"{commit.sha}:{treaty.path}", f"{commit.sha}^:{treaty.path}"]
    notes = []
    for ann in annotations:
        last = history.modified(ann.path)
        home = treaties.get(ann.treaty_id)
        if last is not None and home is not None:
            notes.append((ann, last, home))
            requests.append(f"{last.sha}:{home.path}")
    texts = history.texts(requests)
    parsed: dict[str, dict[str, str]] = {}

    def clauses_at(rev: str, treaty_id: str) -> dict[str, str] | None:
        text = texts.get(rev)
        if text is None:
            return None
        if rev not in parsed:
            parsed[rev] = _clause_texts(text, rev, treaty_id)
        return parsed[rev]

    for treaty in treaties.values():
        commits = history.commits_of(treaty.path)
        if commits:
            result.texts_commit[treaty.id] = commits[0]
        for commit in commits:
            after = clauses_at(f"{commit.sha}:{treaty.path}", treaty.id)
            before = clauses_at(f"{commit.sha}^:{treaty.path}", treaty.id)
            if after is None or before is None:
                continue  # the file was created (or deleted) here: no clause was revised
            for cid, new in after.items():
                old = before.get(cid)
                if old is not None and not same_words(old, new):
                    result.by_clause.setdefault(f"{treaty.id}/{cid}", []).append(Revision(f"{treaty.id}/{cid}", commit, old, new))
    for ann, commit, treaty in notes:
        then = (clauses_at(f"{commit.sha}:{treaty.path}", treaty.id) or {}).get(ann.clause_id)
        if then is None or ann.clause_id not in treaty.clauses:
            continue  # the clause did not exist when the note was written (or the note moved clause): nothing to compare
        result.old_texts[ann.id] = then
        if same_words(then, treaty.clause_text(ann.clause_id)):
            continue
        since = [r for r in result.revisions(ann.clause) if r.commit.date > commit.date or _newer(history, r.commit, commit)]
        result.written_on[ann.id] = WrittenOn(commit, then, since)
    return result


def wording_lookup(root: Path, treaties: dict[str, Treaty]) -> Callable[[Annotation], str | None]:
    """For a note: its clause's text when the note file was last committed (``None``: new, or no history).

    git is read on the first call only, so a dossier whose quotes all match never runs it.
    """
    read: list[History] = []

    def written_on(ann: Annotation) -> str | None:
        if not read:
            read.append(read_history(root))
        history, treaty = read[0], treaties.get(ann.treaty_id)
        last = history.modified(ann.path)
        if last is None or treaty is None:
            return None
        rev = f"{last.sha}:{treaty.path}"
        text = history.texts([rev])[rev]
        return None if text is None else _clause_texts(text, rev, treaty.id).get(ann.clause_id)

    return written_on


def _newer(history: History, a: Commit, b: Commit) -> bool:
    """``a`` after ``b`` in git log's order (newest first), for commits with the same date."""
    return a.date == b.date and history.order.get(a.sha, 0) < history.order.get(b.sha, 0)


def _clause_texts(text: str, path: str, treaty_id: str) -> dict[str, str]:
    """Clause id -> text in one version of a treaty file; an unreadable version has none."""
    try:
        doc = split(text, path)
    except ContentProblem:
        return {}
    clauses, _ = parse_body(doc.body, treaty_id)
    return {cid: clause.text(doc.body) for cid, clause in clauses.items()}
