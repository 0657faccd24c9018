"""Write every export under ``site/data/`` and list it in ``data/manifest.json``.

Called once per build after the pages are rendered, so each note's sanitised
HTML is the one the page shows (its links made absolute), not rendered again.
JSON is written with sorted keys and a fixed indent; XML by lxml; nothing
carries the build's clock, so two builds of one commit give identical bytes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.dossier import Dossier
from . import akoma_ntoso, atom_feed, csl, dossier_json, web_annotation
from .context import FOLDER, ExportContext

MANIFEST = f"{FOLDER}/manifest.json"


@dataclass(frozen=True)
class Download:
    """One kind of export, as the Data page lists it."""

    path: str  # site-relative; ``*`` stands for one file per item
    title: str
    format: str
    media_type: str
    holds: str


def catalogue(dossier: Dossier) -> list[Download]:
    """Every download the build writes (one row per kind of file)."""
    return [
        Download(
            dossier_json.PATH,
            "The whole dossier",
            "JSON",
            "application/json",
            "Treaties with every clause's plain text and status, all annotations (sanitised HTML, quote, sources, dates) "
            "and all sources, in one file.",
        ),
        Download(
            dossier_json.SCHEMA_PATH,
            "Its JSON Schema",
            "JSON Schema 2020-12",
            "application/schema+json",
            "The structure of dossier.json; the build's tests validate every export against it.",
        ),
        Download(
            web_annotation.COLLECTION,
            "All annotations",
            "W3C Web Annotation (JSON-LD), AnnotationCollection",
            "application/ld+json",
            f"Every note, in pages of {web_annotation.PAGE_SIZE} ({FOLDER}/annotations/page-N.jsonld), for annotation tools.",
        ),
        Download(
            f"{FOLDER}/annotations/*/*.jsonld",
            "Each annotation",
            "W3C Web Annotation (JSON-LD)",
            "application/ld+json",
            "One file per note, linked from the note (“JSON-LD”): its text, motivation, sources, and the clause and "
            "phrase it is anchored to (fragment, quote and position selectors).",
        ),
        Download(
            f"{FOLDER}/akn/*.xml",
            "Each treaty",
            "Akoma Ntoso 3.0 (OASIS LegalDocML) XML",
            "application/akn+xml",
            "One file per treaty, linked from its page: FRBR metadata, parties and dates, preamble, articles and "
            "paragraphs with the page's ids, unverified wording marked, the notes referenced from their clauses.",
        ),
        Download(
            csl.ALL_SOURCES,
            "All sources",
            "CSL-JSON",
            "application/vnd.citationstyles.csl+json",
            "The source registry for reference managers (Zotero: File → Import); each source page links its own record.",
        ),
        Download(
            f"{FOLDER}/sources/*.csl.json",
            "Each source",
            "CSL-JSON",
            "application/vnd.citationstyles.csl+json",
            "One record per source, linked from the source's page.",
        ),
        Download(
            atom_feed.PATH,
            "New and revised notes",
            "Atom (RFC 4287)",
            "application/atom+xml",
            f"The {atom_feed.LIMIT} most recently added or revised notes, newest first, dated from the repository's history.",
        ),
        Download(
            MANIFEST,
            "This list, as data",
            "JSON",
            "application/json",
            "Every exported file with its size and SHA-256 (the same for two builds of one commit).",
        ),
    ]


def _json(data: Any) -> bytes:
    # Compact: only without ``indent`` does the json module use its C encoder (about 10 x faster at 5,000 notes).
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def write_exports(site: Path, dossier: Dossier, ctx: ExportContext, bodies: dict[str, str], numbers: dict[str, int]) -> list[str]:
    """Write all exports; ``bodies``: note id -> sanitised HTML with absolute links. Returns the written paths."""
    out = site / FOLDER
    if (out / "annotations").exists():  # `mkdocs serve` rebuilds into the same folder: no stale notes
        shutil.rmtree(out / "annotations")
    files: dict[str, bytes] = {}
    records = []
    for ann in sorted(dossier.annotations, key=lambda a: a.id):
        record = web_annotation.annotation(ann, dossier, ctx, bodies.get(ann.id, ""))
        files[web_annotation.path_of(ann)] = _json(record)
        records.append(record)
    for path, listing_page in web_annotation.collection(records, ctx):
        files[path] = _json(listing_page)
    for treaty in dossier.treaties.values():
        files[akoma_ntoso.path_of(treaty)] = akoma_ntoso.document(treaty, dossier, ctx, lambda a: bodies.get(a.id, ""), numbers)
    files[csl.ALL_SOURCES] = _json(csl.all_sources(dossier, ctx))
    for source in dossier.sources.values():
        files[csl.source_path(source)] = _json([csl.source_item(source, ctx)])
    files[dossier_json.PATH] = _json(dossier_json.export(dossier, ctx, lambda a: bodies.get(a.id, "")))
    files[dossier_json.SCHEMA_PATH] = dossier_json.SCHEMA_FILE.read_bytes()
    feed = atom_feed.feed(dossier, ctx, bodies)
    if feed is not None:
        files[atom_feed.PATH] = feed
    kinds = {d.path: d for d in catalogue(dossier)}
    listing = [
        {"path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(), "media_type": _media(path, kinds)}
        for path, data in sorted(files.items())
    ]
    files[MANIFEST] = _json({"edition": {"date": ctx.edition.day, "commit": ctx.edition.commit}, "files": listing})
    folders: set[Path] = set()
    for path, data in files.items():
        target = site / path
        if target.parent not in folders:  # thousands of notes share a dozen folders
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_bytes(data)
    return sorted(files)


def _media(path: str, kinds: dict[str, Download]) -> str:
    if path in kinds:
        return kinds[path].media_type
    return {".jsonld": "application/ld+json", ".xml": "application/akn+xml", ".json": "application/vnd.citationstyles.csl+json"}[
        Path(path).suffix
    ]
