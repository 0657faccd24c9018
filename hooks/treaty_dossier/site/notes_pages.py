"""A treaty's notes on pages besides the treaty page (issue 22, point 4): a clause's notes beyond
the first few, and every note's citation.

One treaty carrying 5,000 notes made a treaty page of 21 MB (3.9 KB a note, 1.7 KB of it its
Cite block) that a browser took 20–37 s to make usable. So:

- a top-level clause with more than :data:`~.clause_notes.KEEP_ALL_UP_TO` notes keeps its first ones under
  it; the others live on ``treaties/<id>/notes/<clause>/``, below the clause's text. Their marks in
  the treaty text link there and each note's back link returns to its mark; the treaty page keeps
  an anchor ``#fn:<label>`` for each, so a permalink lands on the link to that page (``notes.js``
  follows it). The site, the PDF and the open data number every note as before.
- a note's Cite block carries its citation as data; ``cite.js`` writes the three forms when it is
  opened. Without script it links ``treaties/<id>/cite/``, where every note's forms are written out.

Both pages are generated Markdown with :data:`MARKER` where the notes go; the build puts their HTML
in after Markdown has run (:func:`fill`), as a treaty page's notes enter as placeholders: sanitised
HTML is never read as Markdown again.
"""

from __future__ import annotations

import hashlib
import posixpath
from collections.abc import Callable, Iterable
from html import escape
from typing import Any

from ..content.annotations import Annotation
from ..content.dossier import Dossier
from ..content.references import md_escape
from ..content.treaties import Treaty
from ..data import citation
from . import clause_notes
from .generated_page import page_head

MARKER = "<!-- treaty-dossier: the notes go here -->"
# A page's Markdown names a digest of the notes that go in it: ``mkdocs serve`` builds a generated page
# again when its Markdown changes (site/serve_plan.py), and the notes themselves are not in the Markdown.
DIGEST = "<!-- treaty-dossier: notes {} -->"


def digest(parts: Iterable[object]) -> str:
    """A line for a page's Markdown that changes whenever one of ``parts`` does."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(repr(part).encode("utf-8", "surrogatepass") + b"\0")
    return DIGEST.format(sha.hexdigest()[:20])


NOTES_HEADING = "notes"  # the id of the heading above a notes page's list (its search result lands there)


def folder(treaty: Treaty) -> str:
    """``treaties/<id>``: the folder of a treaty's own pages, beside its page's file."""
    return posixpath.splitext(treaty.src_uri)[0]


def notes_uri(treaty: Treaty, clause_id: str) -> str:
    return f"{folder(treaty)}/notes/{clause_id}.md"


def cite_uri(treaty: Treaty) -> str:
    return f"{folder(treaty)}/cite.md"


def by_clause(dossier: Dossier, treaty: Treaty) -> dict[str, list[Annotation]]:
    """Each top-level clause's notes in reading order (a sub-clause's notes are its clause's)."""
    out: dict[str, list[Annotation]] = {}
    for ann in sorted(dossier.notes_on(treaty.id), key=lambda a: dossier.numbers[a.id]):
        clause = treaty.clauses[ann.clause_id]
        out.setdefault(clause.parent or clause.id, []).append(ann)
    return out


def further(dossier: Dossier, treaty: Treaty) -> dict[str, list[Annotation]]:
    """The notes that live on their clause's notes page: beyond the first ``SHOWN`` of a clause with many."""
    shown, limit = clause_notes.SHOWN, clause_notes.KEEP_ALL_UP_TO
    return {cid: notes[shown:] for cid, notes in by_clause(dossier, treaty).items() if len(notes) > limit}


def _span(numbers: list[int]) -> str:
    return str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def notes_title(dossier: Dossier, treaty: Treaty, clause_id: str, notes: list[Annotation]) -> str:
    """``Art. 4, notes 21–100`` (the page's heading and its search result's)."""
    numbers = [dossier.numbers[a.id] for a in notes]
    return f"{treaty.clauses[clause_id].label}, note{'s' if len(numbers) != 1 else ''} {_span(numbers)}"


