"""The MkDocs adapter: the ``treaty-dossier`` plugin, which the hook file also drives.

Each event hands MkDocs' objects to a :class:`~.site.dossier_build.DossierBuild` made in
``on_config`` (one per build: ``mkdocs serve`` starts every rebuild clean) and turns its
problems into log lines on ``mkdocs.plugins.treaty_site``, so ``--strict`` fails on warnings,
and errors into a stopped build. This is the one module of the package that imports MkDocs.

Another dossier names it in ``mkdocs.yml``::

    plugins:
      - treaty-dossier:
          content_root: .   # the folder holding annotations/ (default: the folder of mkdocs.yml)
          pdf: true         # the PDF edition (default: on unless TREATY_PDF=0)
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable, Mapping
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from .content import content_files
from .content.problems import Problem
from .mkdocs_serve import PartialRebuilds
from .pdf import edition
from .site import search_bundle, theme_files
from .site.dossier_build import DossierBuild

log = logging.getLogger("mkdocs.plugins.treaty_site")


class DossierConfig(Config):
    content_root = c.Type(str, default="")  # "" : the folder of mkdocs.yml
    pdf = c.Optional(c.Type(bool))  # unset: on unless TREATY_PDF says otherwise


class DossierPlugin(BasePlugin[DossierConfig]):
    """Treaty texts, annotations and sources made into pages, open data and a PDF edition."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False  # while serving, content errors show in the browser instead of stopping
        self._build: DossierBuild | None = None
        self.rebuilds: PartialRebuilds | None = None  # while serving: builds only the pages an edit shows on

    @property
    def build(self) -> DossierBuild:
        assert self._build is not None, "MkDocs calls on_config before any other build event"
        return self._build

    def adopt(self, build: DossierBuild, problems: list[Problem]) -> None:
        """A partial rebuild's state replaces the last build's (``mkdocs_serve``); its warnings are logged."""
        self._build = build
        self.report(problems)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        if self.serving:
            self.rebuilds = PartialRebuilds(self)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[[], None]) -> LiveReloadServer:
        if self.rebuilds is not None:
            self.rebuilds.full = builder
            server.builder = self.rebuilds
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        root = (base / self.config.content_root).resolve()
        if not root.is_dir():
            raise PluginError(
                f"treaty-dossier: the setting 'content_root' names {self.config.content_root!r}, which is not a folder"
                f" (from {base}); give the folder that holds annotations/ and the docs folder"
            )
        docs = Path(config.docs_dir).resolve()
        if not docs.is_relative_to(root):
            raise PluginError(f"treaty-dossier: docs_dir {config.docs_dir} is outside the setting 'content_root' ({root})")
        pdf = self.config.pdf if self.config.pdf is not None else edition.enabled()
        self._build = DossierBuild(root, docs.relative_to(root).as_posix(), config.repo_url, pdf)
        # An instance, as mkdocs-autorefs does; serve reloads the config, so each build appends exactly one.
        config.markdown_extensions.append(self._build.extension)  # type: ignore[arg-type]  # MkDocs passes instances on to Markdown
        if not config.repo_url:
            config["edit_uri"] = None  # no repository address: no edit links rather than broken ones
        if offline():
            config["use_directory_urls"] = False  # for file://: pages link to .html files (set before MkDocs lists them)
        config.extra_css.extend(theme_files.missing(config.extra_css, theme_files.STYLESHEETS))
        config.extra_javascript.extend(theme_files.missing(config.extra_javascript, theme_files.SCRIPTS))  # type: ignore[arg-type]  # MkDocs accepts paths
        if self.rebuilds is not None:  # the notice that the search index, open data and PDF are catching up
            config.extra_javascript.extend(theme_files.missing(config.extra_javascript, (theme_files.SERVE_SCRIPT,)))  # type: ignore[arg-type]
        # A theme folder between the dossier's custom_dir (which may override any of its files) and
        # Material's: MkDocs finds the partials there and copies the assets into the site.
        if str(theme_files.THEME) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(theme_files.THEME))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self.build
        if self.rebuilds is not None:
            self.rebuilds.before_load(config)
        elif served := files.get_file_from_path(theme_files.SERVE_SCRIPT):
            files.remove(served)  # only the preview uses it
        self.report(build.load(config.site_url, config.site_name))
        log.info(build.quotation_summary())
        for file in [f for f in files if f.abs_src_path and Path(f.abs_src_path).is_relative_to(config.docs_dir)]:
            if content_files.outside(build.root, str(file.abs_src_path)):  # a link out of the repository, reported by
                files.remove(file)  # load: never copied, even while serving (theme files live elsewhere, and stay)
        if not build.dossier.treaties:
            raise PluginError(
                f"treaty-dossier: no treaty files in {build.docs_dir}/treaties/ under the setting 'content_root'"
                f" ({build.root}); add one as docs/treaties/<treaty-id>.md"
            )
        generated = {page.src_uri: File.generated(config, page.src_uri, content="") for page in build.generated_pages()}
        build.set_urls({f.src_uri: f.url for f in [*files, *generated.values()]})
        for uri, text in build.render_generated().items():
            generated[uri].content_string = text
            files.append(generated[uri])
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.rebuilds is not None:
            self.rebuilds.keep_nav(nav)
        return nav

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        if self.rebuilds is not None:
            self.rebuilds.keep_env(env, files)
        return env

    def report(self, problems: list[Problem]) -> None:
        """Log every problem; stop the build if any is an error (after logging them all).

        While ``mkdocs serve`` runs, an error does not stop the build: ``on_post_build`` puts the
        list in place of the site (``error_page``), so the browser shows it and reloads when fixed.
        """
        for problem in problems:
            (log.error if problem.severity == "error" else log.warning)(str(problem))
        self.build.problems += problems
        errors = sum(p.severity == "error" for p in problems)
        if errors and not self.serving:
            raise PluginError(f"{errors} content error(s), listed above as 'path:line: message'. Nothing was published.")

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        return self.build.begin_page(markdown, page.file.src_uri, page.url)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.build
        path = posixpath.join(build.docs_dir, page.file.src_uri)
        self.report(build.end_page(path, _first_line(page, build.markdown), written=not page.file.generated_by))
        return build.page_html(html, page.file.src_uri)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.build.read_search_records(output, page.file.src_uri, page.url, page.title or "")
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        build = self.build
        self.report(build.lost_notes())
        site = Path(config.site_dir)
        build.write_manifest(site)
        try:
            indexing = build.start_search(site)
        except search_bundle.SearchIndexError as error:
            raise PluginError(str(error)) from error
        try:  # Pagefind indexes while the exports and the PDF are written
            log.info(build.write_exports(site))
            if not self._show_errors_in_browser(site, config) and build.pdf:
                nav = self.nav_files(config)
                problems, line = build.write_pdfs(site, config.site_name, nav, config.site_description or "")
                self.report(problems)
                log.info(line)
                self._show_errors_in_browser(site, config)  # a problem found by the PDF step
        except BaseException:
            indexing.abandon()
            raise
        try:
            log.info(build.finish_search(indexing))
        except search_bundle.SearchIndexError as error:
            raise PluginError(str(error)) from error
        if self.rebuilds is not None:
            self.rebuilds.after_build(config, ok=not any(p.severity == "error" for p in build.problems))

    @staticmethod
    def nav_files(config: MkDocsConfig) -> list[str]:
        """Every page file named in the ``nav`` setting, in order (the PDF edition follows it)."""
        return _nav_files(config.nav or [])

    def _show_errors_in_browser(self, site: Path, config: MkDocsConfig) -> bool:
        """While serving with content errors: every page of the site becomes the list of problems."""
        errors = sum(p.severity == "error" for p in self.build.problems)
        if not (self.serving and errors):
            return False
        pages = self.build.show_errors(site, config.site_name)
        log.error(f"{errors} content error(s), listed above; the browser shows them on all {pages} pages until they are fixed.")
        return True


def offline(environ: Mapping[str, str] = os.environ) -> bool:
    """``OFFLINE=true``: a build to open from disk (``file://``)."""
    return environ.get("OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def _first_line(page: Page, markdown: str) -> int:
    """File line on which ``markdown`` (the page without its front matter) starts."""
    source = page.file.content_string.replace("\r\n", "\n")
    return source[: len(source) - len(markdown)].count("\n") + 1 if source.endswith(markdown) else 1


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
