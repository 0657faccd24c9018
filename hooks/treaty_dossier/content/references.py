"""The reference syntax: ``[[treaty/clause]]``, ``[[treaty/clause|text]]``, ``[@source]``.

References are found outside code (fenced and indented blocks, code spans), so
the syntax can be shown in documentation. The site finds them with the Markdown
extension's inline patterns (``site/markdown_ext.py``); this scan, for the checks
that run without Markdown, skips the same code. Resolving one is delegated to a callback,
which lets the same scan serve treaty pages, annotations and ordinary pages.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

# Bounded lengths keep every scan linear: an unclosed "[[" or "[@" is given up after a line's worth of
# characters instead of being searched to the end of the body (a 64 KB body of "[[" took minutes).
# No backslash: Python-Markdown reads "\]" as an escape before it looks for references, so a reference
# written with one is text to both (and never \x02/\x03, its placeholders for escapes and code).
MAX_TARGET = 120
MAX_LABEL = 300
CLAUSE_REF = rf"\[\[(?P<target>[^\]\|\n\\\x02\x03]{{1,{MAX_TARGET}}}?)(?:\|(?P<text>[^\]\n\\\x02\x03]{{1,{MAX_LABEL}}}?))?\]\]"
SOURCE_REF = rf"\[@(?P<source>[^\]\s\\\x02\x03]{{1,{MAX_TARGET}}})\]"
REF = re.compile(f"{CLAUSE_REF}|{SOURCE_REF}")
_FENCE_OPEN = re.compile(r"[ ]{0,3}(`{3,}|~{3,})")
_FENCE_CLOSE = re.compile(r"[ ]{0,3}(`{3,}|~{3,})[ \t]*")
_INDENTED = re.compile(r"(?:[ ]{4}|\t)")
_TICKS = re.compile(r"`+")


@dataclass(frozen=True)
class Ref:
    kind: Literal["clause", "source"]
    target: str
    text: str | None
    line: int  # 1-based within the scanned text


def code_spans(text: str) -> list[tuple[int, int]]:
    """Fenced and indented blocks and code spans, in order and disjoint (see :func:`_code_spans`)."""
    return list(_code_spans(text))


# Both scans are pure functions of the text, asked again of every unchanged note on each `mkdocs serve` rebuild.
@functools.lru_cache(maxsize=1 << 16)
def _code_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Fenced and indented blocks and code spans, in order and disjoint; linear in ``text``.

    A fence closes at the next line holding the same fence alone (unclosed, it is not code, as in
    Python-Markdown); a code span runs from a backtick run to the next run of the same length.
    """
    lines = text.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    closers: dict[str, list[int]] = {}  # fence -> lines that can close it, in order
    for number, line in enumerate(lines):
        m = _FENCE_CLOSE.fullmatch(line)
        if m:
            closers.setdefault(m[1], []).append(number)
    blocks: list[tuple[int, int]] = []
    number, blank_before = 0, True
    while number < len(lines):
        line = lines[number]
        fence = _FENCE_OPEN.match(line)
        end = None
        if fence:
            after = closers.get(fence[1], [])
            at = bisect_right(after, number)
            if at < len(after):
                end = after[at]
        elif blank_before and _INDENTED.match(line):
            end = number
            while end + 1 < len(lines) and _INDENTED.match(lines[end + 1]):
                end += 1
        if end is not None:
            blocks.append((starts[number], min(starts[end + 1], len(text))))
            number, blank_before = end + 1, False
            continue
        blank_before = not line.strip()
        number += 1
    spans: list[tuple[int, int]] = []
    last = 0
    for start, end in [*blocks, (len(text), len(text))]:
        spans += _backtick_spans(text, last, start)
        if start < end:
            spans.append((start, end))
        last = end
    return tuple(spans)


