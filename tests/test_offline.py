"""The offline HTML build (Material's offline plugin): works from file://, search included."""

from __future__ import annotations

import json
import re

import pytest
from support import build, copy_repo, write

WORD = "quokkaesque"  # in the note the tests add, and nowhere else on the site


def _with_a_note(tmp_path):
    """A copy of the project with a note of the test's own on the 2024 preamble (a word no other text has)."""
    (tmp_path / "repo").mkdir()
    repo = copy_repo(tmp_path / "repo")
    source = sorted(p.stem for p in (repo / "annotations/sources").glob("*.yml"))[0]
    note = f"---\nclause: dprk-russia-2024/preamble\nsources: [{source}]\nkind: commentary\nauthor: tester\n---\nA {WORD} note.\n"
    write(repo, "annotations/dprk-russia-2024/preamble-offline-test.md", note)
    assert not [p for p in repo.rglob("*.*") if p.suffix in (".md", ".yml") and WORD in p.read_text(encoding="utf-8")][1:]
    return repo


@pytest.mark.build
def test_offline_build_links_html_files_and_inlines_search_with_notes(tmp_path, monkeypatch):
    monkeypatch.setenv("OFFLINE", "true")
    site = tmp_path / "site"
    result = build(_with_a_note(tmp_path), site)
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text()
    links = re.findall(r'href="(treaties/[^"#]*)"', home)
    assert links and all(link.endswith(".html") for link in links), links
    assert (site / "treaties/dprk-russia-2024.html").exists()
    script = (site / "search/search_index.js").read_text()
    assert script.startswith("var __index = ")
    index = json.loads(script[len("var __index = ") :])
    texts = {d["location"]: d["text"] for d in index["docs"]}
    # notes are filed under their clause before the offline plugin inlines the index (the word is in the note only)
    assert [location for location, text in texts.items() if WORD in text.lower()] == ["treaties/dprk-russia-2024.html#preamble"]


@pytest.mark.build
def test_offline_site_searches_from_file_urls_without_leaving_the_machine(tmp_path, monkeypatch, browser):
    """Open the offline build from file:// in Chromium: search finds a note, and nothing is fetched from a network."""
    monkeypatch.setenv("OFFLINE", "true")
    site = tmp_path / "site"
    assert build(_with_a_note(tmp_path), site).returncode == 0
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto((site / "index.html").as_uri())
    page.locator("input.md-search__input").click()
    page.wait_for_function(
        "() => !/Initializing/i.test(document.querySelector('.md-search-result__meta').textContent)", timeout=15_000
    )
    page.locator("input.md-search__input").press_sequentially(WORD)
    page.locator('.md-search-result__list a[href*="dprk-russia-2024.html"]').first.wait_for(state="attached", timeout=10_000)
    shown = page.locator(".md-search-result").inner_text()
    context.close()
    outside = [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert not outside, f"the offline site fetched {outside}"
    assert WORD in shown.lower(), shown
