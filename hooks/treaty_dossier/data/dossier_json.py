"""The whole dossier as one JSON file: treaties → clauses → text and notes, the notes, the sources.

Its JSON Schema is ``dossier.schema.json`` beside this module (published with
it as ``data/dossier.schema.json``). Note bodies are the sanitised HTML only;
the contributors' raw Markdown is not exported, so no consumer can be handed
unsanitised HTML from it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..content.annotations import Annotation
from ..content.dossier import Dossier
from ..content.licences import AUTHENTIC, CONTENT, COVERS, QUOTATIONS, statement
from ..content.sources import Source
from ..content.treaties import Treaty
from ..site import quotations
from . import akoma_ntoso, csl, web_annotation
from .clause_text import plain
from .context import FOLDER, ExportContext

PATH = f"{FOLDER}/dossier.json"
SCHEMA_PATH = f"{FOLDER}/dossier.schema.json"
SCHEMA_FILE = Path(__file__).with_name("dossier.schema.json")
FORMAT_VERSION = 1


def _checked(treaty: Treaty, clause_id: str) -> dict[str, Any] | None:
    """What the clause was checked against and the status that follows, or ``None`` without a record."""
    entry = treaty.evidence.get(clause_id)
    if entry is None:
        return None
    return {
        "status": entry.status,
        "status_text": entry.words,
        "against": [{"source": c.source, "gave": c.gave} for c in entry.checked],
        "note": entry.note,
    }


def _treaty(treaty: Treaty, dossier: Dossier, ctx: ExportContext) -> dict[str, Any]:
    meta = treaty.meta
    unverified = treaty.unverified()
    clauses = []
    for clause in treaty.clauses.values():
        clauses.append(
            {
                "id": clause.id,
                "name": clause.name,
                "label": clause.label,
                "heading": clause.heading or None,
                "parent": clause.parent,
                "url": ctx.page(treaty.src_uri, clause.id),
                "text": plain(dossier, clause),
                "unverified": unverified.get(clause.id),
                "checked": _checked(treaty, clause.id),
                "annotations": [a.id for a in dossier.notes_by_clause.get(clause.name, [])],
            }
        )
    return {
        "id": treaty.id,
        "title": meta["title"],
        "short_title": meta["short_title"],
        "parties": list(meta["parties"]),
        "signed": {"date": meta["signed"]["date"].isoformat(), "place": meta["signed"]["place"]},
        "in_force": meta["in_force"].isoformat() if meta.get("in_force") else None,
        "status": meta["status"],
        "authentic_languages": list(meta["authentic_languages"]),
        "text_basis": meta["text_basis"],
        "working_translation": treaty.working_translation,
        "url": ctx.page(treaty.src_uri),
        "akoma_ntoso": ctx.iri(akoma_ntoso.path_of(treaty)),
        "clauses": clauses,
    }


def _annotation(
    ann: Annotation, dossier: Dossier, ctx: ExportContext, body_html: str, quoted: list[quotations.Quotation]
) -> dict[str, Any]:
    treaty = dossier.treaties[ann.treaty_id]
    anchor = dossier.anchors.get(ann.id)
    quote = None if ann.quote is None else {"exact": ann.quote.exact, "prefix": ann.quote.prefix, "suffix": ann.quote.suffix}
    return {
        "id": ann.id,
        "file": ann.path,
        "clause": ann.clause,
        "kind": ann.kind,
        "author": ann.author,
        "quote": quote,
        "detached": bool(anchor and anchor.detached),
        "wording": ann.wording,
        "sources": [s.id for s in dossier.sources_of(ann)],
        "related": list(ann.related),
        "tags": list(ann.tags),
        "body_html": body_html,
        "url": ctx.page(treaty.src_uri, f"fn:{ann.label}"),
        "web_annotation": ctx.iri(web_annotation.path_of(ann)),
        "created": ctx.created(ann.path),
        "modified": ctx.modified(ann.path),
        "quotations": [_quotation(q) for q in quoted],
    }


def _quotation(q: quotations.Quotation) -> dict[str, Any]:
    return {
        "text": q.text,
        "source": q.source.id,
        "origin": q.origin,
        "line": q.line,
        "status": q.status,
        "excerpt": q.excerpt.number if q.excerpt else None,
        "reason": q.reason.strip(" ()") or None,
    }


def _source(source: Source, ctx: ExportContext) -> dict[str, Any]:
    return {
        "id": source.id,
        "kind": source.kind,
        "outlet": source.outlet,
        "title": source.title,
        "authors": list(source.authors),
        "published": source.published.isoformat() if source.published else None,
        "url": source.url,
        "archived_url": source.archived_url,
        "archived_on": source.archived_on.isoformat() if source.archived_on else None,
        "excerpts": [
            {"number": e.number, "text": e.text, "at": e.at, "url": ctx.page(source.src_uri, e.anchor)} for e in source.excerpts
        ],
        "language": source.language,
        "derived_from": source.derived_from,
        "note": source.note,
        "page": ctx.page(source.src_uri),
        "csl_json": ctx.iri(csl.source_path(source)),
    }


def export(dossier: Dossier, ctx: ExportContext, body_of: Callable[[Annotation], str]) -> dict[str, Any]:
    """The dossier as JSON-ready data; ``body_of`` gives each note's sanitised HTML (absolute links)."""
    by_note: dict[str, list[quotations.Quotation]] = {}
    for q in quotations.collect(dossier):
        by_note.setdefault(q.annotation.id, []).append(q)
    return {
        "$schema": ctx.iri(SCHEMA_PATH),
        "format_version": FORMAT_VERSION,
        "site": {"name": ctx.site_name, "url": ctx.base, "url_is_placeholder": ctx.placeholder},
        "edition": {"date": ctx.edition.day, "commit": ctx.edition.commit},
        "license": {
            "spdx": CONTENT.spdx,
            "url": CONTENT.url,
            "name": CONTENT.name,
            "covers": COVERS,
            "quotations": QUOTATIONS,
            "authentic_texts": AUTHENTIC,
            "statement": statement(ctx.site_name),
        },
        "history_available": ctx.history.available,
        "treaties": [_treaty(t, dossier, ctx) for t in dossier.treaties.values()],
        "annotations": [
            _annotation(a, dossier, ctx, body_of(a), by_note.get(a.id, []))
            for a in sorted(dossier.annotations, key=lambda a: a.id)
        ],
        "sources": [_source(s, ctx) for s in sorted(dossier.sources.values(), key=lambda s: s.id)],
    }
