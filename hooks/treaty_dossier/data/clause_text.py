"""A clause's plain text, and where a note's quoted phrase sits in it.

The plain text of a clause is the one published in ``data/dossier.json`` (and
in the Akoma Ntoso XML), and the one quotes are matched on: the clause's
paragraphs as a reader sees them (:mod:`..content.plain_text`: Markdown
rendered, markup gone, ``[[…]]`` and ``[@…]`` shown as on the page), joined by
one space, every run of whitespace collapsed to one space. A Web Annotation's
``TextPositionSelector`` counts Unicode code points in that text, from 0, end
exclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.annotations import Quote
from ..content.dossier import Dossier
from ..content.quote_match import normalise, normalise_phrase
from ..content.treaties import Clause

_SPACE = re.compile(r"\s+")
CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector


def plain(dossier: Dossier, clause: Clause) -> str:
    """The clause's plain text (see the module docstring)."""
    return _SPACE.sub(" ", " ".join(p.text for p in clause.paragraphs)).strip()


def span_plain(clause: Clause, span: tuple[int, int]) -> str:
    """One paragraph (a span of the clause) as plain text."""
    return _SPACE.sub(" ", clause.paragraphs[clause.spans.index(span)].text).strip()


@dataclass(frozen=True)
class Position:
    """Where the quoted phrase is in the plain text, with the text around it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def locate(text: str, quote: Quote) -> Position | None:
    """The first place of ``quote`` in ``text`` (matched as the site matches quotes), or ``None``."""
    exact, prefix, suffix = (normalise_phrase(p) for p in (quote.exact, quote.prefix, quote.suffix))
    if not exact:
        return None
    norm, index = normalise(text)
    at = norm.find(exact)
    while at != -1:
        after = at + len(exact)
        if norm[:at].rstrip().endswith(prefix) and norm[after:].lstrip().startswith(suffix):
            start, end = index[at], index[after - 1] + 1
            return Position(start, end, text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT])
        at = norm.find(exact, at + 1)
    return None
