"""Pure functions: quote anchoring, reference scanning, relative URLs, sanitising."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from test_hostile import XSS
from treaty_dossier.content.annotations import Quote
from treaty_dossier.content.plain_text import Plain, plain
from treaty_dossier.content.quote_match import anchor, normalise
from treaty_dossier.content.references import find_refs, md_escape, replace_refs
from treaty_dossier.site.note_html import relative_url
from treaty_dossier.site.sanitize import clean

BODY = "If either Party is put in a “state of war”,\nthe other\u00a0Party shall act."


def _read(body: str, spans: list[tuple[int, int]]) -> tuple[list[Plain], int]:
    """A clause of ``body`` as the content layer reads it: its paragraphs' reader text, and its end."""
    return [plain(body[a:b], None, a) for a, b in spans], spans[-1][1]


@pytest.mark.parametrize(
    "quote, found_after",
    [
        ('"state of war"', "”"),  # straight quotes in the annotation match curly ones in the text
        ("other Party shall", "shall"),  # a non-breaking space matches a space
        ("war”, the other", "other"),  # a line break matches a space
    ],
)
def test_quote_matching_tolerates_typography(quote, found_after):
    where = anchor(*_read(BODY, [(0, len(BODY))]), Quote(quote))
    assert not where.detached
    assert BODY[: where.offset].endswith(found_after)


@pytest.mark.parametrize("quote", ["State of war", "state  of  wars", "Party  shall act!"])
def test_quote_matching_forgives_nothing_else(quote):
    assert anchor(*_read(BODY, [(0, len(BODY))]), Quote(quote)).detached


def test_no_quote_means_end_of_clause_and_prefix_suffix_disambiguate():
    text = "shall consult. shall consult again."
    spans = [(0, len(text))]
    assert anchor(*_read(text, spans), None).offset == len(text)
    assert anchor(*_read(text, spans), Quote("shall consult")).matches == 2
    second = anchor(*_read(text, spans), Quote("shall consult", suffix="again"))
    assert (second.matches, second.offset) == (1, text.index(" again"))
    assert anchor(*_read(text, spans), Quote("shall consult", prefix="consult.")).offset == text.index(" again")


def test_normalise_keeps_an_index_into_the_original():
    text, index = normalise("a\u00a0\n b")
    assert text == "a b" and [index[0], index[2]] == [0, 4]


def test_references_are_found_outside_code_only():
    text = "See [[t/art_1]] and [[t/art_2|this]].\n\n```\n[[t/art_3]]\n```\n`[@x]` and [@src-1]."
    found = [(r.kind, r.target, r.text, r.line) for r, _ in find_refs(text)]
    assert found == [("clause", "t/art_1", None, 1), ("clause", "t/art_2", "this", 1), ("source", "src-1", None, 6)]


def test_the_check_skips_the_code_that_markdown_skips():
    """The content check agrees with the site's inline patterns: no reference in any kind of code block."""
    text = (
        "Para [[t/art_1]].\n\n    [[t/indented]]\n\n````markdown\n```\n[[t/nested]]\n```\n[@still-code]\n````\n\n"
        "~~~~\n[[t/tilde]]\n~~~~\n\nAfter [@src-1]."
    )
    assert [r.target for r, _ in find_refs(text)] == ["t/art_1", "src-1"]


def test_replace_refs_keeps_misses_as_written():
    out, misses = replace_refs("[[a/b]] and [[c/d]]", lambda r: "LINK" if r.target == "a/b" else None)
    assert out == "LINK and [[c/d]]"
    assert [m.target for m in misses] == ["c/d"]


def test_md_escape_neutralises_markup():
    assert md_escape("[x](javascript:y) <b> *z*") == r"\[x\]\(javascript:y\) &lt;b\> \*z\*"


@pytest.mark.parametrize(
    "page, target, expected",
    [
        ("treaties/x/", "sources/ap/", "../../sources/ap/"),
        ("", "sources/ap/", "sources/ap/"),
        ("treaties/x/", "treaties/x/", "./"),
        ("treaties/x.html", "sources/ap.html", "../sources/ap.html"),
    ],
)
def test_relative_url(page, target, expected):
    assert relative_url(page, target) == expected


def test_sanitiser_removes_script_and_marks_outside_links():
    html = clean(
        '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">j</a>'
        '<a href="https://out.test/">o</a><a href="../in/">i</a><iframe src="https://x"></iframe></p>'
    )
    assert html == '<p>a<a>j</a><a rel="nofollow noopener" href="https://out.test/">o</a><a href="../in/">i</a></p>'
    titled = clean('<a title="t" href="https://out.test/" rel="opener">o</a>')
    assert titled == '<a rel="nofollow noopener" title="t" href="https://out.test/">o</a>'


class _Markup(HTMLParser):
    """The tags and attributes of an HTML fragment, as (tag, attribute or "") pairs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found += [(tag, "")] + [(tag, f"{name}={value}") for name, value in attrs]


def _markup(fragment: str) -> list[tuple[str, str]]:
    parser = _Markup()
    parser.feed(fragment)
    return parser.found


@pytest.mark.parametrize(
    "body",
    [
        *XSS,
        "Plain *emphasis*, a [link](https://example.org) and `<code>` only.",
        "<b>bold</b> <abbr title='x'>abbr</abbr> <span>span</span>",
        '<a href="https://example.org" style="color:red">styled link</a>',
    ],
)
def test_the_check_names_exactly_the_notes_the_sanitiser_changes(body):
    """``content/raw_html`` (the check) and nh3 (the build) share one allow-list: a warning iff markup is removed."""
    from treaty_dossier.content.raw_html import removed_html
    from treaty_dossier.site.note_html import _NOTE_MARKDOWN

    rendered = _NOTE_MARKDOWN.reset().convert(body)
    removed = [m for m in _markup(rendered) if m not in _markup(clean(rendered))]
    assert bool(removed) == bool(removed_html(body)), (removed, removed_html(body))
