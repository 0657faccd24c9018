"""Find where a detached note's quote went after its clause was revised, or say that nobody can tell.

The failure to avoid is Hypothesis's: fuzzy anchoring that silently re-attaches
a note to a look-alike passage. So this only *proposes* (the contributor
confirms each proposal, see :mod:`..contrib.reanchor`), and proposes nothing
when no candidate is similar enough to the quote, or when two separate
candidates are too close to choose between.

Candidates are runs of whole words inside one paragraph of the current clause
text as a reader sees it (:mod:`.plain_text`), of about the quote's length (two words fewer to two more). Each gets:

- a *similarity* from 0 to 1 to the quote, both compared as lower-case words
  without punctuation: the mean of two ``difflib.SequenceMatcher`` ratios, one
  over characters (it forgives spelling slips and small changes inside words)
  and one over whole words (so that "aid" for "and" is a different word, not a
  near-identical string). 1.0 is an exact match after that normalisation. Only
  candidates of at least :data:`MIN_SIMILARITY` are considered; none means an
  orphan.
- a *score* that ranks them: 0.7 × similarity + 0.3 × context, where context is
  the same ratio for the words just before and after the candidate against the
  quote's ``prefix``/``suffix``, or, when it has none, against the words around
  the quote in the wording the note was written on (from git). Without any
  context the score is the similarity.

Nothing is proposed when a second candidate that does not overlap the best one
scores within :data:`MIN_LEAD` of it, nor when it is as similar to the quote
(within :data:`MIN_LEAD`) and the best one's context matches less than
:data:`MIN_CONTEXT`: look-alikes are told apart only by a context that fits.

stdlib ``difflib`` rather than a faster library such as rapidfuzz: the inputs are
one clause long, it adds no dependency, and the same matcher draws the word diffs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from .annotations import Annotation, Quote
from .plain_text import plain_phrase
from .quote_match import anchor, normalise, normalise_phrase
from .treaties import Treaty

MIN_SIMILARITY = 0.85  # a candidate less similar to the quote is never proposed: the note stays detached, an orphan
MIN_LEAD = 0.05  # a second, non-overlapping candidate scoring this close to the best one: too close to choose
MIN_CONTEXT = 0.6  # context that must match to choose between look-alikes
HINT_SIMILARITY = 0.6  # an orphan's listing names its closest run of words from this similarity up (not a proposal)
QUOTE_WEIGHT = 0.7
CONTEXT_WORDS = 5  # words of context compared on each side
MAX_CONTEXT_WORDS = 6  # at most this many words of prefix/suffix are written to make a quote unique

Status = Literal["exact", "fuzzy", "orphan", "ambiguous"]
_WORD = re.compile(r"\S+")
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True)
class Candidate:
    """A run of words in the current clause: where it is, its text, its score."""

    span: int  # index of the paragraph (span) in the clause
    first: int  # word indices [first, last) within that paragraph
    last: int
    text: str  # the words as normalised (quotes straightened, whitespace collapsed)
    similarity: float  # to the quote alone
    score: float  # with the context
    context: float | None  # how well the words around it match the expected ones
    exact: bool
    around: str = ""  # the candidate in brackets with a few words either side, to show it

    def overlaps(self, other: Candidate) -> bool:
        return self.span == other.span and self.first < other.last and other.first < self.last


@dataclass
class Repair:
    """What re-anchoring found for one detached note."""

    annotation: Annotation
    status: Status
    quote: Quote | None = None  # the proposed quote (exact and fuzzy only)
    best: Candidate | None = None
    runner_up: Candidate | None = None
    candidates: list[Candidate] = field(default_factory=list)
    closest: Candidate | None = None  # an orphan's nearest run of words below the threshold, shown but never proposed


def _key(word: str) -> str:
    return _NON_WORD.sub("", word.casefold())


def _keys(text: str) -> str:
    return " ".join(k for k in (_key(w) for w in text.split()) if k)


def _ratio(a: str | list[str], b: str | list[str]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def expected_context(quote: Quote, old_text: str | None) -> tuple[str, str] | None:
    """The words expected before and after the quote: its prefix/suffix, else those around it in the old wording."""
    if quote.prefix or quote.suffix:
        return _tail(normalise_phrase(quote.prefix)), _head(normalise_phrase(quote.suffix))
    if not old_text:
        return None
    text, exact = normalise_phrase(plain_phrase(old_text)), normalise_phrase(quote.exact)
    at = text.find(exact)
    if at == -1 or text.find(exact, at + 1) != -1:
        return None  # not in the old wording either, or not once: no context to trust
    return _tail(text[:at]), _head(text[at + len(exact) :])


def _tail(text: str) -> str:
    return " ".join(text.split()[-CONTEXT_WORDS:])


def _head(text: str) -> str:
    return " ".join(text.split()[:CONTEXT_WORDS])


def candidates(
    treaty: Treaty, clause_id: str, quote: Quote, context: tuple[str, str] | None, floor: float = MIN_SIMILARITY
) -> list[Candidate]:
    """Every run of words of about the quote's length and at least ``floor`` similar, scored, best first."""
    want = _keys(quote.exact)
    size = len(want.split())
    if not size:
        return []
    found = []
    for s, paragraph in enumerate(treaty.clauses[clause_id].paragraphs):
        text, _ = normalise(paragraph.text)
        words = text.split(" ") if text else []
        keys = [_key(w) for w in words]
        for first in range(len(words)):
            for last in range(first + max(1, size - 2), min(len(words), first + size + 2) + 1):
                got = " ".join(k for k in keys[first:last] if k)
                exact = got == want
                similarity = 1.0 if exact else (_ratio(want, got) + _ratio(want.split(), got.split())) / 2
                if similarity < floor:
                    continue
                score, near = similarity, None
                if context is not None:
                    before = _keys(" ".join(words[max(0, first - CONTEXT_WORDS) : first]))
                    after = _keys(" ".join(words[last : last + CONTEXT_WORDS]))
                    near = _context_similarity(context, before, after)
                    if near is not None:
                        score = QUOTE_WEIGHT * similarity + (1 - QUOTE_WEIGHT) * near
                text = _trim(" ".join(words[first:last]), quote.exact)
                around = " ".join([*words[max(0, first - 3) : first], f"[{text}]", *words[last : last + 3]])
                found.append(Candidate(s, first, last, text, round(similarity, 3), round(score, 3), near, exact, around))
    return sorted(found, key=lambda c: (-c.score, -c.similarity, c.span, c.first, c.last))


