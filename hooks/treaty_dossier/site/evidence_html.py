"""HTML for what a clause was checked against: the line under it, its warning, and the treaty box's count.

The status is said in words (never by colour alone); each copy links to its source page.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..content import clause_evidence as E
from ..content.dossier import Dossier
from ..content.treaties import Treaty

Href = Callable[[str, "str | None"], str]  # as in note_html: (src_uri, anchor) -> URL relative to the current page


def checked_line_html(dossier: Dossier, treaty: Treaty, clause_id: str, href: Href) -> str:
    """ "Verified against two independent texts. Checked against: KCNA (Korean, full text) · …", or '' without a record."""
    entry = treaty.evidence.get(clause_id)
    if entry is None:
        return ""
    links = [
        f'<a href="{escape(href(dossier.sources[sid].src_uri, None))}">{escape(name)}</a> ({escape(what)})'
        for sid, name, what in E.checked_items(entry, dossier.sources)
    ]
    listed = " · ".join(links) if links else "no stored copy"
    return (
        # "clause-refs": part of the lines under the clause, which are not its text (and are left out of search)
        f'<p class="clause-refs checked-against checked-against--{entry.status}" data-status="{entry.status}"'
        " data-search-exclude>"
        f"<strong>{escape(entry.words)}.</strong> Checked against: {listed}.</p>"
    )


def unverified_box_html(note: str) -> str:
    """The warning under the heading of a clause whose wording rests on summaries only."""
    return (
        '<div class="admonition warning unverified"><p class="admonition-title">Wording not verified</p>'
        f"<p>{escape(note)}</p></div>"
    )


def clause_boxes(treaty: Treaty) -> dict[str, str]:
    """Clause id -> the warning under its heading, for each clause not verified."""
    return {cid: unverified_box_html(note) for cid, note in treaty.unverified().items()}


def counts_html(treaty: Treaty) -> str:
    """The treaty box's count of statuses, e.g. "21 of 23 articles verified against two independent texts"."""
    sentence = E.counts_sentence(treaty.evidence)
    return f'<p class="checked-count"><strong>Checked:</strong> {escape(sentence)}</p>' if sentence else ""
