"""Real MkDocs builds: a tiny site for each kind of bad input, and the real site."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from support import ANNOTATION, ROOT, SOURCE, build, copy_repo, tiny_project, write

TREATY_PAGE = "treaties/dprk-russia-2024/index.html"


def clause_html(page: str, clause_id: str) -> str:
    """The HTML of a clause: from its heading to the next heading."""
    start = page.index(f'<h2 id="{clause_id}"')
    end = page.find("<h2", start + 1)
    return page[start:end]


def footnote(page: str, label: str) -> str:
    found = re.search(f'<li [^>]*id="fn:{re.escape(label)}"', page)  # attributes in name order: class comes first
    assert found, f"no note fn:{label} on the page"
    start = found.start()
    return page[start : page.index("</li>", start)]


# --- a tiny site ---------------------------------------------------------------------------


@pytest.mark.build
def test_tiny_site_builds_with_notes_links_and_search(tmp_path):
    project = tiny_project(tmp_path)
    result = build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    page = (site / "treaties/t-2024/index.html").read_text()
    art1 = clause_html(page, "art_1")
    assert re.search(
        r'state of war</mark><sup [^>]*id="fnref:t-2024--note"><a class="footnote-ref" href="#fn:t-2024--note">1</a></sup>', art1
    )
    assert '<a href="../../sources/ew-2024-06-20/">EW</a>, 20 June 2024' in art1  # the sources under the clause
    note = footnote(page, "t-2024--note")
    assert '(<a href="../../sources/ew-2024-06-20/">EW, 20 Jun 2024</a>)' in note
    assert '<a href="./#art_2">Art. 2</a>' in note
    assert 'href="https://github.com/someone"' in note
    home = (site / "index.html").read_text()
    assert '<a href="treaties/t-2024/#art_1">Art. 1, Test Treaty</a>' in home
    index = json.loads((site / "search/search_index.json").read_text())
    texts = {d["location"]: d["text"] for d in index["docs"]}
    assert "A note citing" in texts["treaties/t-2024/#art_1"]
    assert not any("A note citing" in t for loc, t in texts.items() if loc != "treaties/t-2024/#art_1")


@pytest.mark.build
def test_bad_annotation_fails_even_without_strict(tmp_path):
    project = tiny_project(
        tmp_path,
        annotations={
            "t-2024/a": ANNOTATION.replace("art_1", "art_7"),
            "t-2024/b": ANNOTATION.replace("sources: [ew-2024-06-20]", "sources: [nope]"),
        },
    )
    for strict in (True, False):
        result = build(project, strict=strict)
        assert result.returncode == 1
        assert (
            "ERROR   -  annotations/t-2024/a.md:2: unknown clause 't-2024/art_7' (did you mean: t-2024/art_2, t-2024/art_1?)"
            in result.stderr
        )
        assert "ERROR   -  annotations/t-2024/b.md:4: unknown source 'nope'" in result.stderr
        assert "2 content error(s)" in result.stderr


@pytest.mark.build
def test_malformed_yaml_and_non_https_source_stop_the_build(tmp_path):
    project = tiny_project(tmp_path, annotations={"t-2024/a": ANNOTATION.replace("kind: commentary", "kind: [commentary")})
    write(project, "annotations/sources/ew-2024-06-20.yml", SOURCE.replace("https://", "http://"))
    result = build(project)
    assert result.returncode == 1
    assert "annotations/sources/ew-2024-06-20.yml:6: field 'url': 'http://news.test/report' is not https" in result.stderr
    assert "annotations/t-2024/a.md:" in result.stderr and "malformed YAML" in result.stderr


@pytest.mark.build
def test_detached_quote_fails_strict_and_is_shown_otherwise(tmp_path):
    project = tiny_project(
        tmp_path, annotations={"t-2024/note": ANNOTATION.replace("quote: state of war", "quote: state of peace")}
    )
    strict = build(project)
    assert strict.returncode == 1
    assert "WARNING -  annotations/t-2024/note.md:3: quote 'state of peace' is not in the text of t-2024/art_1" in strict.stderr
    lenient = build(project, strict=False)
    assert lenient.returncode == 0, lenient.stderr
    page = (project / "site/treaties/t-2024/index.html").read_text()
    art1 = clause_html(page, "art_1")
    assert art1.index('href="#fn:t-2024--note"') > art1.index('provide "military" assistance.')  # at the end of the clause
    assert "Detached note." in footnote(page, "t-2024--note")


@pytest.mark.build
def test_broken_reference_in_a_page_names_the_page_line(tmp_path):
    project = tiny_project(tmp_path)
    write(project, "docs/index.md", "---\ntitle: Home\n---\n# Home\n\nSee [[t-2024/art_9]] and [@nobody].\n")
    result = build(project)
    assert result.returncode == 1
    assert "WARNING -  docs/index.md:6: unknown clause 't-2024/art_9' in [[t-2024/art_9]]" in result.stderr
    assert "WARNING -  docs/index.md:6: unknown source 'nobody' in [@nobody]" in result.stderr


@pytest.mark.build
def test_contributor_html_is_sanitised(tmp_path):
    body = ANNOTATION.replace(
        "A note citing", '<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3)) A note citing'
    )
    project = tiny_project(tmp_path, annotations={"t-2024/note": body})
    result = build(project, strict=False)  # the note still builds, without what was removed...
    assert result.returncode == 0, result.stderr
    note = footnote((project / "site/treaties/t-2024/index.html").read_text(), "t-2024--note")
    assert "<script" not in note and "onerror" not in note and "javascript:" not in note
    assert "A note citing" in note
    # ...and each removal is named at the note's line, so the strict build fails until the note is cleaned up.
    removed = "is removed when the site is built: a note keeps text, links, lists, tables and quotations only"
    for what in ("<script>", "<img>", "link 'javascript:alert(3'"):  # (a tag goes whole: its attributes are not named)
        assert f"WARNING -  annotations/t-2024/note.md:8: {what} {removed}" in result.stderr, what
    assert build(project).returncode == 1


# --- the real site ---------------------------------------------------------------------------


# Each annotation once, each mark after its phrase, numbering, references: tests/test_invariants.py.


def test_treaty_page_summary_box_and_checked_lines(real_site):
    page = (real_site / TREATY_PAGE).read_text()
    box = page[page.index('class="admonition abstract treaty-meta"') :][:5000]
    for fact in ("Pyongyang, 19 June 2024", "4 December 2024", "Korean, Russian", "Russian Federation; Democratic People"):
        assert fact in box
    assert 'href="https://kcnawatch.org/' in box
    meta = yaml.safe_load((ROOT / "docs/treaties/dprk-russia-2024.md").read_text().split("---")[1])["treaty"]
    articles = [cid for cid in meta["checked"] if cid.startswith("art_")]
    assert re.search(rf"<strong>Checked:</strong> \d+ of {len(articles)} articles verified against two independent texts", box)
    for clause_id in meta["checked"]:  # whatever the record says, each clause shows it, and the warning goes with its status
        html = clause_html(page, clause_id)
        status = re.search(r'class="clause-refs checked-against[^"]*" data-status="([a-z-]+)"', html)
        assert status and "Checked against:" in html, clause_id
        assert ("Wording not verified" in html) == (status[1] == "unverified"), clause_id


def test_sources_page_and_source_pages_link_both_ways(real_site):
    index = (real_site / "sources/index.html").read_text()
    source_files = sorted((ROOT / "annotations/sources").glob("*.yml"))
    assert index.count("<tr>") - 1 == len(source_files)
    assert '<a href="ap-2024-06-20/">South Korea will consider supplying arms to Ukraine' in index
    ap = (real_site / "sources/ap-2024-06-20/index.html").read_text()
    assert 'href="../../treaties/dprk-russia-2024/#art_4">Art. 4, 2024 Treaty</a>' in ap
    assert 'href="../../treaties/dprk-russia-2024/#fn:dprk-russia-2024--art4-rendering-ap">rendering note</a>' in ap
    copy = (real_site / "sources/ap-rewritten-copy-2024-06-20/index.html").read_text()
    assert '<a href="../ap-2024-06-20/">AP, 20 Jun 2024</a>' in copy  # derived_from
    page = (real_site / TREATY_PAGE).read_text()
    sources = re.search(r'<details class="clause-sources"[^>]*>(.*?)</details>', clause_html(page, "art_4")).group(1)
    assert '<a href="../../sources/meduza-2024-06-20/">Meduza</a>, 20 June 2024' in sources
    assert "Referred to by:" in clause_html(page, "art_3") and re.search(r"notes? on Art\. 4", clause_html(page, "art_3"))


def test_search_finds_annotation_words_under_the_clause(real_site):
    index = json.loads((real_site / "search/search_index.json").read_text())
    note = (ROOT / "annotations/dprk-russia-2024/art4-echoes-1961-article-1.md").read_text(encoding="utf-8").split("---", 2)[2]
    others = [*ROOT.glob("docs/**/*.md"), *ROOT.glob("annotations/**/*.*"), ROOT / "CONTRIBUTING.md"]
    elsewhere = " ".join(p.read_text(encoding="utf-8") for p in others if p.stem != "art4-echoes-1961-article-1").lower()
    word = next(w for w in re.findall(r"[A-Za-z]{7,}", note) if w.lower() not in elsewhere)  # a word only this note has
    holding = [d["location"] for d in index["docs"] if word.lower() in d["text"].lower()]
    assert holding == ["treaties/dprk-russia-2024/#art_4"], word
    holding = [d["location"] for d in index["docs"] if "not defined in the treaty" in d["text"]]
    assert holding == ["treaties/dprk-russia-2024/#art_5"]
    notes_text = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("treaties/"))
    assert "<a " not in notes_text  # note links are relative to the treaty page: wrong in results shown elsewhere


@pytest.mark.build
def test_edited_clause_text_detaches_note_in_a_copy(tmp_path):
    project = copy_repo(tmp_path)
    treaty = project / "docs/treaties/dprk-russia-2024.md"
    treaty.write_text(
        treaty.read_text().replace("joint measures to strengthen their defence capabilities", "joint steps to strengthen defence")
    )
    result = build(project)
    assert result.returncode == 1
    assert (
        "annotations/dprk-russia-2024/art8-defence-mechanisms.md:3: quote 'joint measures to strengthen their defence capabilities' is not in the text of dprk-russia-2024/art_8"
        in result.stderr
    )


@pytest.mark.build
def test_paragraph_clauses_get_their_id_and_their_notes(tmp_path):
    note = ANNOTATION.replace("clause: t-2024/art_1\nquote: state of war\n", "clause: t-2024/art_2__para_1\n")
    project = tiny_project(tmp_path, annotations={"t-2024/para": note})
    write(project, "docs/index.md", "# Home\n\nSee [[t-2024/art_2__para_1]].\n")
    result = build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site/treaties/t-2024/index.html").read_text(encoding="utf-8")
    para = re.search(r'<p id="art_2__para_1">(.*?)</p>', page)
    assert para, "paragraph 1 of Article 2 has no id"
    assert para.group(1).startswith("1. First numbered paragraph.") and 'href="#fn:t-2024--para"' in para.group(1)
    assert "{#art_2__para_1}" not in page
    assert 'href="treaties/t-2024/#art_2__para_1"' in (project / "site/index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_several_notes_on_one_phrase_read_as_separate_numbers(tmp_path):
    second = ANNOTATION.replace("A note citing", "Another note citing")
    project = tiny_project(tmp_path, annotations={"t-2024/a": ANNOTATION, "t-2024/b": second})
    assert build(project).returncode == 0
    page = (project / "site/treaties/t-2024/index.html").read_text(encoding="utf-8")
    article = re.sub(r"<[^>]+>", "", page[page.index('id="art_1"') : page.index('id="art_2"')])
    assert "state of war1,2, the other Party" in article
    assert "12" not in article
