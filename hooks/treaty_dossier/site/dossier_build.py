"""One build of the dossier site: the state kept between MkDocs events, and what each event does.

A :class:`DossierBuild` is made per build (MkDocs' ``on_config``), as Material's blog and
tags plugins make their managers, so ``mkdocs serve`` starts every rebuild clean and nothing
lives in module globals. It imports no MkDocs: the adapter (:mod:`treaty_dossier.mkdocs_plugin`)
hands it paths, page URLs and Markdown, creates the files it lists, and turns its problems into
log lines or a failed build. The stand-alone Markdown extension drives the same object.
"""

from __future__ import annotations

import dataclasses
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..content import dossier as content_dossier
from ..content.annotations import Annotation
from ..content.clause_history import read_clause_history
from ..content.dossier import Dossier, malformed_ref_problems
from ..content.git_history import read_history, repo_prefix
from ..content.problems import Problem
from ..content.references import Ref
from ..content.treaties import Treaty
from ..data import citation, csl, exports, web_annotation
from ..data import context as data_context
from ..data import data_page as data_page_md
from ..pdf import edition
from . import (
    comparison,
    contributors_page,
    error_page,
    evidence_html,
    figures,
    history_html,
    message_guide,
    note_html,
    quotations,
    sanitize,
    search_bundle,
    search_records,
    serve_plan,
    source_pages,
    timeline_page,
    treaty_page_parts,
)
from .markdown_ext import PageRefs, TreatyExtension
from .note_tree import TreatyPage
from .notes_pages_build import NotesPages


@dataclass
class GeneratedPage:
    """A page the build adds to the site; ``render`` gets the page's own URL and returns its Markdown."""

    src_uri: str
    render: Callable[[str], str]
    inputs: tuple | None = None  # everything the page is made of, where cheaper to compare than to render


