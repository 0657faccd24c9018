"""Place a treaty page's notes, boxes and clause lines on the Markdown element tree.

Runs after attr_list has given the clauses their ids and before toc collects
the headings. On a treaty page it:

1. finds each clause: a heading whose id is a clause id, with the blocks up to
   the next such heading (a paragraph with its own clause id is a sub-clause);
2. puts each note's mark (``<sup id="fnref:…"><a class="footnote-ref">n</a></sup>``)
   right after its quoted phrase, or at the end of its clause (detached notes
   too), with the number the dossier gave it (reading order, computed once in content); adjacent marks get a comma between them;
   then marks the quoted phrases (:mod:`.note_phrases`);
3. adds the metadata box and the note filters under the title, the "unverified"
   box under a clause heading, and under each top-level clause its notes
   (:mod:`.clause_notes`: the footnote list items, moved beside their clause,
   which Material's tooltips find by id) and its line (HTML the hook renders).

HTML that the hook renders (already sanitised or escaped) enters the tree as
Python-Markdown's own raw-HTML placeholders, so nothing later re-parses it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from ..content.annotations import Annotation
from ..content.quote_match import quote_spans
from ..content.treaties import PARA_MARKER, Treaty
from . import clause_notes
from .note_phrases import Phrase, highlight
from .tree_text import MARK as _MARK
from .tree_text import insert_at
from .tree_text import text_of as _text

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TAG = re.compile(r"<[^>]*>")
GROUP = "treaty-group"  # a wrapper the inline patterns return when they need more than one node; never output


@dataclass
class TreatyPage:
    """What the hook gives the tree processor for one treaty page (all HTML already safe)."""

    treaty: Treaty
    notes: list[Annotation]  # the notes on this treaty
    detached: set[str]  # ids of notes whose quote is no longer in the clause: placed at its end
    numbers: dict[str, int]  # note id -> its number, computed once by the dossier (the PDF and the data print it too)
    note_html: Callable[[Annotation, int, str], str]  # (note, number, back-link HTML) -> the note's list item content
    header_html: str = ""  # under the page title
    clause_boxes: dict[str, str] = field(default_factory=dict)  # clause id -> HTML under its heading
    clause_line: Callable[[str], str] = lambda cid: ""  # top-level clause id -> HTML under the clause
    outlets: Callable[[Annotation], list[str]] = lambda ann: []  # the outlets a note cites, for the filters
    placed: list[tuple[Annotation, int]] = field(default_factory=list)  # filled in: notes with their numbers
    elsewhere: dict[str, str] = field(default_factory=dict)  # note id -> its URL on its clause's notes page (issue 22)
    further: dict[str, str] = field(default_factory=dict)  # top-level clause id -> URL of its notes page
    cite_edition: str = ""  # the edition's CSL fields as JSON, completing each note's citation (cite.js)
    unmatched: list[Annotation] = field(default_factory=list)  # quote found in the Markdown, not in the rendered text


class NoteTreeprocessor(Treeprocessor):
    def __init__(self, md: Markdown, ext):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        _dissolve_groups(root)
        page: TreatyPage | None = self.ext.page
        if page is None:
            return
        _paragraph_ids(root, page.treaty)
        blocks, headings, title = _clauses(root, page.treaty)
        spots = []
        starts: dict[str, int] = {}  # note id -> offset of its phrase in the block of its mark
        for ann in page.notes:
            span = None if ann.id in page.detached else _quote_span(blocks.get(ann.clause_id, []), ann, self.md)
            where = None
            if span is not None:
                where, starts[ann.id] = (span[0], span[2]), span[1]
            if where is None:
                if ann.quote is not None and ann.id not in page.detached:
                    page.unmatched.append(ann)
                where = _end_spot(blocks.get(ann.clause_id, []))
            if where is None:  # the dossier checked this clause exists; an empty clause still has a heading
                where = (headings[ann.clause_id], len(_text(headings[ann.clause_id])))
            spots.append((where, ann))
        order = {id(el): n for n, el in enumerate(root.iter())}
        spots.sort(key=lambda s: (order[id(s[0][0])], s[0][1], s[1].id))
        page.placed = [(ann, page.numbers[ann.id]) for _, ann in spots]
        # Last first, so that each insertion leaves the offsets of the ones before it valid.
        for (block, offset), ann in reversed(spots):
            insert_at(block, offset, _mark(ann, page.numbers[ann.id], page.elsewhere.get(ann.id)))
        highlight([Phrase(block, starts[ann.id], end, ann) for (block, end), ann in spots if ann.id in starts])
        _separate_marks(root)
        for el in root.iter("sup"):
            el.attrib.pop(_MARK, None)

        self._boxes(root, page, headings, title)
        tops = [c.id for c in page.treaty.clauses.values() if not c.parent and c.id in headings]
        by_top: dict[str, list[tuple[Annotation, int]]] = {}
        for ann, number in page.placed:
            clause = page.treaty.clauses[ann.clause_id]
            by_top.setdefault(clause.parent or clause.id, []).append((ann, number))
        for current, following in zip(tops, [*tops[1:], None], strict=True):
            before = headings[following] if following else None
            if current in by_top:
                label = page.treaty.clauses[current].label
                here = [(a, n) for a, n in by_top[current] if a.id not in page.elsewhere]
                moved = [(a, n) for a, n in by_top[current] if a.id in page.elsewhere]
                further = clause_notes.Further(page.further[current], moved) if moved else None
                block = clause_notes.notes_block(
                    self.md.htmlStash.store, label, current, here, page.note_html, page.outlets, further, page.cite_edition
                )
                _insert_before(root, before, block)
            line = page.clause_line(current)
            if line:
                _insert_before(root, before, self._raw(line))
        if page.placed and title is not None:  # the filters go under the title and its box
            after = root[list(root).index(title) + 1] if page.header_html else title
            here = [(a, n) for a, n in page.placed if a.id not in page.elsewhere]
            _insert_after(root, after, self._raw(clause_notes.filters_html(here, page.outlets), "\n\n"))

    def _raw(self, html: str, tail: str | None = None) -> etree.Element:
        """A block that the raw-HTML postprocessor replaces by ``html`` (it unwraps the ``<p>``)."""
        p = etree.Element("p")
        p.text = self.md.htmlStash.store(html)
        p.tail = tail
        return p

    def _boxes(self, root: etree.Element, page: TreatyPage, headings: dict[str, etree.Element], title) -> None:
        for cid, html in page.clause_boxes.items():
            if cid in headings:
                _insert_after(root, headings[cid], self._raw(html, "\n\n"))
        if page.header_html and title is not None:
            _insert_after(root, title, self._raw(page.header_html, "\n\n"))


def _paragraph_ids(root: etree.Element, treaty: Treaty) -> None:
    """Give a paragraph ending in a clause id marker (``... {#art_4__para_2}``) that id.

    attr_list reads a paragraph's attributes only from a line of their own; a treaty
    writes the marker at the end of the paragraph's text, as the content layer reads it.
    """
    for p in root.iter("p"):
        last = p[-1] if len(p) else None
        text = (last.tail if last is not None else p.text) or ""
        m = PARA_MARKER.search(text)
        if m and m["id"] in treaty.clauses and treaty.clauses[m["id"]].parent and p.get("id") is None:
            if last is not None:
                last.tail = text[: m.start()]
            else:
                p.text = text[: m.start()]
            p.set("id", m["id"])


def _clauses(
    root: etree.Element, treaty: Treaty
) -> tuple[dict[str, list[etree.Element]], dict[str, etree.Element], etree.Element | None]:
    """Each clause's blocks, each top-level clause's heading, and the page title (first ``h1``)."""
    blocks: dict[str, list[etree.Element]] = {}
    headings: dict[str, etree.Element] = {}
    title = None
    current: str | None = None
    for el in root:
        if el.tag in _HEADINGS:
            if el.tag == "h1" and title is None:
                title = el
            cid = el.get("id")
            clause = treaty.clauses.get(cid or "")
            current = cid if clause is not None and clause.parent is None else None
            if current:
                headings[current] = el
                blocks[current] = []
            continue
        if current is None:
            continue
        blocks[current].append(el)
        own = el.get("id")
        if own and own in treaty.clauses and treaty.clauses[own].parent == current:
            blocks[own] = [el]
    return blocks, headings, title


def _quote_span(blocks: list[etree.Element], ann: Annotation, md: Markdown) -> tuple[etree.Element, int, int] | None:
    """(block, offset of the phrase, offset right after it) at the first match of the note's quote."""
    if ann.quote is None:
        return None
    read = [_reader_text(_text(b), md) for b in blocks]
    spans = quote_spans([text for text, _, _ in read], ann.quote)
    if not spans:
        return None
    number, start, end = spans[0]
    _, starts, ends = read[number]
    return blocks[number], starts[start], ends[end - 1]


def _reader_text(text: str, md: Markdown) -> tuple[str, list[int], list[int]]:
    """A block's text as a reader sees it, with where each character starts and ends in the block's text.

    Inline HTML and entities sit in the tree as Python-Markdown's stash placeholders; a reader sees
    what they show (tags gone, entities decoded), as the content layer's reader text does. A phrase
    never starts or ends inside a placeholder: its characters map to the placeholder's edges.
    """
    if "\x02" not in text:
        return text, list(range(len(text))), list(range(1, len(text) + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    last = 0
    for m in HTML_PLACEHOLDER_RE.finditer(text):
        out += text[last : m.start()]
        starts += range(last, m.start())
        ends += range(last + 1, m.start() + 1)
        stashed = md.htmlStash.rawHtmlBlocks[int(m[1])]
        shown = unescape(_TAG.sub("", str(stashed)))
        out += shown
        starts += [m.start()] * len(shown)
        ends += [m.end()] * len(shown)
        last = m.end()
    out += text[last:]
    starts += range(last, len(text))
    ends += range(last + 1, len(text) + 1)
    return "".join(out), starts, ends


def _end_spot(blocks: list[etree.Element]) -> tuple[etree.Element, int] | None:
    """The end of the clause's last paragraph (or list item), before trailing whitespace."""
    for block in reversed(blocks):
        paragraphs = [el for el in block.iter() if el.tag in ("p", "li")] or [block]
        last = paragraphs[-1]
        text = _text(last)
        if text.strip():
            return last, len(text.rstrip())
    return None


def _mark(ann: Annotation, number: int, elsewhere: str | None = None) -> etree.Element:
    """A note's mark, linking to its note: below the clause, or (``elsewhere``) on the clause's notes page.

    Only a mark whose note is on the page is a ``footnote-ref``: Material gives each of those a
    tooltip made from the note (at thousands of marks, most of the script's time at load), and
    would show an empty one for a note that is not on the page.
    """
    sup = etree.Element("sup", {"id": f"fnref:{ann.label}", "class": f"note-mark note-mark--{ann.kind}", _MARK: ""})
    link = {"class": "note-ref", "href": elsewhere} if elsewhere else {"class": "footnote-ref", "href": f"#fn:{ann.label}"}
    a = etree.SubElement(sup, "a", link)
    a.text = str(number)
    return sup


def _separate_marks(root: etree.Element) -> None:
    """Several notes on one phrase read "3,4", not "34" (CSS cannot do it: ``+`` skips the text between marks)."""
    for parent in root.iter():
        children = list(parent)
        for before, after in reversed(list(zip(children, children[1:], strict=False))):
            if (
                before.get(_MARK) is not None
                and after.tag == "sup"
                and after.get("id", "").startswith("fnref")
                and not before.tail
            ):
                sep = etree.Element("span", {"class": "footnote-sep"})
                sep.text = ","
                parent.insert(list(parent).index(before) + 1, sep)


def _insert_after(root: etree.Element, el: etree.Element, new: etree.Element) -> None:
    root.insert(list(root).index(el) + 1, new)


def _insert_before(root: etree.Element, el: etree.Element | None, new: etree.Element) -> None:
    if el is None:
        root.append(new)
    else:
        root.insert(list(root).index(el), new)


def _dissolve_groups(root: etree.Element) -> None:
    """Replace each :data:`GROUP` element by its content, in place."""
    for parent in list(root.iter()):
        children = list(parent)
        for at in reversed(range(len(children))):
            group = children[at]
            if group.tag != GROUP:
                continue
            inner = list(group)
            parent.remove(group)
            if inner:
                inner[-1].tail = (inner[-1].tail or "") + (group.tail or "")
            for n, child in enumerate(inner):
                parent.insert(at + n, child)
            text = (group.text or "") + ("" if inner else group.tail or "")
            if at == 0:
                parent.text = (parent.text or "") + text
            else:
                previous = children[at - 1]
                previous.tail = (previous.tail or "") + text
