"""The PDF edition: which documents, where they go, the switch, the edition line.

``write_pdfs`` writes ``pdf/<treaty-id>.pdf`` for each treaty and
``pdf/dossier.pdf`` for all of them under the site directory and returns every
problem: a reference that does not resolve, a footnote lost or numbered
differently from the site, a Typst error or warning. The hooks turn problems into
a failed build (warnings: with ``--strict``). The documents are made from the
dossier model (``print_data``) and typeset by Typst (``edition.typ``, ``typst_render``).

Set ``TREATY_PDF=0`` to skip the PDF edition (fast previews).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..content.dossier import Dossier
from ..content.problems import Problem
from . import typst_render
from .print_data import Edition, PrintData, dossier_data, treaty_data

SWITCH = "TREATY_PDF"
OFF = {"0", "false", "no", "off"}
FOLDER = "pdf"
DOSSIER_FILE = "dossier.pdf"


def enabled(environ: Mapping[str, str] = os.environ) -> bool:
    """The PDF edition is on unless ``TREATY_PDF`` is 0, false, no or off."""
    return environ.get(SWITCH, "1").strip().lower() not in OFF


def edition(root: Path, environ: Mapping[str, str] = os.environ) -> Edition:
    """Build date (``SOURCE_DATE_EPOCH`` if set, for reproducible builds) and the git commit, if any."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    # The PDF's own dates: SOURCE_DATE_EPOCH, or midnight of the build day, so two builds of a commit are identical.
    stamp = int(epoch) if epoch else int(dt.datetime.combine(now.date(), dt.time(), dt.UTC).timestamp())
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        )
        commit = result.stdout.strip() if result.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        commit = None  # no git, or not a checkout: the edition names the date only
    return Edition(now.date(), commit or None, stamp)


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
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)


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
    site_numbers: dict[str, int],
    description: str = "",
) -> Written:
    """Compile every treaty's PDF and the dossier's; ``site_numbers`` are the site's footnote numbers.

    Any problem (a reference that does not resolve, a note lost, doubled, out of order or numbered
    otherwise than on the site, a Typst error or warning, a character no font has) names the file
    it comes from; errors leave no PDF behind.
    """
    out = Written()
    ed = edition(root)
    order = treaty_order(dossier, nav_src_uris)
    jobs = [(treaty_pdf_path(t), treaty_data(dossier, t, site_name, ed)) for t in order]
    if order:
        jobs.append((dossier_pdf_path(), dossier_data(dossier, order, site_name, ed, description)))
    problems: dict[Problem, None] = {}
    paths = {a.id: a.path for a in dossier.annotations}
    for rel, doc in jobs:
        problems.update(dict.fromkeys(doc.problems))
        for ann_id, number in doc.notes.items():
            if site_numbers.get(ann_id) != number:
                message = f"{rel}: footnote {number} is numbered {site_numbers.get(ann_id)} on the site"
                problems[Problem(paths[ann_id], 1, message)] = None
    if problems:  # a dangling reference: print nothing rather than a PDF with dead links
        out.problems = list(problems)
        return out
    for rel, doc in jobs:
        target = site_dir / rel
        compiled = typst_render.compile_pdf(doc.data, ed.epoch)
        out.seconds += compiled.seconds
        out.problems += [_typst_problem(rel, d) for d in compiled.diagnostics]
        out.problems += [p for char in compiled.missing_glyphs for p in _blame_glyph(dossier, doc, rel, char)]
        if compiled.pdf is None:
            target.unlink(missing_ok=True)
            continue
        wrong = typst_render.check_notes(
            compiled.notes, list(doc.notes.items()), compiled.entries
        )  # doc.notes is in reading order
        out.problems += [Problem(paths.get(a, "(PDF edition)"), 1, f"{rel}: {message}") for a, message in sorted(wrong.items())]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(compiled.pdf)
        out.files[rel] = compiled.pages
    return out


def _typst_problem(rel: str, diagnostic: typst_render.Diagnostic) -> Problem:
    """A Typst message, at the template line it points to (the data it was given is named in the message)."""
    where = typst_render.TEMPLATE.relative_to(typst_render.TEMPLATE.parents[3]).as_posix()
    level = "error" if diagnostic.severity == "error" else "warning"
    return Problem(f"hooks/{where}", diagnostic.line or 1, f"{rel}: Typst: {diagnostic.message}", level)  # type: ignore[arg-type]


def _blame_glyph(dossier: Dossier, doc: PrintData, rel: str, char: str) -> list[Problem]:
    """A warning for each file in ``doc`` whose text holds ``char``, which no font can print."""
    message = (
        f"{rel}: character {typst_render.placeholder(char)} ('{char}') is in no font the PDF can use; it prints as "
        f"{typst_render.placeholder(char)} (install fonts-noto-cjk for Korean and Japanese, or use another character)"
    )
    found = []
    for ann in dossier.annotations:
        if ann.id in doc.notes and char in ann.body + ann.author + (ann.quote.exact if ann.quote else ""):
            at = ann.body.find(char)
            found.append(Problem(ann.path, ann.body_line + ann.body.count("\n", 0, at) if at >= 0 else 1, message, "warning"))
    for treaty in dossier.treaties.values():
        if treaty.id in {t["id"] for t in doc.data["treaties"]} and char in treaty.body + json.dumps(
            treaty.meta, default=str, ensure_ascii=False
        ):
            at = treaty.body.find(char)
            found.append(
                Problem(treaty.path, treaty.body_line + treaty.body.count("\n", 0, at) if at >= 0 else 1, message, "warning")
            )
    cited = {e["id"] for e in doc.data["bibliography"]}
    for source in dossier.sources.values():
        if source.id in cited and char in json.dumps(vars(source), default=str, ensure_ascii=False):
            found.append(Problem(source.path, 1, message, "warning"))
    return found or [Problem("(PDF edition)", 1, message, "warning")]
