"""The PDF edition: which documents, where they go, the switch, the edition line.

``write_pdfs`` writes ``pdf/<treaty-id>.pdf`` for each treaty and
``pdf/dossier.pdf`` for all of them under the site directory and returns every
problem: a reference that does not resolve, a footnote lost or numbered
differently from the site, a Typst error or warning. The hooks turn problems into
a failed build (warnings: with ``--strict``). The documents are made from the
dossier model (``print_data``) and typeset by Typst (``edition.typ``, ``typst_render``); the licence
goes into the title page and, after compiling, into the XMP metadata (``pdf_rights``).

Set ``TREATY_PDF=0`` to skip the PDF edition (fast previews).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..content.dossier import Dossier
from ..content.licences import CONTENT, statement
from ..content.problems import Problem
from ..data.context import Edition as BuildEdition
from ..data.context import read_edition
from . import pdf_cache, pdf_rights, print_problems, typst_render
from . import typeset as typeset_docs
from .print_data import Edition, PrintData, dossier_data, treaty_data, treaty_part

SWITCH = "TREATY_PDF"
OFF = {"0", "false", "no", "off"}
FOLDER = "pdf"
DOSSIER_FILE = "dossier.pdf"
CACHE = Path(".cache") / "pdf"  # under the project: each document's last compiles (pdf_cache), ignored by git


def enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """The PDF edition is on unless ``TREATY_PDF`` is 0, false, no or off."""
    return environ.get(SWITCH, "1").strip().lower() not in OFF


def edition(build: BuildEdition) -> Edition:
    """The title page's edition: the build's own (``SOURCE_DATE_EPOCH``, else the commit's date; the commit),
    the same the citations and the open data name. Without either date, the build day at midnight."""
    when = build.date or dt.datetime.combine(dt.datetime.now(dt.UTC).date(), dt.time(), dt.UTC)
    return Edition(when.date(), build.short_commit, int(when.timestamp()))


def treaty_pdf_path(treaty_id: str) -> str:
    """Site-relative path of a treaty's PDF."""
    return f"{FOLDER}/{treaty_id}.pdf"


def dossier_pdf_path() -> str:
    """Site-relative path of the whole dossier's PDF."""
    return f"{FOLDER}/{DOSSIER_FILE}"


def download_html(treaty_href: str, dossier_href: str) -> str:
    """The "Download PDF" line at the top of a treaty page (hrefs relative to the page)."""
    return (
        f'<p class="pdf-download"><a href="{escape(treaty_href)}" download>Download PDF</a> of this treaty, '
        f'or of <a href="{escape(dossier_href)}" download>the whole dossier</a> (footnotes, page references, bookmarks).</p>'
    )


@dataclass
class Written:
    files: dict[str, int] = field(default_factory=dict)  # site-relative path -> pages
    seconds: float = 0.0  # the whole step, as the clock on the wall ran (documents are typeset side by side)
    problems: list[Problem] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)  # files whose document had not changed: not typeset again


def treaty_order(dossier: Dossier, nav_src_uris: list[str]) -> list[str]:
    """Treaties in the site's navigation order; any not in the navigation follow by signing date."""
    in_nav = [t.id for uri in nav_src_uris for t in dossier.treaties.values() if t.src_uri == uri]
    rest = sorted((t for t in dossier.treaties.values() if t.id not in in_nav), key=lambda t: (t.meta["signed"]["date"], t.id))
    return list(dict.fromkeys(in_nav)) + [t.id for t in rest]


def write_pdfs(
    dossier: Dossier,
    site_dir: Path,
    root: Path,
    site_name: str,
    nav_src_uris: list[str],
    description: str = "",
    build_edition: BuildEdition | None = None,
) -> Written:
    """Compile every treaty's PDF and the dossier's; notes carry the dossier's numbers, as on the site.

    Any problem (a reference that does not resolve, a note lost, doubled, out of order or printed
    with another number, a Typst error or warning, a character no font has) names the file it
    comes from; errors leave no PDF behind. A document whose data, template and edition have not
    changed since a previous compile is taken from the cache, with that compile's checks.
    """
    start = time.perf_counter()
    out = Written()
    ed = edition(build_edition if build_edition is not None else read_edition(root))
    order = treaty_order(dossier, nav_src_uris)
    parts = {t: treaty_part(dossier, t) for t in order}  # each treaty's text made once, for its PDF and the dossier's
    jobs = [(treaty_pdf_path(t), treaty_data(dossier, t, site_name, ed, parts)) for t in order]
    if order:
        jobs.append((dossier_pdf_path(), dossier_data(dossier, order, site_name, ed, description, parts)))
    problems: dict[Problem, None] = {}
    paths = {a.id: a.path for a in dossier.annotations}
    for _, doc in jobs:
        problems.update(dict.fromkeys(doc.problems))
    if problems:  # a dangling reference: print nothing rather than a PDF with dead links
        out.problems = list(problems)
        return out
    cache = root / CACHE
    texts = {rel: typst_render.data_text(doc.data) for rel, doc in jobs}
    digests = {rel: pdf_cache.key(text, ed.epoch) for rel, text in texts.items()}
    compiled = {rel: pdf_cache.load(cache, Path(rel).stem, digests[rel]) for rel in texts}
    out.reused = [rel for rel, hit in compiled.items() if hit is not None]

    def typeset(rel: str, fresh: typst_render.Compiled) -> None:
        pdf_cache.store(cache, Path(rel).stem, digests[rel], fresh)
        compiled[rel] = fresh

    typeset_docs.compile_all({rel: texts[rel] for rel in texts if compiled[rel] is None}, ed.epoch, typeset)
    for rel, doc in jobs:
        done = compiled[rel]
        assert done is not None
        _write(out, dossier, doc, rel, done, site_dir / rel, site_name, paths)
    out.seconds = time.perf_counter() - start
    return out


def _write(
    out: Written,
    dossier: Dossier,
    doc: PrintData,
    rel: str,
    compiled: typst_render.Compiled,
    target: Path,
    site_name: str,
    paths: dict[str, str],
) -> None:
    """Check one compiled document and write it with its licence, or remove it after an error."""
    out.problems += [p for d in compiled.diagnostics for p in print_problems.typst_problems(dossier, doc, rel, d)]
    out.problems += [p for char in compiled.missing_glyphs for p in print_problems.glyph_problems(dossier, doc, rel, char)]
    if compiled.pdf is None:
        target.unlink(missing_ok=True)
        return
    wrong = typst_render.check_notes(compiled.notes, list(doc.notes.items()), compiled.entries)  # notes in reading order
    out.problems += [Problem(paths.get(a, "(PDF edition)"), 1, f"{rel}: {message}") for a, message in sorted(wrong.items())]
    licensed = pdf_rights.with_rights(compiled.pdf, statement(site_name), CONTENT.url)  # Typst writes no rights
    if licensed is None:
        out.problems.append(Problem("(PDF edition)", 1, f"{rel}: the licence could not be added to the PDF's metadata"))
        target.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(licensed)
    out.files[rel] = compiled.pages
