"""The annotation and source files a contributor starts from.

One template serves the scaffold command (``hooks/scaffold.py``) and the
"Annotate" link under each clause, which opens GitHub's new-file page with it.
Whatever the contributor has not supplied is left out or commented out, never
guessed: a template that is not filled in fails the check with a documented
message (no text, missing field) instead of passing with placeholder content.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import quote as urlquote

from ..content.annotations import KINDS, Quote
from ..content.treaties import Treaty

BRANCH = "main"  # the branch the site's "Annotate" links open new files on
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.;()/_-]*")  # safe as a plain YAML scalar: starts with a letter; no ": ", " #", quotes
_WORD = re.compile(r"[a-z0-9]+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

BODY_HINT = (
    "# Write the note below the closing '---' line, in your own words. Cite a source inline as [@source-id];\n"
    "# refer to a clause as [[treaty-id/clause-id]]. Quote others only briefly, in quotation marks.\n"
)


@dataclass
class AnnotationDraft:
    """What is known about a new annotation; ``None`` or empty means the contributor fills it in."""

    clause: str
    quote: Quote | None = None
    sources: list[str] = field(default_factory=list)
    kind: str = "commentary"
    author: str | None = None
    wording: str | None = None
    text: str | None = None
    subclauses: list[str] = field(default_factory=list)  # paragraph ids the contributor may pick instead
    related: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class SourceDraft:
    """What is known about a new source; unknown fields are written as commented-out lines to fill in."""

    url: str | None = None  # None: no address could be confirmed (``note`` says why)
    kind: str | None = None
    outlet: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    language: str | None = None
    archived_url: str | None = None
    note: str | None = None
    archived_on: str | None = None  # the date of the archived copy (YYYY-MM-DD), needed with archived_url


def scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when that is unambiguous, else double-quoted (JSON is valid YAML)."""
    if _DATE.fullmatch(value):
        return value  # the check reads dates as text, so a plain date needs no quotes
    if (
        _PLAIN.fullmatch(value)
        and value == value.strip()
        and value.lower() not in ("yes", "no", "true", "false", "null", "on", "off")
    ):
        return value
    return json.dumps(value, ensure_ascii=False)


def flow_list(values: list[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"


def annotation_text(draft: AnnotationDraft) -> str:
    """The annotation file for ``draft``: front matter, then the text (or a hint where it goes)."""
    lines = ["---", f"clause: {scalar(draft.clause)}"]
    if draft.subclauses:
        lines.append(f"# (or one paragraph of it: {', '.join(draft.subclauses)})")
    q = draft.quote
    if q is None:
        lines.append("# quote: exact words of the clause   # optional: the footnote mark goes right after them")
    elif q.prefix or q.suffix:
        lines.append("quote:")
        lines.append(f"  exact: {scalar(q.exact)}")
        lines += [f"  {key}: {scalar(value)}" for key, value in (("prefix", q.prefix), ("suffix", q.suffix)) if value]
    else:
        lines.append(f"quote: {scalar(q.exact)}")
    if draft.sources:
        lines.append(f"sources: {flow_list(draft.sources)}")
    else:
        lines.append("sources: []   # FILL IN: ids of files in annotations/sources/, e.g. [ap-2024-06-20]")
    if draft.related:
        lines.append(f"related: {flow_list(draft.related)}")
    lines.append(f"kind: {scalar(draft.kind)}" + ("" if draft.author else f"   # {' | '.join(KINDS)}"))
    if draft.wording:  # also for another kind: the check then says why it does not belong
        lines.append(f"wording: {scalar(draft.wording)}")
    elif draft.kind == "rendering":
        lines.append("# wording: FILL IN the outlet's own short wording of the clause, quoted exactly")
    if draft.tags:
        lines.append(f"tags: {flow_list(draft.tags)}")
    lines.append(f"author: {scalar(draft.author)}" if draft.author else "author:   # FILL IN: your GitHub handle")
    if not draft.text:
        lines.append(BODY_HINT.rstrip("\n"))
    lines.append("---")
    if draft.text:
        lines.append(draft.text.strip())
    return "\n".join(lines) + "\n"


def source_text(draft: SourceDraft) -> str:
    """A source file for ``draft.url``: known fields filled, the others commented out with what they need."""
    known = {
        "kind": draft.kind and scalar(draft.kind),
        "outlet": draft.outlet and scalar(draft.outlet),
        "title": draft.title and scalar(draft.title),
        "authors": draft.authors and flow_list(draft.authors),
        "published": draft.published and scalar(draft.published),
        "url": draft.url and scalar(draft.url),
        "language": draft.language and scalar(draft.language),
        "archived_url": draft.archived_url and scalar(draft.archived_url),
        "archived_on": draft.archived_on and scalar(draft.archived_on),
        "note": draft.note and scalar(draft.note),
    }
    hints = {
        "kind": "FILL IN: news | official | analysis | reference",
        "outlet": "FILL IN: the publisher's name as it gives it, e.g. Associated Press",
        "title": "FILL IN: the headline exactly as published",
        "authors": "FILL IN: [bylines as printed]; leave this line out if there is none",
        "published": "FILL IN: YYYY-MM-DD, the date printed on the page",
        "language": "FILL IN: language code of the text, e.g. en, ru, ko",
        "url": "no address could be confirmed; 'note' says why",
        "archived_url": "optional: an https:// copy on web.archive.org or archive.today",
        "archived_on": "with archived_url: YYYY-MM-DD, the date the archive took its copy",
        "note": "optional: what a reader should know about the source, in your own words",
    }
    lines = ["# Fill in what the page itself shows; leave a field out rather than guess it (see CONTRIBUTING.md)."]
    for key, value in known.items():
        lines.append(f"{key}: {value}" if value else f"# {key}:   # {hints[key]}")
    lines.append("# outlet_short: optional short name used in citations, e.g. AP")
    return "\n".join(lines) + "\n"


def slug(text: str, limit: int = 5) -> str:
    """A short file-name slug of the first words of ``text``."""
    return "-".join(_WORD.findall(text.lower())[:limit])


def default_name(clause_id: str, quote: Quote | None) -> str:
    """``art4-state-of-war`` for a note on art_4 quoting "state of war"; ``art4-note`` without a quote."""
    base = clause_id.replace("__para_", "-").replace("_", "")
    return f"{base}-{slug(quote.exact) if quote and slug(quote.exact) else 'note'}"


def new_file_url(repo_url: str, folder: str, filename: str, value: str, branch: str = BRANCH) -> str:
    """GitHub's page for creating ``folder/filename`` on ``branch``, prefilled with ``value``."""
    query = f"filename={urlquote(filename, safe='')}&value={urlquote(value, safe='')}"
    return f"{repo_url.rstrip('/')}/new/{branch}/{urlquote(folder)}?{query}"


def annotate_url(repo_url: str | None, treaty: Treaty, clause_id: str, prefix: str = "") -> str | None:
    """The "Annotate" link of a clause: GitHub's page for a new note on it; ``None`` without a repository.
    ``prefix``: the dossier's folder in its repository (``examples/x/``), '' at the top."""
    if not repo_url:
        return None
    subclauses = [c.id for c in treaty.clauses.values() if c.parent == clause_id]
    text = annotation_text(AnnotationDraft(f"{treaty.id}/{clause_id}", subclauses=subclauses))
    return new_file_url(repo_url, f"{prefix}annotations/{treaty.id}", f"{default_name(clause_id, None)}.md", text)
