"""HTML for what the hooks add to pages: notes, the metadata box, clause lines.

Everything here that carries contributor text goes through ``html.escape`` or,
for annotation bodies, Markdown then the allow-list sanitiser.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from functools import lru_cache
from html import escape

import markdown

from ..content.annotations import GITHUB_HANDLE, Annotation
from ..content.clause_history import ClauseHistory
from ..content.dates import long_date
from ..content.dossier import Dossier
from ..content.references import Ref, md_escape, replace_refs
from ..content.sources import Source
from ..content.treaties import Treaty
from . import evidence_html, history_html, markdown_guard, quotations, robust_links, sanitize
from .markdown_ext import PageRefs, Resolver, TreatyExtension

Href = Callable[[str, "str | None"], str]  # (src_uri, anchor) -> URL relative to the current page
_KIND_LABEL = {"commentary": "Commentary", "context": "Context", "rendering": "Rendering", "correction": "Correction"}


@lru_cache(maxsize=65536)  # the same few (page, target) pairs recur for every note on a page
def relative_url(from_url: str, to_url: str) -> str:
    """URL of ``to_url`` relative to the page at ``from_url`` (both site-relative)."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    rel = posixpath.relpath("/" + to_url, "/" + base)
    if to_url.endswith("/") or not to_url:
        rel += "/"
    return rel


def ref_renderer(dossier: Dossier, href: Href, from_treaty: str | None = None) -> Callable[[Ref], str | None]:
    """Render a reference as a Markdown link, or ``None`` when it does not resolve."""

    def render(ref: Ref) -> str | None:
        target = dossier.target(ref, from_treaty)
        if target is None:
            return None
        link = f"[{md_escape(target.label)}]({href(target.src_uri, target.anchor)})"
        return f"({link})" if ref.kind == "source" else link

    return render


def ref_resolver(dossier: Dossier, href: Href, from_treaty: str | None = None) -> Resolver:
    """Resolve a reference to (URL, label) for the Markdown extension's inline patterns."""

    def resolve(ref: Ref) -> tuple[str, str] | None:
        target = dossier.target(ref, from_treaty)
        return None if target is None else (href(target.src_uri, target.anchor), target.label)

    return resolve


# One instance for every note (reset between them): building a Markdown instance costs more than converting a note.
# Notes get the reference patterns (so a reference in a code span stays literal) but not the page's own extensions.
_NOTE_REFS = TreatyExtension()
_NOTE_QUOTES = quotations.QuotationExtension(mark=True)
_NOTE_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists", "abbr", _NOTE_REFS, _NOTE_QUOTES], output_format="html")


def body_html(annotation: Annotation, dossier: Dossier, href: Href) -> str:
    """The annotation body as sanitised HTML, references resolved (unresolved ones stay as written)."""
    _NOTE_REFS.refs = PageRefs(ref_resolver(dossier, href, annotation.treaty_id))
    try:
        html = sanitize.clean(_NOTE_MARKDOWN.reset().convert(markdown_guard.guard(annotation.body)))
        return quotations.add_marks(html, _NOTE_QUOTES.found, dossier, href)  # our marks, after sanitising
    finally:
        _NOTE_REFS.refs = None


def author_html(author: str) -> str:
    m = GITHUB_HANDLE.fullmatch(author)
    if m:
        return (
            f'<a class="annotation__author" rel="nofollow noopener" href="https://github.com/{escape(m[1])}">@{escape(m[1])}</a>'
        )
    return f'<span class="annotation__author">{escape(author)}</span>'


def source_html(source: Source, href: Href) -> str:
    page = f'<a href="{escape(href(source.src_uri, None))}">{escape(source.label)}</a>'
    archived = f" ({robust_links.archived_html(source)})" if source.archived_url else ""
    if source.url:
        return f"{page}, {robust_links.link_html(source, f'“{escape(source.display_title)}”')}{archived}"
    return f"{page}, “{escape(source.display_title)}”{archived}"


