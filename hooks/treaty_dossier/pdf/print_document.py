"""Assemble the print HTML of the PDF edition: one document per treaty, one for the dossier.

The treaty text goes through the same note placement as the site (``placement``),
so footnotes carry the site's numbers; each note's HTML is the site's sanitised
note (``render``), moved inline as a ``float: footnote`` element. References
become links inside the document (``#<treaty>.<clause>``, ``#source.<id>``)
that the print stylesheet follows with ``target-counter`` to print the page.

Ids in a document: ``treaty.<id>`` for a treaty's title, ``<treaty>.<clause>``
for clauses, ``note.<label>`` for notes, ``source.<id>`` for bibliography
entries. Nothing here calls WeasyPrint: ``pdf_render`` does.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html import escape

import markdown

from ..content.annotations import Annotation
from ..content.dates import long_date
from ..content.dossier import Dossier
from ..content.problems import Problem
from ..content.references import find_refs, replace_refs
from ..content.treaties import Treaty
from ..site import note_html
from .bibliography import bibliography_html, cited_sources
from .note_placement import NOTES_HEADING, place_notes

# The treaty pages' own Markdown features (maintainer content), without the site's permalinks.
EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables"]
_FOOTNOTE_REF = re.compile(r'<sup id="fnref\d*:(?P<label>[^"]+)"><a class="footnote-ref" href="#fn:(?P=label)">\d+</a></sup>')
_BLOCK_TAG = re.compile(
    r"<(?P<close>/?)(?P<tag>p|div|ul|ol|li|blockquote|pre|dl|dt|dd|table|thead|tbody|tr|th|td|hr)\b(?P<attrs>[^>]*)>"
)
_ID = re.compile(r'(\sid=")(?P<id>[^"]+)"')
_LOCAL_HREF = re.compile(r'(\shref="#)(?P<id>[^".]+)"')
_ELSEWHERE = re.compile(r'<a href="#elsewhere\.[^"]*">(?P<text>.*?)</a>')
_SOURCES = re.compile(r'<span class="annotation__sources">.*?</span>', re.DOTALL)
_PERMALINK = re.compile(r'\s*<a class="annotation__permalink"[^>]*>.*?</a>')
_HREF_FRAGMENT = re.compile(r'\shref="#(?P<id>[^"]*)"')
_NOTES_HEADING_HTML = '<h2 id="{}"'.format(NOTES_HEADING.rpartition("{#")[2].rstrip("}"))
UNKNOWN_PAGE = "00"  # as wide as most page numbers, so the first layout is close to the last
_PAGE_OF = re.compile(r'(<span class="page-of" data-ref="(?P<ref>[^"]*)">)[^<]*</span>')
_XREF = re.compile(r'<a href="#(?P<id>(?!source\.|note\.|elsewhere\.)[^"]+)">(?:(?!</a>).)*</a>', re.DOTALL)
_BLOCK_START = re.compile(r"<(?:p|li|td|dd|h[1-6])\b[^>]*>")
_PARAGRAPH = re.compile(r"<(?:p|li|td|dd)\b[^>]*>")
_ADMONITION = re.compile(r'<div class="admonition.*?</div>', re.DOTALL)
_ANY_ID = re.compile(r'\sid="(?P<id>[^"]*)"')


@dataclass(frozen=True)
class Edition:
    """What the title page says about this printing."""

    date: dt.date
    commit: str | None = None

    @property
    def text(self) -> str:
        commit = f", commit {self.commit}" if self.commit else ""
        return f"Edition of {long_date(self.date)}{commit}"


@dataclass
class PrintDocument:
    """A print HTML document, the footnote number of each note in it, and what went wrong."""

    html: str
    title: str
    notes: dict[str, int] = field(default_factory=dict)  # annotation id -> footnote number
    note_ids: dict[str, str] = field(default_factory=dict)  # element id of the footnote -> annotation id
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Context:
    dossier: Dossier
    included: set[str]  # treaty ids in this document
    problems: list[Problem] = field(default_factory=list)

    def href(self, src_uri: str, anchor: str | None) -> str:
        """Where a site link points inside the print document."""
        if src_uri.startswith("sources/"):
            return f"#source.{src_uri[len('sources/') : -len('.md')]}"
        treaty_id = src_uri[len("treaties/") : -len(".md")]
        if treaty_id not in self.dossier.treaties:
            raise LookupError(f"no print target for {src_uri}")
        where = "" if treaty_id in self.included else "elsewhere."
        return f"#{where}{treaty_id}.{anchor}" if anchor else f"#{where}treaty.{treaty_id}"


def treaty_document(dossier: Dossier, treaty_id: str, site_name: str, edition: Edition) -> PrintDocument:
    """The print document of one treaty."""
    treaty = dossier.treaties[treaty_id]
    return _document(dossier, [treaty_id], treaty.meta["title"], f"{site_name}: {treaty.short_title}", site_name, edition)


def dossier_document(
    dossier: Dossier, treaty_ids: list[str], site_name: str, edition: Edition, description: str = ""
) -> PrintDocument:
    """The print document of the whole dossier, treaties in the given order."""
    return _document(dossier, treaty_ids, "The dossier", f"{site_name}: the dossier", site_name, edition, description)


def _document(
    dossier: Dossier, treaty_ids: list[str], heading: str, title: str, site_name: str, edition: Edition, description: str = ""
) -> PrintDocument:
    ctx = _Context(dossier, set(treaty_ids))
    doc = PrintDocument("", title)
    sections = [_treaty_section(ctx, dossier.treaties[tid], doc) for tid in treaty_ids]
    notes = [a for tid in treaty_ids for a in dossier.notes_on(tid)]
    sources = cited_sources(dossier, notes, [dossier.treaties[t] for t in treaty_ids])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title>",
        f'<meta name="author" content="{escape(site_name)} contributors">',
        f'<meta name="description" content="{escape(description or heading)}">',
        f'<meta name="dcterms.created" content="{edition.date.isoformat()}">',
        "</head><body>",
        _title_page(dossier, treaty_ids, heading, site_name, edition, description),
        _contents(dossier, treaty_ids, bool(sources)),
        *sections,
        bibliography_html(sources) if sources else "",
        "</body></html>",
    ]
    doc.html = add_page_refs("\n".join(parts))
    doc.problems = ctx.problems + [
        Problem("(PDF edition)", 1, f"{title}: link to #{d} has no target in the document") for d in dangling_links(doc.html)
    ]
    return doc


def _title_page(dossier: Dossier, treaty_ids: list[str], heading: str, site_name: str, edition: Edition, description: str) -> str:
    if len(treaty_ids) == 1:
        treaty = dossier.treaties[treaty_ids[0]]
        subtitle = f'<p class="title-page__subtitle">{escape(treaty.short_title)}</p>'
    else:
        items = "".join(f"<li>{escape(dossier.treaties[t].meta['title'])}</li>" for t in treaty_ids)
        subtitle = f'<ul class="title-page__treaties">{items}</ul>'
    about = f'<p class="title-page__about">{escape(description)}</p>' if description else ""
    return (
        '<section class="title-page">'
        f'<p class="title-page__site">{escape(site_name)}</p>'
        f'<h1 class="title-page__title">{escape(heading)}</h1>{subtitle}{about}'
        f'<p class="title-page__edition">{escape(edition.text)}</p>'
        '<p class="title-page__notice">The treaty texts are the project\'s own English working translations, not '
        "official texts; each treaty's text basis says how it was established, and wording that could not be checked "
        "is marked as not verified. Notes are footnotes, numbered per treaty as on the website; a reference to another "
        "clause prints the page it is on.</p></section>"
    )


def _contents(dossier: Dossier, treaty_ids: list[str], bibliography: bool) -> str:
    items = []
    for tid in treaty_ids:
        treaty = dossier.treaties[tid]
        clauses = "".join(
            f"<li>{_toc_entry(f'{tid}.{c.id}', c.heading or c.label)}</li>" for c in treaty.clauses.values() if not c.parent
        )
        items.append(f'<li class="toc__treaty">{_toc_entry(f"treaty.{tid}", treaty.meta["title"])}<ol>{clauses}</ol></li>')
    if bibliography:
        items.append(f'<li class="toc__treaty">{_toc_entry("bibliography", "Bibliography")}</li>')
    return f'<nav class="toc" id="contents"><h1 class="toc__title">Contents</h1><ol>{"".join(items)}</ol></nav>'


def _toc_entry(target: str, text: str) -> str:
    return f'<a class="toc__link" href="#{target}">{escape(text)}<span class="toc__page">{page_of(target)}</span></a>'


def page_of(target: str) -> str:
    """A placeholder for the page number of ``target``; ``pdf_render`` fills it in after layout."""
    return f'<span class="page-of" data-ref="{escape(target)}">{UNKNOWN_PAGE}</span>'


def fill_pages(html: str, pages: dict[str, int]) -> str:
    """Put each target's page number (from the previous layout) into its placeholders."""
    return _PAGE_OF.sub(lambda m: f"{m[1]}{pages.get(m['ref'], UNKNOWN_PAGE)}</span>", html)


