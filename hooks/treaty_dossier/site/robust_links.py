"""Links to a source's address as Robust Links (https://robustlinks.mementoweb.org/spec/).

A link to a source that has an archived copy carries the original address, the archived copy
and its date, so a reader (or a browser extension) can reach the copy when the page is gone;
a visible "archived copy" link sits beside it.
"""

from __future__ import annotations

from html import escape

from ..content.sources import Source


def attributes(source: Source) -> str:
    """``data-originalurl``, ``data-versionurl`` and ``data-versiondate`` for a link to ``source.url``, or ''."""
    if not (source.url and source.archived_url and source.archived_on):
        return ""
    return (
        f' data-originalurl="{escape(source.url)}" data-versionurl="{escape(source.archived_url)}"'
        f' data-versiondate="{source.archived_on.isoformat()}"'
    )


def link_html(source: Source, text_html: str) -> str:
    """A link to the source's address with ``text_html`` (already escaped), robust when it has an archived copy."""
    assert source.url
    return f'<a rel="nofollow noopener" href="{escape(source.url)}"{attributes(source)}>{text_html}</a>'


def archived_html(source: Source) -> str:
    """The visible link to the archived copy, with its date, or ''."""
    if not source.archived_url:
        return ""
    when = f" of {source.archived_on.isoformat()}" if source.archived_on else ""
    return (
        f'<a class="archived-copy" rel="nofollow noopener" href="{escape(source.archived_url)}"'
        f' title="{escape(f"Archived copy{when} of {source.label}")}">archived copy</a>'
    )
