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
from html import escape

from ..content.annotations import Annotation

OPEN_UP_TO = 6  # a clause with more notes shows them folded: its summary, one click away
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
) -> etree.Element:
    """``<details class="clause-notes">`` holding the notes on one clause, in reading order.

    It sits in an ``<aside class="clause-notes-box">``; the search index files its notes under the
    clause (``search_records.py``).
    """
    attrs = {"class": "clause-notes", "id": f"notes-{clause_id}"}
    if len(placed) <= OPEN_UP_TO:
        attrs["open"] = None  # type: ignore[assignment]  # Python-Markdown writes a None value as a bare attribute
    aside = etree.Element("aside", {"class": "clause-notes-box"})
    aside.text = "\n"
    details = etree.SubElement(aside, "details", attrs)
    details.text = "\n"
    summary = etree.SubElement(details, "summary")
    count = f"{len(placed)} note" + ("s" if len(placed) != 1 else "")
    summary.text = f"Notes on {clause_label} "
    span = etree.SubElement(summary, "span", {"class": "clause-notes__count"})
    span.text = f"({count})"
    corrections = sum(a.kind == "correction" for a, _ in placed)
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
        item = etree.SubElement(
            items,
            "li",
            {
                "id": f"fn:{ann.label}",
                "value": str(number),
                "class": f"clause-note clause-note--{ann.kind}",
                "data-kind": ann.kind,
                "data-outlets": outlets_attribute(outlets(ann)),
            },
        )
        backref = (
            f'<a class="footnote-backref" href="#fnref:{escape(ann.label)}" '
            f'title="Back to mark {number} in the text" aria-label="Back to mark {number} in the text">&#8617;</a>'
        )
        item.text = "\n" + store(note_html(ann, number, backref)) + "\n"
        item.tail = "\n"
    details.tail = "\n"
    aside.tail = "\n\n"
    return aside


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
