"""A paragraph's text as a reader sees it: its inline Markdown rendered, the markup gone.

Quotes are matched on this text (a W3C TextQuoteSelector quotes the document,
not its source markup), and ``data/dossier.json`` and the Web Annotations
publish it. It is what the site's Markdown renders: emphasis and strong markers,
backslash escapes, code-span backticks, link and image syntax, inline HTML tags
and entities go; ``[[…]]`` and ``[@…]`` become the words the page shows for them.
The rules follow Python-Markdown's inline patterns for what a treaty text uses;
``tests/test_plain_text.py`` compares the two on a table of paragraphs and on
every clause of the real dossier, so the check (which runs without Markdown)
and the page agree.

Each character of the result keeps the offset of the character it came from,
so a match in the plain text maps back to a place in the file (where the PDF
edition puts its mark).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from .references import REF, Ref

# (reference) -> the words the page shows for it, or None when it does not resolve (left as written).
Labeller = Callable[[Ref], "str | None"]

_CODE = re.compile(r"(?<!\\)(?P<ticks>`+)(?P<code>.+?)(?<!`)(?P=ticks)(?!`)", re.DOTALL)
_ESCAPABLE = set("\\`*_{}[]()>#+-.!")
_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.-]*://[^<>]*|[^<> !]+@[^@<> ]+)>")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z0-9]+);")
_BREAK = re.compile(r" {2,}\n")
# Emphasis as Python-Markdown's em_strong processors read it: strong before em, "_" only between non-word characters.
_EMPHASIS = (
    re.compile(r"(\*{2})(?!\s)(.+?)\1", re.DOTALL),
    re.compile(r"(?<!\w)(_{2})(?!_)(.+?)(?<!_)\1(?!\w)", re.DOTALL),
    re.compile(r"(\*)([^*]+)\1"),
    re.compile(r"(?<!\w)(_)(?!_)(.+?)(?<!_)\1(?!\w)", re.DOTALL),
)
_NOT_EMPHASIS = re.compile(r"(?:^|(?<=\s))(\*{1,3}|_{1,3})(?=\s|$)")  # "a * b": a literal star
_BLOCK_MARKER = re.compile(r"[ ]{0,3}(?:>[ ]?)+|[ ]{0,3}(?:[-*+]|\d+[.)])[ \t]+")  # a quotation or list line's marker
_PROTECTED = "\x00"  # stands for a character that emphasis must not read as a marker (escaped, in code)


@dataclass(frozen=True)
class Plain:
    """A paragraph's reader text and, for each of its characters, its offset in the source (plus the end)."""

    text: str
    index: tuple[int, ...]

    def source_end(self, end: int) -> int:
        """The source offset right after plain character ``end - 1`` (``end`` > 0)."""
        return self.index[end - 1] + 1


def plain(source: str, label: Labeller | None = None, base: int = 0) -> Plain:
    """The reader text of one paragraph of Markdown; offsets are ``base`` + offsets in ``source``.

    A paragraph that is a list or a quotation loses its item and quotation markers, as on the page.
    """
    chars: list[tuple[str, int, bool]] = []  # (character, source offset, protected from emphasis)
    if _BLOCK_MARKER.match(source):
        at = 0
        for line in source.splitlines(keepends=True):
            m = _BLOCK_MARKER.match(line)
            _inline(source, at + (m.end() if m else 0), at + len(line), label, chars)
            at += len(line)
    else:
        _inline(source, 0, len(source), label, chars)
    chars = _strip_emphasis(chars)
    return Plain("".join(c for c, _, _ in chars), tuple(base + at for _, at, _ in chars))


def plain_phrase(source: str) -> str:
    """A phrase (a quote as written) with its markup removed; references left as written."""
    return plain(source).text


def _inline(text: str, start: int, stop: int, label: Labeller | None, out: list[tuple[str, int, bool]]) -> None:
    at = start
    while at < stop:
        ch = text[at]
        m = None
        if ch == "`" and (m := _CODE.match(text, at, stop)):
            code = m["code"]
            lead = len(code) - len(code.lstrip())
            first = m.start("code") + lead
            out += [(c, first + i, True) for i, c in enumerate(code.strip())]
        elif ch == "\\" and at + 1 < stop and text[at + 1] in _ESCAPABLE:
            out.append((text[at + 1], at + 1, True))
            at += 2
            continue
        elif ch == "[" and (m := REF.match(text, at, stop)):
            words = _ref_words(m, label)
            if words is None:
                out += [(c, m.start() + i, True) for i, c in enumerate(m[0])]
            else:
                out += [(c, m.start(), True) for c in words[:-1]] + [(words[-1], m.end() - 1, True)] if words else []
        elif ch in "![" and (m := _LINK.match(text, at, stop)):
            if not m["bang"]:
                _inline(text, m.start("text"), m.end("text"), label, out)
        elif ch == "<" and (m := _AUTOLINK.match(text, at, stop)):
            out += [(c, m.start("url") + i, True) for i, c in enumerate(m["url"])]
        elif ch == "<" and (m := _TAG.match(text, at, stop)):
            pass
        elif ch == "&" and (m := _ENTITY.match(text, at, stop)):
            out += [(c, m.start(), True) for c in html.unescape(m[0])]
        elif ch == " " and (m := _BREAK.match(text, at, stop)):
            out.append(("\n", m.end() - 1, False))
        if m is not None:
            at = m.end()
            continue
        out.append((ch, at, False))
        at += 1


def _ref_words(m: re.Match[str], label: Labeller | None) -> str | None:
    """What the page shows for a reference: its own text, its label, or ``None`` (left as written)."""
    if m["source"]:
        found = label(Ref("source", m["source"], None, 0)) if label else None
        return f"({found})" if found is not None else None
    text = (m["text"] or "").strip() or None
    if text is not None:
        return text
    return label(Ref("clause", m["target"].strip(), None, 0)) if label else None


def _strip_emphasis(chars: list[tuple[str, int, bool]]) -> list[tuple[str, int, bool]]:
    """Drop the characters that mark emphasis (``*``, ``_`` runs that pair up), keeping what they enclose."""
    masked = "".join(_PROTECTED if protected and c in "*_" else c for c, _, protected in chars)
    literal = {i for m in _NOT_EMPHASIS.finditer(masked) for i in range(*m.span())}
    masked = "".join(_PROTECTED if i in literal else c for i, c in enumerate(masked))
    keep = list(range(len(chars)))
    changed = True
    while changed:
        changed = False
        for pattern in _EMPHASIS:
            m = pattern.search(masked)
            if m is None:
                continue
            width = len(m[1])
            drop = set(range(m.start(), m.start() + width)) | set(range(m.end() - width, m.end()))
            keep = [k for i, k in enumerate(keep) if i not in drop]
            masked = "".join(c for i, c in enumerate(masked) if i not in drop)
            changed = True
            break
    return [chars[k] for k in keep]
