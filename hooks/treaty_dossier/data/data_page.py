"""The generated Data page: every download, what it holds, its format and its licence.

The links are raw HTML with URLs relative to the page, because the files are
written after the pages (MkDocs would otherwise report them as missing pages).
"""

from __future__ import annotations

from html import escape

from ..content.dossier import Dossier
from ..content.licences import AUTHENTIC, CODE, CONTENT, COVERS, QUOTATIONS
from .atom_feed import PATH as FEED
from .context import ExportContext, relative
from .exports import catalogue

PAGE = "data.md"


def licence(site_name: str) -> str:
    """The Licence section: the same licences as README.md and the About page (``content/licences.py``)."""
    return (
        f"Every file listed above is licensed under the "
        f'<a href="{escape(CONTENT.url)}" rel="license">{escape(CONTENT.name)} licence ({escape(CONTENT.short)})</a>, '
        f"as are {escape(COVERS)}: you may share and adapt them for any purpose, crediting "
        f"“{escape(site_name)} contributors” with a link to the page or file. {escape(QUOTATIONS)} {escape(AUTHENTIC)} "
        "The bibliographic records describe publications that belong to their publishers. "
        f"The code that builds the site and these files is under the {escape(CODE.name)}."
    )


def page(dossier: Dossier, ctx: ExportContext, page_url: str) -> str:
    """Markdown for the Data page at site-relative ``page_url``."""
    rows = []
    for item in catalogue(dossier):
        if "*" in item.path:  # one file per treaty, note or source: named by pattern, linked from each
            link = f"`{item.path}`"
        elif item.path == FEED and ctx.edition.date is None:  # Atom needs a date: none without git or SOURCE_DATE_EPOCH
            link = f"`{item.path}` (not written by this build: no date is known without git history or SOURCE_DATE_EPOCH)"
        else:
            link = f'<a href="{escape(relative(page_url, item.path))}" type="{escape(item.media_type)}">{escape(item.path)}</a>'
        rows += [
            f"- **{escape(item.title)}**: {link}  ",
            f"  *Format:* {escape(item.format)}. *Licence:* {escape(CONTENT.short)} (see below).  ",
            f"  {escape(item.holds)}",
            "",
        ]
    where = (
        f"Addresses inside the files are under <code>{escape(ctx.base)}</code>."
        if not ctx.placeholder
        else "This build has no <code>site_url</code>, so the addresses inside the files use the reserved "
        f"host <code>{escape(ctx.base)}</code>, which never resolves; a deployed build names its real address."
    )
    history = (
        "Notes are dated by their files' first and last commits."
        if ctx.history.available
        else f"Notes carry no dates in this build: {escape(ctx.history.reason)}."
    )
    return "\n".join(
        [
            "---",
            "title: Data",
            "---",
            "# Data",
            "",
            "The dossier as data, for researchers, annotation tools and reference managers: no scraping needed. "
            f"Every file is rebuilt with the site ({escape(ctx.edition.text())}). {where} {history}",
            "",
            "## Downloads",
            "",
            *rows,
            "## Licence",
            "",
            licence(ctx.site_name),
            "",
            "Each treaty page links its Akoma Ntoso file; each note links its Web Annotation and offers a "
            "citation (“Cite”: plain text, BibTeX, CSL-JSON); each clause offers one too; each source page links "
            "its CSL-JSON record.",
            "",
        ]
    )
