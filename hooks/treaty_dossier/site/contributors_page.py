"""The generated pages for contributors: the Contributors list and the Contributing guide.

The list is built from the ``author`` field of every annotation, so it cannot
drift from the notes. The guide is ``CONTRIBUTING.md`` at the repository root,
published as it is, so the site and GitHub show one text.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..content.annotations import GITHUB_HANDLE
from ..content.dossier import Dossier
from ..content.references import md_escape
from .generated_page import page_head
from .note_html import author_html

PAGE = "contributors.md"
GUIDE_PAGE = "contributing.md"
GUIDE_FILE = "CONTRIBUTING.md"


def page(dossier: Dossier, with_guide: bool = True) -> str:
    """Markdown for the Contributors page: each author, how many notes, and a link to each.

    ``with_guide``: link to the Contributing page (absent on a site without CONTRIBUTING.md).
    """
    by_author: dict[str, list] = defaultdict(list)
    for ann in dossier.annotations:
        by_author[ann.author].append(ann)
    rows = []
    for author, notes in sorted(by_author.items(), key=lambda item: (-len(item[1]), item[0].lower())):
        links = []
        for ann in sorted(notes, key=lambda a: a.id):
            clause = dossier.clause(ann.clause)
            if clause is None:
                continue
            treaty = dossier.treaties[clause.treaty_id]
            links.append(f"[{md_escape(dossier.clause_label(clause))}](treaties/{treaty.id}.md#fn:{ann.label})")
        rows.append(f"| {_author_cell(author)} | {len(notes)} | {' · '.join(links)} |")
    lines = [
        *page_head("Contributors"),
        "Everyone whose annotations appear on this site, as named in the `author` field of their notes."
        + (f" To add a note of your own, see [Contributing]({GUIDE_PAGE})." if with_guide else ""),
        "",
    ]
    if rows:
        lines += ["| Contributor | Notes | On |", "| --- | ---: | --- |", *rows]
    else:
        lines.append("No annotations yet.")
    return "\n".join(lines) + "\n"


def guide(root: Path) -> str | None:
    """The text of ``CONTRIBUTING.md``, or ``None`` when the project has none (a test site)."""
    file = root / GUIDE_FILE
    return file.read_text(encoding="utf-8") if file.is_file() else None


def _author_cell(author: str) -> str:
    """A GitHub handle links to its profile (as in the notes); any other name is Markdown-escaped text.

    The page is Markdown, so an escaped-for-HTML name would still be read as Markdown
    (``[x](javascript:…)`` would become a link): only the handle's safe characters go in as HTML.
    """
    if GITHUB_HANDLE.fullmatch(author):
        return author_html(author)
    return md_escape(author)
