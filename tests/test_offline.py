"""The offline HTML build (OFFLINE=true): works from file://; search says it needs a server."""

from __future__ import annotations

import re

import pytest
from support import build, copy_repo, search_records, write

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
def test_offline_build_links_html_files_and_writes_the_search_index(tmp_path, monkeypatch):
    monkeypatch.setenv("OFFLINE", "true")
    site = tmp_path / "site"
    result = build(_with_a_note(tmp_path), site)
    assert result.returncode == 0, result.stderr
    home = (site / "index.html").read_text()
    links = re.findall(r'href="(treaties/[^"#]*)"', home)
    assert links and all(link.endswith(".html") for link in links), links
    assert (site / "treaties/dprk-russia-2024.html").exists()
    # The same index as online, the note under its clause only, landing on the .html file (served, it works as online).
    holding = [r["meta"]["href"] for r in search_records(site) if WORD in r["content"].lower()]
    assert holding == ["treaties/dprk-russia-2024.html#preamble"]


@pytest.mark.build
def test_offline_site_from_file_urls_says_search_needs_a_server_and_fetches_nothing(tmp_path, monkeypatch, browser):
    """From file:// a browser will not let the page read the index's files: the box says so, without an error."""
    monkeypatch.setenv("OFFLINE", "true")
    site = tmp_path / "site"
    assert build(_with_a_note(tmp_path), site).returncode == 0
    context = browser.new_context()
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "index.html").as_uri())
    page.keyboard.press("/")
    page.locator("input.md-search__input").fill(WORD)
    page.wait_for_function("() => /served over HTTP/.test(document.querySelector('.md-search-result__meta').textContent)")
    context.close()
    outside = [u for u in requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
    assert not outside, f"the offline site fetched {outside}"
    assert not errors, errors