def add_page_refs(html: str) -> str:
    """After each link to a clause or treaty: its page, as ", p. 14" inside the link."""
    return _XREF.sub(lambda m: f'{m[0][:-4]}<span class="page-ref">, p. {page_of(m["id"])}</span></a>', html)


def make_room(html: str, note_id: str) -> tuple[str, bool]:
    """Give the notes at ``note_id``'s call a page of their own, when they were pushed to a later page.

    First the block holding the call starts a new page (or its clause heading does, when the
    block is the first after it); if it already does, the block is split just before the
    phrase carrying the call and the rest continues on a new page. Returns the new HTML and
    whether anything changed (nothing can when the call already opens its page).
    """
    at = html.find(f' id="{note_id}"')
    group = html.rfind('<span class="fn-group">', 0, at)  # the notes at the same spot
    blocks = list(_BLOCK_START.finditer(html, 0, group))
    if group == -1 or not blocks:
        return html, False
    block = blocks[-1]
    start = block.start()
    heading = html.rfind("<h2", 0, start)
    if heading != -1 and not _PARAGRAPH.search(_ADMONITION.sub("", html[heading:start])):
        start = heading  # keep the clause heading (and its warning box) with the text
    end = html.index(">", start)
    if "data-break=" not in html[start:end]:
        return html[:end] + ' data-break="page"' + html[end:], True
    if not block[0].startswith("<p"):
        return html, False
    text_start = max(
        block.end(), *(html.rfind(t, block.end(), group) + len(t) for t in ("</span>", "</a>", "</em>", "</strong>"))
    )
    inside = html[block.end() : text_start]
    if len(re.findall(r"<[a-z]", inside)) != len(re.findall(r"</", inside)):
        return html, False  # the call sits inside an inline element: no safe place to split
    if 'class="continued"' in block[0] and '<span class="fn-group"' not in html[block.end() : group]:
        return html, False  # already split right before this phrase
    words = [m.start() for m in re.finditer(r"(?<=\s)\S", html[text_start:group])]
    split = text_start + (words[-4] if len(words) >= 4 else 0)
    if not html[block.end() : split].strip():
        return html, False
    return html[:split] + '</p><p class="continued" data-break="page">' + html[split:], True


