"""An Atom feed (RFC 4287) of new and revised notes, newest first, dated from git.

Each note is one entry: ``published`` is its file's first commit, ``updated``
its last; the title says whether it is new or revised. Entry ids are the notes'
Web Annotation IRIs, so a revised note updates its entry rather than adding
one. Without git history no note has a date: the feed is then written with no
entries (its subtitle says why), and without any date at all (no git, no
``SOURCE_DATE_EPOCH``) it is not written, since Atom requires one.
"""

from __future__ import annotations

from lxml import etree

from ..content.annotations import Annotation
from ..content.dossier import Dossier
from ..content.licences import CONTENT, statement
from . import web_annotation
from .context import FOLDER, ExportContext, iso

ATOM = "http://www.w3.org/2005/Atom"
PATH = f"{FOLDER}/notes.atom"
LIMIT = 100  # the newest entries; the collection and dossier.json hold every note
KIND_TITLE = {"commentary": "Commentary", "context": "Context", "rendering": "Rendering", "correction": "Correction"}


def _el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    el = etree.SubElement(parent, f"{{{ATOM}}}{tag}")
    for key, value in attrs.items():
        el.set(key, value)
    if text is not None:
        el.text = text
    return el


def feed(dossier: Dossier, ctx: ExportContext, body_of: dict[str, str]) -> bytes | None:
    """The feed as XML bytes, or ``None`` when no date is known; ``body_of``: note id -> sanitised HTML."""
    dated: list[tuple[str, str, Annotation]] = []
    for ann in dossier.annotations:
        created, modified = ctx.created(ann.path), ctx.modified(ann.path)
        if created and modified:
            dated.append((modified, created, ann))
    dated.sort(key=lambda d: (d[0], d[2].id), reverse=True)
    newest = dated[0][0] if dated else (iso(ctx.edition.date) if ctx.edition.date else None)
    if newest is None:
        return None
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    _el(root, "id", ctx.iri(PATH))
    _el(root, "title", f"{ctx.site_name}: new and revised notes")
    subtitle = "Each note once, dated by its latest revision in git."
    if not ctx.history.available:
        subtitle = f"No entries: the notes' history is not available in this build ({ctx.history.reason})."
    _el(root, "subtitle", subtitle)
    _el(root, "rights", statement(ctx.site_name))  # RFC 4287 4.2.10: applies to every entry
    _el(root, "updated", newest)
    _el(root, "link", rel="self", type="application/atom+xml", href=ctx.iri(PATH))
    _el(root, "link", rel="alternate", type="text/html", href=ctx.iri(""))
    _el(root, "link", rel="license", href=CONTENT.url)  # RFC 4946
    _el(_el(root, "author"), "name", f"{ctx.site_name} contributors")
    _el(root, "generator", "treaty_dossier")
    for modified, created, ann in dated[:LIMIT]:
        clause = dossier.clause(ann.clause)
        assert clause is not None
        treaty = dossier.treaties[clause.treaty_id]
        entry = _el(root, "entry")
        _el(entry, "id", ctx.iri(web_annotation.path_of(ann)))
        state = "New" if created == modified else "Revised"
        _el(entry, "title", f"{state}: {KIND_TITLE[ann.kind].lower()} note on {clause.label}, {treaty.short_title}")
        _el(entry, "published", created)
        _el(entry, "updated", modified)
        _el(_el(entry, "author"), "name", ann.author)
        _el(entry, "link", rel="alternate", type="text/html", href=ctx.page(treaty.src_uri, f"fn:{ann.label}"))
        _el(entry, "link", rel="related", type="application/ld+json", href=ctx.iri(web_annotation.path_of(ann)))
        _el(entry, "category", term=ann.kind)
        _el(entry, "content", body_of.get(ann.id, ""), type="html")  # the sanitised HTML, escaped by the serialiser
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
