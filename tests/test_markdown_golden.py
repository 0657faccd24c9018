"""The Markdown extension on its own (as another generator would load it): Markdown in, HTML out.

Each ``tests/golden/markdown_ext/<case>.md`` is converted with the extension listed by name under
``markdown_extensions`` and ``content_root`` pointing at the tiny dossier of :mod:`support`; the
result must equal ``<case>.html`` byte for byte (``UPDATE_GOLDEN=1`` rewrites them: read the diff).
"""

from __future__ import annotations

import os
from pathlib import Path

import markdown
import pytest
from support import ROOT, tiny_project

pytestmark = pytest.mark.unit

GOLDEN = ROOT / "tests" / "golden" / "markdown_ext"
CASES = sorted(GOLDEN.glob("*.md"))
EXTENSIONS = ["attr_list", "footnotes", "md_in_html", "tables", "toc", "treaty_dossier.site.markdown_ext"]


def convert(text: str, root: Path) -> str:
    config = {"treaty_dossier.site.markdown_ext": {"content_root": str(root), "base_url": "/site/"}}
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=config)


@pytest.fixture
def dossier(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1718841600")  # the edition the Cite blocks name, fixed
    return tiny_project(tmp_path)


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_the_extension_renders_each_golden_case(case: Path, dossier: Path):
    html = convert(case.read_text(encoding="utf-8"), dossier)
    expected = case.with_suffix(".html")
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(html, encoding="utf-8")
    assert html == expected.read_text(encoding="utf-8")


def test_a_treaty_page_is_recognised_by_its_clause_ids_and_gets_its_note(dossier: Path):
    html = convert((GOLDEN / "treaty-page-with-note.md").read_text(encoding="utf-8"), dossier)
    assert 'id="fnref:t-2024--note"' in html
    assert "state of war" in html and 'class="annotation annotation--commentary"' in html
    # The same text without one clause's id is not the treaty's page: no notes are placed.
    partial = convert("# T\n\n## Article 1 {#art_1}\n\nIf either Party is put in a state of war.\n", dossier)
    assert "annotation" not in partial


def test_references_resolve_to_directory_urls_under_base_url(dossier: Path):
    html = convert("See [[t-2024/art_1]] and [@ew-2024-06-20].", dossier)
    assert 'href="/site/treaties/t-2024/#art_1"' in html
    assert 'href="/site/sources/ew-2024-06-20/"' in html


def test_without_content_root_the_extension_leaves_references_to_the_plugin(dossier: Path):
    html = markdown.markdown("See [[t-2024/art_1]].", extensions=["treaty_dossier.site.markdown_ext"])
    assert html == "<p>See [[t-2024/art_1]].</p>"
