"""The table under a clause of how outlets and official versions worded it (``kind: rendering`` notes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from ..content.annotations import Annotation
from ..content.dates import short_date
from ..content.dossier import Dossier
from ..content.sources import Source
from ..content.treaties import Treaty
from . import quotations, robust_links
from .note_html import Href

OPEN_ROWS = 12  # a longer table is folded under its caption (issue 22)


def rendering_table_html(
    dossier: Dossier, treaty: Treaty, clause_id: str, href: Href, note_at: Callable[[Annotation], str | None] | None = None
) -> str:
    """One row per rendering note on the clause or its paragraphs: outlet, date, wording, link to the note
    (``note_at``: its URL when it lives on its clause's notes page; None: under the clause on this page)."""
    names = sorted(f"{treaty.id}/{c.id}" for c in treaty.clauses.values() if c.id == clause_id or c.parent == clause_id)
    notes = [a for name in names for a in dossier.notes_by_clause.get(name, []) if a.kind == "rendering"]
    if not notes:
        return ""
    rows = []
    for ann in sorted(notes, key=lambda a: (_published(dossier, a), a.id)):
        source = _first(dossier, ann)
        if source is None:  # its file has errors, reported on it; while serving, the row still shows the note
            outlet_cell, date, lang, original, mark = escape(ann.sources[0]), "date unknown", "", "source not readable", ""
        else:
            outlet = source.outlet or (source.original.outlet if source.original else None) or source.label
            outlet_cell = f'<a href="{escape(href(source.src_uri, None))}">{escape(outlet)}</a>'
            date = short_date(source.published) if source.published else "date unknown"
            lang = f' lang="{escape(source.language)}"' if source.language else ""
            original = robust_links.link_html(source, "original") if source.url else "no address verified"
            if source.archived_url:
                original += " · " + robust_links.archived_html(source)
            mark = quotations.wording_mark(ann, source, href)
        where = (note_at(ann) if note_at else None) or f"#fn:{ann.label}"
        rows.append(
            "<tr>"
            f"<td>{outlet_cell}</td>"
            f"<td>{escape(date)}</td>"
            f"<td><q{lang}>{escape(ann.wording or '')}</q>{mark}</td>"
            f'<td data-search-exclude>{original} · <a href="{escape(where)}">note</a></td>'
            "</tr>"
        )
    clause = treaty.clauses[clause_id]
    caption = f"How outlets and official versions worded {escape(clause.label)}"
    table = (
        '<div class="renderings__scroll"><table><thead data-search-exclude><tr>'
        '<th scope="col">Outlet</th><th scope="col">Date</th><th scope="col">Wording</th><th scope="col">Links</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    # Indexed with its clause, so a reader finds the clause by an outlet's wording (in any language).
    if len(rows) > OPEN_ROWS:  # folded: a browser lays out a long table under every clause before the page is usable
        return (
            f'<details class="renderings" data-clause="{escape(clause.name)}">'
            f"<summary>{caption} ({len(rows)})</summary>{table}</details>"
        )
    return f'<figure class="renderings" data-clause="{escape(clause.name)}"><figcaption>{caption}</figcaption>{table}</figure>'


def _first(dossier: Dossier, ann: Annotation) -> Source | None:
    """The source a rendering quotes: the first one it lists (None when that file could not be read)."""
    return dossier.sources.get(ann.sources[0])


def _published(dossier: Dossier, ann: Annotation) -> dt.date:
    source = _first(dossier, ann)
    return source.published if source and source.published else dt.date.max
