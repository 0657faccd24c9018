"""Put annotations into a treaty's Markdown as footnotes: the pre-baked benchmark site only.

The site places notes in the document tree (``site/markdown_ext.py``) and the
PDF edition builds its documents from the dossier model (``pdf/print_data.py``);
this string version writes the pre-baked pages (``prebake.py``), the ceiling the
hooked build is measured against.

Each note becomes a footnote mark right after its quoted phrase (or at the end
of its clause), numbered in reading order. The footnote definition holds a
placeholder that the hooks replace, after Markdown has run, with the note's
sanitised HTML: contributor Markdown never passes through the page's own,
more permissive, Markdown configuration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from treaty_dossier.content.annotations import Annotation
from treaty_dossier.content.dossier import Dossier
from treaty_dossier.content.quote_match import anchor
from treaty_dossier.content.treaties import parse_body

PLACEHOLDER = "annotation-placeholder-{}-end"
NOTES_HEADING = "## Notes {#notes}"


@dataclass(frozen=True)
class Placed:
    annotation: Annotation
    number: int  # footnote number, in reading order
    offset: int  # where the mark went in the original Markdown


def place_notes(
    markdown: str, treaty_id: str, dossier: Dossier, clause_extras: dict[str, str] | None = None, header: str = ""
) -> tuple[str, list[Placed]]:
    """Return the Markdown with footnote marks and definitions, and the notes in reading order.

    ``header`` is inserted after the page's first ``#`` heading; ``clause_extras``
    maps a clause id to HTML inserted right after that clause's heading.
    """
    clauses, _ = parse_body(markdown, treaty_id)
    spots = []
    for ann in dossier.notes_on(treaty_id):
        clause = clauses.get(ann.clause_id)
        if clause is None:  # the dossier was checked against the same file; this is a bug, not bad input
            raise LookupError(f"{ann.path}: clause {ann.clause} not found while placing the note")
        spots.append((anchor(clause.paragraphs, clause.end, ann.quote).offset, ann.id, ann))
    spots.sort(key=lambda s: (s[0], s[1]))
    placed = [Placed(ann, number, offset) for number, (offset, _, ann) in enumerate(spots, start=1)]

    inserts: dict[int, list[str]] = {}
    for p in placed:
        inserts.setdefault(p.offset, []).append(f"[^{p.annotation.label}]")
    for clause in clauses.values():
        if clause.parent and clause.spans:
            # attr_list gives a paragraph an id only from a line of its own: move "{#id}" down a line.
            inserts.setdefault(clause.spans[0][1], []).append("\n")
    lines_at = _line_ends(markdown)
    for cid, extra in (clause_extras or {}).items():
        if cid in clauses:
            inserts.setdefault(lines_at[clauses[cid].line - 1], []).append(f"\n\n{extra}\n")
    if header:
        first = re.search(r"^# .*$", markdown, re.MULTILINE)
        inserts.setdefault(first.end() if first else 0, []).insert(0, f"\n\n{header}\n\n")

    out, last = [], 0
    for at in sorted(inserts):
        out += [markdown[last:at], *inserts[at]]
        last = at
    out.append(markdown[last:])
    if placed:
        out.append(f"\n\n{NOTES_HEADING}\n\n")
        out += [f"[^{p.annotation.label}]: {PLACEHOLDER.format(i)}\n\n" for i, p in enumerate(placed)]
    return "".join(out), placed


def _line_ends(text: str) -> list[int]:
    ends, at = [], 0
    for line in text.split("\n"):
        at += len(line)
        ends.append(at)
        at += 1
    return ends
