"""The built site in a real browser: search, footnotes, cross-references, layout, a11y, privacy.

Debian's Chromium (never a downloaded one) is driven by Playwright against the real
``mkdocs build`` served on 127.0.0.1. Elements are found by structure (the first footnote
mark, the first source link under a clause), so the tests hold as content grows. Every
failure message says what the page showed instead.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from support import ROOT, require

require(importlib.util.find_spec("playwright") is not None, "Playwright (pip install -r requirements-dev.txt)")

from axe_playwright_python.sync_playwright import Axe
from browser_support import (
    RequestLog,
    describe_violations,
    element_in_viewport,
    fragment,
    open_page,
    serious_violations,
    serve,
    where,
    word_only_in_one_note,
)
from playwright.sync_api import Browser, Locator, Page, ViewportSize
from playwright.sync_api import TimeoutError as PlaywrightTimeout

TREATY = "dprk-russia-2024"
TREATY_PAGE = f"treaties/{TREATY}/"
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 375, "height": 812}
SCREENSHOTS = ROOT / "test-output"
MIN_NOTE_FONT_PX = 12


@pytest.fixture(scope="session")
def site_url(real_site: Path) -> Iterator[str]:
    """The real build, served over HTTP on an ephemeral port of 127.0.0.1."""
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="session")
def manifest(real_site: Path) -> list[dict]:
    """``site/annotations.json``: each annotation's page, anchor and clause."""
    return json.loads((real_site / "annotations.json").read_text(encoding="utf-8"))


