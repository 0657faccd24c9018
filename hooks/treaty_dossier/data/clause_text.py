"""A clause's plain text, and where a note's quoted phrase sits in it.

The plain text of a clause is the one published in ``data/dossier.json`` (and
in the Akoma Ntoso XML): the clause's paragraphs from the treaty file, joined by
one space, with Markdown escapes removed, ``[[…]]`` and ``[@…]`` references
replaced by the words the page shows for them, and every run of whitespace
collapsed to one space. A Web Annotation's ``TextPositionSelector`` counts
Unicode code points in that text, from 0, end exclusive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..content.annotations import Quote
from ..content.dossier import Dossier
from ..content.quote_match import normalise, normalise_phrase
from ..content.references import find_refs, replace_refs
from ..content.treaties import Clause

_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")  # Markdown's backslash escapes
_SPACE = re.compile(r"\s+")
CONTEXT = 32  # characters of prefix and suffix in a TextQuoteSelector


def plain(dossier: Dossier, clause: Clause) -> str:
    """The clause's plain text (see the module docstring)."""
    treaty = dossier.treaties[clause.treaty_id]
    return _plain(dossier, treaty.body, tuple(clause.spans), clause.treaty_id)


@lru_cache(maxsize=16384)
def _plain_cached(text: str, labels: tuple[tuple[str, str], ...]) -> str:
    table = dict(labels)
    words, _ = replace_refs(text, lambda ref: ref.text or table.get(ref.target))
    return _SPACE.sub(" ", _ESCAPE.sub(r"\1", words)).strip()


def span_plain(dossier: Dossier, body: str, span: tuple[int, int], here: str) -> str:
    """One paragraph (a span of a treaty body) as plain text."""
    return _plain(dossier, body, (span,), here)


def _plain(dossier: Dossier, body: str, spans: tuple[tuple[int, int], ...], here: str) -> str:
    text = " ".join(body[a:b] for a, b in spans)
    labels: list[tuple[str, str]] = []
    if "[" in text:  # the labels of the references in it, as the page shows them
        for ref, _ in find_refs(text):
            target = dossier.target(ref, here)
            if target is not None:
                labels.append((ref.target, target.label))
    return _plain_cached(text, tuple(labels))


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
