"""Markdown for the generated Sources page and the page of each source.

Generated pages are Markdown with ``.md`` links, so MkDocs resolves and checks
the links as it does for hand-written pages. Contributor text is escaped.
"""

from __future__ import annotations

from html import escape

from ..content.dates import short_date
from ..content.dossier import Dossier
from ..content.languages import LANGUAGES
from ..content.references import md_escape
from ..content.sources import Source
from . import quotations, robust_links
from .generated_page import page_head


def _clauses_citing(dossier: Dossier, source: Source) -> list[str]:
    return list(dict.fromkeys(a.clause for a in dossier.cited_by.get(source.id, [])))


def sources_index(dossier: Dossier) -> str:
    """The Sources page: a table of every source, newest first, sortable."""
    rows = []
    for s in sorted(dossier.sources.values(), key=lambda s: (_published(s), s.id), reverse=True):
        clauses = len(_clauses_citing(dossier, s))
        notes = len(dossier.cited_by.get(s.id, []))
        rows.append(
            f"| {_published(s) or 'unknown'} | {md_escape(s.outlet or 'unknown')} | [{md_escape(s.display_title)}]({s.id}.md) "
            f"| {s.kind} | {clauses} | {notes} |"
        )
    return "\n".join(
        [
            *page_head("Sources"),
            "The reports, official statements and analyses that the annotations rest on. Each has its own page "
            "listing the clauses and notes that cite it. Select a column heading to sort the table.",
            "",
            '<div class="sources-table" markdown="1">',
            "",
            "| Published | Outlet | Title | Kind | Clauses | Notes |",
            "| --- | --- | --- | --- | ---: | ---: |",
            *rows,
            "",
            "</div>",
            "",
        ]
    )


def _archived(source: Source) -> str:
    if not source.archived_url:
        return ""
    when = f", taken {short_date(source.archived_on)}" if source.archived_on else ""
    return f"{robust_links.archived_html(source)} ({md_escape(source.archived_url)}{when})"


# Raw inline HTML in these Markdown lines: its attributes are kept as written, the text between
# tags is still read as Markdown, so that text goes through md_escape.
def source_page(
    dossier: Dossier, source: Source, data_href: str | None = None, quoted: list[quotations.Quotation] | None = None
) -> str:
    """One source: its record, then every clause and note that cites it; ``data_href`` links its CSL-JSON record."""
    title = f"{source.label}: {source.display_title}"
    facts = [
        ("Outlet", md_escape(source.outlet or "not known")),
        (
            "Title",
            robust_links.link_html(source, md_escape(source.display_title)) if source.url else md_escape(source.display_title),
        ),
        ("Authors", md_escape(", ".join(source.authors)) if source.authors else ""),
        ("Published", short_date(source.published) if source.published else "date not known"),
        ("Kind", source.kind),
        ("Language", LANGUAGES.get(source.language, source.language)),
        ("Archived copy", _archived(source)),
    ]
    original = dossier.sources.get(source.derived_from or "")
    if original is not None:
        facts.append(("Derived from", f"[{md_escape(original.label)}]({original.id}.md): a republication or rewrite of it"))
    elif source.derived_from:  # an invalid source file: its own error is reported (the page is shown while serving)
        facts.append(("Derived from", f"{md_escape(source.derived_from)} (a source that could not be read)"))
    copies = [s for s in dossier.sources.values() if s.derived_from == source.id]
    if copies:
        facts.append(("Copies", ", ".join(f"[{md_escape(c.label)}]({c.id}.md)" for c in copies)))
    if not source.url:
        facts.append(("Address", "not verified: no public address of this publication could be confirmed"))
    if data_href:  # raw HTML: the file is written after the pages, so MkDocs must not check it as a page link
        facts.append(
            (
                "Data",
                f'<a href="{escape(data_href)}" type="application/vnd.citationstyles.csl+json">this record as CSL-JSON</a>'
                " (for Zotero and other reference managers)",
            )
        )
    # MkDocs themes print page titles unescaped (nav, <title>), so the title in the metadata is HTML-escaped.
    lines = page_head(title)
    lines += [f"- **{name}:** {value}" for name, value in facts if value]
    if source.note:
        lines += ["", md_escape(source.note)]
    lines += excerpt_lines(source)
    lines += quoted_lines(dossier, source, quoted or [])
    lines += ["", "## Cited by", ""]
    notes = dossier.cited_by.get(source.id, [])
    if not notes:
        lines.append("No annotation cites this source yet.")
    for ann in notes:
        clause = dossier.clause(ann.clause)
        if clause is None:  # the dossier keeps only notes on existing clauses
            continue
        treaty = dossier.treaties[clause.treaty_id]
        page = f"../treaties/{treaty.id}.md"
        lines.append(
            f"- [{md_escape(dossier.clause_label(clause))}]({page}#{clause.id}): "
            f"[{ann.kind} note]({page}#fn:{ann.label}) by {md_escape(ann.author)}"
        )
    return "\n".join(lines) + "\n"


def excerpt_lines(source: Source) -> list[str]:
    """The excerpts as quotations (raw HTML, escaped), each with its outlet and where it was read."""
    if not source.excerpts:
        return []
    outlet = source.outlet or source.label  # a copy of unknown outlet is "Copy of AP, …", never AP itself
    lines = [
        "",
        "## Excerpts",
        "",
        "Passages as the source printed them, against which the quotations attributed to it are checked.",
        "",
    ]
    lang = escape(source.language)
    for excerpt in source.excerpts:
        if excerpt.at:
            where = f'read at <a rel="nofollow noopener" href="{escape(excerpt.at)}">{escape(excerpt.at)}</a>'
        elif source.url:
            where = f'read at <a rel="nofollow noopener" href="{escape(source.url)}">its address</a>'
        else:
            where = "read in the copy described above"
        lines.append(
            f'<figure class="excerpt" id="{excerpt.anchor}"><blockquote lang="{lang}"><p>{escape(excerpt.text)}</p></blockquote>'
            f"<figcaption>— {escape(outlet)}, {where}</figcaption></figure>"
        )
        lines.append("")
    return lines


def quoted_lines(dossier: Dossier, source: Source, quoted: list[quotations.Quotation]) -> list[str]:
    """The quotations attributed to the source, each linked to its note, with its status."""
    mine = [q for q in quoted if q.source is source]
    if not mine:
        return []
    lines = ["", "## Quotations attributed to it", ""]
    for q in mine:
        clause = dossier.clause(q.annotation.clause)
        if clause is None:
            continue
        page = f"../treaties/{clause.treaty_id}.md"
        status = {
            quotations.CHECKED: f"checked against [excerpt {q.excerpt.number}](#{q.excerpt.anchor})" if q.excerpt else "checked",
            quotations.UNCHECKED: "unchecked",
            quotations.NOT_FOUND: "not found in the excerpts",
        }[q.status]
        what = "wording" if q.origin == "wording" else "quotation"
        lines.append(
            f"- “{md_escape(q.text)}” ([{what} in the note on {md_escape(dossier.clause_label(clause))}]"
            f"({page}#fn:{q.annotation.label})): {status}"
        )
    return lines


def _published(source: Source) -> str:
    return source.published.isoformat() if source.published else ""
