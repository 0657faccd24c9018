"""The timeline page, generated from the event files in date order."""

from __future__ import annotations

from ..content.dossier import Dossier
from ..content.references import Ref, find_refs, md_escape
from ..content.sources import Source
from ..content.timeline_events import Event
from .generated_page import page_head

PAGE = "timeline.md"


def event_markdown(dossier: Dossier, text: str) -> str:
    """Contributor text made literal, its ``[[…]]`` and ``[@…]`` references resolved here to links.

    Nothing of the contributor's is left for Markdown to read: a reference that does not resolve
    (the check reports it) is shown as the text it was written as.
    """
    out, last = [], 0
    for ref, (start, end) in find_refs(text):
        out += [md_escape(text[last:start]), _ref_markdown(dossier, ref, text[start:end])]
        last = end
    out.append(md_escape(text[last:]))
    return " ".join("".join(out).split())


def _ref_markdown(dossier: Dossier, ref: Ref, written: str) -> str:
    """A resolved reference as a Markdown link from this page, or its escaped text."""
    target = dossier.target(ref)
    if target is None:
        return md_escape(written)
    link = f"[{md_escape(target.label)}]({target.src_uri}{'#' + target.anchor if target.anchor else ''})"
    return f"({link})" if ref.kind == "source" else link


def page(dossier: Dossier) -> str:
    out = [
        *page_head("Timeline"),
        "From signature to what came after, as the sources report it. Each entry links to its sources and to "
        "the clauses it concerns; the entries are generated from the files in `annotations/events/`.",
        "",
    ]
    year = None
    for event in dossier.events:
        if event.date.year != year:
            year = event.date.year
            out += [f"## {year}", ""]
        out += [_entry(dossier, event, [dossier.sources[sid] for sid in event.sources if sid in dossier.sources]), ""]
    if not dossier.events:
        out.append("No events recorded yet.")
    return "\n".join(out) + "\n"


def _entry(dossier: Dossier, event: Event, sources: list[Source]) -> str:
    when = f"{event.date.day} {event.date:%B}"
    parts = [
        f'<div class="timeline-entry" id="{event.id}" markdown="1">',
        "",
        f"**{when}** — {event_markdown(dossier, event.event)}",
        "",
    ]
    refs = "; ".join(f"[{md_escape(s.label)}]({s.src_uri})" for s in sources)
    clauses = " · ".join(_ref_markdown(dossier, Ref("clause", name, None, 1), name) for name in event.clauses)
    parts.append(
        f'<span class="timeline-entry__label">Sources:</span> {refs}'
        + (f' — <span class="timeline-entry__label">Clauses:</span> {clauses}' if clauses else "")
    )
    parts += ["", "</div>"]
    return "\n".join(parts)
