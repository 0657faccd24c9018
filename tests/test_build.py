"""Real MkDocs builds: a tiny site for each kind of bad input, and the real site."""

from __future__ import annotations

import html
import re

import pytest
from support import ANNOTATION, ROOT, SOURCE, build, search_records, tiny_project, write
from treaty_dossier.content.dossier import load_dossier

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
    holding = [r["meta"]["href"] for r in search_records(site) if "A note citing" in r["content"]]
    assert holding == ["treaties/t-2024/#art_1"]  # the note is searched under its clause, and only there


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


def _text(html_fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags gone, entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", html_fragment)).split())


def test_treaty_page_summary_box_and_checked_lines(real_site):
    """Every treaty's box shows its metadata and links; each checked clause shows its record, the warning with its status."""
    from treaty_dossier.content.dates import long_date

    dossier, _ = load_dossier(ROOT)
    for treaty in dossier.treaties.values():
        page = (real_site / "treaties" / treaty.id / "index.html").read_text(encoding="utf-8")
        start = page.index('class="admonition abstract treaty-meta"')
        box = page[start : page.index("</div></div>", start)]
        meta = treaty.meta
        facts = [f"{meta['signed']['place']}, {long_date(meta['signed']['date'])}", ", ".join(meta["authentic_languages"])]
        facts += ["; ".join(meta["parties"])] + ([long_date(meta["in_force"])] if meta.get("in_force") else [])
        for fact in facts:
            assert fact in _text(box), (treaty.id, fact)
        for url in re.findall(r"\]\((https://[^)\s]+)\)", meta["text_basis"]):  # the authentic texts it links to
            assert f'href="{html.escape(url)}"' in box, (treaty.id, url)
        checked = meta.get("checked") or {}
        articles = [cid for cid in checked if cid.startswith("art_")]
        if articles:
            assert re.search(rf"<strong>Checked:</strong> \d+ of {len(articles)} articles verified", box), treaty.id
        for clause_id in checked:  # whatever the record says, each clause shows it, and the warning goes with its status
            area = clause_html(page, clause_id)
            status = re.search(r'class="clause-refs checked-against[^"]*" data-status="([a-z-]+)"', area)
            assert status and "Checked against:" in area, (treaty.id, clause_id)
            assert ("Wording not verified" in area) == (status[1] == "unverified"), (treaty.id, clause_id)


def test_sources_page_and_source_pages_link_both_ways(real_site):
    """The index lists every source; each source page links every note citing it; each clause lists its notes' sources."""
    dossier, _ = load_dossier(ROOT)
    index = (real_site / "sources/index.html").read_text(encoding="utf-8")
    assert index.count("<tr>") - 1 == len(dossier.sources)
    for source in dossier.sources.values():
        assert f'<a href="{source.id}/">' in index, source.id
        page = (real_site / "sources" / source.id / "index.html").read_text(encoding="utf-8")
        for ann in dossier.cited_by.get(source.id, []):
            assert f"#fn:{ann.label}" in page, (source.id, ann.id)
            assert f"../../treaties/{ann.treaty_id}/#{ann.clause_id}" in page, (source.id, ann.id)
        if source.original is not None:  # a copy links to the source it derives from
            assert f'<a href="../{source.original.id}/">' in page, source.id
    for treaty in dossier.treaties.values():
        page = (real_site / "treaties" / treaty.id / "index.html").read_text(encoding="utf-8")
        for clause in treaty.clauses.values():
            notes = [a for a in dossier.notes_on(treaty.id) if a.clause.split("/")[1].split("__")[0] == clause.id]
            if clause.parent or not notes:
                continue
            found = re.search(r'<details class="clause-sources"[^>]*>(.*?)</details>', clause_html(page, clause.id), re.DOTALL)
            assert found, (treaty.id, clause.id)
            for sid in {s.id for a in notes for s in dossier.sources_of(a)}:
                assert f'href="../../sources/{sid}/"' in found.group(1), (clause.id, sid)


def test_search_finds_annotation_words_under_the_clause(real_site):
    """A word only one note has (among notes and treaty texts) is found on the treaty pages under its clause only."""
    dossier, _ = load_dossier(ROOT)
    records = [r for r in search_records(real_site) if r["language"] == "en" and r["meta"]["href"].startswith("treaties/")]
    files = [*ROOT.glob("docs/treaties/*.md"), *ROOT.glob("annotations/*/*.md")]
    texts = {p: p.read_text(encoding="utf-8").lower() for p in files}
    for ann in dossier.annotations:
        mine = ROOT / ann.path
        elsewhere = " ".join(t for p, t in texts.items() if p != mine)
        words = [w for w in re.findall(r"[A-Za-z]{7,}", ann.body) if w.lower() not in elsewhere]
        if not words:
            continue  # every word of this note is used elsewhere too
        clause = dossier.clause(ann.clause)
        assert clause is not None
        holding = [r["meta"]["href"] for r in records if words[0].lower() in r["content"].lower()]
        assert holding == [f"treaties/{ann.treaty_id}/#{clause.parent or clause.id}"], (ann.id, words[0])


@pytest.mark.build
def test_edited_clause_text_leaves_its_note_at_the_end_of_the_clause_and_names_it(tmp_path):
    project = tiny_project(tmp_path)
    treaty = project / "docs/treaties/t-2024.md"
    treaty.write_text(treaty.read_text().replace("a state of war", "a state of armed conflict"))
    strict = build(project)
    assert strict.returncode == 1
    assert "annotations/t-2024/note.md:3: quote 'state of war' is not in the text of t-2024/art_1" in strict.stderr
    assert build(project, strict=False).returncode == 0  # the note is not lost: it sits at the end of its clause
    art1 = clause_html((project / "site/treaties/t-2024/index.html").read_text(), "art_1")
    assert re.search(r'assistance\.<sup [^>]*id="fnref:t-2024--note"', art1)


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
