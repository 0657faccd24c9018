"""Reading and cutting the text of a block on the Markdown element tree.

The note marks (``<sup>`` elements carrying :data:`MARK`) are not part of a
clause's text: their inside is skipped, so offsets into a block's text stay
valid while marks and highlights are added.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Iterator

MARK = "footnote-mark"  # private marker attribute on our <sup>s, dropped before output


def segments(el: etree.Element) -> Iterator[tuple[etree.Element, str, str]]:
    """The text of ``el`` in reading order as (node, "text" | "tail", string); the inside of our marks is skipped."""
    if el.get(MARK) is None:
        yield el, "text", el.text or ""
        for child in el:
            yield from segments(child)
            yield child, "tail", child.tail or ""


def text_of(el: etree.Element) -> str:
    return "".join(s for _, _, s in segments(el))


def wrap(block: etree.Element, start: int, end: int, make: etree.Element) -> None:
    """Wrap characters ``start:end`` of the block's text in copies of ``make`` (one per text node they span)."""
    pieces = []
    at = 0
    for node, kind, text in segments(block):
        lo, hi = max(start, at), min(end, at + len(text))
        if lo < hi:
            pieces.append((node, kind, lo - at, hi - at))
        at += len(text)
    parents = parents_of(block) if pieces else {}
    for node, kind, lo, hi in reversed(pieces):  # last first: an earlier piece's node is not moved by a later cut
        new = etree.Element(make.tag, dict(make.attrib))
        text = (node.text if kind == "text" else node.tail) or ""
        new.text = text[lo:hi]
        cut(node, kind, lo, hi, new, parents)


def insert_at(block: etree.Element, offset: int, new: etree.Element) -> None:
    """Insert ``new`` at character ``offset`` of the block's text (right after the text before it)."""
    at = 0
    for node, kind, text in segments(block):
        if at + len(text) >= offset:
            cut(node, kind, offset - at, offset - at, new, parents_of(block))
            return
        at += len(text)
    block.append(new)


def parents_of(block: etree.Element) -> dict[int, etree.Element]:
    return {id(child): parent for parent in block.iter() for child in parent}


def cut(node: etree.Element, kind: str, at: int, end: int, new: etree.Element, parents: dict[int, etree.Element]) -> None:
    """Put ``new`` into the ``kind`` text of ``node``: the text before ``at`` stays, the text from ``end`` on
    becomes ``new``'s tail (what lies between is ``new``'s own text, set by the caller)."""
    text = (node.text if kind == "text" else node.tail) or ""
    new.tail = text[end:]
    if kind == "text":
        node.text = text[:at]
        node.insert(0, new)
    else:
        node.tail = text[:at]
        parent = parents[id(node)]
        parent.insert(list(parent).index(node) + 1, new)