def note_html(
    annotation: Annotation, dossier: Dossier, href: Href, body: str, backref: str = "", data_href: str = "", cite: str = ""
) -> str:
    """A whole note around its ``body`` (from :func:`body_html`): detached notice, kind and author, sources, permalink;
    ``data_href`` links its Web Annotation (JSON-LD), ``cite`` is its "Cite" block (``data.citation.cite_html``)."""
    parts = [f'<div class="annotation annotation--{annotation.kind}" data-annotation="{escape(annotation.id)}">']
    where = dossier.anchors.get(annotation.id)
    if where is not None and where.detached and annotation.quote:
        parts.append(
            '<p class="annotation__detached"><strong>Detached note.</strong> It quotes “'
            f"{escape(annotation.quote.exact)}”, which is no longer in this clause’s text.</p>"
        )
    parts.append(history_html.earlier_wording_html(dossier, annotation))
    parts.append(f'<div class="annotation__body">{body}</div>')
    sources = "; ".join(source_html(s, href) for s in dossier.sources_of(annotation))
    parts.append(
        f'<p class="annotation__meta"><span class="annotation__kind">{_KIND_LABEL[annotation.kind]}</span> by '
        f'{author_html(annotation.author)}. <span class="annotation__sources">Sources: {sources}.</span> '
        f'<a class="annotation__permalink" href="#fn:{escape(annotation.label)}" title="Permanent link to this note">'
        "Link to this note</a>"
        + (
            f' · <a class="annotation__data" href="{escape(data_href)}" type="application/ld+json" '
            'title="This note as a W3C Web Annotation (JSON-LD)">JSON-LD</a>'
            if data_href
            else ""
        )
        + f"{backref}</p>{cite}</div>"
    )
    return "".join(parts)


def data_links_html(akn_href: str, dossier_href: str) -> str:
    """The line on a treaty page linking its machine-readable copies (hrefs relative to the page)."""
    return (
        f'<p class="data-links">Data: <a href="{escape(akn_href)}" type="application/akn+xml">this treaty as Akoma Ntoso XML</a>'
        f' · <a href="{escape(dossier_href)}" type="application/json">the whole dossier as JSON</a></p>'
    )


def metadata_html(
    treaty: Treaty,
    refs: Callable[[Ref], str | None] | None = None,
    history: ClauseHistory | None = None,
    changes_href: str | None = None,
) -> str:
    """The summary box at the top of a treaty page (maintainer-owned metadata); ``refs`` renders its references.

    ``changes_href`` links the box's history line to the Changes page.
    """
    meta = treaty.meta
    rows = [
        ("Parties", "; ".join(meta["parties"])),
        ("Signed", f"{meta['signed']['place']}, {long_date(meta['signed']['date'])}"),
        ("In force", long_date(meta["in_force"]) if meta.get("in_force") else "not in force"),
        ("Status", meta["status"]),
        ("Authentic languages", ", ".join(meta["authentic_languages"])),
    ]
    items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    basis = markdown.markdown(replace_refs(meta["text_basis"], refs)[0] if refs else meta["text_basis"])
    unverified = evidence_html.counts_html(treaty)
    if treaty.unverified():
        labels = ", ".join(treaty.clauses[c].label for c in treaty.unverified())
        unverified += f"<p><strong>Not yet verified:</strong> {escape(labels)}; each is marked where it appears.</p>"
    return (
        '<div class="admonition abstract treaty-meta">'
        '<p class="admonition-title">About this text</p>'
        f'<dl class="treaty-meta__facts">{items}</dl>'
        f'<div class="treaty-meta__basis"><p><strong>Text basis.</strong></p>{basis}{unverified}'
        f"{history_html.texts_line_html(history, treaty, changes_href)}</div></div>"
    )


def clause_line_html(
    dossier: Dossier,
    treaty: Treaty,
    clause_id: str,
    href: Href,
    annotate: str | None = None,
    cite: str = "",
    note_at: Callable[[Annotation], str | None] | None = None,
) -> str:
    """The compact line under a clause: its sources, related clauses, who refers to it, and an
    "Annotate" link (``annotate``: GitHub's new-file page for a note on it) when the site has a repository;
    then ``cite``, its "Cite" block (``data.citation.cite_html``). ``note_at``: the URL of a note that
    lives on its clause's notes page (None: under its clause on its treaty page)."""
    names = {f"{treaty.id}/{c.id}" for c in treaty.clauses.values() if c.id == clause_id or c.parent == clause_id}
    notes = [a for name in sorted(names) for a in dossier.notes_by_clause.get(name, [])]
    parts = []
    sources = list(dict.fromkeys(s for a in notes for s in dossier.sources_of(a)))
    related = list(dict.fromkeys(r for a in notes for r in a.related))
    if related:
        parts.append(f'<span class="clause-refs__label">Related:</span> {_clause_links(dossier, related, treaty.id, href)}')
    referrers = [item for name in sorted(names) for item in dossier.referred_by.get(name, [])]
    if referrers:
        notes_by_owner: dict[str, list[str]] = {}  # "Art. 4": URLs of the notes on it that refer here
        clauses: list[str] = []
        for _kind, item in referrers:
            if isinstance(item, Annotation):
                owner = dossier.clause(item.clause)
                if owner is None:  # the dossier keeps only notes on existing clauses
                    continue
                label = dossier.clause_label(owner, treaty.id)
                at = (note_at(item) if note_at else None) or href(dossier.treaties[owner.treaty_id].src_uri, "fn:" + item.label)
                notes_by_owner.setdefault(label, []).append(at)
            else:
                clauses.append(_clause_links(dossier, [item.name], treaty.id, href))
        referring = [_notes_on(owner_label, urls) for owner_label, urls in notes_by_owner.items()] + clauses
        parts.append(f'<span class="clause-refs__label">Referred to by:</span> {" · ".join(referring)}')
    if annotate:
        label = escape(f"Annotate {treaty.clauses[clause_id].label}")
        parts.append(
            f'<a class="clause-refs__annotate" href="{escape(annotate)}" rel="nofollow noopener" aria-label="{label}">'
            "Annotate</a>"
        )
    history = history_html.clause_history_html(dossier.history, treaty, clause_id)
    condensed = evidence_html.checked_line_html(dossier, treaty, clause_id, href)
    condensed += sources_html(sources, href) if sources else ""
    if not parts:
        return condensed + history + cite
    return condensed + f'<p class="clause-refs" data-search-exclude>{" — ".join(parts)}</p>' + history + cite