def notes_page(dossier: Dossier, treaty: Treaty, clause_id: str, notes: list[Annotation]) -> str:
    """The Markdown of a clause's notes page: its title, where the rest is, the clause's text, the notes."""
    clause = treaty.clauses[clause_id]
    here = posixpath.dirname(notes_uri(treaty, clause_id))
    back = posixpath.relpath(treaty.src_uri, here)
    title = notes_title(dossier, treaty, clause_id, notes)
    shown = len(by_clause(dossier, treaty)[clause_id]) - len(notes)
    paragraphs = [p.text for c in treaty.clauses.values() if c.id == clause_id or c.parent == clause_id for p in c.paragraphs]
    text = "".join(f"<p>{escape(t)}</p>" for t in paragraphs if t.strip())
    return "\n".join(
        [
            *page_head(f"{title}, {treaty.short_title}", f"{title}, {treaty.short_title}"),
            f"{md_escape(clause.label)} and its first {shown} notes are on [the treaty page]({back}#{clause_id}); "
            f"its other {len(notes)} notes are here, numbered as their marks in the text (↩ goes back to the mark).",
            "{ data-search-exclude }",
            "",
            f'<blockquote class="notes-page__text" data-search-exclude>{text}</blockquote>' if text else "",
            "",
            f"## Notes on {md_escape(clause.label)} {{#{NOTES_HEADING}}}",
            "",
            MARKER,
            "",
            digest((a, dossier.numbers.get(a.id), dossier.anchors.get(a.id), dossier.sources_of(a)) for a in notes),
            "",
        ]
    )


def notes_html(
    dossier: Dossier,
    notes: list[tuple[Annotation, int]],
    note_html: Callable[[Annotation, int, str], str],
    outlets: Callable[[Annotation], list[str]],
    treaty_page: str,
    edition: str,
) -> str:
    """The list of a notes page: each note as on the treaty page, after the phrase it is on (the text above
    has no marks), its back link to its mark there."""
    items = []
    for ann, number in notes:
        attrs = " ".join(f'{k}="{escape(v)}"' for k, v in clause_notes.item_attributes(ann, number, outlets).items())
        anchor, clause = dossier.anchors.get(ann.id), dossier.clause(ann.clause)
        if ann.quote and anchor is not None and not anchor.detached:
            on = f"On “{escape(ann.quote.exact)}”"
        else:
            on = f"On {escape(clause.label)} as a whole" if clause else ""
        head = f'<p class="notes-page__on">{on}</p>' if on else ""
        body = note_html(ann, number, clause_notes.backref_html(ann, number, treaty_page))
        items.append(f"<li {attrs}>\n{head}{body}\n</li>\n")
    return (
        f'<div class="notes-page" data-cite-edition="{escape(edition)}"><div class="footnote"><ol>\n'
        + "".join(items)
        + "</ol></div></div>"
    )


def cite_page(treaty: Treaty, shown: Iterable[object] = ()) -> str:
    """The Markdown of a treaty's citations page (what a note's Cite links without script); ``shown``: what
    its notes' entries are made of (for the digest)."""
    back = posixpath.relpath(treaty.src_uri, folder(treaty))
    title = f"Citing the notes on the {treaty.short_title}"
    return "\n".join(
        [
            *page_head(title),
            f"Each note on [the {md_escape(treaty.short_title)}]({back}) as a reference: as text, BibTeX and CSL-JSON "
            "(which Zotero and other reference managers import), each with a Copy button.",
            "{ data-search-exclude }",
            "",
            MARKER,
            "",
            digest(shown),
            "",
        ]
    )


def cite_html(
    dossier: Dossier,
    treaty: Treaty,
    item: Callable[[Annotation], dict[str, Any]],
    note_href: Callable[[Annotation], str],
) -> str:
    """Every note's three citation forms, under its clause, each at ``#cite-<label>``."""
    parts = []
    for clause_id, notes in by_clause(dossier, treaty).items():
        label = treaty.clauses[clause_id].label
        parts.append(f'<h2 id="cite-{escape(clause_id)}">{escape(label)}</h2>')
        for ann in notes:
            number = dossier.numbers[ann.id]
            what = f"note {number} on {label}"
            parts.append(  # the author is text under the heading, never in it (a contributor writes no headings)
                f'<section class="cite-entry" id="cite-{escape(ann.label)}"><h3>Note {number}</h3>'
                f"<p>{ann.kind.capitalize()} by {escape(ann.author)}: "
                f'<a href="{escape(note_href(ann))}">read note {number}</a></p>'
                f'<div class="cite cite--listed">{citation.formats_html(item(ann), what)}</div></section>'
            )
    return "".join(parts)


def fill(html: str, notes: str) -> str:
    """A generated page's HTML with its notes in place of the marker."""
    return html.replace(MARKER, notes, 1)