def new_page(browser: Browser, viewport: ViewportSize = DESKTOP, color_scheme: Literal["light", "dark"] = "light") -> Page:
    """A page in a fresh context, so no test inherits another's palette choice or storage."""
    context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
    return context.new_page()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop-sized page in light mode, closed after the test."""
    page = new_page(browser)
    yield page
    page.context.close()


# 1. Search ---------------------------------------------------------------------------------


def test_search_for_a_word_of_one_note_opens_its_clause(page: Page, site_url: str, manifest: list[dict]) -> None:
    word, entry = word_only_in_one_note(ROOT, manifest, TREATY)
    clause = entry["clause"].split("/", 1)[1]
    treaty_text = (ROOT / "docs" / "treaties" / f"{TREATY}.md").read_text(encoding="utf-8").lower()
    assert word not in treaty_text, f"{word!r} is in the treaty text: the search would not prove the note is indexed"
    # A note on a numbered paragraph is filed under its article's heading, the nearest section.
    targets = [clause, clause.split("__")[0]]

    open_page(page, site_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(word)
    selector = ", ".join(f'.md-search-result__list a[href*="{TREATY_PAGE}"][href$="#{t}"]' for t in targets)
    try:
        page.wait_for_selector(selector, state="visible", timeout=15_000)
    except PlaywrightTimeout:
        pytest.fail(
            f"searching {word!r} (only in {entry['file']}) shows no result for {TREATY_PAGE}#{clause}; "
            f"the results read:\n{page.locator('.md-search-result').inner_text()}"
        )
    page.locator(selector).first.click()

    page.wait_for_url(f"**/{TREATY_PAGE}**")
    landed = fragment(page.url)
    assert landed in targets, f"the result for {word!r} opened {page.url}, not the clause {clause}"
    assert element_in_viewport(page, landed), f"clause {landed} is not in view:\n{where(page, landed)}"


# 2. Footnotes ------------------------------------------------------------------------------


def note_marks(page: Page) -> Locator:
    """The footnote marks in the treaty text, in reading order."""
    marks = page.locator("article sup[id^='fnref:'] > a.footnote-ref")
    assert marks.count() > 0, f"no footnote marks on {page.url}"
    return marks


def test_hovering_a_footnote_mark_shows_the_note(page: Page, site_url: str) -> None:
    open_page(page, site_url + TREATY_PAGE)
    marks = note_marks(page)
    for mark in (marks.first, marks.last):
        note_id = mark.get_attribute("href").lstrip("#")
        expected = " ".join(page.locator(f"id={note_id}").locator(".annotation__body").inner_text().split())[:80]
        page.mouse.move(0, 0)
        mark.hover()
        try:
            page.wait_for_function(
                """expected => [...document.querySelectorAll('.md-tooltip2--active .md-tooltip2__inner')]
                    .some(t => t.innerText.split(/\\s+/).join(' ').includes(expected))""",
                arg=expected,
                timeout=5000,
            )
        except PlaywrightTimeout:
            shown = page.evaluate(
                "() => [...document.querySelectorAll('.md-tooltip2')].map(t => t.className + ': ' + t.innerText.slice(0, 200))"
            )
            pytest.fail(f"hovering mark {mark.inner_text()!r} (#{note_id}) did not show {expected!r}; tooltips: {shown}")


def test_footnote_mark_opens_the_note_and_the_note_links_back(page: Page, site_url: str) -> None:
    open_page(page, site_url + TREATY_PAGE)
    mark = note_marks(page).first
    mark_id = page.locator("article sup[id^='fnref:']").first.get_attribute("id")
    note_id = mark.get_attribute("href").lstrip("#")

    mark.click()
    assert fragment(page.url) == note_id, f"the mark opened {page.url}, expected #{note_id}"
    assert element_in_viewport(page, note_id), f"note {note_id} is not in view:\n{where(page, note_id)}"

    page.locator(f"id={note_id}").locator("a.footnote-backref").click()
    assert fragment(page.url) == mark_id, f"the note's back-link went to {page.url}, expected #{mark_id}"
    assert element_in_viewport(page, mark_id), f"mark {mark_id} is not in view:\n{where(page, mark_id)}"


# 3. Cross-references -----------------------------------------------------------------------

LINKS_JS = """([scope, notes]) => [...document.querySelectorAll(scope)].map((a, i) => [i, a.href]).filter(([i, href]) => {
    const u = new URL(href, location.href);
    return u.origin === location.origin && u.pathname.includes('/treaties/') && u.hash
        && u.hash.startsWith('#fn') === notes;
})"""


def links_into_treaties(page: Page, scope: str, notes: bool = False) -> list[tuple[int, str]]:
    """(index within ``scope``, absolute href) of the links to a treaty clause (or to a note)."""
    return [tuple(link) for link in page.evaluate(LINKS_JS, [scope, notes])]


def follow(page: Page, scope: str, index: int, href: str) -> None:
    """Click the index-th link of ``scope`` and check it landed on the element it names."""
    target = fragment(href)
    page.locator(scope).nth(index).click()
    page.wait_for_url(href.split("#")[0] + "**")
    assert page.url.split("#")[0] == href.split("#")[0] and fragment(page.url) == target, f"{href} led to {page.url}"
    assert element_in_viewport(page, target), f"#{target} is not in view after following {href}:\n{where(page, target)}"


NOTE_LINKS = "article .annotation__body a"


def test_cross_reference_in_a_note_lands_on_the_clause(page: Page, site_url: str) -> None:
    open_page(page, site_url + TREATY_PAGE)
    same_page = [(i, href) for i, href in links_into_treaties(page, NOTE_LINKS) if href.split("#")[0] == page.url]
    assert same_page, f"no [[…]] link from a note on {TREATY_PAGE} to another of its clauses"
    follow(page, NOTE_LINKS, *same_page[0])


def test_cross_reference_to_another_treaty_lands_on_its_clause(page: Page, site_url: str) -> None:
    open_page(page, site_url + TREATY_PAGE)
    elsewhere = [(i, href) for i, href in links_into_treaties(page, NOTE_LINKS) if href.split("#")[0] != page.url]
    assert elsewhere, f"no [[…]] link from a note on {TREATY_PAGE} to another treaty's clause"
    follow(page, NOTE_LINKS, *elsewhere[0])


def test_cross_reference_on_the_home_page_lands_on_the_treaty_clause(page: Page, site_url: str) -> None:
    open_page(page, site_url)
    links = links_into_treaties(page, "article a")
    assert links, "the home page has no [[…]] link to a clause"
    follow(page, "article a", *links[0])


@pytest.mark.parametrize(
    ("path", "notes"),
    [("comparison/", False), ("comparison/", True), ("timeline/", False)],
    ids=["comparison-clause", "comparison-note", "timeline-clause"],
)
def test_dossier_page_links_land_on_clauses_and_notes(page: Page, site_url: str, path: str, notes: bool) -> None:
    open_page(page, site_url + path)
    links = links_into_treaties(page, "article a", notes)
    assert links, f"/{path} has no link to a treaty {'note' if notes else 'clause'}"
    follow(page, "article a", *links[0])


def test_cited_by_on_a_source_page_lands_on_the_citing_clause(page: Page, site_url: str) -> None:
    open_page(page, site_url + TREATY_PAGE)
    # The first source listed under a clause (in its folded list of sources), and that clause.
    page.locator("article details.clause-sources > summary").first.click()
    source_link = page.locator("article details.clause-sources a[href*='sources/']").first
    clause = source_link.evaluate(
        """a => { let e = a.closest('.clause-sources');
                  while (e && !(e.tagName === 'H2' && e.id)) e = e.previousElementSibling;
                  return e ? e.id : null; }"""
    )
    assert clause, "the first source line under a clause has no clause heading before it"
    source_link.click()
    page.wait_for_url("**/sources/**")
    scope = "article #cited-by + ul a"
    links = [(i, href) for i, href in links_into_treaties(page, scope) if fragment(href) == clause]
    cited_by = page.locator(scope).all_inner_texts()
    assert links, f"{page.url} does not list {TREATY_PAGE}#{clause} under 'Cited by'; it lists {cited_by}"
    follow(page, scope, *links[0])


# 4. Layout ---------------------------------------------------------------------------------

LAYOUT_JS = """minFont => {
    const width = document.documentElement.clientWidth;
    const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
    // Material sets overflow-x: hidden on <html>, so content too wide is cut off rather than
    // scrolled: look for it directly. Inside a scroll box (a wide table's wrapper) is fine.
    const scrolls = e => getComputedStyle(e).overflowX !== 'visible';
    const wide = [...document.querySelectorAll('article, article *')].filter(e => {
        const r = e.getBoundingClientRect();
        if (r.width === 0 || (r.right <= width + 1 && r.left >= -1)) return false;
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) if (scrolls(a)) return false;
        return true;
    }).slice(0, 10).map(e => { const r = e.getBoundingClientRect();
        return describe(e) + ' ' + Math.round(r.left) + '..' + Math.round(r.right) + 'px: ' + e.textContent.trim().slice(0, 40); });
    // Elements of the notes that carry text of their own (the back-link shows an icon instead).
    const texts = [...document.querySelectorAll('.footnote li, .footnote li *:not(.footnote-backref)')]
        .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()));
    const small = texts.filter(e => parseFloat(getComputedStyle(e).fontSize) < minFont)
        .slice(0, 10).map(e => describe(e) + ' ' + getComputedStyle(e).fontSize + ': ' + e.textContent.trim().slice(0, 40));
    const outside = [...document.querySelectorAll('.footnote li')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > width + 1; })
        .map(e => describe(e));
    return {scrollWidth: document.documentElement.scrollWidth, clientWidth: width,
            wide: wide, notes: texts.length, small: small, outside: outside};
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_treaty_page_fits_the_width_and_notes_stay_readable(browser: Browser, site_url: str, viewport: ViewportSize) -> None:
    page = new_page(browser, viewport)
    try:
        open_page(page, site_url + TREATY_PAGE)
        SCREENSHOTS.mkdir(exist_ok=True)
        # Taken before the checks, so a person can look at a failing layout too.
        page.screenshot(path=SCREENSHOTS / f"treaty-{viewport['width']}px.png", full_page=True)
        layout = page.evaluate(LAYOUT_JS, MIN_NOTE_FONT_PX)
    finally:
        page.context.close()
    assert layout["scrollWidth"] <= layout["clientWidth"], (
        f"horizontal scroll at {viewport['width']}px: page {layout['scrollWidth']}px wide in {layout['clientWidth']}px; "
        f"too wide: {layout['wide']}"
    )
    assert not layout["wide"], f"content cut off at the edge of a {viewport['width']}px window: {layout['wide']}"
    assert layout["notes"] > 0, "no footnote text found on the treaty page"
    assert not layout["small"], f"footnote text below {MIN_NOTE_FONT_PX}px at {viewport['width']}px: {layout['small']}"
    assert not layout["outside"], f"footnotes leave the viewport at {viewport['width']}px: {layout['outside']}"


