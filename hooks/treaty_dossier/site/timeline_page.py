"""The timeline page, generated from the event files in date order."""

from __future__ import annotations

from ..content.dossier import Dossier
from ..content.references import find_refs, md_escape
from ..content.sources import Source
from ..content.timeline_events import Event
from .generated_page import page_head

PAGE = "timeline.md"


def event_markdown(text: str) -> str:
    """Contributor text made literal, except its ``[[…]]`` and ``[@…]`` references, which the page pipeline resolves."""
    out, last = [], 0
    for _ref, (start, end) in find_refs(text):
        out += [md_escape(text[last:start]), text[start:end]]
        last = end
    out.append(md_escape(text[last:]))
    return " ".join("".join(out).split())


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
        out += [_entry(event, [dossier.sources[sid] for sid in event.sources if sid in dossier.sources]), ""]
    if not dossier.events:
        out.append("No events recorded yet.")
    return "\n".join(out) + "\n"


def _entry(event: Event, sources: list[Source]) -> str:
    when = f"{event.date.day} {event.date:%B}"
    parts = [f'<div class="timeline-entry" id="{event.id}" markdown="1">', "", f"**{when}** — {event_markdown(event.event)}", ""]
    refs = "; ".join(f"[{md_escape(s.label)}]({s.src_uri})" for s in sources)
    clauses = " · ".join(f"[[{name}]]" for name in event.clauses)
    parts.append(
        f'<span class="timeline-entry__label">Sources:</span> {refs}'
        + (f' — <span class="timeline-entry__label">Clauses:</span> {clauses}' if clauses else "")
    )
    parts += ["", "</div>"]
    return "\n".join(parts)
