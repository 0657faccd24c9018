"""The Markdown extension on its own, without the MkDocs plugin (another generator, a script).

With ``content_root`` set, :class:`StandalonePages` loads the dossier once per extension
instance and, before each document is parsed, tells the extension what its references
resolve to and, on a treaty page, which notes to place. Python-Markdown does not know which
file it converts, so a treaty page is recognised by its clause ids: the document whose
``{#id}`` markers include every clause id of a treaty is that treaty's page. Links are
written for directory URLs under ``base_url`` (``/treaties/<id>/``, ``/sources/<id>/``).
Content problems are logged as warnings on ``mkdocs.plugins.treaty_site``.
"""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path

from markdown import Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

from ..content.treaties import Treaty
from .dossier_build import DossierBuild
from .markdown_ext import TreatyExtension

log = logging.getLogger("mkdocs.plugins.treaty_site")

_ID_MARKER = re.compile(r"\{#([A-Za-z0-9_]+)\}")


def directory_url(src_uri: str) -> str:
    """The site URL MkDocs gives ``src_uri`` with directory URLs (``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``)."""
    stem = posixpath.splitext(src_uri)[0]
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""


def recognise(treaties: list[Treaty], markdown: str) -> Treaty | None:
    """The treaty whose every clause id is marked in ``markdown`` (the one with most clauses if several)."""
    marked = set(_ID_MARKER.findall(markdown))
    fits = [t for t in treaties if t.clauses and set(t.clauses) <= marked]
    return max(fits, key=lambda t: len(t.clauses), default=None)


def load(ext: TreatyExtension) -> DossierBuild:
    """The dossier under the extension's ``content_root``, loaded and checked once; URLs for every page."""
    root = Path(ext.getConfig("content_root")).resolve()
    build = DossierBuild(root, ext.getConfig("docs_dir"), pdf=False)
    build.extension = ext
    for problem in build.load(None, ext.getConfig("site_name")):
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    pages = [t.src_uri for t in build.dossier.treaties.values()] + [g.src_uri for g in build.generated_pages()]
    build.set_urls({src: directory_url(src) for src in pages})
    return build


def register(md: Markdown, ext: TreatyExtension, priority: int) -> None:
    pages = StandalonePages(md, ext)
    md.preprocessors.register(pages, "treaty_standalone", priority)
    md.postprocessors.register(StandaloneReport(md, pages), "treaty_standalone_report", 0)


class StandalonePages(Preprocessor):
    """Set the extension up for the document about to be parsed; the lines pass unchanged."""

    def __init__(self, md: Markdown, ext: TreatyExtension):
        super().__init__(md)
        self.ext = ext
        self.build: DossierBuild | None = None

    def run(self, lines: list[str]) -> list[str]:
        if self.build is None:
            self.build = load(self.ext)
        build = self.build
        build.rendered.clear()  # a document may be converted again (a preview): its notes are placed anew
        base = self.ext.getConfig("base_url").rstrip("/") + "/"
        markdown = "\n".join(lines)
        treaty = recognise(list(build.dossier.treaties.values()), markdown)

        def link(src_uri: str, anchor: str | None) -> str:
            return base + build.url_of.get(src_uri, directory_url(src_uri)) + (f"#{anchor}" if anchor else "")

        # A treaty page is addressed as MkDocs would place it; any other document gets absolute links only.
        build.begin_page(markdown, treaty.src_uri if treaty else "", build.url_of[treaty.src_uri] if treaty else "", link)
        return lines


class StandaloneReport(Postprocessor):
    """After a document: log what did not resolve in it (the plugin reports the same at ``path:line``)."""

    def __init__(self, md: Markdown, pages: StandalonePages):
        super().__init__(md)
        self.pages = pages

    def run(self, text: str) -> str:
        if self.pages.build is not None:
            for problem in self.pages.build.end_page("(document)", 1):
                log.warning(str(problem))
        return text
