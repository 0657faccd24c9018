"""Issue 14 in Chromium: a clause's quoted phrases marked, its notes beside it, the filters, the condensed sources.

Behaviour is tested on a fixture dossier written here (overlapping and nested quotes, a clause
with more notes than stay open, a correction, two outlets), built with this repository's hooks,
stylesheet and script. The real site is used only for what holds for any valid content, and for
the screenshots of Article 4 left in ``test-output/``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from layers import set_current
from support import ANNOTATION, ROOT, SOURCE, TREATY, build, require, tiny_project, write

require(importlib.util.find_spec("playwright") is not None, "Playwright (pip install -r requirements-dev.txt)")

from axe_playwright_python.sync_playwright import Axe
from browser_support import describe_violations, element_in_viewport, fragment, open_page, serious_violations, serve, where
from playwright.sync_api import Browser, Page, ViewportSize

pytestmark = pytest.mark.browser

PHONE: ViewportSize = {"width": 375, "height": 812}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
WIDE: ViewportSize = {"width": 1920, "height": 1080}
SHOTS = ROOT / "test-output"
PAGE = "treaties/t-2024/"

CONFIG = f"""\
site_name: Tiny
theme:
  name: material
  font: false
  features: [content.footnote.tooltips]
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
hooks: [{(ROOT / "hooks" / "treaty_site.py").as_posix()}]
plugins: []
markdown_extensions: [abbr, admonition, attr_list, footnotes, md_in_html, tables, pymdownx.details, {{toc: {{permalink: true}}}}]
"""


def note(
    quote: str | None, kind: str = "commentary", body: str = "", sources: str = "[ew-2024-06-20]", clause: str = "t-2024/art_1"
) -> str:
    text = ANNOTATION.replace("kind: commentary", f"kind: {kind}").replace("[ew-2024-06-20]", sources, 1)
    text = text.replace("clause: t-2024/art_1", f"clause: {clause}")
    text = text.replace("quote: state of war\n", f"quote: {quote}\n" if quote else "")
    return text.replace("A note citing", body or "A note citing")


NOTES = {
    "t-2024/war": note("state of war", body="Warnote says the phrase is narrow; citing"),
    "t-2024/war-other": note("war, the other Party", "context", "Overlapnote spans two phrases; citing"),
    "t-2024/delay": note("without delay", "rendering", "Delaynote on a nested phrase; citing", "[gov-2024-06-19]").replace(
        "author: someone", "wording: at once\nauthor: someone"
    ),
    "t-2024/delay-outer": note("Party shall without delay provide", body="Outernote around it; citing"),
    "t-2024/fix": note("assistance", "correction", "Fixnote corrects the wording; citing"),
    **{
        f"t-2024/more-{i}": note(None, "context", f"Morenote{i} on the whole clause; citing", clause="t-2024/art_2")
        for i in range(8)
    },
}
OFFICIAL = SOURCE.replace("kind: news", "kind: official").replace("Example Wire", "Ministry").replace("EW", "MFA")
OFFICIAL = OFFICIAL.replace("2024-06-20", "2024-06-19")


@pytest.fixture(scope="module")
def fixture_url(tmp_path_factory) -> Iterator[str]:
    project = tiny_project(
        tmp_path_factory.mktemp("reading"), NOTES, {"ew-2024-06-20": SOURCE, "gov-2024-06-19": OFFICIAL}, TREATY
    )
    write(project, "mkdocs.yml", CONFIG)  # the stylesheet and scripts come with the plugin
    set_current({"browser"})  # a module fixture runs before the per-test layer is set
    result = build(project)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        yield url + PAGE


def new_page(
    browser: Browser, viewport: ViewportSize = DESKTOP, scheme: Literal["light", "dark"] = "light", touch: bool = False
) -> Page:
    return browser.new_context(viewport=viewport, color_scheme=scheme, has_touch=touch, is_mobile=touch).new_page()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = new_page(browser)
    yield page
    page.context.close()


def tooltip_shows(page: Page, words: str, timeout: float = 5000) -> bool:
    try:
        page.wait_for_function(
            "w => [...document.querySelectorAll('.md-tooltip2--active')].some(t => t.innerText.includes(w))",
            arg=words,
            timeout=timeout,
        )
    except Exception:
        return False
    return True


# 1. The phrase is marked -------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phrases_are_marked_by_underline_and_tint_in_both_palettes(browser: Browser, fixture_url: str, scheme) -> None:
    page = new_page(browser, scheme=scheme)
    try:
        open_page(page, fixture_url)
        styles = page.evaluate(
            """() => [...document.querySelectorAll('article mark.note-phrase')].map(m => {
                const s = getComputedStyle(m), p = getComputedStyle(m.parentElement);
                return {text: m.textContent, line: s.textDecorationLine, bg: s.backgroundColor, colour: s.color, parentColour: p.color};
            })"""
        )
    finally:
        page.context.close()
    texts = [s["text"] for s in styles]
    assert "".join(texts).startswith("state of war, the other Party shall without delay provide"), texts  # overlaps cut, not lost
    for s in styles:
        assert "underline" in s["line"], f"{s['text']!r} is marked by colour alone: {s}"
        assert s["bg"] not in ("rgba(0, 0, 0, 0)", "transparent"), f"{s['text']!r} has no tint: {s}"
        assert s["colour"] == s["parentColour"], f"{s['text']!r} changes the text colour ({scheme}): {s}"


def test_hovering_a_phrase_shows_its_note_and_points_at_its_mark(page: Page, fixture_url: str) -> None:
    open_page(page, fixture_url)
    page.mouse.move(0, 0)
    page.locator("article mark.note-phrase", has_text="state of").first.hover()
    assert tooltip_shows(page, "Warnote"), "hovering 'state of war' did not show its note"
    assert page.locator("sup[id='fnref:t-2024--war'] a.is-pointed").count() == 1
    page.mouse.move(0, 0)
    page.locator("article mark.note-phrase", has_text="without delay").first.hover()  # nested: the inner note first
    assert tooltip_shows(page, "Delaynote"), "hovering the nested phrase did not show the inner note"


def test_tapping_a_phrase_on_a_phone_shows_its_note(browser: Browser, fixture_url: str) -> None:
    page = new_page(browser, PHONE, touch=True)
    try:
        open_page(page, fixture_url)
        page.locator("article mark.note-phrase", has_text="assistance").first.tap()
        assert tooltip_shows(page, "Fixnote"), "a tap on the corrected phrase showed no note"
        focused = page.evaluate("() => document.activeElement.closest('sup') && document.activeElement.closest('sup').id")
        assert focused == "fnref:t-2024--fix"
    finally:
        page.context.close()


def test_keyboard_reaches_the_mark_and_its_tooltip(page: Page, fixture_url: str) -> None:
    open_page(page, fixture_url)
    page.locator("sup[id='fnref:t-2024--war'] a").focus()
    assert tooltip_shows(page, "Warnote"), "focusing a mark by keyboard did not show its note"
    assert page.locator("mark.note-phrase.is-active").first.inner_text().startswith("state of")  # its phrase lit up


def test_each_note_is_read_once(page: Page, fixture_url: str) -> None:
    """The accessibility tree holds every note exactly once, and the marked phrases add no text or role."""
    open_page(page, fixture_url)
    snapshot = page.locator("article").aria_snapshot()
    for name in ("Warnote", "Overlapnote", "Delaynote", "Outernote", "Fixnote", "Morenote0"):
        assert snapshot.count(name) <= 1, f"{name} is read {snapshot.count(name)} times:\n{snapshot[:3000]}"
    assert snapshot.count("Warnote") == 1 and "Morenote0" not in snapshot  # Art. 2's folded notes are not read until opened
    assert page.locator("article li[id^='fn:']").count() == len(NOTES)
    assert page.locator("article mark.note-phrase[role], article mark.note-phrase[tabindex]").count() == 0


# 2. Notes beside their clause --------------------------------------------------------------


def test_notes_follow_their_clause_in_reading_order_few_open_many_folded(page: Page, fixture_url: str) -> None:
    open_page(page, fixture_url)
    blocks = page.evaluate(
        """() => [...document.querySelectorAll('details.clause-notes')].map(d => {
            let h = d.closest('aside').previousElementSibling; while (h && h.tagName !== 'H2') h = h.previousElementSibling;
            return {clause: h && h.id, open: d.open, numbers: [...d.querySelectorAll('li')].map(li => li.value),
                    marks: [...document.querySelectorAll('#' + (h && h.id) + ' ~ p sup a')].length};
        })"""
    )
    assert [(b["clause"], b["open"]) for b in blocks] == [("art_1", True), ("art_2", False)], blocks
    numbers = [n for b in blocks for n in b["numbers"]]
    assert numbers == list(range(1, len(NOTES) + 1)), numbers
    meta = page.locator("li[id='fn:t-2024--delay'] .annotation__meta").inner_text()
    for part in ("RENDERING", "@someone", "MFA", "Link to this note"):  # the kind label is set in capitals
        assert part in meta, f"the note's line lacks {part!r}: {meta}"


def test_mark_to_note_and_back(page: Page, fixture_url: str) -> None:
    open_page(page, fixture_url)
    mark = page.locator("sup[id='fnref:t-2024--more-3'] a")
    mark.click()
    assert fragment(page.url) == "fn:t-2024--more-3"
    assert element_in_viewport(page, "fn:t-2024--more-3"), where(page, "fn:t-2024--more-3")  # its folded list opened
    assert page.locator("details#notes-art_2").evaluate("d => d.open")
    page.locator("li[id='fn:t-2024--more-3'] a.footnote-backref").click()
    assert fragment(page.url) == "fnref:t-2024--more-3" and element_in_viewport(page, "fnref:t-2024--more-3")


def test_a_note_permalink_opens_it_in_place(page: Page, fixture_url: str) -> None:
    open_page(page, fixture_url + "#fn:t-2024--more-6")
    assert page.locator("details#notes-art_2").evaluate("d => d.open"), "the folded notes stayed closed"
    assert element_in_viewport(page, "fn:t-2024--more-6"), where(page, "fn:t-2024--more-6")


# 3. Filters --------------------------------------------------------------------------------


def visible_notes(page: Page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('li.clause-note')].filter(li => !li.hidden).map(li => li.id.slice('fn:t-2024--'.length))"
    )


def test_filters_by_kind_and_outlet_from_a_shared_link(page: Page, fixture_url: str) -> None:
    open_page(page, fixture_url + "?kind=correction,rendering")
    assert page.locator("form.note-filters").is_visible()
    assert sorted(visible_notes(page)) == ["delay", "fix"]
    assert page.locator("sup[id='fnref:t-2024--war']").is_hidden()  # its mark goes with it
    assert page.locator("details#notes-art_2").is_hidden()  # a clause with nothing left shows no empty list
    assert "Showing 2 of" in page.locator(".note-filters__status").inner_text()

    page.locator("form.note-filters input[value='rendering']").uncheck()
    assert visible_notes(page) == ["fix"] and "kind=correction" in page.url  # the choice is in the URL
    page.locator(".note-filters__reset").click()
    page.locator("form.note-filters select").select_option("MFA")
    assert visible_notes(page) == ["delay"] and "outlet=MFA" in page.url
    shared = page.url
    other = page.context.new_page()
    open_page(other, shared)  # the same link, opened by someone else, shows the same notes
    assert visible_notes(other) == ["delay"]
    assert other.locator("form.note-filters select").input_value() == "MFA"


def test_corrections_stand_out(page: Page, fixture_url: str) -> None:
    open_page(page, fixture_url)
    mark = page.locator("sup[id='fnref:t-2024--fix'] a")
    plain = page.locator("sup[id='fnref:t-2024--war'] a")
    style = "a => { const s = getComputedStyle(a); return [s.fontWeight, s.borderTopStyle, s.color]; }"
    assert mark.evaluate(style) != plain.evaluate(style)
    assert "1 correction" in page.locator("details#notes-art_1 > summary").inner_text()
    assert page.locator("li[id='fn:t-2024--fix']").evaluate("li => getComputedStyle(li).borderLeftStyle") == "solid"


def test_without_script_every_note_is_readable(browser: Browser, fixture_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        open_page(page, fixture_url)
        assert page.locator("form.note-filters").is_hidden()  # no controls that would do nothing
        assert page.locator("li[id='fn:t-2024--war']").is_visible()
        page.locator("details#notes-art_2 > summary").click()
        assert page.locator("li[id='fn:t-2024--more-7']").is_visible()
    finally:
        context.close()


# 4. Sources condensed ----------------------------------------------------------------------


def test_sources_under_a_clause_are_counted_grouped_and_expand_to_dated_list(page: Page, fixture_url: str) -> None:
    open_page(page, fixture_url)
    sources = page.locator("details.clause-sources").first
    summary = sources.locator("summary").inner_text()
    assert "2 sources from 2 outlets" in summary and "News: EW" in summary and "Official: MFA" in summary, summary
    assert sources.locator("li").first.is_hidden()
    sources.locator("summary").click()
    assert sources.locator("li", has_text="19 June 2024").is_visible()


# 6. Everywhere -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_fixture_page_is_axe_clean(browser: Browser, fixture_url: str, scheme) -> None:
    page = new_page(browser, scheme=scheme)
    try:
        open_page(page, fixture_url + "?kind=correction,commentary")
        page.locator("details#notes-art_2 > summary").click() if not page.locator("details#notes-art_2").is_hidden() else None
        violations = serious_violations(Axe().run(page).response)
    finally:
        page.context.close()
    assert not violations, describe_violations(violations)


# The real site: properties of any valid content, and the screenshots of Article 4 ----------


@pytest.mark.parametrize(
    ("viewport", "scheme"),
    [(PHONE, "light"), (DESKTOP, "light"), (DESKTOP, "dark"), (WIDE, "light")],
    ids=["375", "1280", "1280-dark", "1920"],
)
def test_real_article_4_at_each_width(browser: Browser, real_site: Path, viewport: ViewportSize, scheme) -> None:
    page = new_page(browser, viewport, scheme, touch=viewport is PHONE)
    try:
        with serve(real_site) as url:
            open_page(page, url + "treaties/dprk-russia-2024/#art_4")
            SHOTS.mkdir(exist_ok=True)
            heading = page.locator("h2#art_4")
            heading.scroll_into_view_if_needed()
            page.evaluate("() => document.getElementById('art_4').scrollIntoView()")
            page.screenshot(path=SHOTS / f"art4-{viewport['width']}px-{scheme}.png")
            facts = page.evaluate(
                """() => {
                    const ids = [...document.querySelectorAll('li[id^="fn:"]')].map(li => li.id);
                    // each note sits after its own mark's clause heading and before the next clause heading
                    const misplaced = ids.filter(id => {
                        const mark = document.getElementById('fnref:' + id.slice(3));
                        const li = document.getElementById(id);
                        const block = li.closest('details.clause-notes');
                        if (!mark || !block) return true;
                        const clauseOf = el => { let h = el.closest('p, li, details, div, table') ;
                            while (h && !(h.tagName === 'H2' && h.id)) h = h.previousElementSibling || h.parentElement; return h && h.id; };
                        return clauseOf(mark) !== clauseOf(block);
                    });
                    return {notes: ids.length, unique: new Set(ids).size, misplaced: misplaced,
                            scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth,
                            unmarked: [...document.querySelectorAll('mark.note-phrase')].filter(m => !m.dataset.notes.split(' ').every(n => document.getElementById(n))).length};
                }"""
            )
    finally:
        page.context.close()
    assert facts["notes"] == facts["unique"] > 0
    assert not facts["misplaced"], f"notes not beside their clause: {facts['misplaced'][:5]}"
    assert facts["unmarked"] == 0, "a highlighted phrase points at a note that is not on the page"
    assert facts["scroll"] <= facts["width"], f"horizontal scroll at {viewport['width']}px"
