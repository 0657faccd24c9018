"""Issue 22, point 4: a clause with many notes keeps its first ones on the treaty page and the rest on
a page of its own; each note's Cite is written on demand, with a citations page for readers without script.

A fixture dossier written here: Art. 1 carries more notes than a treaty page keeps under a clause,
Art. 2 a few; one author's name holds every character BibTeX and JSON escape.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from layers import set_current
from lxml import html as lxml_html
from site_invariants import site_problems
from support import ANNOTATION, build, search_records, tiny_project
from treaty_dossier.site.clause_notes import KEEP_ALL_UP_TO, SHOWN

MANY = KEEP_ALL_UP_TO + 3  # notes on Art. 1: more than a clause keeps on the treaty page
AUTHOR = 'Zoë {O\'Brien} & "Co" 100% #1_~^$ \\ <b>'
PAGE = "treaties/t-2024/"
NOTES_PAGE = "treaties/t-2024/notes/art_1/"


def _note(n: int, clause: str = "t-2024/art_1", author: str = "someone") -> str:
    text = ANNOTATION.replace("clause: t-2024/art_1", f"clause: {clause}").replace(
        "author: someone", f"author: {json.dumps(author)}"
    )
    if n % 3:  # some on the phrase, the others on the whole clause
        text = text.replace("quote: state of war\n", "")
    return text.replace("A note citing", f"Noteword{n:02d} is this note's own word; citing")


NOTES = {f"t-2024/n{n:02d}": _note(n, author=AUTHOR if n == SHOWN + 4 else "someone") for n in range(MANY)} | {
    f"t-2024/other{n}": _note(100 + n, "t-2024/art_2") for n in range(2)
}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tiny_project(tmp_path_factory.mktemp("many"), NOTES)
    set_current({"build"})  # a module fixture runs before the per-test layer is set
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root


def _page(project: Path, url: str):
    return lxml_html.fromstring((project / "site" / url / "index.html").read_bytes())


def _manifest(project: Path) -> dict[str, dict]:
    return {e["id"]: e for e in json.loads((project / "site/annotations.json").read_text(encoding="utf-8"))}


def _moved(project: Path) -> dict:
    """The manifest entry of a note that lives on the notes page."""
    return next(e for e in sorted(_manifest(project).values(), key=lambda e: e["number"]) if e["page"] == NOTES_PAGE)


def _label(entry: dict) -> str:
    return entry["anchor"][len("fn:") :]


@pytest.mark.build
def test_a_clause_with_many_notes_shows_its_first_and_links_a_page_with_the_rest(project: Path) -> None:
    page = _page(project, PAGE)
    (art1,) = page.cssselect("details#notes-art_1")
    shown = [int(li.get("value")) for li in art1.cssselect("li.clause-note")]
    assert shown == list(range(1, SHOWN + 1))
    assert f"({MANY} notes)" in art1.cssselect("summary")[0].text_content()
    (link,) = art1.cssselect("p.clause-notes__more a")
    assert link.text_content() == f"{MANY - SHOWN} more notes on Art. 1 ({SHOWN + 1}–{MANY}), on a page of their own"
    assert urlsplit(link.get("href")).path == "notes/art_1/"
    rest = _page(project, NOTES_PAGE)
    assert [int(li.get("value")) for li in rest.cssselect(".notes-page li.clause-note")] == list(range(SHOWN + 1, MANY + 1))
    assert "If either Party is put in a state of war" in rest.cssselect("blockquote.notes-page__text")[0].text_content()
    (art2,) = page.cssselect("details#notes-art_2")  # a clause with few notes keeps them all, as before
    assert len(art2.cssselect("li.clause-note")) == 2 and not art2.cssselect(".clause-notes__more")


@pytest.mark.build
def test_every_mark_links_its_note_wherever_it_lives_and_every_back_link_returns(project: Path) -> None:
    assert site_problems(project / "site", project) == []  # marks, back links, numbering, manifest pages, links
    manifest = _manifest(project)
    moved = [e for e in manifest.values() if e["page"] == NOTES_PAGE]
    assert len(moved) == MANY - SHOWN and all(e["number"] > SHOWN for e in moved)
    page = _page(project, PAGE)
    for entry in moved:  # the mark in the text opens the note on its page; a permalink to it lands on that link
        (mark,) = page.cssselect(f'sup[id="fnref:{_label(entry)}"] a')
        assert mark.get("href") == f"notes/art_1/#fn:{_label(entry)}"
        (anchor,) = page.xpath(f'//*[@id="fn:{_label(entry)}"]')
        assert anchor.getparent().get("class") == "clause-notes__more"


@pytest.mark.build
def test_search_open_data_and_manifest_keep_every_note(project: Path) -> None:
    manifest = _manifest(project)
    assert len(manifest) == len(NOTES)
    data = project / "site/data/annotations/t-2024"
    assert {p.stem for p in data.glob("*.jsonld")} == {name.split("/")[1] for name in NOTES}
    records = [r for r in search_records(project / "site") if r["language"] == "en"]
    for name, page in (("t-2024/n03", PAGE), (_moved(project)["id"], NOTES_PAGE)):
        word = f"Noteword{name[-2:]}"  # each note's own word: found in one record, where the note is
        holding = [r["meta"]["href"] for r in records if word in r["content"]]
        assert holding == [f"{page}#art_1" if page == PAGE else f"{page}#notes"], (word, holding)


@pytest.mark.build
def test_without_script_each_cite_links_its_citation_written_out(project: Path) -> None:
    page = _page(project, PAGE)
    manifest = _manifest(project)
    entry = manifest["t-2024/n00"]
    (note,) = page.cssselect(f'li[id="fn:{_label(entry)}"]')
    (cite,) = note.cssselect(".cite")
    assert not cite.cssselect(".cite__text")  # written by the script when opened, not carried by the page
    (fallback,) = cite.cssselect("a.cite__open")
    assert fallback.get("href") == f"cite/#cite-{_label(entry)}" and fallback.text_content() == "Cite"
    citations = _page(project, "treaties/t-2024/cite/")
    for e in manifest.values():  # every note, moved or not, has its entry with three forms
        (block,) = citations.cssselect(f'section[id="cite-{_label(e)}"]')
        assert [b.text_content() for b in block.cssselect(".cite__label")] == ["Text", "BibTeX", "CSL-JSON"]


# -- in Chromium ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(project: Path) -> Iterator[str]:
    from browser_support import serve

    with serve(project / "site") as url:
        yield url


@pytest.mark.browser
def test_a_mark_beyond_the_first_notes_opens_its_note_on_the_clause_page(browser, served: str, project: Path) -> None:
    entry = _moved(project)
    page = browser.new_page()
    try:
        page.goto(served + PAGE)
        page.locator(f'sup[id="fnref:{_label(entry)}"] a').click()
        page.wait_for_url(f"**/{NOTES_PAGE}#fn:{_label(entry)}")
        assert (
            page.evaluate("() => document.querySelector(':target') && document.querySelector(':target').value") == entry["number"]
        )
        page.locator(f'li[id="fn:{_label(entry)}"] a.footnote-backref').click()  # and back to the mark
        page.wait_for_url(f"**/{PAGE}#fnref:{_label(entry)}")
        # An old permalink to the note on the treaty page follows it to its page.
        page.goto(served + PAGE + f"#fn:{_label(entry)}")
        page.wait_for_url(f"**/{NOTES_PAGE}#fn:{_label(entry)}")
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", ["t-2024/n00", f"t-2024/n{SHOWN + 4:02d}"])
def test_cite_writes_the_same_three_forms_as_the_citations_page_and_copies_them(browser, served, project, name) -> None:
    entry = _manifest(project)[name]
    citations = _page(project, "treaties/t-2024/cite/")
    (written,) = citations.cssselect(f'section[id="cite-{_label(entry)}"]')
    expected = [t.text_content() for t in written.cssselect(".cite__text")]
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(served + entry["page"])
        cite = page.locator(f'li[id="fn:{_label(entry)}"] .cite')
        if not cite.is_visible():
            page.locator("details#notes-art_1 > summary").click()
        opener = cite.locator("a.cite__open")
        opener.click()
        assert opener.get_attribute("role") == "button" and opener.get_attribute("aria-expanded") == "true"
        assert page.url.endswith(entry["page"])  # it opened here, not on the citations page
        shown = cite.locator(".cite__text").all_text_contents()
        copied = []
        for n in range(3):
            cite.locator(".cite__copy").nth(n).click()
            page.wait_for_function("s => s.textContent.includes('copied')", arg=cite.locator(".cite__status").element_handle())
            copied.append(page.evaluate("navigator.clipboard.readText()"))
        opener.press("Enter")  # and closes again
        closed = cite.locator(".cite__panel").is_hidden() and opener.get_attribute("aria-expanded") == "false"
    finally:
        context.close()
    assert shown == expected and copied == expected
    assert closed
    if AUTHOR in json.loads(expected[2])[0]["author"][0]["literal"]:
        assert '\\{O\'Brien\\} \\& "Co" 100\\% \\#1\\_\\~{}\\^{}\\$ \\textbackslash{}' in expected[1]


@pytest.mark.browser
def test_without_script_cite_leads_to_the_citation_and_every_note_is_reachable(browser, served, project) -> None:
    entry = _moved(project)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(served + PAGE)
        page.locator("details#notes-art_1 > summary").click()
        page.locator("details#notes-art_1 .clause-notes__more a").click()
        page.wait_for_url(f"**/{NOTES_PAGE}")
        page.locator(f'li[id="fn:{_label(entry)}"] a.cite__open').click()
        page.wait_for_url(f"**/treaties/t-2024/cite/#cite-{_label(entry)}")
        assert page.locator(f'section[id="cite-{_label(entry)}"] .cite__text').count() == 3
    finally:
        context.close()


@pytest.mark.browser
def test_the_filters_say_which_notes_they_filter(browser, served, project) -> None:
    on_page = sum(e["page"] == PAGE for e in _manifest(project).values())
    page = browser.new_page()
    try:
        page.goto(served + PAGE)
        status = page.locator(".note-filters__status").text_content()
    finally:
        page.close()
    assert status == f"All {on_page} notes on this page shown. The notes on a clause's own page are not filtered."


@pytest.mark.build
def test_under_serve_an_edited_note_on_a_notes_page_shows_there_as_a_whole_build_would(tmp_path) -> None:
    """The notes of a notes page are not in its Markdown: a digest of them is, so a partial rebuild builds it."""
    from support import mkdocs_serve, wait_until_served, write
    from test_serve_partial import fetch, last_rebuild, served_as_built, wait_for

    project = tiny_project(tmp_path / "p", NOTES)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("watch: [annotations]\nnav: [index.md, treaties/t-2024.md]\n")
    log = tmp_path / "serve.log"
    name = f"t-2024/n{MANY - 1:02d}"  # on the notes page (the last note on Art. 1 by number is after its first SHOWN)
    try:
        with mkdocs_serve(project, log) as (server, base):
            wait_until_served(f"{base}/{PAGE}", server)
            moved = json.loads(fetch(f"{base}/annotations.json"))
            assert next(e for e in moved if e["id"] == name)["page"] == NOTES_PAGE
            seen = len(log.read_text(encoding="utf-8").splitlines())
            write(project, f"annotations/{name}.md", NOTES[name].replace("is this note's own word", "was edited while serving"))
            wait_for(f"{base}/{NOTES_PAGE}", "was edited while serving")
            said = last_rebuild(log, seen)
            assert "Built again" in said and "notes/art_1.md" in said, said
            write(project, "whole.yml", f"INHERIT: mkdocs.yml\nsite_url: {base}/\n")
            site = tmp_path / "whole"
            result = build(project, site=site, config="whole.yml")
            assert result.returncode == 0, result.stderr
            for path in (PAGE, NOTES_PAGE, "treaties/t-2024/cite/"):
                assert served_as_built(fetch(f"{base}/{path}")) == (site / path / "index.html").read_text(encoding="utf-8"), path
    finally:
        print(log.read_text(encoding="utf-8")[-3000:])