def test_dark_palette_switch(page: Page, site_url: str) -> None:
    open_page(page, site_url + TREATY_PAGE)
    colours = "() => ({scheme: document.body.dataset.mdColorScheme, background: getComputedStyle(document.body).backgroundColor})"
    before = page.evaluate(colours)
    assert before["scheme"] == "default", f"a light-mode browser got {before}"
    page.locator("form[data-md-component='palette'] label:not([hidden])").click()
    try:
        page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'", timeout=5000)
    except PlaywrightTimeout:
        pytest.fail(f"the palette switch left the page as {page.evaluate(colours)}")
    after = page.evaluate(colours)
    assert after["background"] != before["background"], f"the background did not change: {before} -> {after}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
def test_cite_this_clause_and_note_copy_each_format(browser: Browser, site_url: str, viewport: ViewportSize) -> None:
    context = browser.new_context(viewport=viewport)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        open_page(page, site_url + TREATY_PAGE + "#art_4")
        clause_cite = page.locator("#art_4 ~ details.cite").first
        note_cite = page.locator(".annotation .cite").first  # a link that cite.js makes a disclosure button
        copied = {}
        for name, cite, opener in (("clause", clause_cite, "summary"), ("note", note_cite, "a.cite__open")):
            cite.scroll_into_view_if_needed()
            cite.locator(opener).focus()
            page.keyboard.press("Enter")  # opens from the keyboard, like any disclosure
            opened = "d => d.open" if name == "clause" else "d => d.querySelector('a').getAttribute('aria-expanded') === 'true'"
            assert cite.evaluate(opened), f"the {name}'s Cite did not open with Enter"
            for index, label in enumerate(["Text", "BibTeX", "CSL-JSON"]):
                cite.locator(".cite__copy").nth(index).click()
                page.wait_for_function(
                    "s => s.textContent.includes('copied')", arg=cite.locator(".cite__status").element_handle()
                )
                copied[(name, label)] = page.evaluate("navigator.clipboard.readText()")
                assert copied[(name, label)] == cite.locator(".cite__text").nth(index).text_content()
            SCREENSHOTS.mkdir(exist_ok=True)
            cite.screenshot(path=SCREENSHOTS / f"cite-{name}-{viewport['width']}px.png")
        width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    finally:
        context.close()
    assert width[0] <= width[1], f"an open Cite block scrolls the page sideways at {viewport['width']}px: {width}"
    assert copied[("clause", "BibTeX")].startswith("@misc{dprk-russia-2024-art-4,")
    assert "#art_4" in copied[("clause", "Text")] and "commit " in copied[("clause", "Text")]
    assert json.loads(copied[("note", "CSL-JSON")])[0]["type"] == "entry"