def _treaty_section(ctx: _Context, treaty: Treaty, doc: PrintDocument) -> str:
    """A treaty's title, summary box and text, with its notes inline as footnotes."""
    dossier = ctx.dossier
    extras = {cid: note_html.unverified_html(note) for cid, note in treaty.meta.get("unverified", {}).items()}
    text, placed = place_notes(treaty.body, treaty.id, dossier, extras)
    text, _ = replace_refs(text, note_html.ref_renderer(dossier, ctx.href, treaty.id))
    ctx.problems += dossier.ref_problems([r for r, _ in find_refs(treaty.body)], treaty.path, treaty.body_line, "error")
    html = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    html = re.sub(r"<h1\b[^>]*>.*?</h1>", "", html, count=1, flags=re.DOTALL)  # replaced by the section title below
    notes_heading = html.find(_NOTES_HEADING_HTML)
    if notes_heading != -1:  # the heading and list of footnote definitions: the notes go inline instead
        html = html[:notes_heading]

    notes = {p.annotation.label: p for p in placed}
    footnotes: list[str] = []

    def footnote(match: re.Match) -> str:
        p = notes.pop(match["label"])
        doc.notes[p.annotation.id] = p.number
        doc.note_ids[f"note.{p.annotation.label}"] = p.annotation.id
        footnotes.append(_footnote_html(ctx, p.annotation, p.number))
        return f"\x00{len(footnotes) - 1}\x00"

    html = _FOOTNOTE_REF.sub(footnote, html)
    for p in notes.values():  # nothing lost: every placed note must become a footnote
        ctx.problems.append(Problem(p.annotation.path, 1, f"note has no footnote mark in the print text of {treaty.id}"))
    # The treaty's own ids and local links get the treaty as prefix (clause ids repeat across treaties).
    html = _ID.sub(lambda m: f'{m[1]}{treaty.id}.{m["id"]}"', html)
    html = _LOCAL_HREF.sub(lambda m: f'{m[1]}{treaty.id}.{m["id"]}"', html)

    # Notes at one spot form a group whose calls never wrap apart (WeasyPrint would break the line
    # between calls and carry some to the next page); a call after another gets a comma, as on the site.
    def group(match: re.Match) -> str:
        indexes = [int(i) for i in re.findall("\x00(\\d+)\x00", match[0])]
        calls = [
            footnotes[i] if n == 0 else footnotes[i].replace('class="fn"', 'class="fn fn--next"', 1)
            for n, i in enumerate(indexes)
        ]
        return f'<span class="fn-group">{"".join(calls)}</span>'

    html = re.sub("(?:\x00\\d+\x00)+", group, html)
    html = _ELSEWHERE.sub(lambda m: f'<span class="xref-elsewhere">{m["text"]}</span>', html)
    return (
        f'<section class="treaty" id="section.{treaty.id}" data-short-title="{escape(treaty.short_title)}">'
        f'<h1 class="treaty__title" id="treaty.{treaty.id}" data-short-title="{escape(treaty.short_title)}">'
        f"{escape(treaty.meta['title'])}</h1>"
        f"{note_html.metadata_html(treaty, note_html.ref_renderer(dossier, ctx.href, treaty.id))}{html}</section>"
    )


