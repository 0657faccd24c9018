"""The opening every generated page shares: its title in the front matter, then its heading."""

from __future__ import annotations

import json
from html import escape

from ..content.references import md_escape


def page_head(title: str, heading: str | None = None) -> list[str]:
    """Markdown lines for a page titled ``title`` (nav, ``<title>``) under the ``# heading`` (default: the title).

    MkDocs themes print page titles unescaped, so the title in the metadata is HTML-escaped;
    the heading is Markdown, so it is Markdown-escaped.
    """
    return ["---", f"title: {json.dumps(escape(title))}", "---", f"# {md_escape(heading or title)}", ""]