def _backtick_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Code spans in ``text[start:end]``: each run of backticks closed by the next run of the same length.

    A backtick after an odd number of backslashes is an escaped one, text and not code (Python-Markdown's
    ``(?<!\\)`` before an opening run): the rest of its run, if any, may still open a span.
    """
    runs = [(m.start(), m.end() - m.start()) for m in _TICKS.finditer(text, start, end)]
    closers: dict[int, list[int]] = {}  # run length -> where runs of that length start
    for pos, length in runs:
        closers.setdefault(length, []).append(pos)
    spans: list[tuple[int, int]] = []
    after = start
    for pos, length in runs:
        if pos < after:
            continue
        slash = pos
        while slash > 0 and text[slash - 1] == "\\":  # each backslash is walked over once: linear
            slash -= 1
        if (pos - slash) % 2:
            pos, length = pos + 1, length - 1
            if not length:
                continue
        same = closers.get(length, [])
        at = bisect_right(same, pos)
        if at < len(same):
            spans.append((pos, same[at] + length))
            after = same[at] + length
    return spans


def find_refs(text: str) -> list[tuple[Ref, tuple[int, int]]]:
    """Every reference outside code, with its span in ``text``."""
    return list(_find_refs(text))


@functools.lru_cache(maxsize=1 << 16)
def _find_refs(text: str) -> tuple[tuple[Ref, tuple[int, int]], ...]:
    code = _code_spans(text)  # in order and disjoint, so a bisection finds the one that may hold a match
    starts = [a for a, _ in code]
    found = []
    line, counted = 1, 0  # lines are counted on from the previous match: a page with thousands of references stays linear
    for m in REF.finditer(text):
        at = bisect_right(starts, m.end() - 1) - 1  # the last code that starts inside or before the match
        if at >= 0 and m.start() < code[at][1]:
            continue  # in code, or with code inside (Python-Markdown takes code spans first)
        line += text.count("\n", counted, m.start())
        counted = m.start()
        if m["source"]:
            ref = Ref("source", m["source"], None, line)
        else:
            ref = Ref("clause", m["target"].strip(), (m["text"] or "").strip() or None, line)
        found.append((ref, m.span()))
    return tuple(found)


_OPENING = re.compile(r"\[[\[@][^\n\]]{0,40}\]{0,2}")


def malformed_refs(text: str) -> list[tuple[int, str]]:
    """Each ``[[`` or ``[@`` outside code that starts no reference the site would read: (line, what follows it).

    An unclosed ``[[treaty/clause`` or a ``[@ source]`` with a space is printed literally on the page
    and in the PDF; the check names it rather than let it pass.
    """
    skip = sorted(code_spans(text) + [span for _, span in find_refs(text)])  # code and references: disjoint spans
    starts = [a for a, _ in skip]
    found = []
    line, counted = 1, 0
    for m in _OPENING.finditer(text):
        at = m.start()
        inside = bisect_right(starts, at) - 1
        if inside >= 0 and at < skip[inside][1]:
            continue
        line += text.count("\n", counted, at)
        counted = at
        found.append((line, m[0]))
    return found


def replace_refs(text: str, render: Callable[[Ref], str | None]) -> tuple[str, list[Ref]]:
    """Replace each reference by ``render(ref)``; unresolved ones stay as written and are returned."""
    out: list[str] = []
    misses: list[Ref] = []
    last = 0
    for ref, (start, end) in find_refs(text):
        replacement = render(ref)
        if replacement is None:
            misses.append(ref)
            continue
        out.append(text[last:start])
        out.append(replacement)
        last = end
    out.append(text[last:])
    return "".join(out), misses


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def md_escape(text: str) -> str:
    """Escape text for literal use inside Markdown (including raw ``<`` and ``&``), on one line.

    Every run of white space, line breaks included, becomes one space: a plain field (an author, an
    outlet) must not start a block of its own, such as a heading or an admonition.
    """
    text = re.sub(r"\s+", " ", text).replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)
