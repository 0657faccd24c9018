"""HTML (from Python-Markdown, and for notes from the sanitiser) to the small JSON tree the Typst template draws.

Nothing here writes Typst code: every string ends up as a JSON string that the
template prints as text, so ``#read("x")`` or ``$x$`` in a note prints as typed.
The tree has two kinds of node. Blocks: ``p``, ``h`` (heading), ``ul``/``ol``
(``items``: lists of blocks), ``quote``, ``pre``, ``box`` (an admonition),
``table``, ``hr``. Inlines: plain strings, ``em``, ``strong``, ``code``, ``sup``,
``sub``, ``del``, ``br``, ``link`` (outside URL), ``xref`` (a clause or treaty:
the template prints its page when its treaty is in the PDF), ``cite`` (a bibliography entry) and
``note`` (a footnote call; :mod:`.print_data` fills in its body).

References reach this module as links whose ``href`` starts with ``#xref:`` or
``#cite:``; note calls as one private-use character each (:func:`note_mark`).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

Node = dict[str, Any] | str
XREF = "#xref:"
CITE = "#cite:"
_MARK_BASE = 0xF0000  # Supplementary Private Use Area-A: never typed in a treaty text, one code point per note
_MARK_LIMIT = 0xFFFFD
_SPACES = re.compile(r"[ \t\r\n\f]+")  # not \s: a non-breaking space stays one
_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "source"}
_INLINE = {"em": "em", "i": "em", "cite": "em", "strong": "strong", "b": "strong"}
_INLINE |= {"sup": "sup", "sub": "sub", "del": "del", "s": "del"}
_BLOCKS = {"p", "ul", "ol", "li", "blockquote", "pre", "div", "table", "thead", "tbody", "tr", "th", "td", "hr", "dl", "dt", "dd"}
_BLOCKS |= {"h1", "h2", "h3", "h4", "h5", "h6", "details", "summary"}


def note_mark(index: int) -> str:
    """The character standing for the ``index``-th note call of a text, until the tree is built."""
    if _MARK_BASE + index > _MARK_LIMIT:
        raise ValueError("too many notes in one treaty for the print edition (over 65,000)")
    return chr(_MARK_BASE + index)


class _Element:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[_Element | str] = []


class _TreeBuilder(HTMLParser):
    """An element tree from well-formed HTML (Python-Markdown's and nh3's output)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = _Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):  # close up to the matching element; ignore a stray end tag
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> list[_Element | str]:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root.children


def blocks(html: str, notes: list[dict[str, Any]] | None = None) -> list[Node]:
    """The block nodes of ``html``; note marks become the nodes in ``notes`` (by index)."""
    return _Walker(notes or []).blocks(parse(html))


