"""The PDF edition: which documents, where they go, the switch, the edition line.

``write_pdfs`` writes ``pdf/<treaty-id>.pdf`` for each treaty and
``pdf/dossier.pdf`` for all of them under the site directory and returns every
problem: a reference that does not resolve, a footnote lost or numbered
differently from the site. The hooks turn problems into a failed build.

Set ``TREATY_PDF=0`` to skip the PDF edition (fast previews).
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from ..content.dossier import Dossier
from ..content.problems import Problem
from .print_document import Edition, PrintDocument, dossier_document, treaty_document
from .weasy_render import render_pdf

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
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=10
        )
        commit = result.stdout.strip() if result.returncode == 0 else None
    except (OSError, subprocess.SubprocessError):
        commit = None  # no git, or not a checkout: the edition names the date only
    return Edition(now.date(), commit or None)


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
    warnings: list[str] = field(default_factory=list)


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
    """Render every treaty's PDF and the dossier's; ``site_numbers`` are the site's footnote numbers."""
    out = Written()
    ed = edition(root)
    order = treaty_order(dossier, nav_src_uris)
    jobs: list[tuple[str, PrintDocument]] = [(treaty_pdf_path(t), treaty_document(dossier, t, site_name, ed)) for t in order]
    if order:
        jobs.append((dossier_pdf_path(), dossier_document(dossier, order, site_name, ed, description)))
    problems: dict[Problem, None] = {}
    for rel, doc in jobs:
        for p in doc.problems:
            problems[p] = None
        for ann_id, number in doc.notes.items():
            if site_numbers.get(ann_id) != number:
                path = next(a.path for a in dossier.annotations if a.id == ann_id)
                problems[Problem(path, 1, f"{rel}: footnote {number} is numbered {site_numbers.get(ann_id)} on the site")] = None
    if problems:  # a dangling reference: render nothing rather than a PDF with dead links
        out.problems = list(problems)
        return out
    for rel, doc in jobs:
        result = render_pdf(doc.html, site_dir / rel, set(doc.note_ids))
        out.files[rel] = result.pages
        out.seconds += result.seconds
        out.warnings += [f"{rel}: {w}" for w in result.warnings]
        paths = {a.id: a.path for a in dossier.annotations}
        for note, _, message in result.problems:
            out.problems.append(Problem(paths.get(doc.note_ids.get(note, ""), "(PDF edition)"), 1, f"{rel}: {message}"))
        for note, _, message in result.deferred:
            message = f"{rel}: {message}: the notes at this spot do not fit on one page and continue overleaf"
            out.problems.append(Problem(paths.get(doc.note_ids.get(note, ""), "(PDF edition)"), 1, message, "warning"))
    return out
