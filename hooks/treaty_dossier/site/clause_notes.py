"""The notes on a clause, right after it, and the filter bar of a treaty page (issue 14, points 2 and 3).

Each note is *moved* beside its clause rather than copied: a treaty page has one
list item ``li#fn:<label>`` per note, inside a ``div.footnote`` (what Material's
footnote tooltips read, by id, wherever it is), numbered in reading order with
``value``. A screen reader therefore meets each note once, a permalink
``#fn:<label>`` opens it in place, and the back link returns to its mark. The
list sits in a ``<details>`` that is open when the clause has few notes, so a
clause with twenty stays short until the reader asks for its notes.

The filter bar is plain HTML hidden until ``assets/note-filters.js`` runs: without
script every note stays readable.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from ..content.annotations import Annotation

OPEN_UP_TO = 6  # a clause with more notes shows them folded: its summary, one click away
# A clause with more than KEEP_ALL_UP_TO notes shows its first SHOWN on the treaty page, and the others on a
# page of the clause's own (issue 22): a treaty page stays light however many notes a clause gathers.
KEEP_ALL_UP_TO = 30
SHOWN = 20
KINDS = ("commentary", "context", "rendering", "correction")
FILTERS_ID = "note-filters"

Store = Callable[[str], str]  # raw HTML -> Python-Markdown placeholder


def notes_block(
    store: Store,
    clause_label: str,
    clause_id: str,
    placed: list[tuple[Annotation, int]],
    note_html: Callable[[Annotation, int, str], str],
    outlets: Callable[[Annotation], list[str]],
    elsewhere: Further | None = None,
    edition: str = "",
) -> etree.Element:
    """``<details class="clause-notes">`` holding the notes on one clause, in reading order.

    It sits in an ``<aside class="clause-notes-box">``; the search index files its notes under the
    clause (``search_records.py``). ``elsewhere``: the clause's notes beyond the first few, which live
    on a page of their own; the list ends with a link there, and an anchor ``#fn:<label>`` per note, so
    that a permalink to one of them lands on that link. ``edition``: the ``data-cite-edition`` JSON
    that the notes' Cite blocks complete their citations with (``cite.js``).
    """
    total = len(placed) + (len(elsewhere.notes) if elsewhere else 0)
    attrs = {"class": "clause-notes", "id": f"notes-{clause_id}"}
    if total <= OPEN_UP_TO:
        attrs["open"] = None  # type: ignore[assignment]  # Python-Markdown writes a None value as a bare attribute
    aside = etree.Element("aside", {"class": "clause-notes-box"} | ({"data-cite-edition": edition} if edition else {}))
    aside.text = "\n"
    details = etree.SubElement(aside, "details", attrs)
    details.text = "\n"
    summary = etree.SubElement(details, "summary")
    count = f"{total} note" + ("s" if total != 1 else "")
    summary.text = f"Notes on {clause_label} "
    span = etree.SubElement(summary, "span", {"class": "clause-notes__count"})
    span.text = f"({count})"
    corrections = sum(a.kind == "correction" for a, _ in placed) + sum(
        a.kind == "correction" for a, _ in (elsewhere.notes if elsewhere else [])
    )
    if corrections:
        flag = etree.SubElement(summary, "span", {"class": "clause-notes__corrections"})
        flag.text = f"{corrections} correction" + ("s" if corrections != 1 else "")
        span.tail = " "
    summary.tail = "\n"
    box = etree.SubElement(details, "div", {"class": "footnote"})
    box.text = "\n"
    items = etree.SubElement(box, "ol")
    items.text = items.tail = "\n"
    for ann, number in placed:
        item = etree.SubElement(items, "li", item_attributes(ann, number, outlets))
        item.text = "\n" + store(note_html(ann, number, backref_html(ann, number))) + "\n"
        item.tail = "\n"
    if elsewhere:
        details.append(_more(elsewhere, clause_label))
    details.tail = "\n"
    aside.tail = "\n\n"
    return aside


@dataclass(frozen=True)
class Further:
    """A clause's notes beyond the first :data:`SHOWN`, on a page of their own at ``href``."""

    href: str  # the clause's notes page, relative to the treaty page
    notes: list[tuple[Annotation, int]]


