"""Mark each note's quoted phrase in the clause text (issue 14, point 1).

Phrases may overlap, nest, or carry several notes. The block's text is cut at
every phrase boundary; each piece covered by at least one phrase becomes one
``<mark class="note-phrase">`` listing the notes that cover it
(``data-notes``, in reading order) and how many (``data-depth``), so the style
can show a deeper overlap and the script can point a hovered piece at its notes.
Nothing nests, so a screen reader meets each word once; the marks carry no text
or role of their own (the note is announced from its footnote mark only).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass

from ..content.annotations import Annotation
from .tree_text import wrap


@dataclass(frozen=True)
class Phrase:
    block: etree.Element
    start: int
    end: int
    note: Annotation


def highlight(phrases: list[Phrase]) -> None:
    """Wrap every phrase in ``phrases`` (any overlap) in non-nested ``<mark>`` pieces."""
    by_block: dict[int, tuple[etree.Element, list[Phrase]]] = {}
    for p in phrases:
        if p.start < p.end:
            by_block.setdefault(id(p.block), (p.block, []))[1].append(p)
    for block, mine in by_block.values():
        cuts = sorted({x for p in mine for x in (p.start, p.end)})
        pieces = []
        for lo, hi in zip(cuts, cuts[1:], strict=False):
            over = [p.note for p in mine if p.start <= lo and hi <= p.end]
            if over:
                pieces.append((lo, hi, over))
        for lo, hi, over in reversed(pieces):
            kinds = sorted({n.kind for n in over})
            classes = ["note-phrase"] + [f"note-phrase--{k}" for k in kinds]
            mark = etree.Element(
                "mark",
                {
                    "class": " ".join(classes),
                    "data-notes": " ".join(f"fn:{n.label}" for n in over),
                    "data-depth": str(min(len(over), 3)),
                },
            )
            wrap(block, lo, hi, mark)
