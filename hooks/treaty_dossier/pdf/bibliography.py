"""The bibliography at the end of a print document: every source it cites, with its address.

Entries carry the label ``source:<id>`` that citations in the notes link to. A
field the registry leaves out (because it could not be verified) is said to be
missing rather than filled in.
"""

from __future__ import annotations

from typing import Any

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


def entry(source: Source) -> dict[str, Any]:
    """One entry's data: label, authors, title, outlet and date, the original of a copy, URL (or none), archive, note."""
    outlet = ", ".join(x for x in (source.outlet, _date(source)) if x)
    original = source.original
    return {
        "id": source.id,
        "label": source.label,
        "authors": ", ".join(source.authors),
        "title": source.display_title,
        "outlet": outlet,
        "original": {"id": original.id, "label": original.label} if original is not None else None,
        "url": source.url,
        "archived": source.archived_url,
        "archived_on": long_date(source.archived_on) if source.archived_on else None,
        "note": source.note,
    }


def bibliography_entries(sources: list[Source]) -> list[dict[str, Any]]:
    """The entries the template prints, in the order given (by label)."""
    return [entry(s) for s in sources]


def _date(source: Source) -> str | None:
    day = source.published
    return long_date(day) if day else None