class _Walker:
    def __init__(self, notes: list[dict[str, Any]]) -> None:
        self.notes = notes

    def blocks(self, children: list[_Element | str]) -> list[Node]:
        out: list[Node] = []
        loose: list[Node] = []  # inline content between blocks (a "tight" list item, say)

        def flush() -> None:
            if any(not (isinstance(n, str) and not n.strip()) for n in loose):
                out.append({"t": "p", "c": _trim(loose)})
            loose.clear()

        for child in children:
            if isinstance(child, _Element) and child.tag in _BLOCKS:
                flush()
                out.extend(self.block(child))
            else:
                loose.extend(self.inlines([child]))
        flush()
        return out

    def block(self, el: _Element) -> list[Node]:
        tag = el.tag
        node: dict[str, Any]
        if tag == "p":
            if "admonition-title" in el.attrs.get("class", ""):
                return []  # the box carries its title
            node = {"t": "p", "c": _trim(self.inlines(el.children))}
            if not node["c"] and not el.attrs.get("id"):
                return []  # what the sanitiser emptied
        elif tag[0] == "h" and tag[1:].isdigit():
            node = {"t": "h", "level": int(tag[1]), "c": _trim(self.inlines(el.children))}
        elif tag in ("ul", "ol"):
            items = [self.blocks(li.children) for li in el.children if isinstance(li, _Element) and li.tag == "li"]
            node = {"t": tag, "items": items}
        elif tag == "blockquote":
            node = {"t": "quote", "c": self.blocks(el.children)}
        elif tag == "pre":
            node = {"t": "pre", "s": _text(el).rstrip("\n")}
        elif tag == "hr":
            node = {"t": "hr"}
        elif tag == "table":
            rows = [r for r in _descendants(el) if r.tag == "tr"]
            cells = [
                [self.inlines(c.children) for c in r.children if isinstance(c, _Element) and c.tag in ("th", "td")] for r in rows
            ]
            node = {
                "t": "table",
                "rows": cells,
                "head": bool(rows) and all(c.tag == "th" for c in rows[0].children if isinstance(c, _Element)),
            }
        elif tag == "div" and "admonition" in el.attrs.get("class", "").split():
            title = next(
                (c for c in el.children if isinstance(c, _Element) and "admonition-title" in c.attrs.get("class", "")), None
            )
            kind = "warning" if "warning" in el.attrs["class"].split() else "note"
            node = {
                "t": "box",
                "kind": kind,
                "title": _trim(self.inlines(title.children)) if title else [],
                "c": self.blocks(el.children),
            }
        else:  # div, dl, details and the like: their content, nothing lost
            return self.blocks(el.children)
        if el.attrs.get("id"):
            node["id"] = el.attrs["id"]
        return [node]

    def inlines(self, children: list[_Element | str]) -> list[Node]:
        out: list[Node] = []
        for child in children:
            if isinstance(child, str):
                out.extend(self._text_with_marks(child))
                continue
            tag = child.tag
            if tag in _INLINE:
                out.append({"t": _INLINE[tag], "c": self.inlines(child.children)})
            elif tag == "code":
                out.append({"t": "code", "s": _SPACES.sub(" ", _text(child))})
            elif tag == "br":
                out.append({"t": "br"})
            elif tag == "a":
                out.append(self._link(child))
            elif tag in _BLOCKS:  # a block inside inline content (nested lists in a table cell): keep its text
                out.extend(self.inlines(child.children))
            else:  # span, abbr, q, ins and anything else the sanitiser lets through: its text
                out.extend(self.inlines(child.children))
        return out

    def _link(self, el: _Element) -> Node:
        href = el.attrs.get("href", "")
        content = self.inlines(el.children)
        if href.startswith(XREF):
            return {"t": "xref", "to": href[len(XREF) :], "treaty": href[len(XREF) :].partition("/")[0], "c": content}
        if href.startswith(CITE):
            return {"t": "cite", "to": href[len(CITE) :], "c": content}
        if href.startswith(("https://", "http://", "mailto:")):
            return {"t": "link", "url": href, "c": content}
        return {"t": "span", "c": content}  # a relative link means nothing on paper: its text

    def _text_with_marks(self, text: str) -> list[Node]:
        text = _SPACES.sub(" ", text)  # HTML's white space: a line break in the Markdown is a space on paper
        out: list[Node] = []
        start = 0
        for i, ch in enumerate(text):
            if _MARK_BASE <= ord(ch) <= _MARK_LIMIT:
                if i > start:
                    out.append(text[start:i])
                out.append(self.notes[ord(ch) - _MARK_BASE])
                start = i + 1
        if start < len(text):
            out.append(text[start:])
        return out


def _descendants(el: _Element) -> list[_Element]:
    found = []
    for child in el.children:
        if isinstance(child, _Element):
            found.append(child)
            found.extend(_descendants(child))
    return found


def _text(el: _Element | str) -> str:
    return el if isinstance(el, str) else "".join(_text(c) for c in el.children)


def _trim(nodes: list[Node]) -> list[Node]:
    """Strip the whitespace Markdown leaves at the start and end of a block."""
    nodes = list(nodes)
    if nodes and isinstance(nodes[0], str):
        nodes[0] = nodes[0].lstrip()
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] = nodes[-1].rstrip()
    return [n for n in nodes if n != ""]


def plain(nodes: list[Node]) -> str:
    """The text of inline nodes, for checks and messages."""
    return "".join(n if isinstance(n, str) else plain(n.get("c", [])) for n in nodes)
