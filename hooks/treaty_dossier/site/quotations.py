"""Attributed quotations: found on a note's parsed Markdown, checked against their source's excerpts.

Two kinds are attributed to a source: a rendering note's ``wording`` (to its first source), and
in a note's body a passage in quotation marks directly followed by a citation ``[@id]``, with
nothing but spaces or punctuation between them. The passage is read on the element tree that
Python-Markdown builds, so quotation marks in code spans and code blocks are never quotations,
and a citation is a citation only where the reference pattern made one.

:func:`collect` lists every attributed quotation of a dossier with its status; the check and
the build both call it, so they agree. :class:`QuotationExtension` finds the same quotations
while a note body is rendered and leaves a token after each citation, which the caller turns
into the "checked" mark once the HTML is sanitised (see ``note_html.body_html``).
"""

from __future__ import annotations

import functools
import secrets
import unicodedata
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ..content.annotations import Annotation
from ..content.dossier import Dossier
from ..content.excerpt_match import match
from ..content.problems import Problem
from ..content.sources import Excerpt, Source
from .markdown_ext import SOURCE_ATTR, PageRefs, TreatyExtension
from .note_tree import GROUP

Href = Callable[[str, "str | None"], str]  # (src_uri, anchor) -> URL relative to the current page
CLOSING = {'"': '"', "\u201d": "\u201c", "\u00bb": "\u00ab", "\u300d": "\u300c", "\u300f": "\u300e"}
OPENING = set(CLOSING.values())
BLOCKS = {"p", "li", "td", "th", "dt", "dd", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "div"}
CODE = {"code", "pre", "kbd", "samp"}
_CITE = "\ue000"  # one character standing for a citation in a block's text
_MASK = "\x00"  # stands for each character of code: never a quotation mark, never punctuation
_BREAK = "\ue003"  # where a nested block interrupts a block's own text: no quotation spans it
# A token left after a cited quotation's citation; the nonce keeps a contributor from writing one.
_NONCE = secrets.token_hex(6)

CHECKED, UNCHECKED, NOT_FOUND = "checked", "unchecked", "not found"


@dataclass(frozen=True)
class Found:
    """A quotation as found on the tree: its words, the source cited right after it, and why it cannot be checked."""

    text: str
    source_id: str
    unreadable: str = ""  # e.g. "unbalanced quotation marks": listed, never checked
    token: str = ""


@dataclass
class Quotation:
    """An attributed quotation with its status, for the check, the source page and the open data."""

    annotation: Annotation
    source: Source
    text: str
    line: int
    origin: str  # "wording" or "body"
    status: str
    excerpt: Excerpt | None = None
    reason: str = ""  # why unchecked or not found

    @property
    def where(self) -> str:
        return f"{self.annotation.path}:{self.line}"


class _Finder(Treeprocessor):
    def __init__(self, md: markdown.Markdown, ext: QuotationExtension):
        super().__init__(md)
        self.ext = ext

    def run(self, root: etree.Element) -> None:
        for block in root.iter():
            if block.tag in BLOCKS or block is root:
                self.ext.found += _in_block(block, self.ext.mark)


class QuotationExtension(Extension):
    """Collects :class:`Found` quotations of the document converted last (``found``); with ``mark``, leaves tokens."""

    def __init__(self, mark: bool = False):
        super().__init__()
        self.mark = mark
        self.found: list[Found] = []

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.registerExtension(self)
        # after the inline patterns (20) made the citations, before the note tree processor (6) dissolves them
        md.treeprocessors.register(_Finder(md, self), "treaty_quotations", 7)

    def reset(self) -> None:
        self.found = []


