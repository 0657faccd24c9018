"""The generated dossier pages: comparison, renderings table, timeline, home-page figures."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from support import ANNOTATION, ROOT, SOURCE, TREATY, build, tiny_project, write
from treaty_dossier.content.dossier import load_dossier
from treaty_dossier.site.comparison import marked_pair

OLD_TREATY = """\
---
treaty:
  id: t-1961
  title: Old Treaty of 1961
  short_title: Old Treaty
  parties: [Alpha, Gamma]
  signed: {date: 1961-07-06, place: Moscow}
  status: expired
  authentic_languages: [Korean, Russian]
  text_basis: Working translation for tests.
---

# Old Treaty of 1961

## Article 1 {#art_1}

Should either Party find itself in a state of war, the other Party shall immediately extend military assistance.
"""

RELATED = ANNOTATION.replace("kind: commentary", "related: [t-1961/art_1]\nkind: commentary")


def rendering(source: str, wording: str, quote: str = "state of war") -> str:
    return (
        f"---\nclause: t-2024/art_1\nquote: {quote}\nsources: [{source}]\nkind: rendering\n"
        f'wording: "{wording}"\nauthor: someone\n---\nHow [@{source}] worded it.\n'
    )


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.find("<h2", start + 1)]


def test_marked_pair_marks_only_the_words_that_differ():
    left, right, ratio = marked_pair(
        "the other Party shall without delay provide assistance.",
        "the other Party shall immediately provide assistance",
    )
    assert left == 'the other Party shall <mark class="diff">without delay</mark> provide assistance.'
    assert right == 'the other Party shall <mark class="diff">immediately</mark> provide assistance'
    assert 0.7 < ratio < 0.9


@pytest.mark.build
def test_comparison_follows_the_clause_texts_and_related_links(tmp_path: Path):
    project = tiny_project(tmp_path, annotations={"t-2024/note": RELATED})
    write(project, "docs/treaties/t-1961.md", OLD_TREATY)
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/comparison/index.html").read_text(encoding="utf-8")
    pair = section(page, "t-2024--art_1--t-1961--art_1")
    assert 'href="../treaties/t-2024/#art_1"' in pair and 'href="../treaties/t-1961/#art_1"' in pair
    marked = [text_of(m) for m in re.findall(r'<mark class="diff">(.*?)</mark>', pair)]
    assert "without delay provide" in marked and "immediately extend" in marked
    assert 'href="../treaties/t-2024/#fn:t-2024--note"' in pair  # the note that links them

    # Revise the old text: the page follows it, with nothing edited by hand.
    write(project, "docs/treaties/t-1961.md", OLD_TREATY.replace("immediately extend", "without delay provide"))
    assert build(project).returncode == 0
    pair = section((project / "site/comparison/index.html").read_text(encoding="utf-8"), "t-2024--art_1--t-1961--art_1")
    assert "immediately" not in pair and "without delay provide" not in " ".join(
        re.findall(r'<mark class="diff">(.*?)</mark>', pair)
    )


@pytest.mark.build
def test_rendering_table_lists_outlet_date_wording_and_link_under_the_clause(tmp_path: Path):
    later = (
        SOURCE.replace("Example Wire", "Later Agency")
        .replace("EW", "LA")
        .replace("2024-06-20", "2024-06-21")
        .replace("report", "later")
    )
    project = tiny_project(
        tmp_path,
        sources={"ew-2024-06-20": SOURCE, "la-2024-06-21": later},
        annotations={
            "t-2024/later": rendering("la-2024-06-21", "<script>alert(1)</script> immediately"),
            "t-2024/first": rendering("ew-2024-06-20", "without delay"),
        },
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/treaties/t-2024/index.html").read_text(encoding="utf-8")
    table = page[page.index('<figure class="renderings"') : page.index("</figure>")]
    assert page.index('<figure class="renderings"') < page.index('id="art_2"')  # under Article 1
    rows = [text_of(r) for r in re.findall(r"<tr>(.*?)</tr>", table)][1:]
    assert rows == [
        "Example Wire 20 Jun 2024 without delay original · note",
        "Later Agency 21 Jun 2024 <script>alert(1)</script> immediately original · note",
    ]
    assert "<script>" not in table and 'href="https://news.test/report"' in table
    assert 'href="#fn:t-2024--first"' in table


@pytest.mark.build
def test_rendering_needs_its_wording(tmp_path: Path):
    bad = rendering("ew-2024-06-20", "x").replace('wording: "x"\n', "")
    project = tiny_project(tmp_path, annotations={"t-2024/bad": bad})
    result = build(project)
    assert result.returncode == 1
    assert "annotations/t-2024/bad.md:5: a note of kind 'rendering' needs 'wording'" in result.stderr


@pytest.mark.build
def test_timeline_is_generated_from_event_files_in_date_order(tmp_path: Path):
    project = tiny_project(tmp_path)
    write(
        project,
        "annotations/events/2024-12-04-in-force.yml",
        "date: 2024-12-04\nevent: The treaty enters into force under [[t-2024/art_2]].\nsources: [ew-2024-06-20]\nclauses: [t-2024/art_2]\n",
    )
    write(
        project,
        "annotations/events/2024-06-19-signing.yml",
        "date: 2024-06-19\nevent: Signed <b>in</b> Pyongyang.\nsources: [ew-2024-06-20]\n",
    )
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/timeline/index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div class="timeline-entry" id="([^"]+)"', page)
    assert entries == ["2024-06-19-signing", "2024-12-04-in-force"]
    in_force = page[page.index('id="2024-12-04-in-force">') + 25 : page.index("</div>", page.index('id="2024-12-04-in-force"'))]
    assert (
        text_of(in_force)
        == "4 December — The treaty enters into force under Art. 2, Test Treaty . Sources: EW, 20 Jun 2024 — Clauses: Art. 2, Test Treaty"
    )
    assert 'href="../treaties/t-2024/#art_2"' in in_force and 'href="../sources/ew-2024-06-20/"' in in_force
    assert "&lt;b&gt;in&lt;/b&gt;" in page  # contributor text is literal

    write(project, "annotations/events/2024-06-19-signing.yml", "date: 2024-06-19\nevent: Signed.\nsources: [ew-2024-06-02]\n")
    result = build(project)
    assert result.returncode == 1
    assert (
        "annotations/events/2024-06-19-signing.yml:3: unknown source 'ew-2024-06-02' (did you mean: ew-2024-06-20?); add annotations/sources/ew-2024-06-02.yml or fix the id"
        in result.stderr
    )


@pytest.mark.build
def test_home_page_figures_count_the_built_dossier(tmp_path: Path):
    project = tiny_project(tmp_path, annotations={"t-2024/note": RELATED})
    write(project, "docs/treaties/t-1961.md", OLD_TREATY)
    write(project, "docs/index.md", "# Home\n\n<!-- dossier-figures -->\n")
    assert build(project).returncode == 0
    html = (project / "site/index.html").read_text(encoding="utf-8")
    home = text_of(html)
    assert "2 treaties, 4 clauses" in home
    assert "1 annotation: 1 commentary" in home and "1 source in 1 language: English 1" in home
    assert '<li><a href="treaties/t-2024/#art_1">Art. 1, Test Treaty</a>: 1 note</li>' in html


def _href_targets(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def _clause_area(page: str, clause_id: str) -> str:
    """A top-level clause on its treaty page: from its heading to the next clause heading."""
    start = page.index(f'<h2 id="{clause_id}"')
    end = page.find("<h2 id=", start + 1)
    return page[start : end if end != -1 else len(page)]


def test_a_reader_can_follow_a_report_to_the_clause_to_the_related_clause_and_back(real_site: Path):
    """For every note that relates its clause to another: report → clause → related clause → back to the note."""
    from treaty_dossier.site import comparison

    dossier, _ = load_dossier(ROOT)
    pages: dict[str, str] = {}

    def page_of(treaty_id: str) -> str:
        if treaty_id not in pages:
            pages[treaty_id] = (real_site / "treaties" / treaty_id / "index.html").read_text(encoding="utf-8")
        return pages[treaty_id]

    def top(name: str) -> str:
        clause = dossier.clause(name)
        assert clause is not None
        return clause.parent or clause.id

    linked = [a for a in dossier.annotations if a.related]
    for note in linked:
        here = f"../../treaties/{note.treaty_id}/#{note.clause_id}"
        for source in dossier.sources_of(note):  # each report's page lists the clause that cites it ...
            report = (real_site / "sources" / source.id / "index.html").read_text(encoding="utf-8")
            assert here in _href_targets(report), (source.id, note.id)
        under = _clause_area(page_of(note.treaty_id), top(note.clause))
        for name in note.related:  # ... the clause links to each related clause ...
            treaty_id, _, clause_id = name.partition("/")
            targets = {f"#{clause_id}", f"./#{clause_id}"} if treaty_id == note.treaty_id else {f"../{treaty_id}/#{clause_id}"}
            assert targets & set(_href_targets(under)), (note.id, name)
            if name.split("/")[0] != note.treaty_id:  # ... and the related clause links back to the note
                back = _clause_area(page_of(treaty_id), top(name))
                assert f"../{note.treaty_id}/#fn:{note.label}" in _href_targets(back), (note.id, name)
    compared = (real_site / "comparison/index.html").read_text(encoding="utf-8")
    for pair in comparison.pairs(dossier):  # every cross-treaty link is on the comparison page, and linked from the clause
        assert f'id="{comparison.anchor_of(pair)}"' in compared
        under = _clause_area(page_of(pair.clause.treaty_id), pair.clause.parent or pair.clause.id)
        assert f"../../comparison/#{comparison.anchor_of(pair)}" in _href_targets(under), comparison.anchor_of(pair)


def test_the_first_dossier_meets_its_content_targets():
    """Issue 3's floor: 40+ notes on 12+ articles, 20+ sources in 3+ languages, every kind, 5+ renderings of Art. 4."""
    dossier, problems = load_dossier(ROOT)
    assert not problems
    notes = dossier.notes_on("dprk-russia-2024")
    assert len(notes) >= 40
    assert len({a.clause.split("__")[0] for a in notes if "/art_" in a.clause}) >= 12
    cited = {s for a in notes for s in dossier.sources_of(a)}
    assert len(cited) >= 20 and len({s.language for s in cited}) >= 3
    assert {a.kind for a in notes} == {"context", "commentary", "rendering", "correction"}
    outlets = {
        dossier.sources[a.sources[0]].outlet for a in notes if a.kind == "rendering" and a.clause == "dprk-russia-2024/art_4"
    }
    assert len(outlets) >= 5
    assert all(a.sources for a in dossier.annotations)


@pytest.mark.build
def test_citations_in_the_text_basis_become_links(tmp_path: Path):
    project = tiny_project(
        tmp_path,
        treaty=TREATY.replace(
            "text_basis: Working translation for tests.", "text_basis: Made from the text quoted by [@ew-2024-06-20]."
        ),
    )
    assert build(project).returncode == 0
    page = (project / "site/treaties/t-2024/index.html").read_text(encoding="utf-8")
    box = page[page.index('class="treaty-meta__basis"') :]
    assert '(<a href="../../sources/ew-2024-06-20/">EW, 20 Jun 2024</a>)' in box[: box.index("</div>")]
