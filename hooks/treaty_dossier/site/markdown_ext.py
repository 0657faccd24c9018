"""The site's Python-Markdown extension: references as inline processors, notes placed in the tree.

``[[treaty/clause]]``, ``[[treaty/clause|text]]`` and ``[@source]`` are inline
patterns, so Python-Markdown never hands them the inside of a code span or a
code block: written there, they stay literal. One that does not resolve becomes
the text it was written as, never Markdown or HTML (the hook reports it). A treaty page's notes, boxes and
clause lines are placed by :class:`~.note_tree.NoteTreeprocessor` on the
element tree (see that module).

Under MkDocs the plugin sets :attr:`TreatyExtension.page` before each page is
converted (as mkdocs-autorefs does with its current page), and reads what the
conversion found (``misses``, ``placed``) afterwards. Listed on its own under
``markdown_extensions`` with ``content_root`` set, the extension loads the dossier
itself and recognises a treaty page by its clause ids (:mod:`.standalone`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from ..content.references import CLAUSE_REF, SOURCE_REF, Ref
from .note_tree import GROUP, NoteTreeprocessor, TreatyPage

SOURCE_ATTR = "treaty-source"  # on the group of a source citation: the id cited (the group is never output)

# (ref) -> (href, label), or None when the reference does not resolve.
Resolver = Callable[[Ref], "tuple[str, str] | None"]

# Above the link pattern (160), which would otherwise read "[[" as a link; below backticks (190) and
# escapes (180), so code spans and "\[" are taken first.
REF_PRIORITY = 175
# After attr_list (8) has set the clause ids, before toc (5) collects headings and adds permalinks.
TREE_PRIORITY = 6
# Before every built-in preprocessor: the page's treaty is known before its blocks are parsed.
STANDALONE_PRIORITY = 40


@dataclass
class PageRefs:
    """What the references on one page resolve against, and what did not resolve."""

    resolve: Resolver
    misses: list[tuple[Ref, str]] = field(default_factory=list)  # (reference, as written)


class ClauseRefProcessor(InlineProcessor):
    """``[[treaty/clause]]`` or ``[[treaty/clause|text]]`` → a link to the clause."""

    PATTERN = CLAUSE_REF  # the check's own pattern (content/references.py), so both find the same references

    def __init__(self, ext: TreatyExtension):
        super().__init__(self.PATTERN)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:  # type: ignore[override]  # narrower than the base's signature
        ref = Ref("clause", m["target"].strip(), (m["text"] or "").strip() or None, 0)
        link = self.ext.link(ref, m[0])
        return link if link is not None else AtomicString(m[0]), m.start(0), m.end(0)


class SourceRefProcessor(InlineProcessor):
    """``[@source-id]`` → ``(<a>Outlet, date</a>)``."""

    PATTERN = SOURCE_REF

    def __init__(self, ext: TreatyExtension):
        super().__init__(self.PATTERN)
        self.ext = ext

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:  # type: ignore[override]  # as above
        link = self.ext.link(Ref("source", m["source"], None, 0), m[0])
        if link is None:
            return AtomicString(m[0]), m.start(0), m.end(0)  # type: ignore[return-value]  # text, as Python-Markdown allows
        # An inline processor returns one element: a group that the tree processor dissolves into "(<a>…</a>)".
        group = etree.Element(GROUP, {SOURCE_ATTR: m["source"]})
        group.text = "("
        group.append(link)
        link.tail = ")"
        return group, m.start(0), m.end(0)


class TreatyExtension(Extension):
    """Register the reference patterns and the note tree processor; state is per page."""

    def __init__(self, **kwargs):
        self.config = {
            "content_root": ["", "Folder holding annotations/ and the docs folder. Set, the extension loads the dossier "
                             "itself (stand-alone use); empty, the MkDocs plugin drives it page by page."],
            "docs_dir": ["docs", "The docs folder, relative to content_root (stand-alone use)."],
            "base_url": ["/", "The site's path on its host, for the links the extension writes (stand-alone use)."],
            "site_name": ["Treaty Annotations", "The site's name, as citations give it (stand-alone use)."],
        }  # fmt: skip
        super().__init__(**kwargs)
        self.refs: PageRefs | None = None  # set before each conversion; None: references stay as written
        self.page: TreatyPage | None = None  # set for treaty pages only

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        if self.getConfig("content_root"):
            from .standalone import register  # the dossier build imports this module

            register(md, self, STANDALONE_PRIORITY)
        md.inlinePatterns.register(ClauseRefProcessor(self), "treaty_clause_ref", REF_PRIORITY)
        md.inlinePatterns.register(SourceRefProcessor(self), "treaty_source_ref", REF_PRIORITY)
        md.treeprocessors.register(NoteTreeprocessor(md, self), "treaty_notes", TREE_PRIORITY)

    def reset(self) -> None:
        """Python-Markdown calls this between documents: forget the misses, keep the page's resolver."""
        if self.refs is not None:
            self.refs.misses.clear()

    def link(self, ref: Ref, written: str) -> etree.Element | None:
        """The ``<a>`` for a reference, or None (recorded as a miss) when it does not resolve."""
        if self.refs is None:
            return None
        found = self.refs.resolve(ref)
        if found is None:
            self.refs.misses.append((ref, written))
            return None
        a = etree.Element("a", {"href": found[0]})
        a.text = AtomicString(found[1])  # a label is text, never Markdown
        return a


def makeExtension(**kwargs) -> TreatyExtension:  # noqa: N802  # the name Python-Markdown looks for
    """``markdown_extensions: [treaty_dossier.site.markdown_ext]``, with ``content_root`` for stand-alone use."""
    return TreatyExtension(**kwargs)