def _pieces(block: etree.Element) -> list[tuple[etree.Element, str, str]]:
    """The block's own text as (node, kind, text); code masked, each citation one :data:`_CITE`; nested blocks skipped."""
    out: list[tuple[etree.Element, str, str]] = [(block, "text", block.text or "")]

    def walk(el: etree.Element) -> None:
        for child in el:
            if child.tag in BLOCKS:
                out.append((child, "block", _BREAK))
            elif child.tag in CODE:
                out.append((child, "code", _MASK * len("".join(child.itertext()))))
            elif child.tag == GROUP and child.get(SOURCE_ATTR):
                out.append((child, "cite", _CITE))
            else:
                out.append((child, "text", child.text or ""))
                walk(child)
            out.append((child, "tail", child.tail or ""))

    walk(block)
    return out


def _skippable(ch: str) -> bool:
    return ch.isspace() or (unicodedata.category(ch).startswith("P") and ch not in CLOSING)


def _in_block(block: etree.Element, mark: bool) -> list[Found]:
    pieces = _pieces(block)
    flat = "".join(text for _, _, text in pieces)
    found: list[Found] = []
    at = 0
    for node, kind, text in pieces:
        start, at = at, at + len(text)
        if kind != "cite":
            continue
        j = start - 1
        while j >= 0 and _skippable(flat[j]):
            j -= 1
        if j < 0 or flat[j] not in CLOSING:
            continue
        quote, problem = _opened(flat, j)
        token = f"\ue001{_NONCE}:{len(found)}\ue002" if mark else ""
        found.append(Found(" ".join(quote.split()), node.get(SOURCE_ATTR) or "", problem, token))
        if token:
            node.tail = token + (node.tail or "")
    return found


def _opened(flat: str, close: int) -> tuple[str, str]:
    """The quotation closed at ``close``, and why it cannot be read ('' when it can)."""
    closer = flat[close]
    opener = CLOSING[closer]
    depth = 0
    for k in range(close - 1, -1, -1):
        ch = flat[k]
        if ch == opener and (depth == 0 or opener == closer):
            text = flat[k + 1 : close]
            if _CITE in text or _MASK in text or _BREAK in text:
                return text.replace(_CITE, "").replace(_MASK, "").strip(), "the quotation holds code or a citation"
            return text.strip(), "" if text.strip() else "empty quotation marks"
        if ch == opener:
            depth -= 1
        elif ch == closer:
            depth += 1
        elif ch == _BREAK:
            break
    return flat[max(0, close - 60) : close].split(_BREAK)[-1].strip(), "unbalanced quotation marks"


# One Markdown for finding the quotations of every note (reset between them); every citation resolves.
_FIND_REFS = TreatyExtension()
_FIND = QuotationExtension()
_FIND_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists", "abbr", _FIND_REFS, _FIND], output_format="html")


def find(body: str) -> list[Found]:
    """The attributed quotations of one note body, in reading order."""
    if "[@" not in body or not any(mark in body for mark in CLOSING):
        return []  # no citation or no closing mark: nothing to parse for (most notes of a large dossier)
    return list(_parsed(body))


@functools.lru_cache(maxsize=1 << 16)  # a body parsed once per process: `mkdocs serve` reads every note on each save
def _parsed(body: str) -> tuple[Found, ...]:
    _FIND_REFS.refs = PageRefs(lambda ref: ("#", ref.target))
    try:
        _FIND_MARKDOWN.reset().convert(body)
        return tuple(_FIND.found)
    finally:
        _FIND_REFS.refs = None


def status_of(text: str, source: Source, unreadable: str = "") -> tuple[str, Excerpt | None, str]:
    """(status, the excerpt it occurs in, reason) of a quotation attributed to ``source``."""
    if unreadable:
        return UNCHECKED, None, unreadable
    if not source.excerpts:
        return UNCHECKED, None, "the source has no excerpts"
    result = match(text, source)
    if result.excerpt is None:
        return NOT_FOUND, None, result.hint
    return CHECKED, result.excerpt, ""


_last: list[tuple[Dossier, list[Quotation]]] = []  # the dossier of this build and its quotations


