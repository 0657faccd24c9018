"""Content errors while previewing: the real ``mkdocs serve`` shows them in Chromium, then the fixed site.

The page the contributor has open is never navigated by the test after the first load: it
must change by itself (MkDocs' live-reload script), first to the list of problems, then back
to the site once the files are fixed. ``mkdocs build`` on the same broken files still fails.
"""

from __future__ import annotations

import pytest
from support import ANNOTATION, ROOT, SOURCE, build, mkdocs_serve, tiny_project, wait_until_served, write
from treaty_dossier.contrib import check

pytestmark = pytest.mark.browser


def test_serve_shows_content_errors_in_the_browser_and_reloads_when_fixed(tmp_path, browser):
    project = tiny_project(tmp_path)
    write(project, "CONTRIBUTING.md", (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))  # the guide the errors link to
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("watch: [annotations]\n")
    log = tmp_path / "serve.log"
    try:
        with mkdocs_serve(project, log) as (server, base):
            context = browser.new_context()
            try:
                url = f"{base}/treaties/t-2024/"
                wait_until_served(url, server)
                page = context.new_page()
                page.goto(url)
                assert page.locator("h1").first.inner_text().startswith("Test Treaty of 2024")

                # Two mistakes: an http:// address in the source, and a note without an author.
                write(project, "annotations/sources/ew-2024-06-20.yml", SOURCE.replace("https://", "http://"))
                write(project, "annotations/t-2024/second.md", ANNOTATION.replace("author: someone\n", ""))
                expected = [str(p) for p in check.check(project)]
                assert len(expected) == 2
                page.wait_for_selector("text=content error(s): the site cannot be shown", timeout=60_000)
                shown = [
                    " ".join(item.inner_text().split()).removesuffix(" how to fix") for item in page.locator("li").all()
                ]  # "ERROR path:line: message how to fix" (the level is shown in capitals)
                assert [s.split(" ", 1)[1] for s in shown] == [" ".join(e.split()) for e in expected]
                assert [s.split(" ", 1)[0] for s in shown] == ["ERROR", "ERROR"]
                page.screenshot(path=str(tmp_path / "errors.png"))

                # Each message links to its entry in the Contributing page, which is still served (not the list).
                links = [a.get_attribute("href") or "" for a in page.locator("li a.fix").all()]
                assert len(links) == 2 and all(link.startswith("../../contributing/#msg-") for link in links), links
                guide = context.new_page()
                for link, message in zip(links, expected, strict=True):
                    anchor = link.split("#")[1]
                    guide.goto(f"{base}/contributing/#{anchor}")
                    assert guide.locator("h1").first.inner_text().startswith("Contributing")
                    explained = guide.locator(f"li:has(span#{anchor})").last.inner_text()
                    assert ("is not https" in explained) == ("is not https" in message), (link, explained[:200])
                    assert ("missing required field" in explained) == ("missing required field" in message), (
                        link,
                        explained[:200],
                    )
                guide.screenshot(path=str(tmp_path / "guide.png"))
                guide.close()

                # mkdocs build still fails on the same files.
                failed = build(project, site=tmp_path / "built", strict=False)
                assert failed.returncode == 1 and expected[0] in failed.stderr

                # Fixed: the same page goes back to the site, with the new note, by itself.
                write(project, "annotations/sources/ew-2024-06-20.yml", SOURCE)
                write(project, "annotations/t-2024/second.md", ANNOTATION.replace("A note citing", "A second note citing"))
                page.wait_for_selector("text=A second note citing", state="attached", timeout=60_000)
                assert page.locator("h1").first.inner_text().startswith("Test Treaty of 2024")
                assert page.locator("text=content error(s)").count() == 0
            finally:
                context.close()
    finally:
        print(log.read_text())
