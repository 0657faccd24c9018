"""The content layer's reader text (``content/plain_text``) is the text the site's Markdown renders.

The check matches quotes on it without running Markdown; the page places marks on Python-Markdown's
tree. Both must read the same words, so they are compared here: on a table of inline markup, and on
every paragraph of every clause of the real dossier (which holds for any valid treaty text).
"""

from __future__ import annotations

import html
import re

import markdown
import pytest
from support import ROOT
from treaty_dossier.content.dossier import load_dossier
from treaty_dossier.content.plain_text import plain
from treaty_dossier.site import note_html
from treaty_dossier.site.markdown_ext import PageRefs, TreatyExtension


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def rendered_text(source: str, ext: TreatyExtension | None = None) -> str:
    """What a reader sees of ``source`` rendered by Python-Markdown (with the site's reference patterns)."""
    md = markdown.Markdown(extensions=[ext] if ext is not None else [])
    blocks_apart = re.sub(r"</?(?:p|li|ul|ol|blockquote|br)\b[^>]*>", " ", md.convert(source))
    return _squeeze(html.unescape(re.sub(r"<[^>]+>", "", blocks_apart)))


CASES = [
    ("provide *military* and other assistance", "provide military and other assistance"),
    ("provide **military and other** assistance", "provide military and other assistance"),
    ("a ***strong em*** b", "a strong em b"),
    ("snake_case_word and _em_ here", "snake_case_word and em here"),
    ("__strong__ x", "strong x"),
    ("a * b * c", "a * b * c"),
    ("2 * 3 * 4", "2 * 3 * 4"),
    ("a*b*c", "abc"),
    ("x_y_z", "x_y_z"),
    ("*a **b** c*", "a b c"),
    ("escaped \\*star\\* and 1\\. item", "escaped *star* and 1. item"),
    ("code `a *b* c` end", "code a *b* c end"),
    ("`` a ` b ``", "a ` b"),
    ("[link *text*](https://x.org) after", "link text after"),
    ("![img](a.png) after", "after"),
    ("<https://ex.org/a> auto", "https://ex.org/a auto"),
    ("a <b>bold</b> tag", "a bold tag"),
    ("AT&amp;T &copy; x", "AT&T © x"),
    ("line  \nbreak", "line break"),
    ("it's \u201cquoted\u201d", "it's \u201cquoted\u201d"),
    ("- one *a*\n- two", "one a two"),
    ("1. first\n2. second", "first second"),
    ("> quoted *x*\n> more", "quoted x more"),
]


@pytest.mark.parametrize("source, expected", CASES)
def test_the_reader_text_is_what_markdown_renders(source, expected):
    got = plain(source)
    assert _squeeze(got.text) == expected == rendered_text(source)
    assert len(got.index) == len(got.text)
    for char, at in zip(got.text, got.index, strict=True):  # each character comes from its place in the file
        if char.isalpha() and source[at] in "&":
            continue  # a decoded entity points at its "&"
        assert source[at] == char or not char.isalnum(), (source, char, at)


def test_every_clause_of_the_real_dossier_reads_as_the_page_renders_it():
    dossier, _ = load_dossier(ROOT)
    assert dossier.treaties
    for treaty in dossier.treaties.values():
        ext = TreatyExtension()
        ext.refs = PageRefs(note_html.ref_resolver(dossier, lambda src, anchor: "#", treaty.id))
        for clause in treaty.clauses.values():
            for (start, stop), paragraph in zip(clause.spans, clause.paragraphs, strict=True):
                source = treaty.body[start:stop]
                assert _squeeze(paragraph.text) == rendered_text(source, ext), (treaty.id, clause.id)
