"""Partial rebuilds under the real ``mkdocs serve``: an edit builds again only the pages that show it.

A contributor saves a note, a source and a treaty in turn, adds a note and deletes it: after each
save the served page shows the change, the log names the pages built again (never the other
treaty's), and the search index, open data and PDF catch up in the background. At the end the
served site is the site a whole ``mkdocs build`` makes of the same files, page for page.
"""

from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from support import ANNOTATION, SOURCE, TREATY, build, mkdocs_serve, tiny_project, wait_until_served, write

pytestmark = pytest.mark.build

OLD_TREATY = (
    TREATY.replace("id: t-2024", "id: t-1961")
    .replace("Test Treaty of 2024", "Old Treaty of 1961")
    .replace("short_title: Test Treaty", "short_title: Old Treaty")
)
OTHER_SOURCE = SOURCE.replace("Example Wire", "Other Wire").replace("outlet_short: EW", "outlet_short: OW")
OLD_NOTE = ANNOTATION.replace("t-2024/", "t-1961/").replace("ew-2024-06-20", "ow-2024-06-20")  # refers to its own treaty only


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as reply:
        return reply.read().decode("utf-8")


def wait_for(url: str, present: str, absent: str | None = None, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = fetch(url)
        if present in text and (absent is None or absent not in text):
            return
        time.sleep(0.3)
    raise AssertionError(f"{url} did not show {present!r} within {timeout} s")


def wait_for_background(base: str, timeout: float = 90) -> str:
    """The state the background work ended in: "done", "failed", or "none" after a whole build (none follows)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            status = json.loads(fetch(f"{base}/serve-status.json"))
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return "none"
            raise
        except http.client.IncompleteRead:  # replaced while MkDocs' server was sending it: read it again
            continue
        if status["state"] != "updating":
            return status["state"]
        time.sleep(0.3)
    raise AssertionError(f"the background work did not end within {timeout} s")


def last_rebuild(log: Path, after: int) -> str:
    """The log line that says what the rebuild after line ``after`` did."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        lines = log.read_text(encoding="utf-8").splitlines()[after:]
        said = [line for line in lines if "Built again" in line or "Building every page" in line]
        if said:
            return said[-1]
        time.sleep(0.2)
    raise AssertionError(f"no rebuild logged:\n{log.read_text()[-3000:]}")


def served_as_built(text: str) -> str:
    """A served page without what only the preview adds: MkDocs' live-reload script and the status notice's."""
    end = text.rfind("</body>")
    start = text.rfind("<script>", 0, end)
    if end != -1 and start != -1 and text[start:end].rstrip().endswith("</script>"):
        text = text[:start] + text[end:]
    return re.sub(r"\s*<script src=\"[^\"]*serve-status\.js\"></script>", "", text)


def test_an_edit_builds_again_only_the_pages_that_show_it_and_the_site_ends_as_a_whole_build(tmp_path):
    project = tiny_project(
        tmp_path / "p",
        annotations={"t-2024/note": ANNOTATION, "t-1961/old": OLD_NOTE},
        sources={"ew-2024-06-20": SOURCE, "ow-2024-06-20": OTHER_SOURCE},
    )
    write(project, "docs/treaties/t-1961.md", OLD_TREATY)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        # As in this repository's mkdocs.yml: source pages are reached from the list of sources, not the navigation
        # (a page in the navigation shows its title on every page, so a new title there means a whole build).
        config.write("watch: [annotations]\nnav: [index.md, treaties/t-2024.md, treaties/t-1961.md, sources/index.md]\n")
    log = tmp_path / "serve.log"
    try:
        with mkdocs_serve(project, log) as (server, base):
            treaty, old = f"{base}/treaties/t-2024/", f"{base}/treaties/t-1961/"
            wait_until_served(treaty, server)

            def save(rel: str, text: str | None, page: str, shown: str, gone: str | None = None) -> str:
                seen = len(log.read_text(encoding="utf-8").splitlines())
                if text is None:
                    (project / rel).unlink()
                else:
                    write(project, rel, text)
                wait_for(page, shown, gone)
                said = last_rebuild(log, seen)
                assert wait_for_background(base) == ("done" if "Built again" in said else "none"), said
                return said

            said = save(
                "annotations/t-2024/note.md",
                ANNOTATION.replace("A note citing", "An edited note citing"),
                treaty,
                "An edited note",
            )
            assert "Built again" in said and "treaties/t-2024.md" in said, said
            assert "t-1961" not in said and "ow-2024-06-20" not in said, said

            said = save(
                "annotations/sources/ew-2024-06-20.yml",
                SOURCE.replace("A report", "A renamed report"),
                treaty,
                "A renamed report",
            )
            assert "Built again" in said and "treaties/t-2024.md" in said and "sources/ew-2024-06-20.md" in said, said
            assert "t-1961" not in said, said

            said = save(
                "docs/treaties/t-2024.md", TREATY.replace("consult again", "consult once more"), treaty, "consult once more"
            )
            assert "Built again" in said and "treaties/t-2024.md" in said and "t-1961" not in said, said

            added = OLD_NOTE.replace("quote: state of war", "quote: consult again").replace("t-1961/art_1", "t-1961/art_2")
            said = save(
                "annotations/t-1961/added.md", added.replace("A note citing", "An added note citing"), old, "An added note"
            )
            assert "Built again" in said and "treaties/t-1961.md" in said and "treaties/t-2024.md" not in said, said

            said = save("annotations/t-1961/added.md", None, old, "A note citing", gone="An added note")
            assert "Built again" in said and "treaties/t-1961.md" in said, said

            # The served site is what a whole build of the same files makes (with the server's address).
            write(project, "whole.yml", f"INHERIT: mkdocs.yml\nsite_url: {base}/\n")
            site = tmp_path / "whole"
            result = build(project, site=site, config="whole.yml")
            assert result.returncode == 0, result.stderr
            pages = [loc.text or "" for loc in ET.parse(site / "sitemap.xml").getroot().iter() if loc.tag.endswith("loc")]
            assert len(pages) >= 10
            for url in pages:
                path = url.removeprefix(f"{base}/")
                served = served_as_built(fetch(url))
                assert served == (site / path / "index.html").read_text(encoding="utf-8"), path
            for data in ("annotations.json", "data/dossier.json", "pagefind/pagefind-entry.json"):
                assert fetch(f"{base}/{data}") == (site / data).read_text(encoding="utf-8"), data
            # A new source is a new page: the list of pages changes, so every page is built.
            said = save(
                "annotations/sources/nw-2024-06-21.yml",
                SOURCE.replace("Example Wire", "New Wire"),
                f"{base}/sources/",
                "New Wire",
            )
            assert "Building every page: the list of pages changes (+sources/nw-2024-06-21.md)" in said, said

    finally:
        print(log.read_text(encoding="utf-8")[-5000:])


@pytest.mark.browser
def test_the_open_page_shows_a_saved_note_by_itself_and_says_what_is_still_being_updated(tmp_path, browser):
    """MkDocs' live reload (with the pinned Click) after a partial rebuild, and the preview's notice, in Chromium."""
    project = tiny_project(tmp_path / "p")
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("watch: [annotations]\n")
    log = tmp_path / "serve.log"
    try:
        with mkdocs_serve(project, log, pdf=True) as (server, base):
            url = f"{base}/treaties/t-2024/"
            wait_until_served(url, server, timeout=240)
            for width in (1280, 375):
                context = browser.new_context(viewport={"width": width, "height": 800})
                try:
                    page = context.new_page()
                    # Every text the notice shows, in order (the page reloads itself, so the script runs on each load).
                    page.add_init_script(
                        "window.__notices = []; new MutationObserver(function () {"
                        " var n = document.querySelector('.serve-status');"
                        " if (n && window.__notices[window.__notices.length - 1] !== n.textContent)"
                        " window.__notices.push(n.textContent); }).observe(document, {subtree: true, childList: true,"
                        " characterData: true});"
                    )
                    page.goto(url)
                    marker = f"Edited at {width} px"
                    seen = len(log.read_text(encoding="utf-8").splitlines())
                    write(project, "annotations/t-2024/note.md", ANNOTATION.replace("A note citing", f"{marker}, a note citing"))
                    page.wait_for_selector(f"text={marker}", state="attached", timeout=60_000)  # reloaded by itself
                    assert "Built again" in last_rebuild(log, seen)
                    notice = page.locator(".serve-status")
                    notice.wait_for(timeout=30_000)  # while the work goes on, or just after it ended
                    assert notice.get_attribute("role") == "status"
                    box = notice.bounding_box()
                    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
                    page.screenshot(path=str(tmp_path / f"notice-{width}.png"))
                    page.wait_for_selector(".serve-status >> text=up to date", timeout=120_000)
                    page.wait_for_selector(".serve-status", state="detached", timeout=30_000)
                    shown = page.evaluate("window.__notices")
                    steps = "the search index, open data and PDF"
                    assert shown[-1].startswith(f"Preview: {steps} are up to date"), shown
                    updating = f"Preview: this page shows your edit; {steps} are still being updated…"
                    assert all(text == updating for text in shown[:-1]), shown
                finally:
                    context.close()
    finally:
        print(log.read_text(encoding="utf-8")[-3000:])
