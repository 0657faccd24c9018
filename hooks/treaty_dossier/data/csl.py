"""CSL-JSON (the item format Zotero and other reference managers import) for sources, clauses and notes.

Sources map ``kind`` to a CSL type: news → ``article-newspaper``, official →
``document``, analysis → ``report``, reference → ``document``. Authors are
given as CSL ``literal`` names: the registry records names as written, and
splitting them into family and given parts would be a guess.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..content.annotations import Annotation
from ..content.dossier import Dossier
from ..content.sources import Source
from ..content.treaties import Clause, Treaty
from .context import FOLDER, ExportContext

SOURCE_TYPE = {"news": "article-newspaper", "official": "document", "analysis": "report", "reference": "document"}
ALL_SOURCES = f"{FOLDER}/sources.csl.json"
KIND_TITLE = {"commentary": "Commentary", "context": "Context", "rendering": "Rendering", "correction": "Correction"}


def source_path(source: Source) -> str:
    """Site-relative path of one source's CSL-JSON file."""
    return f"{FOLDER}/sources/{source.id}.csl.json"


def date_parts(day: dt.date | dt.datetime) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def source_item(source: Source, ctx: ExportContext) -> dict[str, Any]:
    """One source as a CSL item; fields the registry leaves out stay out."""
    item: dict[str, Any] = {"id": source.id, "type": SOURCE_TYPE[source.kind], "language": source.language}
    if source.title:
        item["title"] = source.title
    if source.outlet:
        item["container-title"] = source.outlet
    if source.outlet_short:
        item["container-title-short"] = source.outlet_short
    if source.authors:
        item["author"] = [{"literal": name} for name in source.authors]
    if source.published:
        item["issued"] = date_parts(source.published)
    if source.url:
        item["URL"] = source.url
    if source.archived_url:
        item["archive_location"] = source.archived_url
    original = source.original
    if original is not None:
        item["note"] = f"Republication or rewrite of {original.label}: {ctx.page(original.src_uri)}"
    return item


def all_sources(dossier: Dossier, ctx: ExportContext) -> list[dict[str, Any]]:
    return [source_item(s, ctx) for s in sorted(dossier.sources.values(), key=lambda s: s.id)]


def edition_fields(ctx: ExportContext) -> dict[str, Any]:
    item: dict[str, Any] = {"container-title": ctx.site_name, "publisher": ctx.site_name}
    if ctx.edition.date:
        item["issued"] = date_parts(ctx.edition.date)
    if ctx.edition.commit:
        item["version"] = ctx.edition.commit
    return item


def clause_item(treaty: Treaty, clause: Clause, ctx: ExportContext) -> dict[str, Any]:
    """A clause of the project's working translation, at this edition."""
    item: dict[str, Any] = {
        "id": f"{treaty.id}/{clause.id}",
        "type": "treaty",
        "title": treaty.meta["title"],
        "title-short": treaty.short_title,
        "section": clause.label,
        "genre": "English working translation" if treaty.working_translation else "authentic English text",
        "URL": ctx.page(treaty.src_uri, clause.id),
    }
    return item | edition_fields(ctx)


def note_item(ann: Annotation, dossier: Dossier, ctx: ExportContext) -> dict[str, Any]:
    """A note at this edition; its last revision (from git) in ``note``."""
    clause = dossier.clause(ann.clause)
    assert clause is not None
    treaty = dossier.treaties[clause.treaty_id]
    item: dict[str, Any] = {
        "id": ann.id,
        "type": "entry",
        "title": f"{KIND_TITLE[ann.kind]} on {clause.label}, {treaty.short_title}",
        "author": [{"literal": ann.author}],
        "URL": ctx.page(treaty.src_uri, f"fn:{ann.label}"),
    } | edition_fields(ctx)
    commit = ctx.history.modified(ann.path) if ctx.history.available else None
    if commit is not None:  # issued stays the edition's date, which goes with its commit
        item["note"] = f"Last revised {commit.date.astimezone(dt.UTC).date().isoformat()}"
    return item
