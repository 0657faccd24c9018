"""The bibliography at the end of a print document: every source it cites, with its address.

Entries carry the id ``source.<id>`` that citations in the notes link to. A
field the registry leaves out (because it could not be verified) is said to be
missing rather than filled in.
"""

from __future__ import annotations

from html import escape

from ..content.annotations import Annotation
from ..content.dates import long_date
from ..content.dossier import Dossier
from ..content.references import find_refs
from ..content.sources import Source
from ..content.treaties import Treaty


def cited_sources(dossier: Dossier, notes: list[Annotation], treaties: list[Treaty]) -> list[Source]:
    """Sources cited by the notes or the treaty texts, and the originals of cited copies, by label."""
    found: dict[str, Source] = {}
    for ann in notes:
        for source in dossier.sources_of(ann):
            found[source.id] = source
    for treaty in treaties:
        for ref, _ in find_refs(treaty.body):
            if ref.kind == "source" and ref.target in dossier.sources:
                found[ref.target] = dossier.sources[ref.target]
    for source in list(found.values()):
        while source.original is not None and source.original.id not in found:
            source = found.setdefault(source.original.id, source.original)
    return sorted(found.values(), key=lambda s: (s.label.casefold(), s.id))


def entry_html(source: Source) -> str:
    """One entry: label, authors, title, outlet, date, URL (or that it is not verified), archive, note."""
    parts = [f'<span class="bib__label">{escape(source.label)}</span>']
    if source.authors:
        parts.append(escape(", ".join(source.authors)) + ".")
    parts.append(f"“{escape(source.display_title)}”.")
    outlet = ", ".join(x for x in (source.outlet, _date(source)) if x)
    if outlet:
        parts.append(escape(outlet) + ".")
    if source.original is not None:
        parts.append(f'A copy of <a href="#source.{escape(source.original.id)}">{escape(source.original.label)}</a>.')
    if source.url:
        parts.append(f'<a class="bib__url" href="{escape(source.url)}">{escape(source.url)}</a>')
    else:
        parts.append('<span class="bib__missing">Address not verified.</span>')
    if source.archived_url:
        parts.append(f'Archived: <a class="bib__url" href="{escape(source.archived_url)}">{escape(source.archived_url)}</a>')
    if source.note:
        parts.append(f'<span class="bib__note">{escape(source.note)}</span>')
    return f'<li class="bib__entry" id="source.{escape(source.id)}">{" ".join(parts)}</li>'


def bibliography_html(sources: list[Source]) -> str:
    entries = "".join(entry_html(s) for s in sources)
    return (
        '<section class="bibliography" data-short-title="Bibliography">'
        '<h1 class="bibliography__title" id="bibliography" data-short-title="Bibliography">Bibliography</h1>'
        "<p>Every source cited in the notes above, by the short name used in the citations.</p>"
        f'<ol class="bib">{entries}</ol></section>'
    )


def _date(source: Source) -> str | None:
    day = source.published
    return long_date(day) if day else None