def _footnote_html(ctx: _Context, ann: Annotation, number: int) -> str:
    """The site's note, as an inline element the stylesheet floats to the page bottom."""
    ctx.problems += ctx.dossier.ref_problems([r for r, _ in find_refs(ann.body)], ann.path, ann.body_line, "error")
    body = note_html.body_html(ann, ctx.dossier, ctx.href)
    note = _PERMALINK.sub("", note_html.note_html(ann, ctx.dossier, ctx.href, body))
    # Sources by their short names, linked to the bibliography, which has titles and addresses.
    cites = "; ".join(f'<a href="{escape(ctx.href(s.src_uri, None))}">{escape(s.label)}</a>' for s in ctx.dossier.sources_of(ann))
    note = _SOURCES.sub(f'<span class="annotation__sources">Sources: {cites}.</span>', note, count=1)
    # Inside a paragraph only inline elements survive HTML parsing: blocks become classed spans.
    note = _BLOCK_TAG.sub(
        lambda m: (
            "</span>" if m["close"] else f'<span data-block="{m["tag"]}"{m["attrs"]}>' + ("</span>" if m["tag"] == "hr" else "")
        ),
        note,
    )
    return f'<span class="fn" id="note.{escape(ann.label)}" data-n="{number}">{note}</span>'


def dangling_links(html: str) -> list[str]:
    """Fragment links (``href="#x"``) whose target id is not in the document."""
    ids = {m["id"] for m in _ANY_ID.finditer(html)}
    return sorted({m["id"] for m in _HREF_FRAGMENT.finditer(html)} - ids)
