"""Each message's entry in the Contributing guide, so the error page can link to it.

CONTRIBUTING.md's section "Messages and how to fix them" lists every message as a
bullet that starts with an example in backticks (with its own values: a file name,
a clause, a quote). The Contributing page gets an anchor at the start of each
bullet (:func:`anchored`), and a problem is matched to the bullet whose examples
have its *shape*: the message with its values (quoted text, references, clause
names, paths, numbers) replaced by placeholders (:func:`shape`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SECTION = "## Messages and how to fix them"
_BULLET = re.compile(r"^- (?=`)", re.MULTILINE)
_CODE = re.compile(r"(?<!`)`([^`]+)`(?!`)")
_VALUE = re.compile(
    r"'[^']*'|(?:annotations|docs|pdf)/\S+|[a-z0-9]+(?:-[a-z0-9]+)*/[a-z][a-z0-9_]*|\[\[[^\]]*\]\]|\[@[^\]]*\]|<[a-z][^>]*>|\d+"
)
_SUGGESTION = re.compile(r" \(did you mean: [^)]*\?\)")


def shape(message: str) -> str:
    """A message without its ``path:line:`` and level, its values as placeholders (see the module docstring)."""
    text = re.sub(r"^\S+:\d+: ", "", message.removesuffix(" [warning]"))
    return _VALUE.sub("…", _SUGGESTION.sub("", re.sub(r"\s*\n\s*", " ", text)))


@dataclass(frozen=True)
class Entry:
    anchor: str  # the id of the bullet on the Contributing page
    shapes: frozenset[str]  # the shapes of the examples it explains


def _bullets(guide: str) -> list[tuple[int, str]]:
    """(offset, text) of each bullet in the messages section that starts with an example."""
    start = guide.find(SECTION)
    if start == -1:
        return []
    starts = [m.start() for m in _BULLET.finditer(guide, start)]
    out = []
    for here, following in zip(starts, [*starts[1:], len(guide)], strict=True):
        text = guide[here:following]
        stop = re.compile(r"^\S", re.MULTILINE).search(text, 1)  # a bullet ends at the next unindented line
        out.append((here, text[: stop.start()] if stop else text))
    return out


def entries(guide: str) -> list[Entry]:
    """Every explained message of the guide, with the anchor of its bullet (``msg-<words of its first example>``)."""
    found: list[Entry] = []
    taken: set[str] = set()
    for _, text in _bullets(guide):
        examples = [re.sub(r"\s*\n\s*", " ", c) for c in _CODE.findall(text)]
        words = re.findall(r"[a-z]+", shape(examples[0]).lower())[:7] if examples else []
        anchor = base = "msg-" + ("-".join(words) or "message")
        n = 2
        while anchor in taken:
            anchor, n = f"{base}-{n}", n + 1
        taken.add(anchor)
        found.append(Entry(anchor, frozenset(shape(e) for e in examples)))
    return found


def anchored(guide: str) -> str:
    """The guide's Markdown with an anchor (an empty ``span`` with the entry's id) at the start of each message bullet."""
    out, last = [], 0
    for (offset, _), entry in zip(_bullets(guide), entries(guide), strict=True):
        out += [guide[last : offset + 2], f'<span id="{entry.anchor}"></span>']
        last = offset + 2
    out.append(guide[last:])
    return "".join(out)


def anchor_for(message: str, known: list[Entry]) -> str | None:
    """The anchor of the bullet that explains ``message``, or ``None``.

    A message that quotes another program (``malformed YAML: …``, ``Typst: …``) is matched by
    what comes before that program's words: the longest example that agrees up to a ``": "``.
    """
    wanted = shape(message)
    exact = next((e.anchor for e in known if wanted in e.shapes), None)
    if exact is not None:
        return exact
    best, length = None, 0
    for entry in known:
        for example in entry.shapes:
            head = example[: example.find(": ") + 2] if ": " in example else ""
            if len(head) > max(length, 8) and wanted.startswith(head):
                best, length = entry.anchor, len(head)
    return best