def _more(further: Further, clause_label: str) -> etree.Element:
    """The line after a clause's first notes: one anchor per further note, then the link to their page."""
    more = etree.Element("p", {"class": "clause-notes__more", "data-search-exclude": ""})
    for ann, _ in further.notes:
        etree.SubElement(more, "span", {"id": f"fn:{ann.label}"})
    numbers = [n for _, n in further.notes]
    link = etree.SubElement(more, "a", {"href": further.href})
    n = len(numbers)
    whose = "their" if n != 1 else "its"
    link.text = f"{n} more note{'s' if n != 1 else ''} on {clause_label} ({_range(numbers)}), on a page of {whose} own"
    link.tail = " →"
    more.tail = "\n"
    return more


def _range(numbers: list[int]) -> str:
    return str(numbers[0]) if len(numbers) == 1 else f"{min(numbers)}–{max(numbers)}"


def item_attributes(ann: Annotation, number: int, outlets: Callable[[Annotation], list[str]]) -> dict[str, str]:
    """The attributes of a note's ``<li>``: its permalink id, number, kind and outlets (read by the filters)."""
    return {
        "id": f"fn:{ann.label}",
        "value": str(number),
        "class": f"clause-note clause-note--{ann.kind}",
        "data-kind": ann.kind,
        "data-outlets": outlets_attribute(outlets(ann)),
    }


def backref_html(ann: Annotation, number: int, page: str = "") -> str:
    """The ↩ link from a note to its mark; ``page``: the treaty page's URL when the note lives elsewhere."""
    return (
        f'<a class="footnote-backref" href="{escape(page)}#fnref:{escape(ann.label)}" '
        f'title="Back to mark {number} in the text" aria-label="Back to mark {number} in the text">&#8617;</a>'
    )


def outlets_attribute(names: list[str]) -> str:
    """The outlets a note cites, as a JSON list for ``data-outlets`` (read by ``notes.js``).

    JSON rather than a joined string, so a name holding the separator is one name; every ``&`` is
    written as ``\\u0026``, since Python-Markdown leaves an ``&`` that starts an entity unescaped
    in an attribute, and the browser would read ``&amp;`` in a name as ``&``.
    """
    return json.dumps(list(dict.fromkeys(names)), ensure_ascii=False).replace("&", "\\u0026")


def filters_html(placed: list[tuple[Annotation, int]], outlets: Callable[[Annotation], list[str]]) -> str:
    """The filter form (hidden until the script shows it): kinds present on the page, outlets cited."""
    present = {a.kind for a, _ in placed}
    counts: dict[str, int] = {}
    for ann, _ in placed:
        for outlet in dict.fromkeys(outlets(ann)):
            counts[outlet] = counts.get(outlet, 0) + 1
    boxes = "".join(
        f'<label class="note-filters__kind note-filters__kind--{k}"><input type="checkbox" name="kind" value="{k}" checked> '
        f'{k.capitalize()} <span class="note-filters__n">({sum(a.kind == k for a, _ in placed)})</span></label>'
        for k in KINDS
        if k in present
    )
    options = "".join(
        f'<option value="{escape(o)}">{escape(o)} ({n})</option>' for o, n in sorted(counts.items(), key=lambda x: x[0].lower())
    )
    return (
        f'<form class="note-filters" id="{FILTERS_ID}" hidden data-search-exclude aria-label="Filter the notes">'
        "<fieldset><legend>Show notes of kind</legend>"
        f"{boxes}</fieldset>"
        '<label class="note-filters__outlet">Citing <select name="outlet">'
        f'<option value="">any outlet</option>{options}</select></label> '
        '<button type="button" class="note-filters__reset">Show all</button>'
        '<p class="note-filters__status" role="status" aria-live="polite"></p>'
        "</form>"
    )
