"""The data of one print document, from the dossier model: what ``edition.typ`` reads as JSON.

Treaty texts are the maintainers' Markdown (full features: admonitions, tables,
ids); note bodies are contributors' Markdown, rendered and sanitised exactly as
on the site, then both are reduced to the tree of :mod:`.print_tree`. Each note
becomes a ``note`` node at its quoted phrase (``content.quote_match`` placed it
when the dossier was loaded), numbered per treaty in reading order as on the
site. References become ``xref`` and ``cite`` nodes; the template prints the
page of each clause, or "(in the dossier PDF)" for a treaty not in this PDF.

Labels in the document: ``treaty:<id>`` for a treaty's title, ``<treaty>/<clause>``
for clauses, ``note:<annotation id>`` for notes, ``source:<id>`` for bibliography
entries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import markdown

from ..content import clause_evidence
from ..content.annotations import GITHUB_HANDLE, Annotation
from ..content.dates import long_date
from ..content.dossier import Dossier
from ..content.licences import statement
from ..content.problems import Problem
from ..content.references import find_refs, replace_refs
from ..content.treaties import Treaty
from ..site import note_html
from . import print_tree
from .bibliography import bibliography_entries, cited_sources

# The treaty pages' own Markdown features (maintainer content), without the site's permalinks.
EXTENSIONS = ["abbr", "admonition", "attr_list", "md_in_html", "tables"]
KIND_LABEL = {"commentary": "Commentary", "context": "Context", "rendering": "Rendering", "correction": "Correction"}
NOTICE = (
    "Each treaty's text basis says how its text was established, and wording that could not be checked is marked as "
    "not verified. Notes are footnotes, numbered per treaty as on the website; a reference to another clause prints "
    "the page it is on."
)


def notice(treaties: list[Treaty]) -> str:
    """The title page's notice: what kind of texts these are (working translations, authentic texts, or both)."""
    translated = [t.working_translation for t in treaties]
    if all(translated):
        kind = "The treaty texts are the project's own English working translations, not official texts. "
    elif not any(translated):
        kind = "The treaty texts are authentic English texts, as published. "
    else:
        kind = "Some treaty texts are authentic English texts; the others are the project's own working translations. "
    return kind + NOTICE


@dataclass(frozen=True)
class Edition:
    """What the title page says about this printing."""

    date: dt.date
    commit: str | None = None
    epoch: int = 0  # the PDF's creation date, in seconds (SOURCE_DATE_EPOCH when set)

    @property
    def text(self) -> str:
        commit = f", commit {self.commit}" if self.commit else ""
        return f"Edition of {long_date(self.date)}{commit}"


def texts_line(dossier: Dossier, treaty_ids: list[str]) -> str:
    """The title page's word on the texts printed: the date of their last revision, from git, or why it is unknown."""
    history = dossier.history
    day = history.texts_date(treaty_ids) if history is not None else None
    if day is not None:
        return f"Texts as of {long_date(day)}"
    return f"Date of the texts unknown: {history.reason if history is not None else 'no revision history was read'}"


@dataclass
class PrintData:
    """A document's data, the footnote number of each note in it, and what went wrong."""

    data: dict[str, Any]
    title: str
    notes: dict[str, int] = field(default_factory=dict)  # annotation id -> footnote number, in reading order
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Part:
    """One treaty's printed text, the same in its own PDF and in the dossier's (made once for both)."""

    data: dict[str, Any]
    notes: dict[str, int]  # annotation id -> footnote number, in reading order
    problems: list[Problem]


def treaty_part(dossier: Dossier, treaty_id: str) -> Part:
    """A treaty's text with its notes, for any document that prints it."""
    doc = PrintData({}, "")
    try:
        data = _treaty(dossier, dossier.treaties[treaty_id], doc)
    except ValueError as exc:  # more notes than marks: say so rather than print an incomplete treaty
        return Part({}, doc.notes, [*doc.problems, Problem(dossier.treaties[treaty_id].path, 1, str(exc))])
    return Part(data, doc.notes, doc.problems)


def treaty_data(
    dossier: Dossier, treaty_id: str, site_name: str, edition: Edition, parts: dict[str, Part] | None = None
) -> PrintData:
    """The data of one treaty's PDF (its text taken from ``parts`` when there)."""
    treaty = dossier.treaties[treaty_id]
    title = f"{site_name}: {treaty.short_title}"
    return _document(dossier, [treaty_id], treaty.meta["title"], title, site_name, edition, parts=parts)