@dataclass
class DossierBuild:
    """Everything one build knows, from the loaded dossier to the notes each page rendered."""

    root: Path
    docs_dir: str = "docs"
    repo_url: str | None = None
    pdf: bool = True
    repo_prefix: str = ""  # the dossier's folder in its git repository, for "Annotate" links
    dossier: Dossier = field(default_factory=Dossier)
    extension: TreatyExtension = field(default_factory=TreatyExtension)  # references, notes and clause lines
    markdown: str = ""  # the current page's Markdown, for the lines of unresolved references
    rendered: dict[str, dict] = field(default_factory=dict)  # annotation id -> manifest entry
    search: list[search_records.Record] = field(default_factory=list)  # what the search index holds, page by page
    compared: dict[str, list[comparison.Pair]] = field(default_factory=dict)  # clause name -> its comparisons
    url_of: dict[str, str] = field(default_factory=dict)  # src_uri -> site URL, for links in raw HTML
    problems: list[Problem] = field(default_factory=list)  # everything reported in this build
    exports: data_context.ExportContext = field(default_factory=data_context.ExportContext)
    bodies: dict[str, tuple[str, str]] = field(default_factory=dict)  # annotation id -> (page URL, its sanitised body)
    _pairs: list[comparison.Pair] = field(default_factory=list)
    quoted: list[quotations.Quotation] = field(default_factory=list)  # every attributed quotation, with its status
    generated_markdown: dict[str, str] = field(default_factory=dict)  # src_uri -> the Markdown a generated page was given
    generated_inputs: dict[str, tuple] = field(default_factory=dict)  # src_uri -> what that Markdown was made of
    notes_pages: NotesPages = field(init=False)  # a treaty's notes and citations pages (issue 22), made in load()

    # -- files -----------------------------------------------------------------------------------

    def load(self, site_url: str | None, site_name: str) -> list[Problem]:
        """Read and check the dossier, its git history and what the generated pages need."""
        dossier, problems = content_dossier.load_dossier(self.root, self.docs_dir)
        self.dossier = dossier
        # One git log per build, for the clause history and the open data.
        history = read_history(self.root, ("annotations", f"{self.docs_dir}/treaties"))
        self.repo_prefix = repo_prefix(self.root)
        dossier.history = read_clause_history(self.root, dossier.treaties, dossier.annotations, self.repo_url, history)
        self.exports = data_context.make_context(self.root, site_url, self.url_of, site_name, history)
        self._pairs = comparison.pairs(dossier)
        self.compared = comparison.by_clause(self._pairs)
        self.quoted = quotations.collect(dossier)  # the same list the check command reads
        self.notes_pages = NotesPages(dossier, self.exports, self.href, self._note, self._outlets)
        return problems + quotations.problems(self.quoted)

    def quotation_summary(self) -> str:
        """The build's line about attributed quotations: how many, checked, unchecked, not found."""
        return quotations.summary(self.quoted)

    def generated_pages(self) -> list[GeneratedPage]:
        """The pages made from the dossier: changes, sources, data, comparison, timeline, contributors (and guide)."""
        dossier = self.dossier

        def source(src) -> Callable[[str], str]:
            return lambda url: source_pages.source_page(
                dossier, src, data_context.relative(url, csl.source_path(src)), self.quoted
            )

        quoted: dict[str, list[quotations.Quotation]] = {}
        for quotation in self.quoted:
            quoted.setdefault(quotation.source.id, []).append(quotation)
        copies: dict[str, list] = {}
        for s in dossier.sources.values():
            copies.setdefault(s.derived_from or "", []).append(s)

        def source_inputs(src) -> tuple:
            """What ``source_pages.source_page`` reads, as values (a source is copied per build; an unchanged note
            file is the same object in every build, so equal at once)."""
            original = dossier.sources.get(src.derived_from or "")
            said = tuple((q.annotation, q.text, q.line, q.origin, q.status, q.excerpt, q.reason) for q in quoted.get(src.id, ()))
            return (
                tuple(getattr(src, f.name) for f in dataclasses.fields(src) if f.name != "original"),
                original.label if original else None,
                tuple((c.id, c.label) for c in copies.get(src.id, ())),
                said,
                tuple(dossier.cited_by.get(src.id, ())),
            )

        pages = [
            GeneratedPage(history_html.PAGE, lambda url: history_html.changes_page(dossier)),
            GeneratedPage("sources/index.md", lambda url: source_pages.sources_index(dossier)),
            *(GeneratedPage(s.src_uri, source(s), source_inputs(s)) for s in dossier.sources.values()),
            GeneratedPage(data_page_md.PAGE, lambda url: data_page_md.page(dossier, self.exports, url)),
            GeneratedPage(comparison.PAGE, lambda url: comparison.page(dossier, self._pairs)),
            GeneratedPage(timeline_page.PAGE, lambda url: timeline_page.page(dossier)),
        ]
        guide = contributors_page.guide(self.root)
        pages.append(GeneratedPage(contributors_page.PAGE, lambda url: contributors_page.page(dossier, guide is not None)))
        if guide is not None:  # CONTRIBUTING.md is the one source of the Contributing page
            pages.append(GeneratedPage(contributors_page.GUIDE_PAGE, lambda url: message_guide.anchored(guide)))
        pages += [GeneratedPage(uri, render) for uri, render in self.notes_pages.pages()]  # issue 22
        return pages

    def render_generated(self, previous: DossierBuild | None = None) -> dict[str, str]:
        """Each generated page's Markdown, by source path (kept for the next partial rebuild to compare).

        A page whose inputs are those it had in ``previous`` keeps ``previous``'s Markdown."""
        self.generated_markdown, self.generated_inputs = {}, {}
        for page in self.generated_pages():
            uri = page.src_uri
            if previous is not None and page.inputs is not None and previous.generated_inputs.get(uri) == page.inputs:
                self.generated_markdown[uri] = previous.generated_markdown[uri]
            else:
                self.generated_markdown[uri] = page.render(self.url_of[uri])
            if page.inputs is not None:
                self.generated_inputs[uri] = page.inputs
        return self.generated_markdown

    def set_urls(self, urls: dict[str, str]) -> None:
        """Every page's URL by its source file (the same dict the export context reads)."""
        self.url_of.update(urls)

    # -- pages -----------------------------------------------------------------------------------

    def treaty_of(self, src_uri: str) -> Treaty | None:
        treaty_id = posixpath.splitext(posixpath.basename(src_uri))[0]
        treaty = self.dossier.treaties.get(treaty_id)
        return treaty if treaty and treaty.src_uri == src_uri else None

    def href(self, page_url: str) -> note_html.Href:
        """Links from the page at ``page_url`` to a page of the site, as final relative URLs."""

        def href(src_uri: str, anchor: str | None) -> str:
            return note_html.relative_url(page_url, self.url_of[src_uri]) + (f"#{anchor}" if anchor else "")

        return href

    def begin_page(self, markdown: str, src_uri: str, page_url: str, link: note_html.Href | None = None) -> str:
        """Prepare the extension for one page; ``link`` writes references (default: relative ``.md``
        paths, which MkDocs turns into page URLs and checks). Returns the page's Markdown."""
        if figures.MARKER in markdown:  # only the home page has it; the figures for every page would be O(pages × notes)
            markdown = markdown.replace(figures.MARKER, figures.figures_markdown(self.dossier, quotations.counts(self.quoted)))
        treaty = self.treaty_of(src_uri)
        if link is None:
            here = posixpath.dirname(src_uri)

            def link(target: str, anchor: str | None) -> str:
                return posixpath.relpath(target, here or ".") + (f"#{anchor}" if anchor else "")

        self.markdown = markdown
        self.extension.refs = PageRefs(note_html.ref_resolver(self.dossier, link, treaty.id if treaty else None))
        self.extension.page = self.treaty_page(treaty, page_url) if treaty else None
        return markdown

    def _note(self, page_url: str) -> Callable[[Annotation, int, str], str]:
        """A note's HTML on the page at ``page_url`` (its treaty page or its clause's notes page); keeps its
        manifest entry and body for the open data."""
        dossier = self.dossier
        href = self.href(page_url)

        def note(ann: Annotation, number: int, backref: str) -> str:
            assert ann.id not in self.rendered, f"{ann.path}: annotation rendered twice"  # each is placed once
            body = note_html.body_html(ann, dossier, href)
            clause = dossier.clause(ann.clause)
            assert clause is not None, f"{ann.path}: placed on a clause the dossier does not hold"
            self.bodies[ann.id] = (page_url, body)
            self.rendered[ann.id] = treaty_page_parts.manifest_entry(dossier, ann, page_url, number)
            item = csl.note_item(ann, dossier, self.exports)
            cite = citation.cite_on_demand_html(item, f"this note on {clause.label}", self.notes_pages.cite_href(ann, href))
            data_href = data_context.relative(page_url, web_annotation.path_of(ann))
            return note_html.note_html(ann, dossier, href, body, " " + backref, data_href, cite)

        return note

    def _outlets(self, ann: Annotation) -> list[str]:
        return [s.outlet_short or s.outlet or s.label for s in self.dossier.sources_of(ann)]

    def treaty_page(self, treaty: Treaty, page_url: str) -> TreatyPage:
        """What the Markdown extension places on a treaty page: notes, boxes and clause lines, as safe HTML."""
        dossier = self.dossier
        href = self.href(page_url)
        notes = dossier.notes_on(treaty.id)
        note_at = self.notes_pages.note_at(href)
        return TreatyPage(
            treaty=treaty,
            notes=notes,
            detached={a.id for a in notes if dossier.anchors[a.id].detached},
            numbers=dossier.numbers,
            note_html=self._note(page_url),
            **self.notes_pages.on_treaty_page(treaty, href),  # notes on a page of their clause's own (issue 22)
            header_html=treaty_page_parts.header_box(dossier, treaty, page_url, href, self.pdf),
            clause_boxes=evidence_html.clause_boxes(treaty),
            clause_line=lambda cid: treaty_page_parts.clause_line(
                dossier, treaty, cid, href, self.compared, self.exports, self.repo_url, self.repo_prefix, note_at
            ),
            outlets=self._outlets,
        )

    def end_page(self, path: str, first_line: int, written: bool = True) -> list[Problem]:
        """What the page's conversion found: unresolved references and quotes lost in rendering.

        ``written``: the page is a file of the project (not generated), whose unclosed references are
        named here, as the check names them; a generated page's text is checked in the files it comes from.
        """
        ext = self.extension
        problems: list[Problem] = []
        if ext.refs is not None:
            problems += self.dossier.ref_problems(_with_lines(ext.refs.misses, self.markdown), path, first_line)
            if written:
                problems += malformed_ref_problems(self.markdown, path, first_line)
        if ext.page is not None:
            problems += [treaty_page_parts.unmatched_quote(ann) for ann in ext.page.unmatched]
        ext.refs = ext.page = None
        return problems

    def page_html(self, html: str, src_uri: str) -> str:
        """The final touch on a page's HTML: outside links on source pages get ``rel``; a treaty's notes
        and citations pages get their notes."""
        if src_uri in self.notes_pages.fills:
            return self.notes_pages.page_html(html, src_uri, self.url_of[src_uri])
        return sanitize.add_rel(html) if src_uri.startswith("sources/") else html

    def treaty_digests(self) -> dict[str, str]:
        """Each treaty page's digest of its inputs (``serve_plan.treaty_digest``), by source path."""
        digests = {}
        for treaty in self.dossier.treaties.values():
            url = self.url_of.get(treaty.src_uri)
            if url is None:  # a treaty file the build leaves out
                continue
            page = self.treaty_page(treaty, url)
            tops = [cid for cid, c in treaty.clauses.items() if c.parent is None]
            shown = [page.header_html, *page.clause_boxes.values(), *map(page.clause_line, tops)]
            digests[treaty.src_uri] = serve_plan.treaty_digest(self.dossier, treaty, shown)
        return digests

    def carry_over(self, previous: DossierBuild, rebuilt: set[str]) -> None:
        """Take from ``previous`` what the pages not built again (URLs not in ``rebuilt``) put in the manifest,
        the open data's note bodies and the search index."""
        self.rendered = {aid: e for aid, e in previous.rendered.items() if e["page"] not in rebuilt}
        self.bodies = {aid: b for aid, b in previous.bodies.items() if b[0] not in rebuilt}
        self.search = [r for r in previous.search if r.href.partition("#")[0] not in rebuilt]

    def order_search(self, page_urls: list[str]) -> None:
        """Put the search records in the order of ``page_urls`` (the order a whole build reads the pages in),
        so that Pagefind numbers them as it would after a whole build."""
        position = {url: n for n, url in enumerate(page_urls)}
        self.search.sort(key=lambda r: position.get(r.href.partition("#")[0], len(position)))

    # -- after the pages -------------------------------------------------------------------------

    def lost_notes(self) -> list[Problem]:
        return treaty_page_parts.lost_notes(self.dossier, self.rendered)

    def write_manifest(self, site: Path) -> None:
        manifest = sorted(self.rendered.values(), key=lambda e: e["id"])
        (site / "annotations.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    def read_search_records(self, html: str, src_uri: str, page_url: str, title: str) -> None:
        """Keep a built page's search records: one per clause of a treaty page, else one for the page."""
        treaty = self.treaty_of(src_uri)
        records = self.notes_pages.search_records(html, src_uri, page_url)  # a treaty's notes or citations page
        if records is not None:
            self.search += records
            return
        if treaty is None:
            self.search += search_records.page_records(html, page_url, title)
            return
        clauses = {cid: c.label for cid, c in treaty.clauses.items() if c.parent is None}
        languages = {f"fn:{a.label}": [s.language for s in self.dossier.sources_of(a)] for a in self.dossier.notes_on(treaty.id)}
        self.search += search_records.clause_records(html, page_url, treaty.short_title, clauses, languages)

    def start_search(self, site: Path) -> search_bundle.Indexing:
        """Start writing the search index under site/pagefind/ (Pagefind runs beside the exports and the PDF)."""
        return search_bundle.Indexing(site, self.search)

    @staticmethod
    def finish_search(indexing: search_bundle.Indexing) -> str:
        """Wait for the search index; returns the line to log (raises SearchIndexError)."""
        return _search_line(indexing.finish())

    def replace_search(self, site: Path) -> str:
        """Write the search index again beside the one being served, then swap them (partial rebuilds)."""
        return _search_line(search_bundle.replace_bundle(site, self.search))

    def write_exports(self, site: Path) -> str:
        """The open-data files under site/data/; returns the line to log."""
        ctx = self.exports
        bodies = {aid: sanitize.absolute(body, ctx.iri(url)) for aid, (url, body) in self.bodies.items()}
        written = exports.write_exports(site, self.dossier, ctx, bodies, self.dossier.numbers)
        where = "under the placeholder host (no site_url set)" if ctx.placeholder else f"under {ctx.base}"
        return f"Open data: {len(written)} file(s) in {data_context.FOLDER}/, addresses {where}"

    def show_errors(self, site: Path, site_name: str) -> int:
        """While serving with errors: the list of problems in place of every page but the Contributing guide.

        Returns how many pages now show the list.
        """
        guide_url = self.url_of.get(contributors_page.GUIDE_PAGE)
        guide = contributors_page.guide(self.root)
        entries = message_guide.entries(guide) if guide_url is not None and guide is not None else []
        kept = None
        if guide_url is not None:  # the file the guide's URL is served from
            kept = guide_url + "index.html" if guide_url.endswith("/") or not guide_url else guide_url

        def page(root: str) -> str:
            return error_page.page_html(self.problems, site_name, root, guide_url, entries, self.pdf)

        return error_page.replace_site(site, page, kept)

    def write_pdfs(self, site: Path, site_name: str, nav: list[str], description: str) -> tuple[list[Problem], str]:
        """The PDF edition under site/pdf/; returns its problems and the line to log."""
        written = edition.write_pdfs(self.dossier, site, self.root, site_name, nav, description, self.exports.edition)
        pages = sum(written.files.values())
        line = f"PDF edition: {len(written.files)} file(s), {pages} pages, typeset in {written.seconds:.1f} s"
        if written.reused:
            line += f" ({len(written.reused)} unchanged since an earlier build, not typeset again)"
        return written.problems, line


def _search_line(index: search_bundle.Written) -> str:
    return f"Search index: {index.records} records in {', '.join(index.languages)}, written in {index.seconds:.1f} s"


def _with_lines(misses: list[tuple[Ref, str]], markdown: str) -> list[Ref]:
    """Unresolved references with the line (in ``markdown``) where each is first written."""
    lines = markdown.split("\n")
    found = []
    for ref, written in dict.fromkeys(misses):
        line = next((n for n, text in enumerate(lines, 1) if written in text), 1)
        found.append(Ref(ref.kind, ref.target, ref.text, line))
    return found