_KIND_GROUP = {"news": "News", "official": "Official", "analysis": "Analysis", "reference": "Reference"}


def sources_html(sources: list[Source], href: Href) -> str:
    """The sources under a clause, condensed: how many, their outlets grouped by kind; the full dated list when opened."""
    groups: dict[str, list[Source]] = {}
    for s in sources:
        groups.setdefault(s.kind, []).append(s)
    order = [k for k in _KIND_GROUP if k in groups] + sorted(k for k in groups if k not in _KIND_GROUP)
    outlets = sorted({_outlet(s) for s in sources}, key=str.lower)
    summary = "; ".join(f"{escape(_KIND_GROUP.get(k, k.capitalize()))}: {escape(_first_few(groups[k]))}" for k in order)
    lists = "".join(
        f"<h4>{escape(_KIND_GROUP.get(k, k.capitalize()))} ({len(groups[k])})</h4><ul>"
        + "".join(_dated_item(s, href) for s in sorted(groups[k], key=lambda s: (s.published or _NO_DATE, s.label)))
        + "</ul>"
        for k in order
    )
    n, m = len(sources), len(outlets)
    return (
        '<details class="clause-sources" data-search-exclude><summary>'
        f'<span class="clause-refs__label">{n} source{"s" if n != 1 else ""}</span> from {m} outlet{"s" if m != 1 else ""}'
        f" — {summary}</summary>{lists}</details>"
    )


_NO_DATE = dt.date.max  # undated sources last


SUMMARY_OUTLETS = 4  # outlets named per kind in the summary line; the rest are counted


def _first_few(sources: list[Source]) -> str:
    """``AP, Reuters, TASS, NHK and 5 more`` (outlets in the order the notes cite them)."""
    names = list(dict.fromkeys(_outlet(s) for s in sources))
    more = len(names) - SUMMARY_OUTLETS
    return ", ".join(names[:SUMMARY_OUTLETS]) + (f" and {more} more" if more > 0 else "")


def _outlet(source: Source) -> str:
    return source.outlet_short or source.outlet or source.label


def _dated_item(source: Source, href: Href) -> str:
    when = long_date(source.published) if source.published else "date not known"
    return (
        f'<li><a href="{escape(href(source.src_uri, None))}">{escape(_outlet(source))}</a>, {escape(when)}: '
        f"“{escape(source.display_title)}”</li>"
    )


def _notes_on(label: str, urls: list[str]) -> str:
    """``note on Art. 4``, or ``notes on Art. 4: 1, 2, 3`` with one link per note."""
    if len(urls) == 1:
        return f'<a href="{escape(urls[0])}">note on {escape(label)}</a>'
    numbered = ", ".join(
        f'<a href="{escape(url)}" aria-label="{escape(f"note {i} on {label}")}">{i}</a>' for i, url in enumerate(urls, 1)
    )
    return f"notes on {escape(label)}: {numbered}"


def _clause_links(dossier: Dossier, names: list[str], here: str, href: Href) -> str:
    out = []
    for name in names:
        target = dossier.target(Ref("clause", name, None, 0), here)
        if target:
            out.append(f'<a href="{escape(href(target.src_uri, target.anchor))}">{escape(target.label)}</a>')
    return " · ".join(out)
