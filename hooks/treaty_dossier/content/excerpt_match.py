"""Whether a quotation occurs in a source's stored excerpts, and the nearest passage when it does not.

Matching forgives what typography and copy-paste change without changing the words: white
space, the style of quotation marks, apostrophes and dashes, Unicode compatibility forms (NFKC),
and punctuation at the very ends of a quotation (``"… assistance,"`` in American style). An
ellipsis (``…``, ``...``, ``[…]``) splits a quotation into parts that must occur in order
within one excerpt. Nothing else is forgiven: one changed word is a quotation not found.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .quote_match import nearest_phrases, word_changes
from .sources import Excerpt, Source

_MARKS = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f\u301d\u301e", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b", "-"),
    }
)
_SPACE = re.compile(r"\s+")
_DASH = re.compile(r" ?- ?")
_ELLIPSIS = re.compile(r"\s*[\[(]?\s*\.\.\.\s*[\])]?\s*")
_EDGE = " ,.;:"


def normalise(text: str) -> str:
    """The text as compared: NFKC, one style of quotation mark, apostrophe and dash, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_MARKS)
    return _DASH.sub("-", _SPACE.sub(" ", text)).strip()


def parts(quotation: str) -> list[str]:
    """The normalised pieces of a quotation between its ellipses, end punctuation trimmed."""
    pieces = (p.strip(_EDGE) for p in _ELLIPSIS.split(normalise(quotation)))
    return [p for p in pieces if p]


@dataclass(frozen=True)
class Match:
    excerpt: Excerpt | None  # the excerpt the quotation occurs in; None: not found
    hint: str = ""  # for one not found: `` (did you mean: 'x' [a → b]?)`` or ''


def in_excerpt(pieces: list[str], excerpt: Excerpt) -> bool:
    text = normalise(excerpt.text)
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        if found == -1:
            return False
        at = found + len(piece)
    return True


def match(quotation: str, source: Source) -> Match:
    """Find ``quotation`` in the excerpts of ``source`` (which has some)."""
    pieces = parts(quotation)
    if not pieces:
        return Match(None)
    for excerpt in source.excerpts:
        if in_excerpt(pieces, excerpt):
            return Match(excerpt)
    return Match(None, nearest_hint(pieces, source))


def nearest_hint(pieces: list[str], source: Source) -> str:
    """The did-you-mean for the first piece that no excerpt holds, in the form the quote check uses."""
    texts = [normalise(e.text) for e in source.excerpts]
    body = "\n".join(texts)
    missing = next((p for p in pieces if p not in body), pieces[0])
    near = nearest_phrases(texts, missing)
    if not near:
        return ""
    return " (did you mean: " + ", ".join(f"'{p}' [{word_changes(missing, p)}]" for p in near) + "?)"
