"""Find where an annotation's quoted phrase sits in its clause.

Matching tolerates what editors and copy-paste change without changing the
words: curly versus straight quotes, non-breaking spaces and line wrapping.
Nothing else is forgiven, so a revised clause text shows up as a detached note.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from .annotations import Quote
from .plain_text import Plain

_QUOTE_MAP = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u201f": '"'})
_SPACE = re.compile(r"\s+")
_EDGE = ",.;:!?()'\""  # punctuation trimmed from the ends of a suggested phrase, unless the quote has it there


@lru_cache(maxsize=8192)  # a clause is normalised once, not once for each of its notes (and again to place them)
def normalise(text: str) -> tuple[str, list[int]]:
    """Return the normalised text and, for each of its characters, its index in ``text`` (do not modify the list)."""
    out: list[str] = []
    index: list[int] = []
    pending_space = False
    for i, ch in enumerate(text.translate(_QUOTE_MAP)):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            index.append(i - 1)
            pending_space = False
        out.append(ch)
        index.append(i)
    return "".join(out), index


def normalise_phrase(text: str) -> str:
    return normalise(text)[0]


@dataclass(frozen=True)
class Anchor:
    """Where a note's mark goes: ``offset`` in the treaty body, right after the phrase."""

    offset: int
    detached: bool = False
    matches: int = 1


def anchor(paragraphs: list[Plain], end_of_clause: int, quote: Quote | None) -> Anchor:
    """Place a note in the clause whose reader text is ``paragraphs`` (see :mod:`.plain_text`).

    Without a quote the mark goes at ``end_of_clause``. A quote that is not found
    gives a detached anchor there; one found more than once (after prefix/suffix
    filtering) reports how many times in ``matches``. The offset is the file's,
    right after the last character of the phrase.
    """
    if quote is None:
        return Anchor(end_of_clause)
    ends = [paragraphs[i].source_end(end) for i, end in quote_ends([p.text for p in paragraphs], quote)]
    if not ends:
        return Anchor(end_of_clause, detached=True, matches=0)
    return Anchor(ends[0], matches=len(ends))


def quote_ends(texts: list[str], quote: Quote) -> list[tuple[int, int]]:
    """Every place the quote matches in ``texts`` (a clause's paragraphs): (paragraph index, offset right after the phrase).

    One rule for the reader text of the content layer and the text of the site's document tree.
    """
    return [(number, end) for number, _, end in quote_spans(texts, quote)]


def quote_spans(texts: list[str], quote: Quote) -> list[tuple[int, int, int]]:
    """Every place the quote matches in ``texts``: (paragraph index, offset of the phrase, offset right after it)."""
    exact = normalise_phrase(quote.exact)
    prefix = normalise_phrase(quote.prefix)
    suffix = normalise_phrase(quote.suffix)
    if not exact:
        return []
    spans: list[tuple[int, int, int]] = []
    for number, raw in enumerate(texts):
        text, index = normalise(raw)
        at = text.find(exact)
        while at != -1:
            after = at + len(exact)
            if text[:at].rstrip().endswith(prefix) and text[after:].lstrip().startswith(suffix):
                spans.append((number, index[at], index[after - 1] + 1))
            at = text.find(exact, at + 1)
    return spans


def nearest_phrases(texts: list[str], exact: str, n: int = 2) -> list[str]:
    """The runs of words of the clause closest to ``exact`` (a quote that is not found), best first.

    Runs of about as many words as the quote are compared character by character
    (difflib's ratio); only close ones (ratio at least 0.6, and near the best) are kept.
    """
    wanted = normalise_phrase(exact)
    size = len(wanted.split(" "))
    if not wanted:
        return []
    scored: dict[str, float] = {}
    for paragraph in texts:
        words = normalise(paragraph)[0].split(" ")
        for length in {max(1, size - 1), size, size + 1}:
            for i in range(len(words) - length + 1):
                phrase = " ".join(words[i : i + length])
                phrase = phrase.rstrip(_EDGE.replace(wanted[-1], "")).lstrip(_EDGE.replace(wanted[0], "")) or phrase
                if phrase in scored:
                    continue
                matcher = difflib.SequenceMatcher(None, wanted, phrase, autojunk=False)
                if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
                    # a phrase of the quote's own length is the likelier intent (a typo, not a cut)
                    scored[phrase] = matcher.ratio() - 0.05 * abs(length - size)
    ranked = sorted((s, p) for p, s in scored.items() if s >= 0.6)
    ranked.reverse()
    if not ranked:
        return []
    best = ranked[0][0]
    return [p for s, p in ranked if s >= best - 0.05][:n]


def word_changes(exact: str, phrase: str) -> str:
    """The words that differ between a quote and a phrase of the clause: ``wor → war; + the; − very``."""
    old, new = normalise_phrase(exact).split(" "), phrase.split(" ")
    shown = exact.split()  # the contributor's own words (curly quotes and all), one for one with ``old``
    changes = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "replace":
            changes.append(f"{' '.join(shown[i1:i2])} → {' '.join(new[j1:j2])}")
        elif tag == "delete":
            changes.append(f"− {' '.join(shown[i1:i2])}")
        elif tag == "insert":
            changes.append(f"+ {' '.join(new[j1:j2])}")
    return "; ".join(changes)


def did_you_mean_phrase(texts: list[str], exact: str) -> str:
    """`` (did you mean: 'state of war' [wor → war]?)`` for a quote not found in the clause (its reader text), or ''."""
    near = nearest_phrases(texts, exact)
    if not near:
        return ""
    return " (did you mean: " + ", ".join(f"'{p}' [{word_changes(exact, p)}]" for p in near) + "?)"