def collect(dossier: Dossier) -> list[Quotation]:
    """Every attributed quotation of the dossier, in file order, with its status (computed once per dossier)."""
    if _last and _last[0][0] is dossier:
        return _last[0][1]
    out = _collect(dossier)
    _last[:] = [(dossier, out)]
    return out


def _collect(dossier: Dossier) -> list[Quotation]:
    out: list[Quotation] = []
    for ann in sorted(dossier.annotations, key=lambda a: a.path):
        if ann.wording and ann.sources and ann.sources[0] in dossier.sources:
            first = dossier.sources[ann.sources[0]]
            out.append(_quotation(ann, first, ann.wording, ann.line_of("wording"), "wording", ""))
        for quote in find(ann.body):
            cited = dossier.sources.get(quote.source_id)
            if cited is not None:  # an unknown id is reported by the reference check
                out.append(_quotation(ann, cited, quote.text, _line(ann, quote), "body", quote.unreadable))
    return out


def _quotation(ann: Annotation, source: Source, text: str, line: int, origin: str, unreadable: str) -> Quotation:
    status, excerpt, reason = status_of(text, source, unreadable)
    return Quotation(ann, source, text, line, origin, status, excerpt, reason)


def _line(ann: Annotation, quote: Found) -> int:
    """The file line of a quotation in the note: where its first words are written, else where its source is cited."""
    lines = ann.body.split("\n")
    words = " ".join(quote.text.split()[:3])
    for needle in (words, f"[@{quote.source_id}]"):
        for number, text in enumerate(lines):
            if needle and needle in " ".join(text.split()):
                return ann.body_line + number
    return ann.body_line


def problems(quotations: list[Quotation]) -> list[Problem]:
    """One error per quotation not found in its source's excerpts."""
    return [
        Problem(
            q.annotation.path,
            q.line,
            f"quotation “{q.text}” is not in the excerpts of source '{q.source.id}' ({q.source.label})"
            + (q.reason or " (correct the quotation, or add the passage it quotes to the source's excerpts)"),
        )
        for q in quotations
        if q.status == NOT_FOUND
    ]


def summary(quotations: list[Quotation]) -> str:
    tally = counts(quotations)
    return (
        f"Quotations: {len(quotations)} attributed, {tally[CHECKED]} checked against their source's excerpts, "
        f"{tally[UNCHECKED]} unchecked, {tally[NOT_FOUND]} not found"
    )


def counts(quotations: list[Quotation]) -> dict[str, int]:
    tally = {CHECKED: 0, UNCHECKED: 0, NOT_FOUND: 0}
    for q in quotations:
        tally[q.status] += 1
    return tally


def mark_html(source: Source, excerpt: Excerpt, href: Href) -> str:
    """The small mark after a checked quotation, linking to the excerpt on the source page."""
    label = escape(f"checked against the excerpt stored for {source.label}")
    return (
        f'<a class="quote-check" href="{escape(href(source.src_uri, excerpt.anchor))}" aria-label="{label}" '
        f'title="{label}"><span aria-hidden="true">\u2713</span></a>'
    )


def add_marks(html: str, found: list[Found], dossier: Dossier, href: Href) -> str:
    """Turn the tokens left by :class:`QuotationExtension` in sanitised ``html`` into marks (checked) or nothing."""
    for quote in found:
        if not quote.token:
            continue
        source = dossier.sources.get(quote.source_id)
        mark = ""
        if source is not None:
            status, excerpt, _ = status_of(quote.text, source, quote.unreadable)
            if status == CHECKED and excerpt is not None:
                mark = mark_html(source, excerpt, href)
        html = html.replace(quote.token, mark)
    return html


def wording_mark(ann: Annotation, source: Source, href: Href) -> str:
    """The mark after a rendering's wording, when its source's excerpts hold it."""
    if not ann.wording:
        return ""
    status, excerpt, _ = status_of(ann.wording, source)
    return mark_html(source, excerpt, href) if status == CHECKED and excerpt is not None else ""