# 5. Accessibility --------------------------------------------------------------------------


def first_source_page(real_site: Path) -> str:
    """One generated source page (they all share a template)."""
    pages = sorted(p.parent.name for p in (real_site / "sources").glob("*/index.html"))
    assert pages, "the build has no source pages"
    return f"sources/{pages[0]}/"


@pytest.mark.parametrize(
    ("path", "scheme"),
    [
        ("", "light"),
        (TREATY_PAGE, "light"),
        (TREATY_PAGE, "dark"),
        ("sources/", "light"),
        ("<source>", "light"),
        ("data/", "light"),
    ],
    ids=["home", "treaty", "treaty-dark", "sources", "source", "data"],
)
def test_no_serious_accessibility_violations(
    browser: Browser, site_url: str, real_site: Path, path: str, scheme: Literal["light", "dark"]
) -> None:
    path = first_source_page(real_site) if path == "<source>" else path
    page = new_page(browser, color_scheme=scheme)
    try:
        open_page(page, site_url + path)
        violations = serious_violations(Axe().run(page).response)
    finally:
        page.context.close()
    assert not violations, f"axe-core on /{path} ({scheme}):\n{describe_violations(violations)}"


# 6. Privacy and offline --------------------------------------------------------------------


def pages_to_load(real_site: Path) -> list[str]:
    """Every page of the site, but only one of the generated source pages (one template)."""
    paths = []
    for html in sorted(real_site.rglob("*.html")):
        rel = html.relative_to(real_site).as_posix()
        if rel.startswith(("assets/", "pagefind/")):
            continue
        paths.append(rel.removesuffix("index.html"))
    sources = [p for p in paths if p.startswith("sources/") and p != "sources/"]
    return [p for p in paths if p not in sources[1:]]


def test_pages_make_no_request_beyond_127_0_0_1(browser: Browser, site_url: str, real_site: Path) -> None:
    # A fresh context per page: Material keeps fetched repository facts in sessionStorage,
    # which would hide a leak on every page after the first. Each page loads, then all settle
    # together, so their quiet periods overlap.
    contexts = {path: browser.new_context(viewport=DESKTOP) for path in pages_to_load(real_site)}
    logs = {path: RequestLog(context) for path, context in contexts.items()}  # observe only: nothing is blocked
    try:
        pages = {path: context.new_page() for path, context in contexts.items()}
        for path, page in pages.items():
            open_page(page, site_url + path)
        for page in pages.values():
            page.wait_for_load_state("networkidle")  # late requests too (repository facts, fonts)
    finally:
        for context in contexts.values():
            context.close()
    seen = sum(len(log.urls) for log in logs.values())
    assert seen > len(logs), "the request log saw no more than the pages: it is not recording"
    outside = {path: log.outside() for path, log in logs.items() if log.outside()}
    assert not outside, "requests left 127.0.0.1:\n" + "\n".join(f"  /{path}: {urls}" for path, urls in outside.items())
