"""Search finds every word a reader sees, whatever punctuation, script or language it is written in.

A fixture dossier puts one word in each note, glued to one punctuation mark or written in
Russian, Ukrainian, Korean or Japanese (citing a source in that language), each note on its own
article. The site is built with the real hooks, which bring the search box and Pagefind's
index, and searched in Debian's Chromium as a reader does: in the header's search box.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from layers import set_current
from support import ROOT, build, require, search_records, write

require(importlib.util.find_spec("playwright") is not None, "Playwright (pip install -r requirements-dev.txt)")

from browser_support import fragment, open_page, serve  # noqa: E402
from playwright.sync_api import Browser, Page  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

# (what the word stands next to / how it is written, the note's sentence, the source's language, what a reader types)
WORDS = [
    ("straight double quotes", 'The report says "alphazed" twice.', "en", "alphazed"),
    ("curly double quotes", "The report says “betazed” twice.", "en", "betazed"),
    ("straight single quotes", "The report says 'gammazed' twice.", "en", "gammazed"),
    ("curly single quotes", "The report says ‘deltazed’ twice.", "en", "deltazed"),
    ("square brackets", "The report says [epsized] twice.", "en", "epsized"),
    ("parentheses", "The report says (zetazed) twice.", "en", "zetazed"),
    ("a slash", "The report says either/etazed twice.", "en", "etazed"),
    ("a colon", "The report says thetazed: twice.", "en", "thetazed"),
    ("a semicolon", "The report says iotazed; twice.", "en", "iotazed"),
    ("an English word, stemmed", "The envoys ratified it twice.", "en", "ratifying"),
    ("guillemets, in Russian", "The report says «незамедлительно» twice.", "ru", "незамедлительно"),
    ("a Russian word, stemmed", "The report speaks of военной помощи twice.", "ru", "помощь"),
    ("guillemets, in Ukrainian", "The report says «невідкладно» twice.", "uk", "невідкладно"),
    ("a Ukrainian word's start", "The report says надає допомогу twice.", "uk", "допомог"),
    ("a Korean particle", "The report says 조약은 twice.", "ko", "조약"),
    ("a Korean word with its particle", "The report says 동맹은 twice.", "ko", "동맹은"),
    ("Korean quotation marks", "The report says “시그마제드” twice.", "ko", "시그마제드"),
    ("Japanese, a phrase", "NHK: 「遅滞なく、保有するすべての手段で援助を提供する」 twice.", "ja", "遅滞なく"),
    ("Japanese, a word inside a phrase", "Asahi: 「軍事的およびその他の支援を行う」 twice.", "ja", "支援"),
    ("CJK brackets, in Japanese", "The report says 「カッパゼド」 twice.", "ja", "カッパゼド"),
    ("the ideographic full stop, in Japanese", "The report ends ラムダゼド。 twice.", "ja", "ラムダゼド"),
    ("a rendering's wording, in Japanese", "「ニューゼドを直ちに提供する」", "ja", "ニューゼド"),
]
RENDERING = "a rendering's wording, in Japanese"  # this one is the `wording` of a `kind: rendering` note
LANGUAGES = {"en": "English", "ru": "Russian", "uk": "Ukrainian", "ko": "Korean", "ja": "Japanese"}


def _treaty(count: int) -> str:
    articles = "".join(
        f"## Article {n} {{#art_{n}}}\n\nThe Parties shall cooperate in field {n}.\n\n" for n in range(1, count + 1)
    )
    return (
        "---\ntreaty:\n  id: t-2024\n  title: Test Treaty of 2024\n  short_title: Test Treaty\n  parties: [Alpha, Beta]\n"
        "  signed: {date: 2024-06-19, place: Pyongyang}\n  in_force: 2024-12-04\n  status: in force\n"
        "  authentic_languages: [Korean, Russian]\n  text_basis: Working translation for tests.\n---\n\n"
        f"# Test Treaty of 2024\n\n{articles}"
    )


def _source(language: str) -> str:
    return (
        f"kind: news\noutlet: {LANGUAGES[language]} Wire\ntitle: A report\npublished: 2024-06-20\n"
        f"url: https://news.test/{language}\nlanguage: {language}\n"
    )


def test_the_site_has_no_search_plugin_of_materials() -> None:
    """The real mkdocs.yml (its ``!ENV`` tags read as plain values): the search is the hooks' Pagefind index."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)  # quiet_material_banner
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    plugins = config.get("plugins") or []
    assert not any(p == "search" or (isinstance(p, dict) and "search" in p) for p in plugins), plugins


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once for the module; its folder."""
    project = tmp_path_factory.mktemp("search")
    config = {  # the hooks add the package's theme: the search box, its script and styles
        "site_name": "Search",
        "theme": {"name": "material", "font": False},
        "hooks": [(ROOT / "hooks" / "treaty_site.py").as_posix()],
        "plugins": [],
        "markdown_extensions": ["attr_list", "footnotes", "md_in_html", "tables", {"toc": {"permalink": True}}],
    }
    write(project, "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True))
    write(project, "docs/index.md", "# Home\n\nA page with no notes.\n")
    write(project, "docs/treaties/t-2024.md", _treaty(len(WORDS)))
    for language in LANGUAGES:
        write(project, f"annotations/sources/{language}-2024-06-20.yml", _source(language))
    for n, (beside, sentence, language, _) in enumerate(WORDS, start=1):
        kind, body = (
            ("commentary", sentence) if beside != RENDERING else (f"rendering\nwording: {sentence}", "How it was worded.")
        )
        note = f"---\nclause: t-2024/art_{n}\nsources: [{language}-2024-06-20]\nkind: {kind}\nauthor: someone\n---\n{body}\n"
        write(project, f"annotations/t-2024/note-{n}.md", note)
    set_current({"browser"})  # built once for the module, before any one test's layer is set
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    with serve(built) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.context.close()
    assert not errors, f"the page raised {errors}"


def _search(page: Page, query: str) -> None:
    page.keyboard.press("/")  # the shortcut opens the box and puts the cursor in it
    box = page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement"), "'/' did not put the cursor in the search box"
    box.fill(query)  # typing key by key drops non-Latin text in headless Chromium; fill() sends the input event


def _result(page: Page, clause: str):
    return page.locator(f'.md-search-result__list a[href*="treaties/t-2024/"][href$="#{clause}"]').first


@pytest.mark.parametrize(("beside", "sentence", "language", "word"), WORDS, ids=[w[0] for w in WORDS])
def test_a_word_in_any_script_or_next_to_any_mark_is_found_on_its_clause(
    page: Page, site: str, beside: str, sentence: str, language: str, word: str
) -> None:
    clause = f"art_{[w[0] for w in WORDS].index(beside) + 1}"
    open_page(page, site)
    _search(page, word)
    result = _result(page, clause)
    try:
        result.wait_for(state="visible", timeout=15_000)
    except PlaywrightTimeout:
        results = page.locator(".md-search-result").inner_text()
        pytest.fail(f"searching {word!r} ({beside}: {sentence!r}) shows no result for #{clause}; the results read:\n{results}")
    assert result.locator("h1").inner_text() == f"Art. {clause[4:]}, Test Treaty"  # the clause's label
    result.click()
    page.wait_for_url("**/treaties/t-2024/**")
    assert fragment(page.url) == clause, f"the result for {word!r} opened {page.url}"
    if word in sentence:  # the words found are marked in the clause the result opened
        marked = page.locator(f"#{clause} ~ * mark.treaty-search-hit").all_inner_texts()
        assert word in marked, f"{word!r} is not marked on arrival; marked: {marked}"


def test_each_clause_is_one_record_holding_its_notes_and_renderings_in_each_script(built: Path) -> None:
    records = search_records(built)
    english = [r for r in records if r["language"] == "en" and r["meta"]["href"].endswith("#art_1")]
    assert len(english) == 1 and "alphazed" in english[0]["content"] and "field 1." in english[0]["content"]
    assert english[0]["filters"]["outlet"] == ["English Wire"] and english[0]["filters"]["kind"] == ["Commentary"]
    japanese = {r["meta"]["href"].rsplit("#", 1)[1] for r in records if r["language"] == "ja" and "#" in r["meta"]["href"]}
    assert {f"art_{n + 1}" for n, w in enumerate(WORDS) if w[2] == "ja"} <= japanese
    clauses = [r for r in records if r["meta"]["href"].startswith("treaties/")]
    assert not any("BibTeX" in r["content"] or "@misc" in r["content"] for r in clauses)  # cite blocks are not searched


def test_keyboard_opens_moves_through_and_closes_the_results(page: Page, site: str) -> None:
    open_page(page, site)
    page.keyboard.press("s")
    box = page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement"), "'s' did not open the search box"
    box.fill("twice")
    page.locator(".md-search-result__link").nth(1).wait_for(timeout=15_000)
    excerpt = page.locator(".md-search-result__link p").first
    assert excerpt.locator("mark").first.inner_text().lower().startswith("twice")  # a highlighted excerpt per result
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == page.locator(".md-search-result__link").nth(1).get_attribute("href")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("/")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/treaties/t-2024/**")


def test_the_quotation_language_filter_keeps_only_clauses_with_such_notes(page: Page, site: str) -> None:
    open_page(page, site)
    _search(page, "twice")
    select = page.locator('.treaty-search__filters select[name="language"]')
    select.wait_for(timeout=15_000)
    select.select_option("Korean")
    page.wait_for_function(
        "() => document.querySelectorAll('.md-search-result__link').length > 0 &&"
        " [...document.querySelectorAll('.md-search-result__link h1')].every(h => /Art\\. /.test(h.textContent))"
    )
    page.wait_for_timeout(500)
    shown = {h.split(",")[0] for h in page.locator(".md-search-result__link h1").all_inner_texts()}
    korean = {f"Art. {n + 1}" for n, w in enumerate(WORDS) if w[2] == "ko"}
    assert shown == korean, shown


def test_nothing_is_fetched_for_search_until_the_reader_opens_the_box(browser: Browser, site: str) -> None:
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site + "treaties/t-2024/", wait_until="load")
    page.wait_for_timeout(1500)
    assert not [u for u in fetched if "/pagefind/" in u], fetched
    _search(page, "alphazed")
    _result(page, "art_1").wait_for(timeout=15_000)
    assert [u for u in fetched if "/pagefind/" in u]
    page.context.close()


def test_a_query_fetches_the_index_of_another_language_only_when_written_in_its_script(browser: Browser, site: str) -> None:
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site + "treaties/t-2024/", wait_until="load")

    def languages() -> set[str]:
        """The languages whose Pagefind files (metadata, index chunks, stemmer) the page has fetched."""
        found = {
            re.search(r"(?:pagefind\.|/|wasm\.)([a-z]{2})[_.]", u.rsplit("/pagefind/", 1)[1])
            for u in fetched
            if "/pagefind/" in u
        }
        return {m[1] for m in found if m}

    _search(page, "alphazed")
    _result(page, "art_1").wait_for(timeout=15_000)
    assert languages() == {"en"}, fetched
    korean = next(n for n, w in enumerate(WORDS, 1) if w[3] == "조약")
    page.locator("input.md-search__input").fill("조약")
    _result(page, f"art_{korean}").wait_for(timeout=15_000)
    assert languages() == {"en", "ko"}, fetched
    page.context.close()


@pytest.mark.parametrize(
    "query",
    [
        "alphazed " * 250,
        "!!! ,,, ;;; ... “” «» 「」",
        "<script>window.__pwned = 1</script>",
        '<img src=x onerror="window.__pwned=1">',
    ],
    ids=["2,000 characters", "punctuation only", "a script tag", "an img tag"],
)
def test_hostile_or_odd_queries_show_no_result_or_text_never_an_error(page: Page, site: str, query: str) -> None:
    open_page(page, site)
    _search(page, query)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() !== ''")
    page.wait_for_timeout(1000)
    assert page.evaluate("window.__pwned") is None
    assert page.locator(".md-search-result script, .md-search-result img").count() == 0


def test_a_search_from_the_address_reads_its_filter_values_as_text(page: Page, site: str) -> None:
    hostile = '<img src=x onerror="window.__pwned=1">'
    page.goto(f"{site}?q=alphazed&outlet={quote(hostile)}")
    select = page.locator('.treaty-search__filters select[name="outlet"]')
    select.wait_for(state="attached", timeout=15_000)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() !== ''")
    assert select.input_value() == hostile  # kept as the value it is, shown as text
    assert page.locator(".treaty-search__filters img").count() == 0 and page.evaluate("window.__pwned") is None
    assert page.locator(".md-search-result__link").count() == 0  # no outlet has that name


def test_search_at_375_px_in_the_dark_palette_fits_the_screen(browser: Browser, site: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, color_scheme="dark")
    page = context.new_page()
    open_page(page, site)
    page.locator('label.md-header__button[for="__search"]').click()
    page.locator("input.md-search__input").fill("alphazed")
    result = _result(page, "art_1")
    result.wait_for(timeout=15_000)
    # Once Material's slide-in of the search panel has ended (a loaded machine may still be animating it), the
    # result lies within the screen, to the half pixel that sub-pixel layout may leave, and nothing scrolls sideways.
    fits = "el => { const r = el.getBoundingClientRect(); return r.left >= -0.5 && r.right <= 375.5; }"
    try:
        page.wait_for_function(fits, arg=result.element_handle(), timeout=5_000)
    except PlaywrightTimeout:
        pytest.fail(f"the result lies outside the 375 px screen: {result.bounding_box()}")
    try:
        page.wait_for_function("document.documentElement.scrollWidth <= 375", timeout=5_000)
    except PlaywrightTimeout:
        pytest.fail(f"the page is {page.evaluate('document.documentElement.scrollWidth')} px wide with the results open")
    context.close()


def test_a_click_in_the_header_box_opens_the_results_over_the_page(page: Page, site: str) -> None:
    open_page(page, site)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").fill("alphazed")
    result = _result(page, "art_1")
    result.wait_for(timeout=15_000)
    result.click(timeout=5_000)  # not covered by the page: the results are open, as after '/'
    page.wait_for_url("**/treaties/t-2024/**")
    assert fragment(page.url) == "art_1"
