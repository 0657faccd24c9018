"""HTML for what git says about the texts: a clause's revisions, a note's earlier wording, the Changes page.

Commit subjects and texts are escaped like any other text; commit links appear
only when the repository address is known.
"""

from __future__ import annotations

import posixpath
import re
from html import escape

from ..content.annotations import Annotation
from ..content.clause_history import ClauseHistory, Revision
from ..content.dates import long_date
from ..content.dossier import Dossier
from ..content.git_history import Commit
from ..content.references import md_escape
from ..content.treaties import Clause, Treaty
from ..content.word_diff import diff_html
from .generated_page import page_head

PAGE = "changes.md"
_MARKUP = re.compile(r"\{:?\s*#[^}]*\}|[*_`]|\\(?=\S)")  # id markers, emphasis, backslash escapes


def plain(text: str) -> str:
    """A clause's Markdown as the words a reader sees, for diffs."""
    return " ".join(_MARKUP.sub("", text).split())


def history_id(clause_id: str) -> str:
    """HTML id of a clause's history block."""
    return f"history-{clause_id}"


def commit_html(history: ClauseHistory, commit: Commit) -> str:
    """The commit's short id, linked to its page when the repository address is known."""
    short = escape(commit.sha[:7])
    url = history.commit_url(commit)
    return (
        f'<a class="history__commit" href="{escape(url)}" rel="nofollow noopener"><code>{short}</code></a>'
        if url
        else f"<code>{short}</code>"
    )


def _when(commit: Commit) -> str:
    return f'<time datetime="{commit.date.date().isoformat()}">{long_date(commit.date)}</time>'


def revision_html(history: ClauseHistory, rev: Revision) -> str:
    return (
        f'<li><p class="history__when">{_when(rev.commit)}: {escape(rev.commit.subject)} ({commit_html(history, rev.commit)})</p>'
        f'<p class="history__diff">{diff_html(plain(rev.before), plain(rev.after))}</p></li>'
    )


def clause_history_html(history: ClauseHistory | None, treaty: Treaty, clause_id: str) -> str:
    """Under a clause: "revised N times", each revision dated with its word diff (nothing if never revised)."""
    if history is None or not history.available:
        return ""
    names = [f"{treaty.id}/{clause_id}"]
    revisions = history.revisions(names[0])
    if not revisions:
        return ""
    count = "once" if len(revisions) == 1 else f"{len(revisions)} times"
    label = treaty.clauses[clause_id].label
    items = "".join(revision_html(history, rev) for rev in revisions)
    return (
        f'<details class="clause-history" id="{escape(history_id(clause_id))}" data-search-exclude>'
        f"<summary>{escape(label)} revised {count}, last on {long_date(revisions[0].commit.date)}</summary>"
        f'<ol class="history__list" reversed>{items}</ol></details>'
    )


def earlier_wording_html(dossier: Dossier, annotation: Annotation) -> str:
    """In a note: it was written on an earlier wording of its clause, with when the clause changed and a link."""
    history = dossier.history
    if history is None or annotation.id not in history.written_on:
        return ""
    written = history.written_on[annotation.id]
    clause = dossier.clause(annotation.clause)
    if clause is None:
        return ""
    text = f"Written on an earlier wording of {escape(clause.label)} (as of {long_date(written.commit.date)})."
    if written.since:
        last = written.since[0]
        times = "" if len(written.since) == 1 else f" {len(written.since)} times since, last"
        text += (
            f" The clause was revised{times} on {long_date(last.commit.date)} ({commit_html(history, last.commit)}); "
            "its history is under the clause."  # no #fragment link: the print edition, which shares notes, has no history
        )
    else:
        text += " The clause has changed since, in edits not yet committed."
    return f'<p class="annotation__earlier">{text}</p>'


def texts_line_html(history: ClauseHistory | None, treaty: Treaty, changes_href: str | None = None) -> str:
    """For the box at the top of a treaty page: the date of the text, or why its history is unavailable.

    ``changes_href``: the Changes page, relative to the treaty page, which the line links to.
    """
    if history is None:
        return ""
    if not history.available:
        return f'<p class="treaty-meta__history">Revision history unavailable: {escape(history.reason)}.</p>'
    day = history.texts_date([treaty.id])
    revised = sum(1 for name in history.by_clause if name.startswith(f"{treaty.id}/") and "__" not in name)
    if day is None:
        return ""
    changes = f'<a href="{escape(changes_href)}">Changes</a>' if changes_href else "Changes"
    what = f"; {revised} article{'s' if revised != 1 else ''} revised since first published, see {changes}" if revised else ""
    return f'<p class="treaty-meta__history">Text as of {long_date(day)}{what}.</p>'


def changes_page(dossier: Dossier) -> str:
    """The site-wide Changes page: every revision of a clause, newest first."""
    history = dossier.history
    out = [*page_head("Changes"), "Every revision of a treaty text on this site, newest first, from the project's git history.\n"]
    if history is None or not history.available:
        reason = history.reason if history is not None else "no git history was read"
        out.append(f"The revision history is unavailable: {md_escape(reason)}.\n")
        return "\n".join(out)
    changes = history.changes()
    if not changes:
        out.append("No clause has been revised since it was first published.\n")
    for commit, revisions in changes:
        shown: list[tuple[Revision, Clause]] = []
        for rev in revisions:
            clause = dossier.clause(rev.name)
            if clause is not None and not clause.parent:  # a paragraph's change shows in its article
                shown.append((rev, clause))
        if not shown:
            continue
        labels = ", ".join(f"{c.label} ({dossier.treaties[c.treaty_id].short_title})" for _, c in shown)
        out.append(f"## {long_date(commit.date)}: {md_escape(labels)} {{#commit-{commit.sha[:12]}}}\n")
        out.append(f'<p class="history__when">{escape(commit.subject)} ({commit_html(history, commit)})</p>\n')
        for rev, clause in shown:
            treaty = dossier.treaties[clause.treaty_id]
            link = posixpath.relpath(treaty.src_uri, posixpath.dirname(PAGE) or ".") + f"#{clause.id}"
            out.append(f"**[{md_escape(clause.label)}, {md_escape(treaty.short_title)}]({link})**\n")
            out.append(f'<p class="history__diff">{diff_html(plain(rev.before), plain(rev.after))}</p>\n')
    return "\n".join(out)