def dossier_data(
    dossier: Dossier,
    treaty_ids: list[str],
    site_name: str,
    edition: Edition,
    description: str = "",
    parts: dict[str, Part] | None = None,
) -> PrintData:
    """The data of the whole dossier's PDF, treaties in the given order (their texts taken from ``parts`` when there)."""
    return _document(dossier, treaty_ids, "The dossier", f"{site_name}: the dossier", site_name, edition, description, parts)


def _document(
    dossier: Dossier,
    treaty_ids: list[str],
    heading: str,
    title: str,
    site_name: str,
    edition: Edition,
    description: str = "",
    parts: dict[str, Part] | None = None,
) -> PrintData:
    doc = PrintData({}, title)
    treaties = []
    for tid in treaty_ids:
        part = parts[tid] if parts is not None and tid in parts else treaty_part(dossier, tid)
        doc.notes.update(part.notes)
        doc.problems += part.problems
        if part.data:
            treaties.append(part.data)
    notes = [a for tid in treaty_ids for a in dossier.notes_on(tid)]
    sources = cited_sources(dossier, notes, [dossier.treaties[t] for t in treaty_ids])
    doc.data = {
        "title": title,
        "author": f"{site_name} contributors",
        "description": description or heading,
        "date": [edition.date.year, edition.date.month, edition.date.day],
        "site": site_name,
        "heading": heading,
        "subtitle": dossier.treaties[treaty_ids[0]].short_title if len(treaty_ids) == 1 else None,
        "treaty_titles": [dossier.treaties[t].meta["title"] for t in treaty_ids] if len(treaty_ids) > 1 else [],
        "about": description,
        "edition": edition.text,
        "texts": texts_line(dossier, treaty_ids),
        "notice": notice([dossier.treaties[t] for t in treaty_ids]),
        "licence": statement(site_name),
        "treaties": treaties,
        "bibliography": bibliography_entries(sources),
    }
    return doc


def _href(src_uri: str, anchor: str | None) -> str:
    """Links the tree turns into cross-references and citations (see :mod:`.print_tree`)."""
    if src_uri.startswith("sources/"):
        return print_tree.CITE + src_uri[len("sources/") : -len(".md")]
    treaty_id = src_uri[len("treaties/") : -len(".md")]
    return f"{print_tree.XREF}{treaty_id}/{anchor}" if anchor else f"{print_tree.XREF}{treaty_id}"


def _treaty(dossier: Dossier, treaty: Treaty, doc: PrintData) -> dict[str, Any]:
    notes = sorted(dossier.notes_on(treaty.id), key=lambda a: dossier.numbers[a.id])  # numbered once, by the dossier
    nodes = []
    for ann in notes:
        doc.notes[ann.id] = dossier.numbers[ann.id]
        nodes.append(_note(dossier, ann, dossier.numbers[ann.id], doc))
    body = _marked_body(treaty, [dossier.anchors[a.id].offset for a in notes])
    doc.problems += dossier.ref_problems([r for r, _ in find_refs(treaty.body)], treaty.path, treaty.body_line, "error")
    body, _ = replace_refs(body, note_html.ref_renderer(dossier, _href, treaty.id))
    blocks = print_tree.blocks(markdown.markdown(body, extensions=EXTENSIONS), nodes)
    first = blocks[0] if blocks else None
    if isinstance(first, dict) and first.get("t") == "h" and first.get("level") == 1:
        blocks = blocks[1:]  # the treaty's title: the template sets it
    unverified = treaty.unverified()
    out: list[print_tree.Node] = []
    pending: str | None = None  # the clause whose "Checked against" line goes before the next clause heading
    for block in blocks:
        assert isinstance(block, dict)
        if "id" in block:
            clause_id = block.pop("id")
            if clause_id in treaty.clauses:
                block["label"] = f"{treaty.id}/{clause_id}"
        heading = block.get("t") == "h" and block.get("label", "").partition("/")[2]
        if heading and heading in treaty.clauses and not treaty.clauses[heading].parent:
            out += _checked_line(treaty, dossier, pending)
            pending = heading
        out.append(block)
        if heading in unverified:
            out.append(
                {"t": "box", "kind": "warning", "title": ["Wording not verified"], "c": [{"t": "p", "c": [unverified[heading]]}]}
            )
    out += _checked_line(treaty, dossier, pending)
    printed = _count_notes(out)
    for ann in notes:
        if printed.get(ann.id, 0) != 1:  # a mark lost inside markup the tree does not keep: say so, never drop it
            doc.problems.append(
                Problem(ann.path, 1, f"note appears {printed.get(ann.id, 0)} time(s) in the print text of {treaty.id}")
            )
    refs = note_html.ref_renderer(dossier, _href, treaty.id)
    meta = treaty.meta
    facts = [
        ["Parties", "; ".join(meta["parties"])],
        ["Signed", f"{meta['signed']['place']}, {long_date(meta['signed']['date'])}"],
        ["In force", long_date(meta["in_force"]) if meta.get("in_force") else "not in force"],
        ["Status", meta["status"]],
        ["Authentic languages", ", ".join(meta["authentic_languages"])],
    ]
    basis = print_tree.blocks(markdown.markdown(replace_refs(meta["text_basis"], refs)[0]))
    return {
        "id": treaty.id,
        "title": meta["title"],
        "short": treaty.short_title,
        "facts": facts,
        "basis": basis,
        "unverified": ", ".join(treaty.clauses[c].label for c in unverified) if unverified else None,
        "checked": clause_evidence.counts_sentence(treaty.evidence) or None,
        "blocks": out,
    }


