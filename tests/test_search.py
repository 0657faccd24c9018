"""Search finds every word a reader sees, whatever punctuation or script it stands next to.

A fixture dossier puts one made-up word in each note, glued to one punctuation mark (or written
in Russian, Korean or Japanese), each note on its own article; the site is built with the search
settings of the real ``mkdocs.yml`` and searched in Debian's Chromium.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator

import pytest
import yaml
from layers import set_current
from support import ROOT, SOURCE, build, require, write

require(importlib.util.find_spec("playwright") is not None, "Playwright (pip install -r requirements-dev.txt)")

from browser_support import fragment, open_page, serve  # noqa: E402
from playwright.sync_api import Browser, Page  # noqa: E402
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

# (what the word stands next to, the note's sentence, the word a reader types)
WORDS = [
    ("straight double quotes", 'The report says "alphazed" twice.', "alphazed"),
    ("curly double quotes", "The report says “betazed” twice.", "betazed"),
    ("straight single quotes", "The report says 'gammazed' twice.", "gammazed"),
    ("curly single quotes", "The report says ‘deltazed’ twice.", "deltazed"),
    ("square brackets", "The report says [epsized] twice.", "epsized"),
    ("parentheses", "The report says (zetazed) twice.", "zetazed"),
    ("a slash", "The report says either/etazed twice.", "etazed"),
    ("a colon", "The report says thetazed: twice.", "thetazed"),
    ("a semicolon", "The report says iotazed; twice.", "iotazed"),
    ("guillemets, in Russian", "The report says «незамедлительно» twice.", "незамедлительно"),
    ("CJK brackets, in Japanese", "The report says 「カッパゼド」 twice.", "カッパゼド"),
    ("the ideographic full stop, in Japanese", "The report ends ラムダゼド。 twice.", "ラムダゼド"),
    ("a Korean particle", "The report says 오미크론제드는 twice.", "오미크론제드"),
    ("Korean quotation marks", "The report says “시그마제드” twice.", "시그마제드"),
    ("a rendering's wording, in Japanese", "「ニューゼドを直ちに提供する」", "ニューゼド"),
]
RENDERING = "a rendering's wording, in Japanese"  # this one is the `wording` of a `kind: rendering` note


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


def _search_settings() -> dict:
    """The search plugin's settings in the real mkdocs.yml (its ``!ENV`` tags read as plain values)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)  # quiet_material_banner
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "search" in plugin:
            return plugin["search"]
    pytest.fail("mkdocs.yml has no settings for the search plugin")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("search")
    config = {
        "site_name": "Search",
        "theme": {"name": "material", "font": False},
        "hooks": [(ROOT / "hooks" / "treaty_site.py").as_posix()],
        "plugins": [{"search": _search_settings()}],
        "markdown_extensions": ["attr_list", "footnotes", "md_in_html", "tables", {"toc": {"permalink": True}}],
    }
    write(project, "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True))
    write(project, "docs/index.md", "# Home\n")
    write(project, "docs/treaties/t-2024.md", _treaty(len(WORDS)))
    write(project, "annotations/sources/ew-2024-06-20.yml", SOURCE)
    for n, (beside, sentence, _) in enumerate(WORDS, start=1):
        kind, body = (
            ("commentary", sentence) if beside != RENDERING else (f"rendering\nwording: {sentence}", "How it was worded.")
        )
        note = f"---\nclause: t-2024/art_{n}\nsources: [ew-2024-06-20]\nkind: {kind}\nauthor: someone\n---\n{body}\n"
        write(project, f"annotations/t-2024/note-{n}.md", note)
    set_current({"browser"})  # built once for the module, before any one test's layer is set
    result = build(project)
    assert result.returncode == 0, result.stderr
    with serve(project / "site") as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page()
    yield page
    page.context.close()


@pytest.mark.parametrize(("beside", "sentence", "word"), WORDS, ids=[w[0] for w in WORDS])
def test_a_word_next_to_punctuation_or_in_another_script_is_found_on_its_clause(
    page: Page, site: str, beside: str, sentence: str, word: str
) -> None:
    clause = f"art_{[w[2] for w in WORDS].index(word) + 1}"
    open_page(page, site)
    search = page.locator("input.md-search__input")
    search.click()
    page.wait_for_function("() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)")
    search.fill(word)  # typing key by key drops non-Latin text in headless Chromium
    search.dispatch_event("keyup")  # Material's search listens for key events, which fill() does not send
    result = page.locator(f'.md-search-result__list a[href*="treaties/t-2024/"][href$="#{clause}"]').first
    try:
        result.wait_for(state="attached", timeout=10_000)
    except PlaywrightTimeout:
        results = page.locator(".md-search-result").inner_text()
        pytest.fail(
            f"searching {word!r} (next to {beside}: {sentence!r}) shows no result for #{clause}; the results read:\n{results}"
        )
    if not result.is_visible():  # further matches on one page are folded under "N more on this page"
        page.locator("details.md-search-result__more > summary").first.click()
    result.click()
    page.wait_for_url("**/treaties/t-2024/**")
    assert fragment(page.url) == clause, f"the result for {word!r} opened {page.url}"
