"""Issue 14 on fixture dossiers, without a build: quoted phrases marked (overlaps, nesting, several notes
on one phrase), the notes moved beside their clause, the filter form and the condensed sources line."""

from __future__ import annotations

import re
from html import unescape

from support import SOURCE, write
from test_markdown_ext import _dossier, _note, _page, convert
from treaty_dossier.site import clause_notes


def _marks(html: str) -> list[tuple[str, list[str], str]]:
    """Each highlighted piece: (its text, the notes it points to, its depth)."""
    found = re.findall(r'<mark class="note-phrase[^"]*" data-depth="(\d)" data-notes="([^"]*)">([^<]*)</mark>', html)
    return [(text, [n.removeprefix("fn:t-2024--") for n in notes.split()], depth) for depth, notes, text in found]


def _art1(tmp_path, notes: dict[str, str]) -> str:
    dossier = _dossier(tmp_path, {f"t-2024/{k}": v for k, v in notes.items()})
    html, _ = convert(dossier.treaties["t-2024"].body, dossier, _page(dossier))
    return html[html.index('<h2 id="art_1"') : html.index("</p>", html.index('<h2 id="art_1"'))]


def _words(html: str) -> str:
    """What a reader (or a screen reader) gets from the clause paragraph: text without the marks' numbers."""
    body = re.sub(r"<sup[^>]*>.*?</sup>|<span class=\"footnote-sep\">,</span>", "", html[html.index("<p>") :])
    return unescape(re.sub(r"<[^>]+>", "", body))


CLAUSE = 'If either Party is put in a state of war, the other Party shall without delay provide "military" assistance.'


def test_overlapping_phrases_are_cut_into_pieces_each_naming_its_notes(tmp_path):
    art1 = _art1(tmp_path, {"a": _note("state of war"), "b": _note("war, the other Party")})
    assert _marks(art1) == [("state of ", ["a"], "1"), ("war", ["a", "b"], "2"), (", the other Party", ["b"], "1")]
    assert _words(art1) == CLAUSE  # every word once, nothing duplicated or lost


def test_a_nested_phrase_is_deeper_and_the_outer_phrase_continues_around_it(tmp_path):
    art1 = _art1(tmp_path, {"outer": _note("Party shall without delay provide"), "inner": _note("without delay")})
    assert _marks(art1) == [
        ("Party shall ", ["outer"], "1"),
        ("without delay", ["inner", "outer"], "2"),  # in reading order: the inner mark comes first
        (" provide", ["outer"], "1"),
    ]
    assert re.search(r'without delay</mark><sup [^>]*id="fnref:t-2024--inner">', art1)  # the mark right after its phrase
    assert _words(art1) == CLAUSE


def test_several_notes_on_one_phrase_share_one_piece_in_reading_order(tmp_path):
    art1 = _art1(tmp_path, {"z-first": _note("state of war"), "a-second": _note("state of war"), "c": _note("state of")})
    assert _marks(art1) == [("state of", ["c", "a-second", "z-first"], "3"), (" war", ["a-second", "z-first"], "2")]
    assert _words(art1) == CLAUSE


def test_a_phrase_with_inline_quotes_and_a_note_without_a_quote(tmp_path):
    art1 = _art1(tmp_path, {"q": _note('provide "military" assistance'), "end": _note(None)})
    assert _marks(art1) == [('provide "military" assistance', ["q"], "1")]  # a note on the whole clause marks nothing
    assert _words(art1) == CLAUSE


def test_correction_marks_and_notes_stand_out(tmp_path):
    note = _note("state of war").replace("kind: commentary", "kind: correction")
    dossier = _dossier(tmp_path, {"t-2024/fix": note, "t-2024/other": _note("without delay")})
    html, _ = convert(dossier.treaties["t-2024"].body, dossier, _page(dossier))
    assert re.search(
        r'<mark class="note-phrase note-phrase--correction"[^>]*>state of war</mark><sup class="note-mark note-mark--correction"',
        html,
    )
    assert '<span class="clause-notes__corrections">1 correction</span>' in html
    assert 'class="clause-note clause-note--correction" data-kind="correction"' in html
    assert '<label class="note-filters__kind note-filters__kind--correction">' in html


def test_many_notes_fold_few_stay_open_and_notes_go_to_their_top_level_clause(tmp_path):
    many = {f"n{i:02d}": _note("state of war") for i in range(clause_notes.OPEN_UP_TO + 1)}
    dossier = _dossier(tmp_path, {**{f"t-2024/{k}": v for k, v in many.items()}, "t-2024/p": _note(None, "t-2024/art_2__para_1")})
    html, _ = convert(dossier.treaties["t-2024"].body, dossier, _page(dossier))
    art1 = re.search(r'<details class="clause-notes"[^>]*id="notes-art_1"[^>]*>', html)
    art2 = re.search(r'<details class="clause-notes"[^>]*id="notes-art_2"[^>]*>', html)
    assert art1 and " open" not in art1[0]  # folded: more than OPEN_UP_TO notes
    assert art2 and art2[0].endswith(" open>")
    values = re.findall(r'<li class="clause-note[^>]*value="(\d+)"', html)
    assert values == [str(n) for n in range(1, len(many) + 2)]  # numbered in reading order across the page
    assert html.count('id="fn:t-2024--') == len(many) + 1  # each note once on the page


def test_the_filter_form_lists_outlets_cited_with_counts(tmp_path):
    dossier = _dossier(tmp_path, {"t-2024/a": _note("state of war"), "t-2024/b": _note("without delay")})
    page = _page(dossier)
    page.outlets = lambda ann: ["EW", "Other <Wire>"] if ann.id.endswith("/a") else ["EW"]
    html, _ = convert(dossier.treaties["t-2024"].body, dossier, page)
    assert '<option value="EW">EW (2)</option><option value="Other &lt;Wire&gt;">Other &lt;Wire&gt; (1)</option>' in html
    assert (
        'data-outlets="[&quot;EW&quot;, &quot;Other &lt;Wire&gt;&quot;]"' in html
    )  # a JSON list, escaped as data, read back by the script


def test_sources_under_a_clause_are_condensed_by_kind_and_list_dates(tmp_path):
    from support import tiny_project
    from treaty_dossier.content.dossier import load_dossier
    from treaty_dossier.site import note_html

    project = tiny_project(
        tmp_path, annotations={"t-2024/a": _note("state of war").replace("[ew-2024-06-20]", "[ew-2024-06-20, gov-2024-06-19]")}
    )
    write(
        project,
        "annotations/sources/gov-2024-06-19.yml",
        SOURCE.replace("kind: news", "kind: official")
        .replace("Example Wire", "Ministry")
        .replace("EW", "MFA")
        .replace("2024-06-20", "2024-06-19"),
    )
    dossier, problems = load_dossier(project)
    assert not [p for p in problems if p.severity == "error"], problems
    html = note_html.clause_line_html(dossier, dossier.treaties["t-2024"], "art_1", lambda uri, a: uri)
    summary = html[html.index("<summary>") : html.index("</summary>")]
    assert "2 sources</span> from 2 outlets — News: EW; Official: MFA" in summary
    assert '<li><a href="sources/ew-2024-06-20.md">EW</a>, 20 June 2024: “A report”</li>' in html
    assert "<h4>Official (1)</h4>" in html