def _checked_line(treaty: Treaty, dossier: Dossier, clause_id: str | None) -> list[print_tree.Node]:
    """The "Checked against" line printed under a clause, as on the page ([] without a record)."""
    entry = treaty.evidence.get(clause_id or "")
    if entry is None:
        return []
    return [{"t": "checked", "status": entry.status, "c": [clause_evidence.checked_sentence(entry, dossier.sources)]}]


def _marked_body(treaty: Treaty, offsets: list[int]) -> str:
    """The treaty body with a note mark at each offset and each paragraph id (``{#art_2__para_1}``) on a line of its own."""
    inserts: dict[int, list[str]] = {}
    for index, offset in enumerate(offsets):
        inserts.setdefault(offset, []).append(print_tree.note_mark(index))
    for clause in treaty.clauses.values():
        if clause.parent and clause.spans:  # attr_list gives a paragraph an id only from a line of its own
            inserts.setdefault(clause.spans[0][1], []).append("\n")
    body, out, last = treaty.body, [], 0
    for at in sorted(inserts):
        out += [body[last:at], *inserts[at]]
        last = at
    out.append(body[last:])
    return "".join(out)


def _note(dossier: Dossier, ann: Annotation, number: int, doc: PrintData) -> dict[str, Any]:
    """A footnote: detached notice, body, kind and author, sources linked to the bibliography."""
    doc.problems += dossier.ref_problems([r for r, _ in find_refs(ann.body)], ann.path, ann.body_line, "error")
    body = print_tree.blocks(note_html.body_html(ann, dossier, _href))
    handle = GITHUB_HANDLE.fullmatch(ann.author)
    where = dossier.anchors.get(ann.id)
    return {
        "t": "note",
        "id": ann.id,
        "n": number,
        "detached": ann.quote.exact if where is not None and where.detached and ann.quote else None,
        "c": body,
        "kind": KIND_LABEL[ann.kind],
        "author": f"@{handle[1]}" if handle else ann.author,
        "author_url": f"https://github.com/{handle[1]}" if handle else None,
        "sources": [{"id": s.id, "label": s.label} for s in dossier.sources_of(ann)],
    }


def _count_notes(nodes: list[print_tree.Node], found: dict[str, int] | None = None) -> dict[str, int]:
    """How many times each note's call is in a tree (notes' own bodies are not searched)."""
    found = {} if found is None else found
    for node in nodes:
        if isinstance(node, str):
            continue
        if node.get("t") == "note":
            found[node["id"]] = found.get(node["id"], 0) + 1
            continue
        for key in ("c", "title"):
            _count_notes(node.get(key) or [], found)
        for item in node.get("items") or []:
            _count_notes(item, found)
        for row in node.get("rows") or []:
            for cell in row:
                _count_notes(cell, found)
    return found
