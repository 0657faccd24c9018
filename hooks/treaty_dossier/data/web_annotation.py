"""Every note as a W3C Web Annotation (JSON-LD), and the AnnotationCollection of all of them.

- ``id``: ``<site>/data/annotations/<treaty-id>/<name>.jsonld``, where the file is.
- ``motivation`` from ``kind`` (:data:`MOTIVATION`): commentary → commenting;
  context → describing; rendering → describing (the note records how an outlet
  worded the clause); correction → editing (it says the text should change).
- ``body``: a ``TextualBody`` with the note's sanitised HTML (``text/html``, ``en``),
  links made absolute; each cited source as a linked resource (a ``SpecificResource``
  on its page on the site, ``purpose: linking``); each tag as a ``TextualBody`` with ``purpose: tagging``.
- ``target``: a ``SpecificResource`` on the treaty page; a ``FragmentSelector``
  picks the clause by its id, refined by a ``TextQuoteSelector`` (exact, prefix,
  suffix) and, as an alternative, by a ``TextPositionSelector`` into the clause's
  plain text (see ``clause_text``). A note without a quote targets the whole
  clause; a detached note keeps its quote but has no position.
- ``creator``: the author (a GitHub handle becomes a ``Person`` with that page as id).
- ``created`` / ``modified``: the note file's first and last commits (left out without git history).
- ``rights``: the content licence's IRI (CC BY 4.0, ``content/licences.py``).
"""

from __future__ import annotations

import re
from typing import Any

from ..content.annotations import Annotation
from ..content.dossier import Dossier
from ..content.licences import CONTENT
from .clause_text import locate, plain
from .context import FOLDER, ExportContext

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MOTIVATION = {"commentary": "commenting", "context": "describing", "rendering": "describing", "correction": "editing"}
PAGE_SIZE = 100
COLLECTION = f"{FOLDER}/annotations.jsonld"
_HANDLE = re.compile(r"@?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))")


def path_of(annotation: Annotation) -> str:
    """Site-relative path of a note's JSON-LD file."""
    return f"{FOLDER}/annotations/{annotation.id}.jsonld"


def page_path(number: int) -> str:
    return f"{FOLDER}/annotations/page-{number}.jsonld"


def _page(url: str) -> dict[str, str]:
    return {"id": url, "type": "Text", "format": "text/html"}


def creator(author: str) -> dict[str, str]:
    m = _HANDLE.fullmatch(author)
    if m:
        return {"id": f"https://github.com/{m[1]}", "type": "Person", "nickname": m[1], "name": author}
    return {"type": "Person", "name": author}


def annotation(ann: Annotation, dossier: Dossier, ctx: ExportContext, body_html: str) -> dict[str, Any]:
    """One note as a Web Annotation; ``body_html`` is its sanitised HTML with absolute links."""
    clause = dossier.clause(ann.clause)
    assert clause is not None  # the dossier keeps only notes on known clauses
    treaty = dossier.treaties[clause.treaty_id]
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "value": body_html, "format": "text/html", "language": "en", "purpose": MOTIVATION[ann.kind]}
    ]
    # A purpose may only sit on a TextualBody or a SpecificResource (model 3.3.5), so each source is the latter.
    bodies += [
        {"type": "SpecificResource", "purpose": "linking", "source": _page(ctx.page(s.src_uri))} for s in dossier.sources_of(ann)
    ]
    bodies += [{"type": "TextualBody", "value": tag, "purpose": "tagging"} for tag in ann.tags]
    record: dict[str, Any] = {
        "@context": CONTEXT,
        "id": ctx.iri(path_of(ann)),
        "type": "Annotation",
        "motivation": MOTIVATION[ann.kind],
        "creator": creator(ann.author),
        "rights": CONTENT.url,
    }
    for key, value in (("created", ctx.created(ann.path)), ("modified", ctx.modified(ann.path))):
        if value:
            record[key] = value
    record["body"] = bodies
    record["target"] = target(ann, dossier, ctx.page(treaty.src_uri))
    record["canonical"] = ctx.page(treaty.src_uri, f"fn:{ann.label}")
    return record


def target(ann: Annotation, dossier: Dossier, page_url: str) -> dict[str, Any]:
    """The clause on its page, narrowed to the quoted phrase where there is one."""
    clause = dossier.clause(ann.clause)
    assert clause is not None
    fragment = {"type": "FragmentSelector", "conformsTo": "http://tools.ietf.org/rfc/rfc3986", "value": clause.id}
    selectors: list[dict[str, Any]] = [fragment]
    anchor = dossier.anchors.get(ann.id)
    if ann.quote is not None:
        where = None if anchor is None or anchor.detached else locate(plain(dossier, clause), ann.quote)
        if where is None:  # detached (or not findable in the plain text): say what it quoted, claim no position
            quote = {
                "type": "TextQuoteSelector",
                "exact": ann.quote.exact,
                "prefix": ann.quote.prefix,
                "suffix": ann.quote.suffix,
            }
            selectors = [fragment | {"refinedBy": quote}]
        else:
            quote = {"type": "TextQuoteSelector", "exact": where.exact, "prefix": where.prefix, "suffix": where.suffix}
            position = {"type": "TextPositionSelector", "start": where.start, "end": where.end}
            selectors = [fragment | {"refinedBy": quote}, fragment | {"refinedBy": position}]
    return {"type": "SpecificResource", "source": page_url, "selector": selectors if len(selectors) > 1 else selectors[0]}


def collection(records: list[dict[str, Any]], ctx: ExportContext) -> list[tuple[str, dict[str, Any]]]:
    """The AnnotationCollection and its AnnotationPages (:data:`PAGE_SIZE` notes each), as (path, JSON)."""
    chunks = [records[i : i + PAGE_SIZE] for i in range(0, len(records), PAGE_SIZE)] or [[]]
    head: dict[str, Any] = {
        "@context": CONTEXT,
        "id": ctx.iri(COLLECTION),
        "type": "AnnotationCollection",
        "label": f"{ctx.site_name}: every annotation",
        "total": len(records),
        "first": ctx.iri(page_path(1)),
        "last": ctx.iri(page_path(len(chunks))),
    }
    out: list[tuple[str, dict[str, Any]]] = [(COLLECTION, head)]
    for number, chunk in enumerate(chunks, 1):
        page: dict[str, Any] = {
            "@context": CONTEXT,
            "id": ctx.iri(page_path(number)),
            "type": "AnnotationPage",
            "partOf": {"id": ctx.iri(COLLECTION), "label": head["label"], "total": len(records)},
            "startIndex": (number - 1) * PAGE_SIZE,
            "items": [{k: v for k, v in r.items() if k != "@context"} for r in chunk],
        }
        if number > 1:
            page["prev"] = ctx.iri(page_path(number - 1))
        if number < len(chunks):
            page["next"] = ctx.iri(page_path(number + 1))
        out.append((page_path(number), page))
    return out
