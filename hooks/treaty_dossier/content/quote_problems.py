"""What is wrong with a note's quote, and the hint that holds for it.

A quote is matched on the clause's text as a reader sees it (:mod:`.plain_text`).
When it is not there, the message tells which of three things happened, because
each has its own fix:

- the quote carries Markdown formatting (``*military*``) that the page does not
  show: write it without;
- the quote was in the clause when the note was last committed, and the clause
  was revised since: the note is *detached*;
- the quote never was in the clause (a new note, a slip): it is *not found*.

The hint names ``--reanchor`` only when re-anchoring would propose a quote;
otherwise it gives the closest phrases, as the page shows them.
"""

from __future__ import annotations

from collections.abc import Callable

from .anchor_repair import repair
from .annotations import Annotation
from .plain_text import plain_phrase
from .problems import Problem
from .quote_match import Anchor, did_you_mean_phrase, normalise_phrase
from .treaties import Treaty

# (note) -> the text of its clause when the note was last committed, or None (a new note, no history).
WrittenOn = Callable[[Annotation], "str | None"]


def never_written(ann: Annotation) -> str | None:
    return None


def quote_problems(treaty: Treaty, ann: Annotation, where: Anchor, written_on: WrittenOn, new: bool = False) -> list[Problem]:
    """The problem with ``ann``'s quote in ``treaty`` (placed at ``where``), if any.

    ``new``: the note is not written yet (the scaffold), so nothing is "shown" anywhere.
    """
    exact = ann.quote.exact if ann.quote else ""
    line = ann.line_of("quote")
    if not exact:
        return []
    if where.matches > 1:
        message = f"quote '{exact}' occurs {where.matches} times in {ann.clause}; add 'prefix' or 'suffix' to say which"
        return [Problem(ann.path, line, message)]
    if not where.detached:
        return []
    clause = treaty.clauses[ann.clause_id]
    texts = [p.text for p in clause.paragraphs]
    bare = plain_phrase(exact)
    if bare != exact and normalise_phrase(bare) in normalise_phrase(" ".join(texts)):
        message = f"quote '{exact}' has Markdown formatting, which the page does not show; write it as '{bare}'"
        if not new:
            message += " (until then the note is shown at the end of the clause)"
        return [Problem(ann.path, line, message, "warning")]
    near = did_you_mean_phrase(texts, exact)
    if new:
        message = f"quote '{exact}' is not in the text of {ann.clause}{near}; copy the words as the page shows them"
        return [Problem(ann.path, line, message, "warning")]
    old = written_on(ann)
    proposed = repair(ann, treaty, old).quote
    if proposed is not None:
        hint = f"python hooks/check.py --reanchor proposes '{proposed.exact}'"
    else:
        hint = "copy the words as the page shows them"
    if old is not None and normalise_phrase(exact) in normalise_phrase(plain_phrase(old)):
        message = (
            f"quote '{exact}' is no longer in the text of {ann.clause}, which was revised after the note was written{near}; "
            f"the note is shown detached at the end of the clause until the quote is fixed ({hint})"
        )
    else:
        message = (
            f"quote '{exact}' is not in the text of {ann.clause}{near}; "
            f"the note is shown at the end of the clause until the quote is fixed ({hint})"
        )
    return [Problem(ann.path, line, message, "warning")]
