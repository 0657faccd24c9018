"""The licences are stated wherever a reader or a re-user looks: files, README, guides, the About page.

The exports (Web Annotation, Atom, dossier.json, Akoma Ntoso, the Data page) are checked in
``test_opendata.py``, the PDF's metadata and title page in ``test_pdf.py``.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html
from support import ROOT
from treaty_dossier.content.dossier import load_dossier

CC_BY = "https://creativecommons.org/licenses/by/4.0/"
BIN = Path(sys.executable).parent


def test_the_licence_texts_are_the_official_ones_named_by_spdx_id():
    mit = (ROOT / "LICENSES" / "MIT.txt").read_text(encoding="utf-8")
    assert mit.startswith("MIT License\n") and "Permission is hereby granted, free of charge" in mit
    cc = (ROOT / "LICENSES" / "CC-BY-4.0.txt").read_text(encoding="utf-8")
    assert cc.startswith("Creative Commons Attribution 4.0 International")
    assert "Section 3 – License Conditions." in cc and "Attribution." in cc


def test_reuse_lint_finds_every_file_licensed(tmp_path):
    """Every file of the repository has a copyright and licence (REUSE.toml), and every licence its text."""
    result = subprocess.run([str(BIN / "reuse"), "--root", str(ROOT), "lint"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr
    assert "Used licenses: CC-BY-4.0," in result.stdout and ", MIT" in result.stdout


def test_reuse_lint_fails_on_a_file_without_a_licence(tmp_path):
    """The lint can fail: a file that REUSE.toml does not cover is reported."""
    (tmp_path / "LICENSES").mkdir()
    (tmp_path / "LICENSES" / "MIT.txt").write_bytes((ROOT / "LICENSES" / "MIT.txt").read_bytes())
    (tmp_path / "REUSE.toml").write_text(
        'version = 1\n[[annotations]]\npath = "code/**"\nSPDX-FileCopyrightText = "x"\nSPDX-License-Identifier = "MIT"\n'
    )
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "a.py").write_text("print(1)\n")
    (tmp_path / "notes.md").write_text("uncovered\n")
    result = subprocess.run([str(BIN / "reuse"), "--root", str(tmp_path), "lint"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1 and "notes.md" in result.stdout


def reuse_licences(root: Path) -> dict[str, str]:
    """Each file's licence as REUSE reads it (its SPDX report): repository-relative path -> expression."""
    report = subprocess.run([str(BIN / "reuse"), "--root", str(root), "spdx"], capture_output=True, text=True, timeout=300)
    assert report.returncode == 0, report.stderr
    files = {}
    for block in report.stdout.split("\nFileName: ./")[1:]:
        name = block.split("\n", 1)[0]
        files[name] = " AND ".join(re.findall(r"^LicenseInfoInFile: (.+)$", block, re.M))
    return files


def test_every_authentic_treaty_text_and_only_those_is_marked_as_not_licensed_by_the_project():
    """A treaty file with working_translation: false holds its parties' text: REUSE.toml must not call it CC BY alone."""
    licences = reuse_licences(ROOT)
    roots = [ROOT, *(p.parent for p in sorted((ROOT / "examples").glob("*/mkdocs.yml")))]
    seen = 0
    for root in roots:
        dossier, _ = load_dossier(root)
        for treaty in dossier.treaties.values():
            rel = (root / treaty.path).relative_to(ROOT).as_posix()
            marked = "LicenseRef-Authentic-Treaty-Text" in licences[rel]
            assert marked == (not treaty.working_translation), (
                f"{rel}: list it in REUSE.toml's authentic-text table, or take it out"
            )
            assert "CC-BY-4.0" in licences[rel], rel  # the front matter is the project's
            seen += 1
    assert seen >= 1


def test_readme_contributing_and_the_pull_request_template_state_the_licences():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Licence\n", 1)[1].split("\n## ", 1)[0]
    assert "(LICENSES/MIT.txt)" in section and "(LICENSES/CC-BY-4.0.txt)" in section
    assert "remain their authors'" in section and "Contributions are accepted under the same licences" in section
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "Contributions are accepted under the project's licences" in contributing and CC_BY in contributing
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert any("CC BY 4.0" in line and "MIT" in line for line in template.splitlines() if line.startswith("- [ ] "))


@pytest.mark.build
def test_the_about_page_states_the_licences(real_site):
    article = lxml_html.fromstring((real_site / "about" / "index.html").read_bytes()).cssselect("article")[0]
    text = " ".join(article.text_content().split())
    assert "licensed under the Creative Commons Attribution 4.0 International licence (CC BY 4.0)" in text
    assert "remain their authors' and are used as short attributed quotations" in text and "MIT License" in text
    hrefs = [a.get("href") for a in article.cssselect("a")]
    assert CC_BY in hrefs and "../data/" in hrefs


@pytest.mark.build
def test_every_page_footer_names_the_licences(real_site):
    for page in ("index.html", "about/index.html", "treaties/un-charter/index.html", "data/index.html"):
        if not (real_site / page).is_file():
            continue  # a dossier without that page
        footer = lxml_html.fromstring((real_site / page).read_bytes()).cssselect(".md-copyright")[0]
        assert [a.get("href") for a in footer.cssselect('a[rel="license"]')] == [CC_BY], page
        assert "quotations remain their authors'" in footer.text_content() and "MIT" in footer.text_content(), page
