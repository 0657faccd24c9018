"""The site's Markdown extension on fixture dossiers: references, marks, boxes, clause lines and the notes list.

Python-Markdown runs here without MkDocs (the extension is plain Python-Markdown),
so these are fast; tests/test_build.py builds the same features with MkDocs.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from support import ANNOTATION, TREATY, tiny_project
from treaty_dossier.content.dossier import Dossier, load_dossier
from treaty_dossier.content.references import Ref
from treaty_dossier.site.markdown_ext import PageRefs, TreatyExtension
from treaty_dossier.site.note_tree import TreatyPage

EXTENSIONS = ["attr_list", "md_in_html", "tables", "pymdownx.superfences", {"toc": {"permalink": True}}]


def convert(text: str, dossier: Dossier | None = None, page: TreatyPage | None = None) -> tuple[str, list[tuple[Ref, str]]]:
    """HTML of ``text`` with references resolved against ``dossier`` (or a stand-in), and what did not resolve."""
    ext = TreatyExtension()

    def resolve(ref: Ref) -> tuple[str, str] | None:
        if dossier is None:
            return (f"#{ref.target}", ref.text or ref.target) if ref.target != "x/unknown" else None
        target = dossier.target(ref, "t-2024")
        return None if target is None else (f"{target.src_uri}#{target.anchor or ''}", ref.text or target.label)

    ext.refs = PageRefs(resolve)
    ext.page = page
    names = [e if isinstance(e, str) else next(iter(e)) for e in EXTENSIONS]
    configs = {next(iter(e)): next(iter(e.values())) for e in EXTENSIONS if isinstance(e, dict)}
    html = markdown.Markdown(extensions=[*names, ext], extension_configs=configs).convert(text)
    return html, list(ext.refs.misses)


@pytest.mark.parametrize(
    "text",
    [
        "Inline code: `[[t-2024/art_1]]` and `[@ew-2024-06-20]`.",
        "Indented block:\n\n    [[t-2024/art_1]] and [@ew-2024-06-20]\n",
        "A four-backtick fence around a three-backtick one:\n\n````markdown\n```\n[[t-2024/art_1]] [@ew-2024-06-20]\n```\n````\n",
        "A tilde fence:\n\n~~~\n[[t-2024/art_1|text]]\n~~~\n",
    ],
    ids=["code span", "indented block", "nested fence", "tilde fence"],
)
def test_a_reference_inside_code_renders_literally(text):
    html, misses = convert(text)
    assert "<a " not in html
    assert "[[t-2024/art_1" in html
    assert misses == []


def test_references_outside_code_become_links_and_misses_are_reported():
    html, misses = convert("See [[t-2024/art_1]], [[t-2024/art_2|the second]] and [@ew-2024-06-20]; not [[x/unknown]].")
    assert '<a href="#t-2024/art_1">t-2024/art_1</a>' in html
    assert '<a href="#t-2024/art_2">the second</a>' in html
    assert '(<a href="#ew-2024-06-20">ew-2024-06-20</a>)' in html  # a source reference in parentheses
    assert "[[x/unknown]]" in html  # left as written ...
    assert [(r.target, written) for r, written in misses] == [("x/unknown", "[[x/unknown]]")]  # ... and reported


def test_a_label_is_text_not_markdown():
    html, _ = convert("[[t-2024/art_1|*not emphasis* <b>]]")
    assert "<em>" not in html and "<b>" not in html and "*not emphasis* &lt;b&gt;" in html


def _dossier(tmp_path: Path, notes: dict[str, str], treaty: str = TREATY) -> Dossier:
    project = tiny_project(tmp_path, annotations=notes, treaty=treaty)
    dossier, problems = load_dossier(project)
    assert not [p for p in problems if p.severity == "error"], problems
    return dossier


def _page(dossier: Dossier) -> TreatyPage:
    treaty = dossier.treaties["t-2024"]
    return TreatyPage(
        treaty=treaty,
        notes=dossier.notes_on("t-2024"),
        detached={a.id for a in dossier.notes_on("t-2024") if dossier.anchors[a.id].detached},
        numbers=dossier.numbers,
        note_html=lambda ann, number, backref: f'<div class="note">{ann.id} {backref}</div>',
        header_html='<div class="box">About</div>',
        clause_boxes={"art_2": '<div class="unverified">Not verified</div>'},
        clause_line=lambda cid: f'<p class="clause-refs">line {cid}</p>',
    )


def _note(quote: str | None, clause: str = "t-2024/art_1") -> str:
    text = ANNOTATION.replace("clause: t-2024/art_1\n", f"clause: {clause}\n")
    return text.replace("quote: state of war\n", f"quote: {quote}\n" if quote else "")


def test_marks_follow_their_phrases_in_reading_order(tmp_path):
    # Names in the opposite order to the phrases: numbers follow the text, ties on one phrase go by name.
    dossier = _dossier(
        tmp_path,
        {
            "t-2024/a-end": _note(None),
            "t-2024/b-delay": _note("without delay"),
            "t-2024/c-war-2": _note("state of war"),
            "t-2024/d-war-1": _note("state of war"),
            "t-2024/e-para": _note(None, "t-2024/art_2__para_1"),
        },
    )
    page = _page(dossier)
    html, _ = convert(dossier.treaties["t-2024"].body, dossier, page)
    art1 = html[html.index('<h2 id="art_1"') : html.index('<h2 id="art_2"')]
    marks = re.findall(
        r'<sup class="note-mark note-mark--commentary" id="fnref:t-2024--([^"]+)"><a class="footnote-ref" href="#fn:t-2024--\1">(\d+)</a></sup>',
        art1,
    )
    assert marks == [("c-war-2", "1"), ("d-war-1", "2"), ("b-delay", "3"), ("a-end", "4")]
    assert re.search(r'state of war</mark><sup [^>]*id="fnref:t-2024--c-war-2">', art1)
    assert re.search(r'</sup><span class="footnote-sep">,</span><sup [^>]*id="fnref:t-2024--d-war-1">', art1)  # "1,2", not "12"
    assert re.search(r'without delay</mark><sup [^>]*id="fnref:t-2024--b-delay">', art1)
    assert re.search(r'assistance\.<sup [^>]*id="fnref:t-2024--a-end">.*</sup></p>', art1)  # end of the clause
    # A paragraph clause gets its id (the marker leaves the text) and its note at its end.
    assert re.search(r'<p id="art_2__para_1">1\. First numbered paragraph\.<sup [^>]*id="fnref:t-2024--e-para">', html)
    assert "{#art_2__para_1}" not in html
    assert [(a.id, n) for a, n in page.placed] == [
        ("t-2024/c-war-2", 1),
        ("t-2024/d-war-1", 2),
        ("t-2024/b-delay", 3),
        ("t-2024/a-end", 4),
        ("t-2024/e-para", 5),
    ]


def test_notes_list_boxes_and_clause_lines(tmp_path):
    dossier = _dossier(tmp_path, {"t-2024/note": ANNOTATION})
    html, _ = convert(dossier.treaties["t-2024"].body, dossier, _page(dossier))
    # Under the title: the box, then the (script-revealed) note filters.
    assert re.search(
        r'</h1>\s*<div class="box">About</div>\s*<form class="note-filters"[^>]* hidden[ >].*?</form>\s*<h2 id="preamble"', html
    )
    assert re.search(r'<h2 id="art_2">.*?</h2>\s*<div class="unverified">', html)  # under its clause heading
    # A clause's notes come right after its text, then its line, then the next clause; no notes list at the page end.
    assert re.search(
        r'assistance\.</p>\s*<aside class="clause-notes-box">\s*<details class="clause-notes" id="notes-art_1" open>.*?</details>\s*</aside>\s*'
        r'<p class="clause-refs">line art_1</p><h2 id="art_2"',
        html,
        re.S,
    )
    assert html.rstrip().endswith('<p class="clause-refs">line art_2</p>') and 'id="notes"' not in html
    # The note: a footnote list item (Material's tooltips find it by id), numbered, kind and outlets for the filters.
    notes = html[html.index('<details class="clause-notes"') :]
    assert re.search(
        r'<summary>Notes on Art\. 1 <span class="clause-notes__count">\(1 note\)</span></summary>\s*<div class="footnote">\s*<ol>\s*'
        r'<li class="clause-note clause-note--commentary" data-kind="commentary" data-outlets="\[\]" id="fn:t-2024--note" value="1">',
        notes,
    )
    assert 'href="#fnref:t-2024--note" title="Back to mark 1 in the text"' in notes


def test_a_treaty_without_notes_has_no_notes_heading(tmp_path):
    dossier = _dossier(tmp_path, {})
    html, _ = convert(dossier.treaties["t-2024"].body, dossier, _page(dossier))
    assert 'id="notes"' not in html and "fnref" not in html and "clause-notes" not in html and "note-filters" not in html
    assert html.rstrip().endswith('<p class="clause-refs">line art_2</p>')


def test_html_from_the_hook_is_not_parsed_again(tmp_path):
    """Boxes and notes enter as raw-HTML placeholders: Markdown syntax inside them stays as it is."""
    dossier = _dossier(tmp_path, {"t-2024/note": ANNOTATION})
    page = _page(dossier)
    page.header_html = "<div>*kept* [[t-2024/art_1]]</div>"
    html, _ = convert(dossier.treaties["t-2024"].body, dossier, page)
    assert "<div>*kept* [[t-2024/art_1]]</div>" in html
