"""The comparison page: clauses set side by side where annotations link them.

Pairs come from the annotations' ``related:`` links that cross from one treaty
to another, and the texts from the treaty files themselves, so the page follows
every revision of either. Words that differ between the two texts are marked.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html import escape

from ..content.annotations import Annotation
from ..content.dossier import Dossier
from ..content.references import md_escape
from ..content.treaties import Clause
from .generated_page import page_head

PAGE = "comparison.md"
_WORD = re.compile(r"\S+")
_KEY = re.compile(r"[^\w]+")


@dataclass
class Pair:
    """A clause and another treaty's clause it is compared with, and the notes that link them."""

    clause: Clause
    other: Clause
    notes: list[Annotation] = field(default_factory=list)


def pairs(dossier: Dossier) -> list[Pair]:
    """Cross-treaty ``related`` links, grouped per pair, in treaty and clause order of the annotated clause."""
    found: dict[tuple[str, str], Pair] = {}
    for ann in dossier.annotations:
        clause = dossier.clause(ann.clause)
        for name in ann.related:
            other = dossier.clause(name)
            if clause is None or other is None or other.treaty_id == clause.treaty_id:
                continue
            found.setdefault((clause.name, other.name), Pair(clause, other)).notes.append(ann)
    order = {name: i for i, name in enumerate(c.name for t in dossier.treaties.values() for c in t.clauses.values())}
    return sorted(found.values(), key=lambda p: (order[p.clause.name], order[p.other.name]))


def plain_text(dossier: Dossier, clause: Clause) -> str:
    """A clause's words as a reader sees them (the content layer's reading: references by their labels, no markup)."""
    return " ".join(" ".join(p.text for p in clause.paragraphs).split())


@functools.lru_cache(maxsize=4096)  # the same two texts on every `mkdocs serve` rebuild
def marked_pair(left: str, right: str) -> tuple[str, str, float]:
    """Both texts as HTML with the words not shared by the other marked, and their similarity (0–1)."""
    a, b = _WORD.findall(left), _WORD.findall(right)
    matcher = SequenceMatcher(None, [_key(w) for w in a], [_key(w) for w in b], autojunk=False)
    out_a, out_b = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        out_a.append(_words(a[i1:i2], op != "equal"))
        out_b.append(_words(b[j1:j2], op != "equal"))
    return " ".join(filter(None, out_a)), " ".join(filter(None, out_b)), matcher.ratio()


def _key(word: str) -> str:
    return _KEY.sub("", word.lower()) or word


def _words(words: list[str], differ: bool) -> str:
    text = escape(" ".join(words))
    return f'<mark class="diff">{text}</mark>' if differ and text else text


def anchor_of(pair: Pair) -> str:
    return f"{pair.clause.treaty_id}--{pair.clause.id}--{pair.other.treaty_id}--{pair.other.id}"


def page(dossier: Dossier, found: list[Pair]) -> str:
    """Markdown of the comparison page for ``found`` (from :func:`pairs`); labels from the treaty files are escaped."""
    out = [
        *page_head("Comparison", "The clauses compared"),
        "Where an annotation links a clause of one treaty to a clause of another, the two texts are set side by "
        "side here, as they stand on this site. "
        'Words that one text has and the other does not are <mark class="diff">marked</mark>; the figure is the '
        "share of words the two have in common, in order. The notes that make each link follow the texts.",
        "",
    ]
    if not found:
        out.append("No annotation links clauses of different treaties yet.")
    for pair in found:
        left, right = plain_text(dossier, pair.clause), plain_text(dossier, pair.other)
        left_html, right_html, ratio = marked_pair(left, right)
        title = f"{dossier.clause_label(pair.clause)} and {dossier.clause_label(pair.other)}"
        out += [
            f"## {md_escape(title)} {{#{anchor_of(pair)}}}",
            "",
            f'<div class="comparison" markdown="1" data-similarity="{ratio:.2f}">',
            _column(dossier, pair.clause, left_html),
            _column(dossier, pair.other, right_html),
            "</div>",
            "",
            f"Words in common: {round(ratio * 100)}%. Linked by "
            + "; ".join(
                f"[the note “{_note_title(n)}”]({dossier.treaties[n.treaty_id].src_uri}#fn:{n.label})" for n in pair.notes
            )
            + ".",
            "",
        ]
    return "\n".join(out) + "\n"


def _column(dossier: Dossier, clause: Clause, text_html: str) -> str:
    return (
        f'<div class="comparison__text" markdown="1">\n\n'
        f"**[{md_escape(dossier.clause_label(clause))}]({dossier.treaties[clause.treaty_id].src_uri}#{clause.id})**\n\n"
        f'<p class="comparison__words" data-clause="{escape(clause.name)}">{text_html}</p>\n\n</div>'
    )


def _note_title(ann: Annotation) -> str:
    """A short, escaped stand-in for a note in link text: its file name in words."""
    return ann.id.rpartition("/")[2].replace("-", " ")


def by_clause(found: list[Pair]) -> dict[str, list[Pair]]:
    """Each clause's pairs, from either side."""
    index: dict[str, list[Pair]] = {}
    for pair in found:
        index.setdefault(pair.clause.name, []).append(pair)
        index.setdefault(pair.other.name, []).append(pair)
    return index


def compared_line_html(
    dossier: Dossier, clause_name: str, index: dict[str, list[Pair]], href: Callable[[str, str | None], str]
) -> str:
    """The line under a clause linking to its side-by-side comparisons."""
    links = []
    for pair in index.get(clause_name, []):
        other = pair.other if pair.clause.name == clause_name else pair.clause
        links.append(f'<a href="{escape(href(PAGE, anchor_of(pair)))}">{escape(dossier.clause_label(other))}</a>')
    if not links:
        return ""
    label = '<span class="clause-refs__label">Compared side by side with:</span>'
    return f'<p class="clause-refs clause-refs--compared" data-search-exclude>{label} {" · ".join(links)}</p>'
