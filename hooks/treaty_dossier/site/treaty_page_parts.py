"""What a treaty page shows besides its text: the box under the title, the line under each clause,
each note's entry in the manifest, and the check that every note landed on a page.

These are the decisions the MkDocs adapter used to make inline; they live here so that the
plugin, the hook file, the stand-alone Markdown extension and the benchmark's pre-baked twin
all place the same things.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..content.annotations import Annotation
from ..content.dossier import Dossier
from ..content.problems import Problem
from ..content.treaties import Treaty
from ..contrib import file_drafts
from ..data import akoma_ntoso as akn
from ..data import citation, csl, web_annotation
from ..data import context as data_context
from ..data import dossier_json as dossier_export
from ..pdf import edition
from . import comparison, history_html, note_html, renderings_table


def header_box(dossier: Dossier, treaty: Treaty, page_url: str, href: note_html.Href, pdf: bool) -> str:
    """The box under a treaty's title: PDF downloads (when the edition is built), the treaty's facts
    and text basis, and links to its open data. Raw HTML with final URLs relative to ``page_url``."""
    refs = note_html.ref_renderer(dossier, href, treaty.id)
    box = note_html.metadata_html(treaty, refs, dossier.history, href(history_html.PAGE, None))
    if pdf:
        pdfs = (edition.treaty_pdf_path(treaty.id), edition.dossier_pdf_path())
        box = edition.download_html(*(note_html.relative_url(page_url, p) for p in pdfs)) + box
    return box + note_html.data_links_html(
        data_context.relative(page_url, akn.path_of(treaty)), data_context.relative(page_url, dossier_export.PATH)
    )


def clause_line(
    dossier: Dossier,
    treaty: Treaty,
    clause_id: str,
    href: note_html.Href,
    compared: dict[str, list[comparison.Pair]],
    exports: data_context.ExportContext | None = None,
    repo_url: str | None = None,
    repo_prefix: str = "",
    note_at: Callable[[Annotation], str | None] | None = None,
) -> str:
    """Everything under a top-level clause: its sources, references and "Annotate" link, its Cite block
    (when ``exports`` names the edition), its comparison with other treaties and its renderings table;
    ``note_at`` gives a note's URL where it lives (its clause's notes page, for some)."""
    clause = treaty.clauses[clause_id]
    cite = citation.cite_html(csl.clause_item(treaty, clause, exports), clause.label) if exports else ""
    return (
        note_html.clause_line_html(
            dossier, treaty, clause_id, href, file_drafts.annotate_url(repo_url, treaty, clause_id, repo_prefix), cite, note_at
        )
        + comparison.compared_line_html(dossier, f"{treaty.id}/{clause_id}", compared, href)
        + renderings_table.rendering_table_html(dossier, treaty, clause_id, href, note_at)
    )


def manifest_entry(dossier: Dossier, ann: Annotation, page_url: str, number: int) -> dict:
    """A note's line in ``annotations.json``: where it landed and under which number."""
    return {
        "id": ann.id,
        "file": ann.path,
        "clause": ann.clause,
        "page": page_url,
        "anchor": f"fn:{ann.label}",
        "number": number,
        "detached": dossier.anchors[ann.id].detached,
        "web_annotation": web_annotation.path_of(ann),
    }


def lost_notes(dossier: Dossier, rendered: Iterable[str]) -> list[Problem]:
    """One problem per note that no page rendered: nothing may disappear silently."""
    done = set(rendered)
    return [
        Problem(a.path, 1, "annotation was not rendered on any page (is its treaty page excluded from the build?)")
        for a in dossier.annotations
        if a.id not in done
    ]


def unmatched_quote(ann: Annotation) -> Problem:
    """A quote the check found in the clause's reader text but the page's tree did not: the two readings differ."""
    return Problem(
        ann.path,
        ann.line_of("quote"),
        f"quote '{ann.quote.exact if ann.quote else ''}' was found in the text of {ann.clause} by the check"
        " but not on its page; the mark is at the end of the clause (an internal error; please report it)",
        "warning",
    )
