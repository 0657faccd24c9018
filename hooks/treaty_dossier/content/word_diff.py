"""Word-level differences between two wordings of a clause, for the site and the terminal.

``difflib.SequenceMatcher`` over words (stdlib; the texts are one clause long),
with long unchanged stretches shortened to a few words either side of a change.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from html import escape
from typing import Literal

Op = Literal["equal", "delete", "insert"]
CONTEXT = 8  # unchanged words kept either side of a change
REWRITTEN = 0.5  # below this share of words in common the old wording is shown struck out whole, then the new one


def word_diff(old: str, new: str, context: int | None = CONTEXT) -> list[tuple[Op, str]]:
    """Runs of equal, deleted and inserted words; equal runs longer than ``2 * context`` are cut to "…"."""
    a, b = old.split(), new.split()
    ops: list[tuple[Op, str]] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < REWRITTEN:  # a rewritten sentence reads better whole than as a patchwork of shared "the"s
        return [("delete", " ".join(a)), ("insert", " ".join(b))]
    opcodes = matcher.get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            if context is not None and len(words) > 2 * context:
                head = words[:context] if n > 0 else []
                tail = words[-context:] if n < len(opcodes) - 1 else []
                words = head + ["…"] + tail
            ops.append(("equal", " ".join(words)))
            continue
        if i2 > i1:
            ops.append(("delete", " ".join(a[i1:i2])))
        if j2 > j1:
            ops.append(("insert", " ".join(b[j1:j2])))
    return ops


def diff_html(old: str, new: str, context: int | None = CONTEXT) -> str:
    """The diff as HTML: ``<del>`` and ``<ins>`` around changed words, everything escaped."""
    tags = {"delete": "del", "insert": "ins"}
    out = [
        escape(text) if op == "equal" else f"<{tags[op]}>{escape(text)}</{tags[op]}>" for op, text in word_diff(old, new, context)
    ]
    return " ".join(out)


def diff_text(old: str, new: str, context: int | None = CONTEXT) -> str:
    """The diff for a terminal, in wdiff's notation: ``[-removed-]{+added+}``."""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}"}
    return " ".join(marks[op].format(text) for op, text in word_diff(old, new, context))
