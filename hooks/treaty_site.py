"""MkDocs hooks: adapt MkDocs events to the dossier modules beside this file.

Flow: ``on_config`` registers the Markdown extension (``site/markdown_ext.py``);
``on_files`` loads and checks the dossier and adds the generated source pages;
``on_page_markdown`` tells the extension what the page's references resolve to
and, on a treaty page, which notes, boxes and clause lines to place in its tree;
``on_page_content`` reports what did not resolve; ``on_post_build`` files notes
under their clauses in the search index and writes the manifest ``annotations.json``.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from treaty_dossier.content.annotations import Annotation
from treaty_dossier.content.clause_history import read_clause_history
from treaty_dossier.content.dossier import Dossier, load_dossier
from treaty_dossier.content.git_history import read_history
from treaty_dossier.content.problems import Problem
from treaty_dossier.content.references import Ref
from treaty_dossier.content.treaties import Treaty
from treaty_dossier.contrib import file_drafts
from treaty_dossier.data import akoma_ntoso as akn
from treaty_dossier.data import citation, csl, data_page, exports, web_annotation
from treaty_dossier.data import context as data_context
from treaty_dossier.data import dossier_json as dossier_export
from treaty_dossier.pdf import edition
from treaty_dossier.site import (
    comparison,
    contributors_page,
    error_page,
    figures,
    history_html,
    note_html,
    renderings_table,
    sanitize,
    search_index,
    source_pages,
    timeline_page,
)
from treaty_dossier.site.markdown_ext import PageRefs, TreatyExtension
from treaty_dossier.site.note_tree import TreatyPage

log = logging.getLogger("mkdocs.plugins.treaty_site")


@dataclass
class State:
    root: Path = Path(".")
    dossier: Dossier = field(default_factory=Dossier)
    extension: TreatyExtension = field(default_factory=TreatyExtension)  # references, notes and clause lines
    markdown: str = ""  # the current page's Markdown, for the lines of unresolved references
    rendered: dict[str, dict] = field(default_factory=dict)  # annotation id -> manifest entry
    search_notes: dict[str, list[str]] = field(default_factory=dict)  # location -> note HTML
    compared: dict[str, list[comparison.Pair]] = field(default_factory=dict)  # clause name -> its comparisons
    url_of: dict[str, str] = field(default_factory=dict)  # src_uri -> site URL, for links in raw HTML
    problems: list[Problem] = field(default_factory=list)  # everything reported in this build
    exports: data_context.ExportContext = field(default_factory=data_context.ExportContext)  # addresses, edition, git dates
    bodies: dict[str, tuple[str, str]] = field(default_factory=dict)  # annotation id -> (page URL, its sanitised body)


state = State()
serving = False  # set once by on_startup; while serving, content errors show in the browser instead of stopping


def on_startup(command: str, dirty: bool) -> None:
    global serving
    serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global state
    state = State(root=Path(config.config_file_path).resolve().parent)  # serve reuses the module: start clean
    # An instance, as mkdocs-autorefs does; serve reloads the config, so each build appends exactly one.
    config.markdown_extensions.append(state.extension)  # type: ignore[arg-type]  # MkDocs passes instances on to Markdown
    if not config.repo_url:
        config["edit_uri"] = None  # no repository address (TREATY_REPO_URL unset): no edit links rather than broken ones
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs_dir = Path(config.docs_dir).relative_to(state.root).as_posix()
    dossier, problems = load_dossier(state.root, docs_dir)
    report(problems)
    state.dossier = dossier
    history = read_history(state.root)  # one git log per build, for the clause history and the open data
    dossier.history = read_clause_history(state.root, dossier.treaties, dossier.annotations, config.repo_url, history)
    files.append(File.generated(config, history_html.PAGE, content=history_html.changes_page(dossier)))
    state.exports = data_context.make_context(state.root, config.site_url, state.url_of, config.site_name, history)
    files.append(File.generated(config, "sources/index.md", content=source_pages.sources_index(dossier)))
    for source in dossier.sources.values():
        page_file = File.generated(config, source.src_uri, content="")
        csl_href = data_context.relative(page_file.url, csl.source_path(source))
        page_file.content_string = source_pages.source_page(dossier, source, csl_href)
        files.append(page_file)
    data_file = File.generated(config, data_page.PAGE, content="")
    data_file.content_string = data_page.page(dossier, state.exports, data_file.url)
    files.append(data_file)
    compared = comparison.pairs(dossier)
    files.append(File.generated(config, comparison.PAGE, content=comparison.page(dossier, compared)))
    state.compared = comparison.by_clause(compared)
    files.append(File.generated(config, timeline_page.PAGE, content=timeline_page.page(dossier)))
    guide = contributors_page.guide(state.root)
    files.append(File.generated(config, contributors_page.PAGE, content=contributors_page.page(dossier, guide is not None)))
    if guide is not None:  # CONTRIBUTING.md is the one source of the Contributing page
        files.append(File.generated(config, contributors_page.GUIDE_PAGE, content=guide))
    state.url_of.update({f.src_uri: f.url for f in files})  # the same dict the export context reads
    return files


def report(problems: list[Problem]) -> None:
    """Log every problem; stop the build if any is an error (after logging them all).

    While ``mkdocs serve`` runs, an error does not stop the build: ``on_post_build`` puts the
    list in place of the site (``error_page``), so the browser shows it and reloads when fixed.
    """
    for problem in problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    state.problems += problems
    errors = sum(p.severity == "error" for p in problems)
    if errors and not serving:
        raise PluginError(f"{errors} content error(s), listed above as 'path:line: message'. Nothing was published.")


def _first_line(page: Page, markdown: str) -> int:
    """File line on which ``markdown`` (the page without its front matter) starts."""
    source = page.file.content_string.replace("\r\n", "\n")
    return source[: len(source) - len(markdown)].count("\n") + 1 if source.endswith(markdown) else 1


def _treaty_of(page: Page) -> Treaty | None:
    treaty_id = posixpath.splitext(posixpath.basename(page.file.src_uri))[0]
    treaty = state.dossier.treaties.get(treaty_id)
    return treaty if treaty and treaty.src_uri == page.file.src_uri else None


def _href(page: Page) -> note_html.Href:
    """Links from ``page`` to a generated or hand-written page, as final relative URLs."""

    def href(src_uri: str, anchor: str | None) -> str:
        return note_html.relative_url(page.url, state.url_of[src_uri]) + (f"#{anchor}" if anchor else "")

    return href


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    dossier = state.dossier
    if figures.MARKER in markdown:  # only the home page has it; computing the figures for every page is O(pages × notes)
        markdown = markdown.replace(figures.MARKER, figures.figures_markdown(dossier))
    treaty = _treaty_of(page)
    here = posixpath.dirname(page.file.src_uri)

    def md_link(src_uri: str, anchor: str | None) -> str:  # MkDocs turns these into page URLs and checks them
        return posixpath.relpath(src_uri, here or ".") + (f"#{anchor}" if anchor else "")

    state.markdown = markdown
    state.extension.refs = PageRefs(note_html.ref_resolver(dossier, md_link, treaty.id if treaty else None))
    state.extension.page = _treaty_page(treaty, page, config) if treaty else None
    return markdown


def _treaty_page(treaty: Treaty, page: Page, config: MkDocsConfig) -> TreatyPage:
    """What the Markdown extension places on a treaty page: notes, boxes and clause lines, as safe HTML."""
    dossier = state.dossier
    href = _href(page)
    box = note_html.metadata_html(
        treaty, note_html.ref_renderer(dossier, href, treaty.id), dossier.history
    )  # raw HTML: final URLs
    if edition.enabled():
        pdfs = (edition.treaty_pdf_path(treaty.id), edition.dossier_pdf_path())
        box = edition.download_html(*(note_html.relative_url(page.url, p) for p in pdfs)) + box
    box += note_html.data_links_html(
        data_context.relative(page.url, akn.path_of(treaty)), data_context.relative(page.url, dossier_export.PATH)
    )

    def note(ann: Annotation, number: int, backref: str) -> str:
        if ann.id in state.rendered:
            raise PluginError(f"{ann.path}: annotation rendered twice")
        body = note_html.body_html(ann, dossier, href)
        clause = dossier.clause(ann.clause)
        assert clause is not None, f"{ann.path}: placed on a clause the dossier does not hold"
        state.search_notes.setdefault(f"{page.url}#{clause.parent or clause.id}", []).append(body)
        state.bodies[ann.id] = (page.url, body)
        state.rendered[ann.id] = {
            "id": ann.id,
            "file": ann.path,
            "clause": ann.clause,
            "page": page.url,
            "anchor": f"fn:{ann.label}",
            "number": number,
            "detached": dossier.anchors[ann.id].detached,
            "web_annotation": web_annotation.path_of(ann),
        }
        cite = citation.cite_html(
            csl.note_item(ann, dossier, state.exports), f"this note on {clause.label}", search_exclude=False
        )
        data_href = data_context.relative(page.url, web_annotation.path_of(ann))
        return note_html.note_html(ann, dossier, href, body, " " + backref, data_href, cite)

    def under_clause(cid: str) -> str:
        cite = citation.cite_html(csl.clause_item(treaty, treaty.clauses[cid], state.exports), treaty.clauses[cid].label)
        return (
            note_html.clause_line_html(dossier, treaty, cid, href, file_drafts.annotate_url(config.repo_url, treaty, cid), cite)
            + comparison.compared_line_html(dossier, f"{treaty.id}/{cid}", state.compared, href)
            + renderings_table.rendering_table_html(dossier, treaty, cid, href)
        )

    return TreatyPage(
        treaty=treaty,
        notes=dossier.notes_on(treaty.id),
        detached={a.id for a in dossier.notes_on(treaty.id) if dossier.anchors[a.id].detached},
        note_html=note,
        header_html=box,
        clause_boxes={cid: note_html.unverified_html(text) for cid, text in treaty.meta.get("unverified", {}).items()},
        clause_line=under_clause,
        outlets=lambda ann: [s.outlet_short or s.outlet or s.label for s in dossier.sources_of(ann)],
    )


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    ext = state.extension
    path = posixpath.join(Path(config.docs_dir).relative_to(state.root).as_posix(), page.file.src_uri)
    if ext.refs is not None:
        report(state.dossier.ref_problems(_with_lines(ext.refs.misses, state.markdown), path, _first_line(page, state.markdown)))
    if ext.page is not None:
        for ann in ext.page.unmatched:
            message = (
                f"quote '{ann.quote.exact if ann.quote else ''}' is in the Markdown of {ann.clause} but not in its"
                " rendered text; the mark is at the end of the clause (leave Markdown formatting out of the quote)"
            )
            report([Problem(ann.path, ann.line_of("quote"), message)])
    ext.refs = ext.page = None
    return sanitize.add_rel(html) if page.file.src_uri.startswith("sources/") else html


def _with_lines(misses: list[tuple[Ref, str]], markdown: str) -> list[Ref]:
    """Unresolved references with the line (in ``markdown``) where each is first written."""
    lines = markdown.split("\n")
    found = []
    for ref, written in dict.fromkeys(misses):
        line = next((n for n, text in enumerate(lines, 1) if written in text), 1)
        found.append(Ref(ref.kind, ref.target, ref.text, line))
    return found


@event_priority(-50)  # after Material's search plugin has written its index, before the offline plugin inlines it (-100)
def on_post_build(config: MkDocsConfig) -> None:
    lost = [a for a in state.dossier.annotations if a.id not in state.rendered]
    if lost:
        report(
            [
                Problem(a.path, 1, "annotation was not rendered on any page (is its treaty page excluded from the build?)")
                for a in lost
            ]
        )
    site = Path(config.site_dir)
    manifest = sorted(state.rendered.values(), key=lambda e: e["id"])
    (site / "annotations.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    index_file = site / "search" / "search_index.json"
    if index_file.exists():
        text, missing = search_index.add_notes(index_file.read_text(encoding="utf-8"), state.search_notes)
        for location in missing:
            log.warning(f"search index has no section {location} to file its notes under")
        index_file.write_text(text, encoding="utf-8")
    _write_exports(site)
    if not _show_errors_in_browser(site, config) and edition.enabled():
        _write_pdfs(config)
        _show_errors_in_browser(site, config)  # a problem found by the PDF step


def _show_errors_in_browser(site: Path, config: MkDocsConfig) -> bool:
    """While serving with content errors: every page of the site becomes the list of problems."""
    errors = sum(p.severity == "error" for p in state.problems)
    if not (serving and errors):
        return False
    pages = error_page.replace_site(site, error_page.page_html(state.problems, config.site_name))
    log.error(f"{errors} content error(s), listed above; the browser shows them on all {pages} pages until they are fixed.")
    return True


def _write_exports(site: Path) -> None:
    """The open-data files under site/data/ (Web Annotations, Akoma Ntoso, CSL-JSON, Atom, dossier.json)."""
    ctx = state.exports
    bodies = {aid: sanitize.absolute(body, ctx.iri(url)) for aid, (url, body) in state.bodies.items()}
    numbers = {aid: entry["number"] for aid, entry in state.rendered.items()}
    written = exports.write_exports(site, state.dossier, ctx, bodies, numbers)
    where = "under the placeholder host (no site_url set)" if ctx.placeholder else f"under {ctx.base}"
    log.info(f"Open data: {len(written)} file(s) in {data_context.FOLDER}/, addresses {where}")


def _write_pdfs(config: MkDocsConfig) -> None:
    """The PDF edition under site/pdf/; any problem (dangling reference, lost footnote) fails the build."""
    nav = [v for v in _nav_files(config.nav or [])]
    numbers = {aid: entry["number"] for aid, entry in state.rendered.items()}
    written = edition.write_pdfs(
        state.dossier,
        Path(config.site_dir),
        state.root,
        config.site_name,
        nav,
        numbers,
        config.site_description or "",
        state.exports.edition,  # the edition the citations and open data name, read once per build
    )
    report(written.problems)
    log.info(
        f"PDF edition: {len(written.files)} file(s), {sum(written.files.values())} pages, typeset in {written.seconds:.1f} s"
    )


def _nav_files(items) -> list[str]:
    """Every page file named in the ``nav`` setting, in order."""
    found: list[str] = []
    for item in items if isinstance(items, list) else [items]:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            found += _nav_files(value)
        elif isinstance(value, str):
            found.append(value)
    return found


if os.environ.get("TREATY_PROFILE"):  # benchmark/run.py: time each event into that JSON file
    from treaty_dossier import event_timing

    event_timing.instrument(globals(), os.environ["TREATY_PROFILE"])
