"""MkDocs hooks: adapt MkDocs events to the dossier modules beside this file.

Flow: ``on_files`` loads and checks the dossier and adds the generated source
pages; ``on_page_markdown`` places notes and resolves references;
``on_page_content`` fills in the notes' sanitised HTML and the line under each
clause; ``on_post_build`` files notes under their clauses in the search index
and writes the manifest ``annotations.json``.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from treaty_dossier.content.clause_history import read_clause_history
from treaty_dossier.content.dossier import Dossier, load_dossier
from treaty_dossier.content.problems import Problem
from treaty_dossier.content.references import find_refs, replace_refs
from treaty_dossier.content.treaties import Treaty
from treaty_dossier.contrib import file_drafts
from treaty_dossier.pdf import edition
from treaty_dossier.site import (
    comparison,
    contributors_page,
    figures,
    history_html,
    note_html,
    renderings_table,
    sanitize,
    search_index,
    source_pages,
    timeline_page,
)
from treaty_dossier.site.note_placement import PLACEHOLDER_HTML, Placed, place_notes, separate_marks

log = logging.getLogger("mkdocs.plugins.treaty_site")


@dataclass
class State:
    root: Path = Path(".")
    dossier: Dossier = field(default_factory=Dossier)
    placed: dict[str, list[Placed]] = field(default_factory=dict)  # page src_uri -> notes
    rendered: dict[str, dict] = field(default_factory=dict)  # annotation id -> manifest entry
    search_notes: dict[str, list[str]] = field(default_factory=dict)  # location -> note HTML
    compared: dict[str, list[comparison.Pair]] = field(default_factory=dict)  # clause name -> its comparisons
    url_of: dict[str, str] = field(default_factory=dict)  # src_uri -> site URL, for links in raw HTML


state = State()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global state
    state = State(root=Path(config.config_file_path).resolve().parent)  # serve reuses the module: start clean
    if not config.repo_url:
        config["edit_uri"] = None  # no repository address (TREATY_REPO_URL unset): no edit links rather than broken ones
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    docs_dir = Path(config.docs_dir).relative_to(state.root).as_posix()
    dossier, problems = load_dossier(state.root, docs_dir)
    report(problems)
    state.dossier = dossier
    dossier.history = read_clause_history(state.root, dossier.treaties, dossier.annotations, config.repo_url)
    files.append(File.generated(config, history_html.PAGE, content=history_html.changes_page(dossier)))
    files.append(File.generated(config, "sources/index.md", content=source_pages.sources_index(dossier)))
    for source in dossier.sources.values():
        files.append(File.generated(config, source.src_uri, content=source_pages.source_page(dossier, source)))
    compared = comparison.pairs(dossier)
    files.append(File.generated(config, comparison.PAGE, content=comparison.page(dossier, compared)))
    state.compared = comparison.by_clause(compared)
    files.append(File.generated(config, timeline_page.PAGE, content=timeline_page.page(dossier)))
    guide = contributors_page.guide(state.root)
    files.append(File.generated(config, contributors_page.PAGE, content=contributors_page.page(dossier, guide is not None)))
    if guide is not None:  # CONTRIBUTING.md is the one source of the Contributing page
        files.append(File.generated(config, contributors_page.GUIDE_PAGE, content=guide))
    state.url_of = {f.src_uri: f.url for f in files}
    return files


def report(problems: list[Problem]) -> None:
    """Log every problem; stop the build if any is an error (after logging them all)."""
    for problem in problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    errors = sum(p.severity == "error" for p in problems)
    if errors:
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
    path = posixpath.join(Path(config.docs_dir).relative_to(state.root).as_posix(), page.file.src_uri)
    report(dossier.ref_problems([ref for ref, _ in find_refs(markdown)], path, _first_line(page, markdown)))
    treaty = _treaty_of(page)
    if treaty:
        extras = {cid: note_html.unverified_html(note) for cid, note in treaty.meta.get("unverified", {}).items()}
        refs = note_html.ref_renderer(dossier, _href(page), treaty.id)
        box = note_html.metadata_html(treaty, refs, dossier.history)  # raw HTML: final URLs
        if edition.enabled():
            pdfs = (edition.treaty_pdf_path(treaty.id), edition.dossier_pdf_path())
            box = edition.download_html(*(note_html.relative_url(page.url, p) for p in pdfs)) + box
        markdown, placed = place_notes(markdown, treaty.id, dossier, extras, box)
        state.placed[page.file.src_uri] = placed
    here = posixpath.dirname(page.file.src_uri)

    def md_link(src_uri: str, anchor: str | None) -> str:
        return posixpath.relpath(src_uri, here or ".") + (f"#{anchor}" if anchor else "")

    markdown, _ = replace_refs(markdown, note_html.ref_renderer(dossier, md_link, treaty.id if treaty else None))
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    treaty = _treaty_of(page)
    if treaty is None:
        return sanitize.add_rel(html) if page.file.src_uri.startswith("sources/") else html
    dossier = state.dossier
    href = _href(page)

    placed = state.placed.pop(page.file.src_uri, [])

    def fill(match) -> str:
        p = placed[int(match["index"])]
        ann = p.annotation
        if ann.id in state.rendered:
            raise PluginError(f"{ann.path}: annotation rendered twice")
        backref = f" {match['backref']}" if match["backref"] else ""
        body = note_html.body_html(ann, dossier, href)
        clause = dossier.clause(ann.clause)
        assert clause is not None, f"{ann.path}: placed on a clause the dossier does not hold"
        state.search_notes.setdefault(f"{page.url}#{clause.parent or clause.id}", []).append(body)
        state.rendered[ann.id] = {
            "id": ann.id,
            "file": ann.path,
            "clause": ann.clause,
            "page": page.url,
            "anchor": f"fn:{ann.label}",
            "number": p.number,
            "detached": dossier.anchors[ann.id].detached,
        }
        return note_html.note_html(ann, dossier, href, body, backref)

    html = PLACEHOLDER_HTML.sub(fill, html)
    html = _exclude_footnotes_from_search(separate_marks(html))

    def under_clause(cid: str) -> str:
        return (
            note_html.clause_line_html(dossier, treaty, cid, href, file_drafts.annotate_url(config.repo_url, treaty, cid))
            + comparison.compared_line_html(dossier, f"{treaty.id}/{cid}", state.compared, href)
            + renderings_table.rendering_table_html(dossier, treaty, cid, href)
        )

    return _add_clause_lines(html, treaty, under_clause)


def _exclude_footnotes_from_search(html: str) -> str:
    """Wrap the footnotes in an ``<aside data-search-exclude>``.

    Material's search parser matches skipped elements by tag name, so the
    excluded element must not share its tag with anything inside it (a
    ``<div>`` would be "closed" by the first inner ``</div>``).
    """
    start = html.find('<div class="footnote">')
    if start == -1:
        return html
    return html[:start] + '<aside class="annotation-notes" data-search-exclude>' + html[start:] + "</aside>"


def _add_clause_lines(html: str, treaty: Treaty, line_for: Callable[[str], str]) -> str:
    """Insert each top-level clause's line just before the next clause's heading."""
    tops = [c.id for c in treaty.clauses.values() if not c.parent]
    for current, following in reversed(list(zip(tops, tops[1:] + [None], strict=True))):
        line = line_for(current)
        if not line:
            continue
        marker = f' id="{following}"' if following else ' id="notes"'
        at = html.find(marker)
        at = html.rfind("<h", 0, at) if at != -1 else html.find('<div class="footnote"')
        if at == -1:
            at = len(html)
        html = html[:at] + line + html[at:]
    return html


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
    if edition.enabled():
        _write_pdfs(config)


def _write_pdfs(config: MkDocsConfig) -> None:
    """The PDF edition under site/pdf/; any problem (dangling reference, lost footnote) fails the build."""
    nav = [v for v in _nav_files(config.nav or [])]
    numbers = {aid: entry["number"] for aid, entry in state.rendered.items()}
    written = edition.write_pdfs(
        state.dossier, Path(config.site_dir), state.root, config.site_name, nav, numbers, config.site_description or ""
    )
    for message in written.warnings:
        log.info(f"PDF engine: {message}")
    report(written.problems)
    log.info(
        f"PDF edition: {len(written.files)} file(s), {sum(written.files.values())} pages, rendered in {written.seconds:.1f} s"
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
