"""One build's notes pages and citations pages (:mod:`.notes_pages`): which exist, what a treaty page
needs to know of them, their HTML once Markdown has run, and their search records.

Kept apart from :class:`~.dossier_build.DossierBuild`, which holds one of these and hands it the
few things it needs (links, a note's HTML), so that the build's own module stays about events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..content.annotations import Annotation
from ..content.dossier import Dossier
from ..content.treaties import Treaty
from ..data import citation, csl
from ..data import context as data_context
from . import notes_pages, search_records
from .note_html import Href

NoteHtml = Callable[[Annotation, int, str], str]  # (note, number, back link) -> the note's HTML


@dataclass
class NotesPages:
    """The pages and the links between them, for one build (made after the dossier is loaded)."""

    dossier: Dossier
    exports: data_context.ExportContext
    href: Callable[[str], Href]  # page URL -> links from that page
    note: Callable[[str], NoteHtml]  # page URL -> a note's HTML on that page
    outlets: Callable[[Annotation], list[str]]
    fills: dict[str, Callable[[str], str]] = field(default_factory=dict)  # src_uri -> its notes' HTML, by page URL
    _moved: dict[str, tuple[Treaty, str]] = field(default_factory=dict)  # note id -> (treaty, clause) of its notes page

    def pages(self) -> list[tuple[str, Callable[[str], str]]]:
        """(src_uri, page URL -> Markdown) of every treaty's citations page and notes pages."""
        found: list[tuple[str, Callable[[str], str]]] = []
        for treaty in self.dossier.treaties.values():
            if not self.dossier.notes_on(treaty.id):
                continue
            uri = notes_pages.cite_uri(treaty)
            found.append((uri, partial(self._cite_page, treaty)))
            self.fills[uri] = partial(self._citations, treaty)
            for clause_id, notes in notes_pages.further(self.dossier, treaty).items():
                uri = notes_pages.notes_uri(treaty, clause_id)
                found.append((uri, partial(self._notes_page, treaty, clause_id, notes)))
                self.fills[uri] = partial(self._notes_list, treaty, notes)
                self._moved.update({a.id: (treaty, clause_id) for a in notes})
        return found

    def note_at(self, href: Href) -> Callable[[Annotation], str | None]:
        """The URL of a note that lives on its clause's notes page (None for a note under its clause)."""

        def at(ann: Annotation) -> str | None:
            if ann.id not in self._moved:
                return None
            return href(notes_pages.notes_uri(*self._moved[ann.id]), f"fn:{ann.label}")

        return at

    def on_treaty_page(self, treaty: Treaty, href: Href) -> dict[str, Any]:
        """The :class:`~.note_tree.TreatyPage` fields about notes elsewhere, and the Cite blocks' edition."""
        further = notes_pages.further(self.dossier, treaty)
        return {
            "elsewhere": {a.id: href(notes_pages.notes_uri(treaty, c), f"fn:{a.label}") for c, ns in further.items() for a in ns},
            "further": {c: href(notes_pages.notes_uri(treaty, c), None) for c in further},
            "cite_edition": self.edition(),
        }

    def cite_href(self, ann: Annotation, href: Href) -> str:
        """Where a note's Cite sends a reader without script: its entry on the treaty's citations page."""
        return href(notes_pages.cite_uri(self.dossier.treaties[ann.treaty_id]), f"cite-{ann.label}")

    def edition(self) -> str:
        return citation.edition_json(csl.edition_fields(self.exports))

    def page_html(self, html: str, src_uri: str, page_url: str) -> str:
        """A generated notes or citations page with its notes in place (others unchanged)."""
        fill = self.fills.get(src_uri)
        return notes_pages.fill(html, fill(page_url)) if fill else html

    def search_records(self, html: str, src_uri: str, page_url: str) -> list[search_records.Record] | None:
        """A notes page's records (its notes, under its clause); none for a citations page; None for other pages."""
        if src_uri not in self.fills:
            return None
        for treaty in self.dossier.treaties.values():
            for clause_id, notes in notes_pages.further(self.dossier, treaty).items():
                if notes_pages.notes_uri(treaty, clause_id) == src_uri:
                    title = notes_pages.notes_title(self.dossier, treaty, clause_id, notes)
                    languages = {f"fn:{a.label}": [s.language for s in self.dossier.sources_of(a)] for a in notes}
                    heading = {notes_pages.NOTES_HEADING: title}
                    return search_records.clause_records(html, page_url, treaty.short_title, heading, languages, head=False)
        return []

    def _cite_page(self, treaty: Treaty, page_url: str) -> str:
        entries = [
            (a.kind, self.dossier.numbers.get(a.id), csl.note_item(a, self.dossier, self.exports))
            for a in self.dossier.notes_on(treaty.id)
        ]
        return notes_pages.cite_page(treaty, entries)

    def _notes_page(self, treaty: Treaty, clause_id: str, notes: list[Annotation], page_url: str) -> str:
        return notes_pages.notes_page(self.dossier, treaty, clause_id, notes)

    def _citations(self, treaty: Treaty, page_url: str) -> str:
        href = self.href(page_url)
        at = self.note_at(href)
        return notes_pages.cite_html(
            self.dossier,
            treaty,
            lambda a: csl.note_item(a, self.dossier, self.exports),
            lambda a: at(a) or href(treaty.src_uri, f"fn:{a.label}"),
        )

    def _notes_list(self, treaty: Treaty, notes: list[Annotation], page_url: str) -> str:
        back = self.href(page_url)(treaty.src_uri, None)
        placed = [(a, self.dossier.numbers[a.id]) for a in notes]
        return notes_pages.notes_html(self.dossier, placed, self.note(page_url), self.outlets, back, self.edition())