def _context_similarity(expected: tuple[str, str], before: str, after: str) -> float | None:
    """Mean similarity of the sides for which a context is expected (an empty side matches only an empty one)."""
    sides = []
    for want, actual in ((_keys(expected[0]), before), (_keys(expected[1]), after)):
        if want:
            sides.append(_ratio(want, actual))
        elif not actual:
            sides.append(1.0)  # both at the clause's edge
    return sum(sides) / len(sides) if sides else None


def _trim(text: str, like: str) -> str:
    """Drop punctuation at the ends of ``text`` that the quote does not have there ("war," for "war")."""
    if like[-1:].isalnum():
        text = text.rstrip(".,;:!?)\"'")
    if like[:1].isalnum():
        text = text.lstrip("(\"'")
    return text


def repair(annotation: Annotation, treaty: Treaty, old_text: str | None = None) -> Repair:
    """Propose a new quote for a detached note, or explain why none is proposed."""
    quote = annotation.quote
    assert quote is not None, "only a note with a quote can be detached"
    found = candidates(treaty, annotation.clause_id, quote, expected_context(quote, old_text))
    if not found:  # for the listing only: the closest run of words, which is never proposed
        closest = candidates(treaty, annotation.clause_id, quote, None, HINT_SIMILARITY)
        return Repair(annotation, "orphan", closest=closest[0] if closest else None)
    best = found[0]
    runner_up = next((c for c in found[1:] if not c.overlaps(best)), None)
    look_alike = runner_up is not None and runner_up.similarity >= best.similarity - MIN_LEAD
    if runner_up is not None and (runner_up.score > best.score - MIN_LEAD or (look_alike and (best.context or 0) < MIN_CONTEXT)):
        return Repair(annotation, "ambiguous", best=best, runner_up=runner_up, candidates=found[:3])
    new = unique_quote(treaty, annotation.clause_id, best)
    if new is None:
        return Repair(annotation, "orphan", best=best, candidates=found[:3])  # cannot be quoted uniquely
    return Repair(annotation, "exact" if best.exact else "fuzzy", new, best, runner_up, found[:3])


def unique_quote(treaty: Treaty, clause_id: str, cand: Candidate) -> Quote | None:
    """The candidate as a quote that finds exactly it: the words alone, else with words of prefix and suffix."""
    clause = treaty.clauses[clause_id]
    paragraph = clause.paragraphs[cand.span]
    text, index = normalise(paragraph.text)
    words = text.split(" ")
    at = len(" ".join(words[: cand.first])) + (1 if cand.first else 0)
    at = text.find(cand.text, at)
    if at == -1:
        return None
    want_end = paragraph.source_end(index[at + len(cand.text) - 1] + 1)
    for n in range(MAX_CONTEXT_WORDS + 1):
        prefix = " ".join(words[max(0, cand.first - n) : cand.first]) if n else ""
        suffix = " ".join(text[at + len(cand.text) :].split()[:n]) if n else ""
        quote = Quote(cand.text, prefix, suffix)
        where = anchor(clause.paragraphs, clause.end, quote)
        if not where.detached and where.matches == 1 and where.offset == want_end:
            return quote
    return None
