"""Bound Python-Markdown's work on a contributor's body before it is converted.

Python-Markdown looks for the end of a link's text from every ``[`` it meets, as far as the end
of the paragraph (Python-Markdown issue #798, left open upstream), so a 64 KB body of ``[``
took minutes and stalled the build. Before a body is converted, every ``[`` that has no ``]``
to close it in its paragraph, or that opens deeper than :data:`MAX_DEPTH` brackets, is escaped
as ``\\[``, which Python-Markdown renders as the same ``[``; so is every such ``(`` (a link's
address is searched the same way). A ``<`` whose tag is not closed by a ``>`` before the next ``<``
becomes ``&lt;``: Python's HTML parser, which Python-Markdown runs over every body, reads such a
tag to the end of the text, once per ``<``. Code is left alone: written there,
a bracket is shown as typed. The pass is one scan of the text.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from ..content.references import code_spans

MAX_DEPTH = 8  # a link inside an image inside a link is three; no note needs more
_TOKEN = re.compile(r"\\.|[\[\]()<>]|\n[ \t]*\n", re.DOTALL)
_PAIRS = {"]": "[", ")": "("}


def guard(text: str) -> str:
    """``text`` with every unclosed or over-deep ``[`` and ``(``, and every unclosed ``<``, outside code escaped."""
    if not ("[" in text or "(" in text or "<" in text):
        return text
    code = code_spans(text)
    starts = [a for a, _ in code]
    escape: list[int] = []
    open_at: dict[str, list[int]] = {"[": [], "(": []}
    tag_at: int | None = None  # a "<" not yet closed by ">"
    lt: list[int] = []
    for m in _TOKEN.finditer(text):
        token = m[0]
        if token[0] == "\\":
            continue
        at = bisect_right(starts, m.start()) - 1
        if at >= 0 and m.start() < code[at][1]:
            continue
        if token in open_at:
            (escape if len(open_at[token]) >= MAX_DEPTH else open_at[token]).append(m.start())
        elif token in _PAIRS:
            if open_at[_PAIRS[token]]:
                open_at[_PAIRS[token]].pop()
        elif token == "<":
            if tag_at is not None:
                lt.append(tag_at)
            tag_at = m.start()
        elif token == ">":
            tag_at = None
        else:  # a blank line ends the paragraph, and the brackets still open in it
            for still_open in open_at.values():
                escape += still_open
                still_open.clear()
    for still_open in open_at.values():
        escape += still_open
    if tag_at is not None:
        lt.append(tag_at)
    if not escape and not lt:
        return text
    edits = sorted([(pos, "\\", pos) for pos in escape] + [(pos, "&lt;", pos + 1) for pos in lt])
    out, last = [], 0
    for pos, insert, resume in edits:
        out += [text[last:pos], insert]
        last = resume
    out.append(text[last:])
    return "".join(out)
