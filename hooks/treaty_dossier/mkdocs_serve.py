"""Partial rebuilds under ``mkdocs serve``: after a save, build again only the pages that show the edit.

MkDocs rebuilds every page after every change: at 5,000 notes a saved note took a minute to
show. Its ``--dirty`` option is no help: it builds a page again when that page's own Markdown
file is newer than its HTML, but a note lives in ``annotations/``, outside the docs, and shows
on a treaty page, on the pages of the sources it cites and on generated pages (changes,
timeline, contributors) that have no file at all; ``--dirty`` would build none of them.

This module replaces the server's builder (``on_serve``). It keeps from the last whole build
MkDocs' configuration, files, navigation and template environment; after a save it loads the
dossier again (parsed files are cached), lets :mod:`.site.serve_plan` choose the pages whose
inputs changed, and runs MkDocs' own steps for just those pages (``_populate_page`` and
``_build_page`` of MkDocs 1.6, the version the lock pins). The search index, the open data and
the PDF follow in a background thread (:mod:`.site.serve_background`); the served pages say so.
When the plan cannot be made (a new page, a changed label, ``mkdocs.yml``, a content error),
the whole site is built as before. ``mkdocs build`` never comes here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from .site import serve_plan
from .site.dossier_build import DossierBuild
from .site.serve_background import Background, Step

if TYPE_CHECKING:
    from .mkdocs_plugin import DossierPlugin

log = logging.getLogger("mkdocs.plugins.treaty_site")


class _WholeSite(Exception):
    """The edit needs every page built again; the message says why."""


@dataclass
class _Kept:
    """What the last build left that a partial rebuild reuses."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Environment
    stamps: dict[str, serve_plan.Stamp]
    digests: dict[str, str] = field(default_factory=dict)


