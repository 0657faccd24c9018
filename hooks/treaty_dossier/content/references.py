"""The reference syntax: ``[[treaty/clause]]``, ``[[treaty/clause|text]]``, ``[@source]``.

References are found outside code (fenced and indented blocks, code spans), so
the syntax can be shown in documentation. The site finds them with the Markdown
extension's inline patterns (``site/markdown_ext.py``); this scan, for the checks
that run without Markdown, skips the same code. Resolving one is delegated to a callback,
which lets the same scan serve treaty pages, annotations and ordinary pages.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

REF = re.compile(
    r"""
    \[\[ (?P<target>[^\]\|\n]+?) (?:\| (?P<text>[^\]\n]+?) )? \]\]   # [[treaty/clause|text]]
    | \[@ (?P<source>[^\]\s]+) \]                                     # [@source-id]
    """,
    re.VERBOSE,
)
_CODE = re.compile(
    r"""
    ^[ ]{0,3}(?P<fence>`{3,}|~{3,}) .*? ^[ ]{0,3}(?P=fence)[ \t]*$   # a fenced block: a longer fence holds shorter ones
    | (?:\A|(?<=\n\n)) (?:(?:[ ]{4}|\t)[^\n]*(?:\n|\Z))+           # an indented block (after a blank line)
    | (?P<ticks>`+) .+? (?P=ticks)                                   # a code span
    """,
    re.MULTILINE | re.DOTALL | re.VERBOSE,
)


@dataclass(frozen=True)
class Ref:
    kind: Literal["clause", "source"]
    target: str
    text: str | None
    line: int  # 1-based within the scanned text


def code_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CODE.finditer(text)]


def find_refs(text: str) -> list[tuple[Ref, tuple[int, int]]]:
    """Every reference outside code, with its span in ``text``."""
    code = code_spans(text)  # in order and disjoint, so a bisection finds the one that may hold a match
    starts = [a for a, _ in code]
    found = []
    line, counted = 1, 0  # lines are counted on from the previous match: a page with thousands of references stays linear
    for m in REF.finditer(text):
        at = bisect_right(starts, m.start()) - 1
        if at >= 0 and m.start() < code[at][1]:
            continue
        line += text.count("\n", counted, m.start())
        counted = m.start()
        if m["source"]:
            ref = Ref("source", m["source"], None, line)
        else:
            ref = Ref("clause", m["target"].strip(), (m["text"] or "").strip() or None, line)
        found.append((ref, m.span()))
    return found


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
    """Escape text for literal use inside Markdown (including raw ``<`` and ``&``)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return _MD_SPECIAL.sub(r"\\\1", text)