class PartialRebuilds:
    """The builder ``mkdocs serve`` calls after each change, for one plugin instance."""

    def __init__(self, plugin: DossierPlugin) -> None:
        self.plugin = plugin
        self.full: Callable[[], None] | None = None  # MkDocs' own builder: every page
        self.background: Background | None = None
        self._kept: _Kept | None = None
        self._stamps: dict[str, serve_plan.Stamp] = {}
        self._nav: Navigation | None = None
        self._env: tuple[Environment, Files] | None = None

    # -- what a whole build leaves ------------------------------------------------------------

    def watched(self, config: MkDocsConfig) -> list[Path]:
        root = self.plugin.build.root
        paths = [Path(config.docs_dir), root / "annotations", root / "CONTRIBUTING.md", *map(Path, config.watch)]
        if config.config_file_path:
            paths.append(Path(config.config_file_path))
        return [p if p.is_absolute() else root / p for p in paths if (p if p.is_absolute() else root / p).exists()]

    def before_load(self, config: MkDocsConfig) -> None:
        """Stamps of the watched files as the build starts reading them (an edit made during the build counts as new)."""
        self._stamps = serve_plan.snapshot(self.plugin.build.root, self.watched(config))

    def keep_nav(self, nav: Navigation) -> None:
        self._nav = nav

    def keep_env(self, env: Environment, files: Files) -> None:
        self._env = env, files

    def after_build(self, config: MkDocsConfig, ok: bool) -> None:
        """Keep the build for the next edit, unless it showed errors (the next edit builds every page)."""
        self._kept = None
        if ok and self._nav is not None and self._env is not None:
            env, files = self._env
            self._kept = _Kept(config, files, self._nav, env, self._stamps, self.plugin.build.treaty_digests())
        self._nav = self._env = None

    # -- after a save -------------------------------------------------------------------------

    def __call__(self) -> None:
        kept = self._kept
        if kept is None:
            return self._whole_site("the last build showed errors or did not finish")
        started = time.perf_counter()
        stamps = serve_plan.snapshot(self.plugin.build.root, self.watched(kept.config))
        found = serve_plan.changes(kept.stamps, stamps)
        if not found:
            log.info("Nothing in the content changed: no page built again")
            return None
        written = [f.src_uri for f in kept.files.documentation_pages()]
        reason = serve_plan.needs_whole_site(found, self.plugin.build.docs_dir, written)
        if reason:
            return self._whole_site(reason)
        try:
            done, follow = self._partial(kept, found, stamps)
        except _WholeSite as whole:
            return self._whole_site(str(whole))
        except Exception as error:  # a partial rebuild must never leave the preview stuck: build as MkDocs would
            log.debug("The partial rebuild failed", exc_info=True)  # shown by `mkdocs serve -v`
            return self._whole_site(f"the partial rebuild failed ({type(error).__name__}: {error})")
        names = ", ".join(done) if len(done) <= 6 else f"{', '.join(done[:5])} and {len(done) - 5} more"
        log.info(
            f"Built again for {len(found.all)} changed file(s): {names} ({len(done)} of {len(written)} pages,"
            f" {time.perf_counter() - started:.1f} s); the {follow} follow in the background"
        )
        return None

    def _whole_site(self, reason: str) -> None:
        log.info(f"Building every page: {reason}")
        if self.background is not None:
            self.background.wait()  # the build empties the site folder the worker writes in
        assert self.full is not None, "on_serve sets the builder before any change is seen"
        self.full()

    def _partial(self, kept: _Kept, found: serve_plan.Changes, stamps: dict[str, serve_plan.Stamp]) -> tuple[list[str], str]:
        """Build the pages the edit shows on; returns them and what follows in the background.

        Raises :class:`_WholeSite` when the edit needs every page (before any page is written)."""
        plugin, config = self.plugin, kept.config
        previous = plugin.build
        build = DossierBuild(previous.root, previous.docs_dir, previous.repo_url, previous.pdf, extension=previous.extension)
        problems = build.load(config.site_url, config.site_name)
        if any(p.severity == "error" for p in problems):
            raise _WholeSite("the content has errors, which every page shows")
        build.set_urls(previous.url_of)
        listed = {page.src_uri for page in build.generated_pages()}
        if listed != previous.generated_markdown.keys():
            changed = [*(f"+{u}" for u in sorted(listed - previous.generated_markdown.keys()))]
            changed += [f"-{u}" for u in sorted(previous.generated_markdown.keys() - listed)]
            raise _WholeSite(f"the list of pages changes ({', '.join(changed)})")
        if serve_plan.labels(build.dossier) != serve_plan.labels(previous.dossier):
            raise _WholeSite("a label that references print changed (a clause's, a source's or a treaty's)")
        generated = build.render_generated(previous)
        digests = build.treaty_digests()
        pages = {uri for uri, text in generated.items() if previous.generated_markdown[uri] != text}
        pages |= {uri for uri, digest in digests.items() if kept.digests.get(uri) != digest}
        documents = kept.files.documentation_pages()
        written = {f.src_uri: f.content_string for f in documents if f.src_uri not in generated and f.src_uri not in digests}
        pages |= serve_plan.written_pages_to_build(found, build.docs_dir, written)

        plugin.adopt(build, problems)
        build.carry_over(previous, {build.url_of[uri] for uri in pages})
        for uri in sorted(pages):
            file = kept.files.get_file_from_path(uri)
            assert file is not None and file.page is not None, f"{uri}: a page of the last build"
            if uri in generated:
                file.content_string = generated[uri]
            title = file.page.title
            mkdocs_build._populate_page(file.page, config, kept.files)
            if file.page.title != title and file.page in kept.nav.pages:
                raise _WholeSite(f"the title of {uri} changed, which the navigation of every page shows")
            mkdocs_build._build_page(file.page, config, documents, kept.nav, kept.env)
        build.order_search([f.url for f in documents])
        lost = build.lost_notes()
        if lost:
            plugin.report(lost)
            raise _WholeSite("a note is on no page")
        site = Path(config.site_dir)
        build.write_manifest(site)
        kept.stamps, kept.digests = stamps, digests
        if self.background is None:
            self.background = Background(site, log)
        steps = self._steps(build, site, config)
        self.background.submit(steps)
        return sorted(pages), " and ".join(", ".join(name for name, _ in steps).rsplit(", ", 1))

    def _steps(self, build: DossierBuild, site: Path, config: MkDocsConfig) -> list[Step]:
        """What follows in the background, the search index first (what a reader is most likely to use next)."""
        steps: list[Step] = [
            ("search index", lambda: build.replace_search(site)),
            ("open data", lambda: build.write_exports(site)),
        ]
        if build.pdf:
            nav = self.plugin.nav_files(config)

            def pdf() -> str:
                problems, line = build.write_pdfs(site, config.site_name, nav, config.site_description or "")
                for problem in problems:
                    (log.error if problem.severity == "error" else log.warning)(str(problem))
                return line

            steps.append(("PDF", pdf))
        return steps
